/** Replay recordings for collector and engine tests: real tool outputs from fixtures/outputs. */
import {fileRecordings, ReplayTransport, type Recording} from '../../src/transport/replay.js';
import {output} from '../parse/fixtures.js';

/** /proc as PROC_SCRIPT prints it: a keepalived of this host, one of another namespace, a zombie haproxy. */
export const procOutput = (tmpdir: string) =>
	[
		'self net:[4026532001]',
		'pid 700',
		'netns net:[4026532001]',
		'stat 700 (keepalived) S 1 700 700 0 -1 4194560 0 0',
		`cmdline keepalived\x1f-l\x1f-D\x1f-n\x1f-f\x1f/etc/keepalived/keepalived.conf\x1f`,
		'fd1 /dev/null',
		'fd2 /var/log/lbwiz-test/keepalived.log',
		`env TMPDIR=${tmpdir}`,
		'end',
		'pid 701',
		'netns net:[4026532001]',
		'stat 701 (keepalived) S 700 700 700 0 -1 4194560 0 0',
		`cmdline keepalived\x1f-l\x1f-D\x1f-n\x1f-f\x1f/etc/keepalived/keepalived.conf\x1f`,
		'end',
		'pid 900',
		'netns net:[4026532999]',
		'stat 900 (keepalived) S 1 900 900 0 -1 4194560 0 0',
		`cmdline keepalived\x1f-f\x1f/etc/keepalived/other.conf\x1f`,
		'end',
		'pid 950',
		'netns net:[4026532001]',
		'stat 950 (haproxy) Z 1 950 950 0 -1 4194560 0 0',
		'cmdline ',
		'end',
		'',
	].join('\n');

const KEEPALIVED_CONF = `global_defs {
	router_id lb1
}
include /etc/keepalived/conf.d/*.conf
`;
const INSTANCE_CONF = `vrrp_instance VI_1 {
	state MASTER
	interface ka0
	virtual_router_id 51
	priority 100
	authentication {
		auth_type PASS
		auth_pass fixture1
	}
	virtual_ipaddress {
		203.0.113.100/24
	}
}
`;

/** The probe's answer for a host with the given tools. */
export const probeOutput = (host: string, tools: string[]) => [`uid 0`, `hostname ${host}`, 'kernel 6.1.0-test', ...tools.map(t => `tool ${t} /usr/sbin/${t}`), ''].join('\n');

const isScript = (argv: readonly string[], name: string) => argv[0] === 'sh' && argv[1] === '-c' && argv[3] === name;

/** A director that runs keepalived (MASTER of VI_1) and answers every command lbwiz sends with recorded outputs. */
export function directorReplay(name: string, options: {tools?: string[]; delayMs?: number} = {}): ReplayTransport {
	const tmp = `/run/test/${name}/tmp`;
	let dataStamp = 0;
	let statsStamp = 0;
	let statsDumps = 0;
	const tools = options.tools ?? ['ip', 'sysctl', 'nft', 'tcpdump', 'timeout', 'keepalived', 'curl', 'tail', 'stat', 'kill'];
	const stamp = (n: number) => `2026-11-23 16:00:0${n}.000000000 +0000\n`;
	const recordings: Recording[] = [
		{match: argv => isScript(argv, 'lbwiz-probe'), stdout: probeOutput(name, tools)},
		{match: argv => isScript(argv, 'lbwiz-proc'), stdout: procOutput(tmp)},
		{match: argv => isScript(argv, 'lbwiz-glob'), stdout: '/etc/keepalived/conf.d/vi_1.conf\n'},
		{argv: ['ip', '-j', 'addr', 'show'], stdout: output('ip/addr-master.json'), delayMs: options.delayMs},
		{argv: ['ip', '-j', 'route', 'show'], stdout: output('ip/route-master.json'), delayMs: options.delayMs},
		{match: argv => argv[0] === 'sysctl', stdout: output('sysctl/master.txt'), delayMs: options.delayMs},
		{argv: ['nft', '-j', 'list', 'ruleset'], stdout: output('nft/vrrp-drop.json'), delayMs: options.delayMs},
		{argv: ['keepalived', '--version'], stderr: output('keepalived/version.txt')},
		{argv: ['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf'], stdout: '', exitCode: 0},
		{match: argv => argv[0] === 'timeout' && argv[2] === 'tcpdump', stdout: output('tcpdump/vrrp-collector-tt.txt'), stderr: output('tcpdump/vrrp-collector-tt.stderr.txt'), exitCode: 124},
		{match: argv => argv[0] === 'tail' && argv[3] === '/proc/700/fd/2', stdout: output('keepalived/log-console-master.txt')},
		// keepalived rewrites its dump after each signal: the file's mtime moves on
		{match: argv => argv[0] === 'kill' && argv[2] === 'USR1', respond: () => (dataStamp++, {stdout: ''})},
		{match: argv => argv[0] === 'kill' && argv[2] === 'USR2', respond: () => (statsStamp++, {stdout: ''})},
		{match: argv => argv[0] === 'stat' && argv[3] === `/proc/700/root${tmp}/keepalived.data`, respond: () => ({stdout: stamp(dataStamp)})},
		{match: argv => argv[0] === 'stat' && argv[3] === `/proc/700/root${tmp}/keepalived.stats`, respond: () => ({stdout: stamp(statsStamp)})},
		{argv: ['cat', '--', `/proc/700/root${tmp}/keepalived.stats`], respond: () => ({stdout: output(++statsDumps === 1 ? 'keepalived/stats-start.txt' : 'keepalived/stats-end.txt')})},
		...fileRecordings({
			'/etc/keepalived/keepalived.conf': KEEPALIVED_CONF,
			'/etc/keepalived/conf.d/vi_1.conf': INSTANCE_CONF,
			'/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
			[`/proc/700/root${tmp}/keepalived.data`]: output('keepalived/data-master.txt'),
		}),
	];
	const transport = new ReplayTransport(`replay:${name}`, recordings);
	return transport;
}
