import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {labDown, labUp} from '../../src/lab/lab.js';
import {isAlive, sleep, spawnDaemon, terminate} from '../../src/lab/system.js';
import {NetnsTransport} from '../../src/transport/netns.js';
import {SshTransport} from '../../src/transport/ssh.js';
import {describeLab, inNs, namespacesWithPrefix, testPrefix} from './lab-helpers.js';

/**
The ssh transport against a real sshd: sshd listens inside the lab's web1 namespace, and the ssh
client runs inside the client namespace (the root namespace has no route into the lab), so the
transport under test is `ssh://root@203.0.113.21` carried by `netns:<client>`.
*/
describeLab(
	'ssh transport against a real sshd in a lab namespace',
	() => {
		const prefix = testPrefix();
		const serverNs = `${prefix}web1`;
		const clientNs = `${prefix}client`;
		const serverIp = '203.0.113.21';
		let dir: string;
		let sshdPid: number | undefined;
		let createdPrivsep = false;
		let transport: SshTransport;

		beforeAll(async () => {
			dir = mkdtempSync(join(tmpdir(), 'lbwiz-ssh-test-'));
			await labUp({prefix, services: false});
			execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lbwiz-test-host', '-f', join(dir, 'host_ed25519')]);
			execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lbwiz-test-client', '-f', join(dir, 'client_ed25519')]);
			writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_ed25519.pub')), {mode: 0o600});
			writeFileSync(
				join(dir, 'sshd_config'),
				[
					`ListenAddress ${serverIp}`,
					'Port 22',
					`HostKey ${join(dir, 'host_ed25519')}`,
					`PidFile ${join(dir, 'sshd.pid')}`,
					`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
					'PermitRootLogin prohibit-password',
					'PasswordAuthentication no',
					'KbdInteractiveAuthentication no',
					'UsePAM no',
					'StrictModes no',
					'LogLevel VERBOSE',
					'',
				].join('\n'),
			);
			// sshd's privilege-separation directory; created (and later removed) only when missing.
			if (!existsSync('/run/sshd')) {
				mkdirSync('/run/sshd', {mode: 0o755});
				createdPrivsep = true;
			}
			sshdPid = spawnDaemon(serverNs, ['/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')], {logFile: join(dir, 'sshd.log')});
			for (let i = 0; i < 50 && !/:22\b/.test(inNs(serverNs, ['ss', '-Hltn'])); i++) await sleep(100);
			expect(inNs(serverNs, ['ss', '-Hltn']), readFileSync(join(dir, 'sshd.log'), 'utf8')).toMatch(/203\.0\.113\.21:22\b/);
			transport = new SshTransport(
				{host: serverIp, user: 'root'},
				{
					via: new NetnsTransport(clientNs),
					identityFile: join(dir, 'client_ed25519'),
					controlDir: join(dir, 'ctl'),
					connectTimeoutSeconds: 5,
					options: [`UserKnownHostsFile=${join(dir, 'known_hosts')}`, 'StrictHostKeyChecking=accept-new'],
				},
			);
			mkdirSync(join(dir, 'ctl'), {mode: 0o700});
		}, 60_000);

		afterAll(async () => {
			try {
				await transport?.close();
			} finally {
				if (sshdPid !== undefined) await terminate([sshdPid]);
				rmSync(dir, {recursive: true, force: true});
				if (createdPrivsep) rmSync('/run/sshd', {recursive: true, force: true});
				await labDown({prefix});
			}
			expect(namespacesWithPrefix(prefix)).toEqual([]);
			expect(sshdPid === undefined || !isAlive(sshdPid)).toBe(true);
		}, 60_000);

		it('runs commands on the remote namespace (its address, not the client’s)', async () => {
			const result = await transport.run(['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0'], {timeoutMs: 15_000});
			expect(result.stderr).toBe('');
			expect(result.exitCode).toBe(0);
			expect(result.stdout).toContain(`inet ${serverIp}/24`);
		});

		it('passes arguments through the remote shell literally', async () => {
			const tricky = `it's "quoted" $(echo injected) ; ls \`id\` *`;
			const result = await transport.run(['printf', '%s', tricky], {timeoutMs: 15_000});
			expect(result.stdout).toBe(tricky);
		});

		it('reports the exit status and a timeout as data', async () => {
			expect((await transport.run(['sh', '-c', 'exit 3'], {timeoutMs: 15_000})).exitCode).toBe(3);
			const slow = await transport.run(['sleep', '5'], {timeoutMs: 700});
			expect(slow.timedOut).toBe(true);
		});

		it('writes and reads files (atomically, with the mode asked for)', async () => {
			const path = join(dir, 'remote file.txt');
			const content = "line one\nit's line two: $HOME `x`\n";
			const write = await transport.writeFile(path, content, {mode: 0o600});
			expect(write.exitCode, write.stderr).toBe(0);
			// The lab shares this machine's filesystem: check the file directly, then through the transport.
			expect(readFileSync(path, 'utf8')).toBe(content);
			expect(statSync(path).mode & 0o777).toBe(0o600);
			const read = await transport.readFile(path);
			expect(read.content).toBe(content);
			const missing = await transport.readFile(join(dir, 'nope'));
			expect(missing.content).toBeUndefined();
			expect(missing.stderr).toMatch(/No such file/);
		});

		it('reuses one connection for many commands (ControlMaster)', async () => {
			const origin = async () => (await transport.run(['sh', '-c', 'echo "$SSH_CONNECTION"'], {timeoutMs: 15_000})).stdout.trim();
			const first = await origin();
			const results = await Promise.all([origin(), origin(), origin()]);
			expect(first.split(' ')[0]).toBe('203.0.113.50');
			// Same client address and port: every session rode the one master connection.
			expect(new Set([first, ...results])).toEqual(new Set([first]));
			const check = spawnSync('ip', ['netns', 'exec', clientNs, 'ssh', '-o', `ControlPath=${transport.controlPath}`, '-O', 'check', '-l', 'root', serverIp], {encoding: 'utf8'});
			expect(check.status, check.stderr).toBe(0);
			expect(check.stderr).toMatch(/Master running/);
			const accepted = readFileSync(join(dir, 'sshd.log'), 'utf8').match(/Accepted publickey for root/g) ?? [];
			expect(accepted).toHaveLength(1);
		});
	},
	['sshd', 'ssh', 'ssh-keygen'],
);
