/**
Starting and stopping the lab's daemons: keepalived and HAProxy on the directors (their configs
come from the overlay the generators filled), busybox httpd on the real servers, sshd for the ssh
transport's test. Each gets its own pid files, log file and (keepalived) TMPDIR, because the lab
hosts share /run, /tmp and the PID namespace.
*/
import {join} from 'node:path';
import {failureLine} from '../transport/failure.js';
import {ensureDir, readText, writeLabFile} from './files.js';
import {labPaths} from './paths.js';
import type {LabHost, LabProcess, LabState} from './state.js';
import {writeState} from './state.js';
import {isAlive, LabError, processArgs, processComm, readPidFile, runIn, signal, sleep, spawnDaemon, terminate} from './system.js';

export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
export const HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';

/** Per-host runtime paths. */
export function hostRuntime(state: LabState, host: LabHost) {
	const paths = labPaths(state.prefix);
	const run = paths.hostRunDir(host.name);
	const log = paths.logDir(host.ns);
	return {
		run,
		tmp: join(run, 'tmp'),
		www: join(run, 'www'),
		keepalivedPid: join(run, 'keepalived.pid'),
		vrrpPid: join(run, 'keepalived-vrrp.pid'),
		checkersPid: join(run, 'keepalived-checkers.pid'),
		keepalivedLog: join(log, 'keepalived.log'),
		haproxyLog: join(log, 'haproxy.log'),
		httpdLog: join(log, 'httpd.log'),
		logDir: log,
	};
}

/** The last lines of a log, for error messages. */
export function logTail(path: string, lines = 15): string {
	const text = readText(path);
	if (!text) return `(${path} is empty)`;
	return text.trimEnd().split('\n').slice(-lines).map(line => `    ${line}`).join('\n');
}

/** Waits until a freshly spawned pid has exec'd its program (comm is no longer `ip`). */
async function settledComm(pid: number): Promise<string | undefined> {
	for (let i = 0; i < 40; i++) {
		const comm = processComm(pid);
		if (comm === undefined) return undefined;
		if (comm !== 'ip') return comm;
		await sleep(25);
	}
	return processComm(pid);
}

/** Spawns a daemon, records it, and checks it is still running after a short while. */
async function startTracked(state: LabState, host: LabHost, daemon: LabProcess['daemon'], argv: [string, ...string[]], options: {logFile: string; env?: Record<string, string>; pidFile?: string}): Promise<LabProcess> {
	ensureDir(state, options.logFile.slice(0, options.logFile.lastIndexOf('/')));
	const pid = spawnDaemon(host.ns, argv, {logFile: options.logFile, env: options.env});
	const entry: LabProcess = {host: host.name, ns: host.ns, daemon, pid, comm: argv[0] === 'busybox' ? 'busybox' : argv[0], argv, logFile: options.logFile, ...(options.pidFile ? {pidFile: options.pidFile} : {}), startedAt: new Date().toISOString()};
	state.processes.push(entry);
	writeState(state);
	const comm = await settledComm(pid);
	if (comm) entry.comm = comm;
	writeState(state);
	await sleep(300);
	if (!isAlive(pid)) {
		throw new LabError(`${daemon} on ${host.name} exited at start (\`ip netns exec ${host.ns} ${argv.join(' ')}\`); its log ${options.logFile}:\n${logTail(options.logFile)}`);
	}
	return entry;
}

/**
keepalived with console logging to its own file (`-l -D`, no syslog so two directors never mix),
no fork, and per-host pid files; TMPDIR per host so SIGUSR1/SIGUSR2 dumps do not collide.
`-P` (VRRP only) when the config has virtual servers but this kernel has no IPVS.
*/
export async function startKeepalived(state: LabState, host: LabHost): Promise<LabProcess> {
	const rt = hostRuntime(state, host);
	ensureDir(state, rt.tmp);
	const test = await runIn(host.ns, ['keepalived', '-t', '-f', KEEPALIVED_CONF], {timeoutMs: 15_000});
	if (test.exitCode !== 0) throw new LabError(`keepalived -t rejects ${host.name}'s ${KEEPALIVED_CONF} (exit ${test.exitCode}):\n${(test.stderr || test.stdout).trimEnd()}`);
	const argv: [string, ...string[]] = ['keepalived', '-l', '-D', '-G', '-n', '-f', KEEPALIVED_CONF, '-p', rt.keepalivedPid, '-r', rt.vrrpPid, '-c', rt.checkersPid];
	if (state.keepalivedVrrpOnly) argv.push('-P');
	return startTracked(state, host, 'keepalived', argv, {logFile: rt.keepalivedLog, env: {TMPDIR: rt.tmp, KA_TMP_DIR: rt.tmp}, pidFile: rt.keepalivedPid});
}

/** HAProxy in the foreground (`-db`: its alerts go to its log file; no pid file is written in this mode), config checked first. */
export async function startHaproxy(state: LabState, host: LabHost): Promise<LabProcess> {
	const rt = hostRuntime(state, host);
	ensureDir(state, rt.run);
	const test = await runIn(host.ns, ['haproxy', '-c', '-f', HAPROXY_CFG], {timeoutMs: 15_000});
	if (test.exitCode !== 0) throw new LabError(`haproxy -c rejects ${host.name}'s ${HAPROXY_CFG} (exit ${test.exitCode}):\n${(test.stdout + test.stderr).trimEnd()}`);
	return startTracked(state, host, 'haproxy', ['haproxy', '-db', '-f', HAPROXY_CFG], {logFile: rt.haproxyLog});
}

/** busybox httpd serving an index.html that names the host, so a client sees who answered. */
export async function startHttpd(state: LabState, host: LabHost, port: number): Promise<LabProcess> {
	const rt = hostRuntime(state, host);
	writeLabFile(state, join(rt.www, 'index.html'), `${host.name}\n`);
	return startTracked(state, host, 'httpd', ['busybox', 'httpd', '-f', '-vv', '-p', String(port), '-h', rt.www], {logFile: rt.httpdLog});
}

/** The tracked processes of a host and daemon that are alive and still what was recorded. */
export function liveProcesses(state: LabState, host: string, daemon?: LabProcess['daemon']): LabProcess[] {
	return state.processes.filter(p => p.host === host && (daemon === undefined || p.daemon === daemon) && isOurs(p));
}

/** A recorded pid is ours when alive and still running the program recorded (pids are reused). */
export function isOurs(p: LabProcess): boolean {
	if (!isAlive(p.pid)) return false;
	const args = processArgs(p.pid);
	return processComm(p.pid) === p.comm && args !== undefined && args.join('\0') === p.argv.join('\0');
}

/** Stops a host's daemon (SIGTERM, then SIGKILL), and forgets it. Returns how many were stopped. */
export async function stopDaemon(state: LabState, host: string, daemon: LabProcess['daemon']): Promise<number> {
	const targets = liveProcesses(state, host, daemon);
	const children = daemon === 'keepalived' ? targets.flatMap(p => keepalivedChildren(state, p)) : [];
	await terminate(targets.map(p => p.pid));
	await terminate(children.filter(isAlive), 2000);
	state.processes = state.processes.filter(p => !(p.host === host && p.daemon === daemon));
	writeState(state);
	return targets.length;
}

/** keepalived's VRRP and checker children, from its per-host pid files. */
function keepalivedChildren(state: LabState, p: LabProcess): number[] {
	const host = state.hosts.find(h => h.name === p.host);
	if (!host) return [];
	const rt = hostRuntime(state, host);
	return [readPidFile(rt.vrrpPid), readPidFile(rt.checkersPid)].filter((pid): pid is number => pid !== undefined && processComm(pid) === 'keepalived');
}

/** SIGHUP to a host's keepalived: it re-reads its config. */
export function reloadKeepalived(state: LabState, host: string): boolean {
	const [p] = liveProcesses(state, host, 'keepalived');
	return p ? signal(p.pid, 'SIGHUP') : false;
}

/** Sets sysctls inside a namespace (`sysctl -w key=value`), throwing on the first failure. */
export async function applySysctls(ns: string, settings: Array<[string, string]>): Promise<void> {
	for (const [key, value] of settings) {
		const result = await runIn(ns, ['sysctl', '-w', `${key}=${value}`]);
		if (result.exitCode !== 0) throw new LabError(`sysctl -w ${key}=${value} in ${ns} failed: ${failureLine(result)}`);
	}
}

/** `key = value` lines of a sysctl.d file (comments and blank lines skipped, a leading '-' dropped). */
export function parseSysctlConf(text: string): Array<[string, string]> {
	const settings: Array<[string, string]> = [];
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
		const eq = line.indexOf('=');
		if (eq === -1) continue;
		settings.push([line.slice(0, eq).trim().replace(/^-/, ''), line.slice(eq + 1).trim()]);
	}
	return settings;
}

/** Whether a lab host's HAProxy/keepalived/httpd is expected (has a config or role). */
export const daemonsOf = (state: LabState, host: LabHost): Array<LabProcess['daemon']> => {
	const files = new Set(state.rendered.filter(r => r.host === host.name).map(r => r.hostPath));
	const daemons: Array<LabProcess['daemon']> = [];
	if (files.has(KEEPALIVED_CONF)) daemons.push('keepalived');
	if (files.has(HAPROXY_CFG)) daemons.push('haproxy');
	if (host.kind === 'real-server') daemons.push('httpd');
	return daemons;
};
