/**
What the wizard learns about this host before asking anything: interfaces and addresses, installed
keepalived/HAProxy/ipvsadm, the init system, the firewall in use, and configs to start from. Every
probe has a short timeout and may fail; a failure is a note, never an error.
*/
import type {Transport} from '../../transport/transport.js';

export type DetectedInterface = {name: string; up: boolean; addresses: Array<{address: string; prefix: number}>};

export type Detection = {
	interfaces: DetectedInterface[];
	/** the interface and IPv4 address defaults come from (first global address on an UP interface) */
	primary?: {interface: string; address: string; prefix: number};
	versions: {keepalived?: string; haproxy?: string; ipvsadm?: string};
	init: 'systemd' | 'sysv' | 'openrc' | 'none' | 'unknown';
	firewall: Array<'nftables' | 'iptables' | 'firewalld'>;
	/** paths of files found */
	existing: {keepalivedConf?: string; haproxyCfg?: string; lbwizYaml?: string};
	/** what could not be found out, in one line each */
	notes: string[];
};

/** Ink-free progress callback: one line per probe as it finishes. */
export type DetectProgress = (label: string, ok: boolean) => void;

type IpJsonLink = {ifname?: string; flags?: string[]; operstate?: string; addr_info?: Array<{family?: string; local?: string; prefixlen?: number; scope?: string}>};

/** Parses `ip -j addr` output into interfaces with IPv4 addresses (loopback left out). */
export function parseIpJsonAddr(stdout: string): DetectedInterface[] {
	let links: IpJsonLink[];
	try {
		links = JSON.parse(stdout) as IpJsonLink[];
	} catch {
		return [];
	}
	if (!Array.isArray(links)) return [];
	return links
		.filter(l => typeof l.ifname === 'string' && !(l.flags ?? []).includes('LOOPBACK'))
		.map(l => ({
			name: l.ifname!,
			up: (l.flags ?? []).includes('UP') && l.operstate !== 'DOWN',
			addresses: (l.addr_info ?? [])
				.filter(a => a.family === 'inet' && typeof a.local === 'string' && a.scope !== 'host')
				.map(a => ({address: a.local!, prefix: a.prefixlen ?? 32})),
		}));
}

/** The first UP interface with a global IPv4 address. */
export function primaryAddress(interfaces: readonly DetectedInterface[]): Detection['primary'] {
	for (const i of interfaces) {
		if (!i.up) continue;
		const a = i.addresses[0];
		if (a) return {interface: i.name, address: a.address, prefix: a.prefix};
	}
	return undefined;
}

const firstMatch = (text: string, re: RegExp) => re.exec(text)?.[1];

/**
Probes this host through `transport` (the local transport in the CLI). `cwd` is where an existing
lbwiz.yaml is looked for. Runs every probe in parallel, each with `timeoutMs`.
*/
export async function detectHost(transport: Transport, options: {cwd: string; timeoutMs?: number; onProgress?: DetectProgress}): Promise<Detection> {
	const timeoutMs = options.timeoutMs ?? 2000;
	const notes: string[] = [];
	const run = async (label: string, argv: [string, ...string[]]) => {
		const result = await transport.run(argv, {timeoutMs});
		options.onProgress?.(label, !result.failed);
		return result;
	};
	const exists = async (path: string) => {
		const result = await transport.run(['test', '-e', path], {timeoutMs});
		return result.exitCode === 0;
	};
	const [addr, keepalived, haproxy, ipvsadm, systemd, openrc, sysv, nft, iptables, firewalld, kconf, hcfg, yaml] = await Promise.all([
		run('interfaces', ['ip', '-j', 'addr']),
		run('keepalived', ['keepalived', '--version']),
		run('haproxy', ['haproxy', '-v']),
		run('ipvsadm', ['ipvsadm', '--version']),
		exists('/run/systemd/system'),
		exists('/run/openrc'),
		exists('/etc/init.d'),
		run('nftables', ['nft', '--version']),
		run('iptables', ['iptables', '--version']),
		run('firewalld', ['firewall-cmd', '--state']),
		exists('/etc/keepalived/keepalived.conf'),
		exists('/etc/haproxy/haproxy.cfg'),
		exists(`${options.cwd.replace(/\/$/, '')}/lbwiz.yaml`),
	]);
	const interfaces = addr.failed ? [] : parseIpJsonAddr(addr.stdout);
	if (addr.failed) notes.push(`interfaces unknown: ${addr.spawnError ? '`ip` (iproute2) is not installed' : (addr.stderr.trim().split('\n')[0] ?? 'ip -j addr failed')}`);
	const version = (r: typeof keepalived, re: RegExp) => (r.spawnError ? undefined : firstMatch(`${r.stdout}\n${r.stderr}`, re));
	const versions = {
		keepalived: version(keepalived, /Keepalived v(\S+)/),
		haproxy: version(haproxy, /HA-?Proxy version (\S+)/i),
		ipvsadm: version(ipvsadm, /ipvsadm (v[\d.]+)/),
	};
	if (!versions.keepalived) notes.push('keepalived is not installed here (apt-get install keepalived / dnf install keepalived)');
	if (!versions.haproxy) notes.push('HAProxy is not installed here');
	const firewall: Detection['firewall'] = [];
	if (firewalld.exitCode === 0 && /running/.test(firewalld.stdout)) firewall.push('firewalld');
	if (!nft.spawnError && nft.exitCode === 0) firewall.push('nftables');
	if (!iptables.spawnError && iptables.exitCode === 0 && !/nf_tables/.test(iptables.stdout)) firewall.push('iptables');
	const cwdYaml = `${options.cwd.replace(/\/$/, '')}/lbwiz.yaml`;
	return {
		interfaces,
		primary: primaryAddress(interfaces),
		versions,
		init: systemd ? 'systemd' : openrc ? 'openrc' : sysv ? 'sysv' : 'none',
		firewall,
		existing: {
			keepalivedConf: kconf ? '/etc/keepalived/keepalived.conf' : undefined,
			haproxyCfg: hcfg ? '/etc/haproxy/haproxy.cfg' : undefined,
			lbwizYaml: yaml ? cwdYaml : undefined,
		},
		notes,
	};
}

/** Detection's findings as short lines (the detect screen and plain mode print these). */
export function describeDetection(d: Detection): string[] {
	const lines: string[] = [];
	const addrs = d.interfaces
		.filter(i => i.addresses.length > 0)
		.slice(0, 4)
		.map(i => `${i.name} ${i.addresses.map(a => `${a.address}/${a.prefix}`).join(' ')}${i.up ? '' : ' (down)'}`);
	lines.push(`Interfaces: ${addrs.length > 0 ? addrs.join(', ') : 'none with an IPv4 address'}`);
	const v = d.versions;
	lines.push(`Installed:  keepalived ${v.keepalived ?? '—'}, HAProxy ${v.haproxy ?? '—'}, ipvsadm ${v.ipvsadm ?? '—'}`);
	lines.push(`Init:       ${d.init}    Firewall: ${d.firewall.length > 0 ? d.firewall.join(', ') : 'none found'}`);
	const existing = [d.existing.lbwizYaml, d.existing.keepalivedConf, d.existing.haproxyCfg].filter(Boolean);
	lines.push(`Existing:   ${existing.length > 0 ? existing.join(', ') : 'no keepalived.conf, haproxy.cfg or lbwiz.yaml'}`);
	return lines;
}

/** A detection that found nothing (used when probing is impossible or skipped). */
export const emptyDetection = (note?: string): Detection => ({interfaces: [], versions: {}, init: 'unknown', firewall: [], existing: {}, notes: note ? [note] : []});
