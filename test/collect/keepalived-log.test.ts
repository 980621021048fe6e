/**
The keepalived.log collector finds the log also when keepalived is not running (or runs with its
output on /dev/null): `-g`/`--log-file` from the process or from the init defaults file, lbwiz's
LBWIZ_KEEPALIVED_LOG, journald, syslog files — replayed from recorded outputs.
*/
import {describe, expect, it} from 'vitest';
import {collectBundle} from '../../src/collect/collect-hosts.js';
import type {FactResult, KeepalivedLog} from '../../src/collect/types.js';
import {fileRecordings, ReplayTransport, type Recording} from '../../src/transport/replay.js';
import {output} from '../parse/fixtures.js';
import {probeOutput} from './replay-hosts.js';

const isScript = (argv: readonly string[], name: string) => argv[0] === 'sh' && argv[1] === '-c' && argv[3] === name;
const tailOf = (path: string, stdout: string): Recording => ({argv: ['tail', '-n', '2000', path], stdout});
const missing = (path: string): Recording => ({argv: ['tail', '-n', '2000', path], stderr: `tail: cannot open '${path}' for reading: No such file or directory\n`, exitCode: 1});

// a recorded console log (keepalived -l -D) split the way `-g` writes it: the VRRP child's lines in <base>_vrrp.log
const consoleLog = output('keepalived/log-console-master.txt');
const vrrpLines = consoleLog.split("\n").filter(line => /\((VI_\d+)\)|VRRP sockpool|VRRP_Script|gratuitous/.test(line));
const parentLines = consoleLog.split('\n').filter(line => line.trim() !== '' && !vrrpLines.includes(line));

/** /proc as PROC_SCRIPT prints it: no keepalived, or one with the given argv and fds. */
const proc = (keepalived?: {args: string[]; fd1?: string; fd2?: string}) =>
	['self net:[4026532001]', ...(keepalived ? ['pid 700', 'netns net:[4026532001]', 'stat 700 (keepalived) S 1 700 700 0 -1 4194560 0 0', `cmdline ${keepalived.args.join('\x1f')}\x1f`, `fd1 ${keepalived.fd1 ?? '/dev/null'}`, `fd2 ${keepalived.fd2 ?? '/dev/null'}`, 'end'] : []), ''].join('\n');

async function collectLog(recordings: Recording[], options: {systemd?: boolean; tools?: string[]} = {}): Promise<{fact: FactResult<KeepalivedLog>; calls: string[][]}> {
	const tools = options.tools ?? ['ip', 'tail', 'keepalived'];
	const probe = probeOutput('lb1', tools) + (options.systemd ? 'systemd yes\n' : '');
	const transport = new ReplayTransport('replay:lb1', [{match: argv => isScript(argv, 'lbwiz-probe'), stdout: probe}, ...recordings]);
	const bundle = await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 0, redact: true, only: ['keepalived.log'], transport: () => transport});
	return {fact: bundle.hosts[0].facts['keepalived.log']!, calls: transport.calls.map(c => c.argv)};
}

const value = (fact: FactResult<KeepalivedLog>) => {
	expect(fact.status, JSON.stringify(fact)).toBe('ok');
	return (fact as {value: KeepalivedLog}).value;
};

describe('keepalived.log collector without a running keepalived', () => {
	it('reads the -g file named in /etc/sysconfig/keepalived, VRRP child and parent merged by time', async () => {
		const {fact, calls} = await collectLog([
			{match: argv => isScript(argv, 'lbwiz-proc'), stdout: proc()},
			...fileRecordings({'/etc/sysconfig/keepalived': '# Options for keepalived. See `keepalived --help\' output\nKEEPALIVED_OPTIONS="-D -S 0 --log-file=/var/log/keepalived/ka.log"\n'}),
			tailOf('/var/log/keepalived/ka_vrrp.log', `${vrrpLines.join('\n')}\n`),
			tailOf('/var/log/keepalived/ka.log', `${parentLines.join('\n')}\n`),
			missing('/var/log/keepalived/ka_healthcheckers.log'),
		]);
		const log = value(fact);
		expect(log.source).toBe('/var/log/keepalived/ka.log (-g/--log-file)');
		expect(log.lines[0]).toMatch(/Starting Keepalived v2\.2\.7/);
		expect(log.transitions.map(t => `${t.instance} ${t.state}`)).toEqual(['VI_1 BACKUP', 'VI_3 BACKUP', 'VI_3 MASTER', 'VI_1 MASTER', 'VI_1 STOP', 'VI_3 STOP']);
		expect(log.lines).toHaveLength(consoleLog.split('\n').filter(l => l.trim() !== '').length);
		// nothing of the fallbacks was needed
		expect(calls.some(argv => argv.includes('/var/log/keepalived.log'))).toBe(false);
	});

	it("reads the file lbwiz's LBWIZ_KEEPALIVED_LOG names in /etc/default/keepalived (a supervisor's redirect)", async () => {
		const {fact} = await collectLog([
			{match: argv => isScript(argv, 'lbwiz-proc'), stdout: proc()},
			...fileRecordings({'/etc/default/keepalived': '# Options to pass to keepalived\nDAEMON_ARGS="-l -D -G -n"\nLBWIZ_KEEPALIVED_LOG=/var/log/lbwiz-lab/lbm-lb1/keepalived.log\n'}),
			tailOf('/var/log/lbwiz-lab/lbm-lb1/keepalived.log', consoleLog),
		]);
		const log = value(fact);
		expect(log.source).toBe('/var/log/lbwiz-lab/lbm-lb1/keepalived.log (LBWIZ_KEEPALIVED_LOG in /etc/default/keepalived)');
		expect(log.transitions.map(t => t.state)).toEqual(['BACKUP', 'BACKUP', 'MASTER', 'MASTER', 'STOP', 'STOP']);
	});

	it('falls back to journald (keepalived.service) on systemd, with a bounded tail', async () => {
		const {fact, calls} = await collectLog(
			[
				{match: argv => isScript(argv, 'lbwiz-proc'), stdout: proc()},
				...fileRecordings({'/etc/default/keepalived': '# Options to pass to keepalived\n\n# DAEMON_ARGS are appended to the keepalived command-line\nDAEMON_ARGS=""\n'}),
				missing('/var/log/keepalived.log'),
				{argv: ['journalctl', '-u', 'keepalived', '-o', 'short-iso', '--no-pager', '-n', '2000'], stdout: output('keepalived/log-journald-short-iso.documented-format.txt')},
			],
			{systemd: true, tools: ['ip', 'tail', 'journalctl']},
		);
		expect(value(fact).source).toBe('journald (keepalived.service)');
		expect(value(fact).transitions.length).toBeGreaterThan(0);
		expect(calls.filter(argv => argv[0] === 'cat').map(argv => argv[2])).toEqual(expect.arrayContaining(['/etc/default/keepalived', '/etc/sysconfig/keepalived']));
	});

	it('says where it looked when there is no log anywhere', async () => {
		const {fact} = await collectLog([{match: argv => isScript(argv, 'lbwiz-proc'), stdout: proc()}, missing('/var/log/keepalived.log')]);
		expect(fact).toMatchObject({status: 'unavailable', reason: 'no keepalived log found on lb1 (looked at: /var/log/keepalived.log, /var/log/syslog, /var/log/messages)'});
	});
});

describe('keepalived.log collector with a running keepalived', () => {
	it('reads a -g file through /proc/PID/root when fd 1/2 are /dev/null (a private /tmp)', async () => {
		const {fact, calls} = await collectLog([
			{match: argv => isScript(argv, 'lbwiz-proc'), stdout: proc({args: ['/usr/sbin/keepalived', '-D', '-g']})},
			tailOf('/proc/700/root/tmp/keepalived_vrrp.log', `${vrrpLines.join('\n')}\n`),
			tailOf('/proc/700/root/tmp/keepalived.log', `${parentLines.join('\n')}\n`),
		]);
		expect(value(fact).source).toBe('/tmp/keepalived.log (-g/--log-file)');
		expect(value(fact).transitions.map(t => t.state)).toEqual(['BACKUP', 'BACKUP', 'MASTER', 'MASTER', 'STOP', 'STOP']);
		expect(calls.some(argv => argv[0] === 'cat' && argv[2] === '/etc/default/keepalived')).toBe(false);
	});

	it('still prefers the file its stderr goes to', async () => {
		const {fact} = await collectLog([
			{match: argv => isScript(argv, 'lbwiz-proc'), stdout: proc({args: ['keepalived', '-l', '-D', '-n'], fd2: '/var/log/lbwiz-test/keepalived.log'})},
			tailOf('/proc/700/fd/2', consoleLog),
		]);
		expect(value(fact).source).toBe('/var/log/lbwiz-test/keepalived.log');
	});
});
