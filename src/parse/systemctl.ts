/** `systemctl show -p A,B UNIT` → `{A: value}` (documented format: one `Key=Value` per line). */

/** Parses `Key=Value` lines; repeated keys keep the last value. */
export function parseSystemctlShow(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const eq = line.indexOf('=');
		if (eq > 0 && /^[A-Za-z]\w*$/.test(line.slice(0, eq))) out[line.slice(0, eq)] = line.slice(eq + 1).trimEnd();
	}
	return out;
}

/** systemd is not the init system here (`System has not been booted with systemd…`, `Failed to connect to bus`). */
export function systemdUnavailable(output: string): boolean {
	return /has not been booted with systemd|Failed to connect to bus|System has not been booted/.test(output);
}
