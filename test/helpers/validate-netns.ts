/**
Runs the real validators on rendered files: `keepalived -t` inside a scratch network namespace
that has interfaces of the configured names and the rendered /etc/keepalived overlaid through
/etc/netns/<ns>/keepalived (so tracked scripts exist where keepalived looks), and `haproxy -c`
on a temp file. Root only; every namespace and overlay is removed in `finally`.
*/
import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {execa} from 'execa';

/** A file to validate: an absolute path on the target host, its text and mode. */
export type FileToValidate = {path: string; content: string; mode?: number};

/** What a validator said. `ok` is the exit status 0 and no sign of a missing config file. */
export type ValidatorResult = {ok: boolean; exitCode?: number; stdout: string; stderr: string; argv: string[]; namespace?: string};

/** Whether the real validators can run here, and why not. */
export type ValidatorAvailability = {keepalived: boolean; haproxy: boolean; root: boolean; reason?: string};

const TIMEOUT_MS = 20_000;
const KEEPALIVED_DIR = '/etc/keepalived';

const run = (argv: string[], input?: string) => execa(argv[0], argv.slice(1), {reject: false, timeout: TIMEOUT_MS, input, env: {LC_ALL: 'C'}});

/** Checks for root, `ip`, `keepalived` and `haproxy`. */
export async function validatorAvailability(): Promise<ValidatorAvailability> {
	const root = process.getuid?.() === 0;
	const has = async (argv: string[]) => (await run(argv)).exitCode === 0;
	const [keepalived, haproxy, ip] = await Promise.all([has(['keepalived', '--version']), has(['haproxy', '-v']), has(['ip', '-V'])]);
	const missing = [!keepalived && 'keepalived', !haproxy && 'haproxy', !ip && 'ip (iproute2)'].filter(Boolean);
	const reasons = [!root && 'not running as root (network namespaces need it)', missing.length > 0 && `missing: ${missing.join(', ')}`].filter(Boolean);
	return {keepalived: keepalived && root && ip, haproxy, root, ...(reasons.length > 0 ? {reason: reasons.join('; ')} : {})};
}

/**
For test files: throws when CI=true and a validator is missing (CI must never skip these tests
silently), otherwise returns the availability so tests can `skipIf` with the reason printed.
*/
export async function requireValidators(): Promise<ValidatorAvailability> {
	const availability = await validatorAvailability();
	if (availability.reason) {
		if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI must run the real validators, but: ${availability.reason}`);
		process.stderr.write(`[validate-netns] skipping real-validator tests: ${availability.reason}\n`);
	}
	return availability;
}

/** Interface names a keepalived.conf uses (`interface X`, `dev X`), without `lo`. */
export function interfacesOf(config: string): string[] {
	const names = new Set<string>();
	for (const match of config.matchAll(/^\s*(?:interface|lvs_sync_daemon_interface)\s+(\S+)/gm)) names.add(match[1]);
	for (const match of config.matchAll(/\bdev\s+([A-Za-z0-9_.:@-]+)/g)) names.add(match[1]);
	names.delete('lo');
	return [...names];
}

/** Creates a link with the given name in the namespace: dummy if the kernel has it, else an empty bridge. */
async function addInterface(ns: string, name: string) {
	const dummy = await run(['ip', '-n', ns, 'link', 'add', name, 'type', 'dummy']);
	if (dummy.exitCode !== 0) {
		const bridge = await run(['ip', '-n', ns, 'link', 'add', name, 'type', 'bridge']);
		if (bridge.exitCode !== 0) throw new Error(`cannot create interface ${name} in ${ns}: ${dummy.stderr.trim()} / ${bridge.stderr.trim()}`);
	}
	await run(['ip', '-n', ns, 'link', 'set', name, 'up']);
}

/**
Validates one host's keepalived files with `keepalived -t -f /etc/keepalived/keepalived.conf` in
a scratch namespace (`lbwt-<random>`). `files` must all live under /etc/keepalived/ and include
keepalived.conf. Interfaces are those the config names, plus `interfaces` if given.
*/
export async function validateKeepalived(files: readonly FileToValidate[], options: {interfaces?: string[]} = {}): Promise<ValidatorResult> {
	const conf = files.find(f => f.path === `${KEEPALIVED_DIR}/keepalived.conf`);
	if (!conf) throw new Error('validateKeepalived: no /etc/keepalived/keepalived.conf among the files');
	for (const f of files) {
		if (!f.path.startsWith(`${KEEPALIVED_DIR}/`)) throw new Error(`validateKeepalived: ${f.path} is outside ${KEEPALIVED_DIR}; only that directory is overlaid`);
	}
	if (!existsSync(KEEPALIVED_DIR)) {
		// ip netns exec overlays only entries that already exist in /etc (FIELD-NOTES §4). The empty
		// directory is what the keepalived package creates; it is left in place because a validation
		// running at the same time may rely on it.
		await mkdir(KEEPALIVED_DIR, {recursive: true, mode: 0o755});
	}
	const ns = `lbwt-${randomBytes(4).toString('hex')}`;
	const overlay = `/etc/netns/${ns}`;
	let created = false;
	try {
		const add = await run(['ip', 'netns', 'add', ns]);
		if (add.exitCode !== 0) throw new Error(`ip netns add ${ns} failed: ${add.stderr.trim()}`);
		created = true;
		await run(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
		for (const name of new Set([...interfacesOf(conf.content), ...(options.interfaces ?? [])])) await addInterface(ns, name);
		for (const f of files) {
			const target = join(overlay, f.path.slice('/etc/'.length));
			await mkdir(dirname(target), {recursive: true, mode: 0o755});
			await writeFile(target, f.content);
			await chmod(target, f.mode ?? 0o644);
		}
		const argv = ['ip', 'netns', 'exec', ns, 'keepalived', '-t', '-f', conf.path];
		const result = await run(argv);
		const text = `${result.stdout}\n${result.stderr}`;
		// keepalived -t exits 0 when the file is missing: never call that a pass.
		const missing = /Config files missing|Unable to find configuration file/.test(text);
		return {ok: result.exitCode === 0 && !missing, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, argv, namespace: ns};
	} finally {
		if (created) await run(['ip', 'netns', 'del', ns]);
		await rm(overlay, {recursive: true, force: true});
	}
}

/** Validates haproxy.cfg text with `haproxy -c -f <temp file>`. */
export async function validateHaproxy(text: string): Promise<ValidatorResult> {
	const dir = await mkdtemp(join(tmpdir(), 'lbwt-haproxy-'));
	try {
		const file = join(dir, 'haproxy.cfg');
		await writeFile(file, text, {mode: 0o600});
		const argv = ['haproxy', '-c', '-f', file];
		const result = await run(argv);
		return {ok: result.exitCode === 0, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, argv};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
