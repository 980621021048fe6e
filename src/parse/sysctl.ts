/** `sysctl -e KEY…` → `{key: value}`; and the keys lbwiz asks for. */

/** Parses `key = value` lines (values keep inner spaces; `sysctl: …` error lines are skipped). */
export function parseSysctl(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const m = /^([\w./-]+)\s*=\s?(.*)$/.exec(line.trimEnd());
		if (m) out[m[1]] = m[2].trim();
	}
	return out;
}

/** The ARP, forwarding, rp_filter and nonlocal-bind keys for `all`, `default`, `lo` and each interface. */
export function sysctlKeys(interfaces: readonly string[]): string[] {
	const keys = ['net.ipv4.ip_nonlocal_bind', 'net.ipv4.ip_forward', 'net.ipv6.ip_nonlocal_bind', 'net.ipv4.vs.conntrack', 'net.ipv4.vs.expire_nodest_conn'];
	const names = ['all', 'default', 'lo', ...interfaces.filter(i => i !== 'lo' && /^[\w.-]+$/.test(i))];
	for (const name of names) {
		// a VLAN name such as eth0.100 needs the slash form; sysctl prints it back as net.ipv4.conf.eth0/100.KEY
		for (const key of ['arp_ignore', 'arp_announce', 'rp_filter', 'arp_filter', 'promote_secondaries']) keys.push(name.includes('.') ? `net/ipv4/conf/${name}/${key}` : `net.ipv4.conf.${name}.${key}`);
	}
	return keys;
}
