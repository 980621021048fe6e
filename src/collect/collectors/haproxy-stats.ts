import {defineCollector, type CollectorContext, type RecordedRun} from '../define-collector.js';
import {haproxySocketPath} from '../../model/hosts.js';
import {parseHaproxy} from '../../parse/haproxy/index.js';
import {parseShowServersState, parseShowStat} from '../../parse/haproxy/stats-csv.js';
import {failureLine} from '../../transport/failure.js';
import {mainProcess, processes} from './shared.js';

const PYTHON = [
	'import socket, sys',
	'a = sys.argv[1]',
	'if a.startswith("/"):',
	'    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(5); s.connect(a)',
	'else:',
	'    h, p = a.rsplit(":", 1); s = socket.create_connection((h.strip("[]") or "127.0.0.1", int(p)), 5)',
	's.sendall((sys.argv[2] + "\\n").encode())',
	'out = b""',
	'while True:',
	'    d = s.recv(65536)',
	'    if not d: break',
	'    out += d',
	'sys.stdout.write(out.decode("utf-8", "replace"))',
].join('\n');

const PERL = [
	'use IO::Socket;',
	'my $a = $ARGV[0];',
	'my $s = $a =~ m{^/} ? IO::Socket::UNIX->new(Peer => $a, Type => SOCK_STREAM) : IO::Socket::INET->new(PeerAddr => $a, Timeout => 5);',
	'die "connect $a: $!\\n" unless $s;',
	'print $s "$ARGV[1]\\n";',
	'print while <$s>;',
].join('\n');

/** A stats socket address as lbwiz can reach it: a path, or host:port for `ipv4@…`/`:port`. */
export function socketTarget(address: string): string | undefined {
	if (address.startsWith('/')) return address;
	const unix = /^unix@(.+)$/.exec(address);
	if (unix) return unix[1];
	const inet = /^(?:ipv4@|ipv6@|tcp@|tcp4@)?(\[[^\]]*\]|[^:@]*):(\d+)$/.exec(address);
	if (inet) return `${inet[1] === '' || inet[1] === '*' || inet[1] === '0.0.0.0' ? '127.0.0.1' : inet[1]}:${inet[2]}`;
	return undefined;
}

/** Sends one runtime-API command with the first client the host has: socat, nc -U, python3, perl. */
async function ask(context: CollectorContext, socket: string, command: string): Promise<{run?: RecordedRun; via?: string; tried: RecordedRun[]}> {
	const {tools} = context;
	const unix = socket.startsWith('/');
	const clients: Array<[string, [string, ...string[]], string | undefined]> = [];
	if (tools.socat) clients.push(['socat', ['socat', '-t', '3', '-', unix ? `UNIX-CONNECT:${socket}` : `TCP:${socket}`], `${command}\n`]);
	if (tools.nc && unix) clients.push(['nc', ['nc', '-U', socket], `${command}\n`]);
	if (tools.python3) clients.push(['python3', ['python3', '-c', PYTHON, socket, command], undefined]);
	if (tools.perl) clients.push(['perl', ['perl', '-e', PERL, socket, command], undefined]);
	const tried: RecordedRun[] = [];
	for (const [via, argv, input] of clients) {
		const r = await context.run(argv, {timeoutMs: 8000, ...(input !== undefined ? {input} : {})});
		tried.push(r);
		if (r.exitCode === 0 && r.stdout.trim() !== '') return {run: r, via, tried};
	}
	return {tried};
}

/**
HAProxy's own view of its proxies and servers (`show stat`, `show servers state`) through the stats
socket named in haproxy.cfg (or the topology), using whichever socket client the host has.
*/
export default defineCollector({
	fact: 'haproxy.stats',
	title: 'HAProxy stats socket: show stat, show servers state',
	requires: {anyOf: ['socat', 'nc', 'python3', 'perl']},
	appliesTo: host => host.entry === undefined || host.entry.roles.includes('haproxy'),
	async collect(context) {
		const host = context.host.name;
		const config = await context.fact('haproxy.config');
		const evidence = [...config.evidence];
		const sockets: string[] = [];
		if (config.status === 'ok') {
			for (const file of config.value.files) {
				try {
					const {config: parsed} = parseHaproxy(file.content, {file: file.path});
					for (const s of parsed.global.statsSockets) {
						const target = socketTarget(s.address);
						if (target && !sockets.includes(target)) sockets.push(target);
					}
				} catch {
					// an unparsable file is reported by config.validation; look for sockets elsewhere
				}
			}
		}
		const fromTopology = context.topology ? haproxySocketPath(context.topology, host) : undefined;
		if (sockets.length === 0 && fromTopology) sockets.push(fromTopology);
		if (sockets.length === 0) {
			return {unavailable: `no \`stats socket\` is configured for HAProxy on ${host}; add \`stats socket /run/haproxy/admin.sock mode 660 level admin\` to the global section so lbwiz can read server states`, evidence};
		}
		const main = mainProcess(await processes(context), 'haproxy');
		if (!main) return {unavailable: `haproxy is not running on ${host} (no live haproxy process in this host's network namespace), so its stats socket ${sockets[0]} cannot answer`, evidence};
		const failures: string[] = [];
		for (const socket of sockets) {
			const stat = await ask(context, socket, 'show stat');
			evidence.push(...stat.tried.map(r => r.id));
			if (!stat.run) {
				const last = stat.tried.at(-1);
				if (last) failures.push(`${socket}: ${failureLine(last)}`);
				continue;
			}
			const rows = parseShowStat(stat.run.stdout).map(r => r.columns);
			const state = await ask(context, socket, 'show servers state');
			evidence.push(...state.tried.map(r => r.id));
			const servers = state.run ? parseShowServersState(state.run.stdout).map(r => r.columns) : undefined;
			return {value: {socket, rows, ...(servers ? {servers} : {}), ...(stat.via ? {via: stat.via} : {})}, evidence};
		}
		return {unavailable: `the HAProxy stats socket on ${host} did not answer \`show stat\` (${failures.join('; ') || sockets.join(', ')}); check the path, its permissions and \`level\``, evidence};
	},
});
