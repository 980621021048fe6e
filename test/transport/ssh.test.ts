import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {NetnsTransport} from '../../src/transport/netns.js';
import {remoteCommand, sshArgv, SshTransport} from '../../src/transport/ssh.js';
import type {RunOptions, RunResult, Transport} from '../../src/transport/transport.js';
import {canUseNetns, nsName, removeNamespaces, sh} from './netns-helper.js';

/** A transport that only records what it is asked to run. */
class Recorder implements Transport {
	readonly spec = 'recorder';
	readonly calls: Array<{argv: string[]; options: RunOptions}> = [];
	constructor(private readonly answer: (argv: readonly string[]) => Partial<RunResult> = () => ({})) {}
	async run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult> {
		this.calls.push({argv: [...argv], options});
		return {argv: [...argv], exitCode: 0, stdout: '', stderr: '', timedOut: false, failed: false, durationMs: 0, ...this.answer(argv)};
	}
	readFile(): never {
		throw new Error('unused');
	}
	writeFile(): never {
		throw new Error('unused');
	}
	async close() {}
}

const made: SshTransport[] = [];
/** An SshTransport closed after the tests (its private control dir removed). */
const ssh = (...args: ConstructorParameters<typeof SshTransport>) => {
	const t = new SshTransport(...args);
	made.push(t);
	return t;
};

describe('ssh argv construction', () => {
	afterAll(async () => {
		for (const t of made) await t.close();
	});

	it('builds the OpenSSH argv with batch mode, multiplexing, port, -- and the target', () => {
		const argv = sshArgv({host: 'lb1', user: 'root', port: 2222}, '/tmp/d/%C', "env LC_ALL=C cat -- '/etc/a b'", {connectTimeoutSeconds: 5});
		expect(argv).toEqual([
			'ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '-o', 'ControlMaster=auto', '-o', 'ControlPath=/tmp/d/%C', '-o', 'ControlPersist=60',
			'-o', 'ServerAliveInterval=15', '-o', 'LogLevel=ERROR', '-p', '2222', '-l', 'root', '--', 'lb1', "env LC_ALL=C cat -- '/etc/a b'",
		]);
	});

	it('refuses hosts and users that ssh would read as options', () => {
		expect(() => sshArgv({host: '-oProxyCommand=x'}, '/tmp/x', 'true')).toThrow(/must not start with '-'/);
		expect(() => new SshTransport({host: 'h', user: '-F/tmp/x'})).toThrow(/must not start with '-'/);
	});

	it('quotes the remote command and prepends sudo -n when asked', () => {
		expect(remoteCommand(['cat', '--', "/etc/it's here"], {sudo: false})).toBe(`env LC_ALL=C cat -- '/etc/it'\\''s here'`);
		expect(remoteCommand(['tcpdump', '-i', 'eth0', 'ip proto 112'], {sudo: true})).toBe("sudo -n env LC_ALL=C tcpdump -i eth0 'ip proto 112'");
		expect(remoteCommand(['true'], {sudo: false, env: {TMPDIR: '/tmp/a b'}})).toBe("env LC_ALL=C 'TMPDIR=/tmp/a b' true");
		expect(() => remoteCommand(['true'], {sudo: false, env: {'A;B': 'x'}})).toThrow(/invalid environment variable name/);
	});

	it('prepends sudo -n for a non-root login, not for root, and never when sudo is off', async () => {
		const via = new Recorder();
		await ssh({host: 'lb1', user: 'ops'}, {via}).run(['ipvsadm', '-Ln'], {timeoutMs: 1000});
		await ssh({host: 'lb1', user: 'root'}, {via}).run(['ipvsadm', '-Ln'], {timeoutMs: 1000});
		await ssh({host: 'lb1', user: 'ops'}, {via, sudo: false}).run(['ipvsadm', '-Ln'], {timeoutMs: 1000});
		expect(via.calls.map(c => c.argv.at(-1))).toEqual(['sudo -n env LC_ALL=C ipvsadm -Ln', 'env LC_ALL=C ipvsadm -Ln', 'env LC_ALL=C ipvsadm -Ln']);
	});

	it('asks `id -u` once when the spec names no user', async () => {
		const via = new Recorder(argv => (argv.at(-1) === 'env LC_ALL=C id -u' ? {stdout: '1000\n'} : {}));
		const t = ssh({host: 'lb1'}, {via});
		await t.run(['true'], {timeoutMs: 1000});
		await t.run(['true'], {timeoutMs: 1000});
		expect(via.calls.map(c => c.argv.at(-1))).toEqual(['env LC_ALL=C id -u', 'sudo -n env LC_ALL=C true', 'sudo -n env LC_ALL=C true']);
	});

	it('keeps the host-level argv in results and classifies ssh failures', async () => {
		const unreachable = new Recorder(() => ({exitCode: 255, failed: true, stderr: 'ssh: connect to host lb1 port 22: Connection refused\r\n'}));
		const r = await ssh({host: 'lb1', user: 'root'}, {via: unreachable}).run(['ip', '-j', 'addr'], {timeoutMs: 1000});
		expect(r.argv).toEqual(['ip', '-j', 'addr']);
		expect(r.spawnError).toBe('UNREACHABLE');
		const missing = new Recorder(() => ({exitCode: 127, failed: true, stderr: "env: 'tcpdump': No such file or directory\n"}));
		expect((await ssh({host: 'lb1', user: 'root'}, {via: missing}).run(['tcpdump'], {timeoutMs: 1000})).spawnError).toBe('ENOENT');
		const noSudo = new Recorder(() => ({exitCode: 1, failed: true, stderr: 'sudo: a password is required\n'}));
		expect((await ssh({host: 'lb1', user: 'ops'}, {via: noSudo}).run(['nft', 'list', 'ruleset'], {timeoutMs: 1000})).spawnError).toBe('EACCES');
	});
});

const ns = nsName('ssh');
const work = mkdtempSync(join(tmpdir(), 'lbwc-ssh-'));
let sshd: ChildProcess | undefined;

describe.skipIf(!canUseNetns)('SshTransport against a real sshd in a namespace', () => {
	let transport: SshTransport;

	beforeAll(async () => {
		sh(['ip', 'netns', 'add', ns]);
		sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
		sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'host_key')]);
		sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'client_key')]);
		writeFileSync(join(work, 'authorized_keys'), readFileSync(join(work, 'client_key.pub')), {mode: 0o600});
		writeFileSync(
			join(work, 'sshd_config'),
			[
				'ListenAddress 127.0.0.1:2222',
				`HostKey ${join(work, 'host_key')}`,
				`AuthorizedKeysFile ${join(work, 'authorized_keys')}`,
				'PermitRootLogin prohibit-password',
				'PasswordAuthentication no',
				'KbdInteractiveAuthentication no',
				'UsePAM no',
				'StrictModes no',
				`PidFile ${join(work, 'sshd.pid')}`,
				'MaxSessions 50',
				'MaxStartups 50',
				'',
			].join('\n'),
		);
		// sshd wants /run/sshd; give it a private /run in its own mount namespace instead of touching the host's.
		sshd = spawn('ip', ['netns', 'exec', ns, 'unshare', '--mount', 'sh', '-c', 'mount -t tmpfs lbwc-run /run && mkdir -m 755 /run/sshd && exec /usr/sbin/sshd -D -e -f "$1"', 'sh', join(work, 'sshd_config')], {stdio: ['ignore', 'ignore', 'pipe']});
		sshd.stderr?.on('data', () => {});
		for (let i = 0; i < 100; i++) {
			const probe = spawn('ip', ['netns', 'exec', ns, 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/2222'], {stdio: 'ignore'});
			const ok = await new Promise<boolean>(resolve => probe.on('exit', code => resolve(code === 0)));
			if (ok) break;
			await new Promise(resolve => setTimeout(resolve, 100));
		}
		transport = new SshTransport(
			{host: '127.0.0.1', user: 'root', port: 2222},
			{
				via: new NetnsTransport(ns),
				identityFile: join(work, 'client_key'),
				options: [`UserKnownHostsFile=${join(work, 'known_hosts')}`, 'StrictHostKeyChecking=accept-new'],
				connectTimeoutSeconds: 5,
			},
		);
	});

	afterAll(async () => {
		try {
			await transport?.close();
		} finally {
			sshd?.kill('SIGTERM');
			removeNamespaces([ns]);
			rmSync(work, {recursive: true, force: true});
		}
	});

	it('runs commands whose arguments need quoting, verbatim', async () => {
		const tricky = ["it's", '$(id)', 'a b', '', 'x\ny', '`id`;true'];
		const r = await transport.run(['printf', '%s|', ...tricky], {timeoutMs: 15_000});
		expect(r.stderr).toBe('');
		expect(r.exitCode).toBe(0);
		expect(r.stdout).toBe(tricky.map(w => `${w}|`).join(''));
	});

	it('passes stdin and LC_ALL=C', async () => {
		const r = await transport.run(['sh', '-c', 'echo "$LC_ALL"; cat'], {timeoutMs: 15_000, input: 'from stdin'});
		expect(r.stdout).toBe('C\nfrom stdin');
	});

	it('multiplexes many concurrent commands over one connection', async () => {
		const results = await Promise.all(Array.from({length: 12}, (_, i) => transport.run(['echo', String(i)], {timeoutMs: 15_000})));
		expect(results.map(r => r.stdout.trim())).toEqual(Array.from({length: 12}, (_, i) => String(i)));
		const check = await new NetnsTransport(ns).run(['ssh', '-o', `ControlPath=${transport.controlPath}`, '-O', 'check', '-p', '2222', '-l', 'root', '--', '127.0.0.1'], {timeoutMs: 5000});
		expect(check.stderr).toMatch(/Master running/);
	});

	it('reads and writes files atomically', async () => {
		const path = join(work, "remote file 'x'");
		const w = await transport.writeFile(path, 'line $(x)\n', {mode: 0o600});
		expect(w.exitCode).toBe(0);
		const r = await transport.readFile(path);
		expect(r.content).toBe('line $(x)\n');
	});

	it('turns a missing remote program into ENOENT', async () => {
		const r = await transport.run(['lbwiz-no-such-tool'], {timeoutMs: 15_000});
		expect(r.spawnError).toBe('ENOENT');
	});

	it('reports a closed port as unreachable', async () => {
		const t = new SshTransport({host: '127.0.0.1', user: 'root', port: 2299}, {via: new NetnsTransport(ns), connectTimeoutSeconds: 2});
		try {
			const r = await t.run(['true'], {timeoutMs: 10_000});
			expect(r.spawnError).toBe('UNREACHABLE');
			expect(r.stderr).toMatch(/Connection refused/);
		} finally {
			await t.close();
		}
	});
});
