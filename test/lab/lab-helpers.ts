import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {describe, it} from 'vitest';

const TOOLS = ['ip', 'keepalived', 'haproxy', 'busybox', 'curl', 'nft', 'tcpdump', 'ss', 'sysctl'];

const onPath = (tool: string) => ['/usr/sbin', '/sbin', '/usr/bin', '/bin', ...(process.env.PATH ?? '').split(':')].some(dir => existsSync(`${dir}/${tool}`));

/** Why lab tests cannot run here, or undefined when they can (root, tools, network namespaces). */
export function labSkipReason(extraTools: string[] = []): string | undefined {
	if (process.getuid?.() !== 0) return 'lab tests need root (network namespaces, daemons)';
	const missing = [...TOOLS, ...extraTools].filter(tool => !onPath(tool));
	if (missing.length > 0) return `missing: ${missing.join(', ')} (apt-get install keepalived haproxy busybox curl nftables tcpdump iproute2 procps)`;
	try {
		execFileSync('ip', ['netns', 'list'], {stdio: 'ignore'});
	} catch {
		return '`ip netns` does not work here';
	}
	return undefined;
}

/**
`describe` for root-only lab suites: skipped with the reason when prerequisites are missing, but a
failing test instead when CI=true (CI installs everything, so a skip there would hide a broken setup).
*/
export function describeLab(name: string, body: () => void, extraTools: string[] = []): void {
	const reason = labSkipReason(extraTools);
	if (reason === undefined) {
		describe(name, body);
	} else if (process.env.CI === 'true') {
		describe(name, () => {
			it('has what the lab needs (CI=true: no skipping)', () => {
				throw new Error(`cannot run lab tests: ${reason}`);
			});
		});
	} else {
		describe.skip(`${name} — skipped: ${reason}`, body);
	}
}

/** A unique lab prefix for tests: `lbt` + 3 random characters + `-`, or LBWIZ_TEST_LAB_PREFIX when set (one lab file at a time then). */
export function testPrefix(): string {
	if (process.env.LBWIZ_TEST_LAB_PREFIX) return process.env.LBWIZ_TEST_LAB_PREFIX;
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	let tag = '';
	for (let i = 0; i < 3; i++) tag += alphabet[Math.floor(Math.random() * alphabet.length)];
	return `lbt${tag}-`;
}

/** Runs a command inside a namespace (test assertions read reality directly, not through the lab code). */
export function inNs(ns: string, argv: string[], options: {allowFail?: boolean} = {}): string {
	try {
		return execFileSync('ip', ['netns', 'exec', ns, ...argv], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000});
	} catch (error) {
		if (options.allowFail) return (error as {stdout?: string}).stdout ?? '';
		throw error;
	}
}

/** Inet addresses per interface of a namespace. */
export function addressesOf(ns: string): Record<string, string[]> {
	const links = JSON.parse(inNs(ns, ['ip', '-j', 'addr', 'show'])) as Array<{ifname: string; addr_info: Array<{family: string; local: string}>}>;
	return Object.fromEntries(links.map(l => [l.ifname, l.addr_info.filter(a => a.family === 'inet').map(a => a.local)]));
}

/** Namespaces whose names start with `prefix`. */
export function namespacesWithPrefix(prefix: string): string[] {
	const out = execFileSync('ip', ['netns', 'list'], {encoding: 'utf8'});
	return out.split('\n').map(line => line.split(' ')[0]).filter(name => name.startsWith(prefix));
}

/** Live (non-zombie) processes whose command line mentions `needle`. */
export function processesMentioning(needle: string): Array<{pid: number; args: string}> {
	const found: Array<{pid: number; args: string}> = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
			const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
			if (args.includes(needle)) found.push({pid: Number(entry), args});
		} catch {}
	}
	return found;
}

/** `count` GETs from a namespace to `url`; the bodies (host names) that answered, with failures as 'FAIL'. */
export function curlBodies(ns: string, url: string, count: number): string[] {
	const bodies: string[] = [];
	for (let i = 0; i < count; i++) {
		const out = inNs(ns, ['curl', '-s', '--max-time', '2', '-H', 'Connection: close', url], {allowFail: true}).trim();
		bodies.push(out === '' ? 'FAIL' : out);
	}
	return bodies;
}
