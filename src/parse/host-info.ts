/** Small host-level outputs: /etc/os-release, `uname -r`, the tools probe, versions, clock state, config tests. */

/** Parses /etc/os-release (`KEY=value`, values optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
		if (!m) continue;
		let v = m[2];
		if (/^".*"$/.test(v)) v = v.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
		else if (/^'.*'$/.test(v)) v = v.slice(1, -1);
		out[m[1]] = v;
	}
	return out;
}

/** `keepalived --version` (on stderr in 2.x): `Keepalived v2.2.7 (01/16,2022)`. */
export function parseKeepalivedVersion(output: string): string | undefined {
	return /Keepalived v(\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1];
}

/** `haproxy -v`: `HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/` (≤1.7: `HA-Proxy version 1.5.18 2016/05/10`). */
export function parseHaproxyVersion(output: string): string | undefined {
	return /HA-?Proxy version (\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1];
}

/** `timedatectl show` → synchronized; `chronyc tracking` → synchronized. */
export function parseClockSync(output: string, source: 'timedatectl' | 'chronyc' | 'ntpstat'): boolean | undefined {
	if (source === 'timedatectl') {
		const m = /^NTPSynchronized=(yes|no)$/m.exec(output);
		return m ? m[1] === 'yes' : undefined;
	}
	if (source === 'chronyc') {
		const leap = /^Leap status\s*:\s*(.+)$/m.exec(output)?.[1]?.trim();
		if (leap === undefined) return undefined;
		return leap === 'Normal' || leap === 'Insert second' || leap === 'Delete second';
	}
	if (/^synchronised/m.test(output)) return true;
	if (/^unsynchronised/m.test(output)) return false;
	return undefined;
}

/** `keepalived -t`: did it find nothing to say? FIELD-NOTES §4: a missing file still exits 0. */
export function keepalivedConfigMissing(output: string): boolean {
	return /Config files? missing|Unable to find configuration file|Configuration file .* does not exist/i.test(output);
}
