/**
Starting and stopping the lab's daemons: keepalived and HAProxy on the directors (their configs
come from the overlay the generators filled), busybox httpd on the real servers, sshd for the ssh
transport's test. Each gets its own pid files, log file and (keepalived) TMPDIR, because the lab
hosts share /run, /tmp and the PID namespace. keepalived and HAProxy are started from their
defaults files (/etc/default/keepalived, /etc/default/haproxy in the host's overlay), the recipe an
init system would read and `lbwiz doctor --fix` reads too: a daemon the doctor started from it is
the lab's own (found again through the recipe's pid file).
*/
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {daemonRecipe, foregroundArgv, OUTPUT_VARIABLE, type DaemonRecipe} from '../doctor/fixes.js';
import {formatDefaultsFile, joinArgs, parseDefaultsFile} from '../parse/service-defaults.js';
import {failureLine} from '../transport/failure.js';
import {ensureDir, readText, writeLabFile} from './files.js';
import {labPaths} from './paths.js';
import type {LabHost, LabProcess, LabState} from './state.js';
import {writeState} from './state.js';
import {isAlive, LabError, namespaceInode, processArgs, processComm, processNetnsInode, readPidFile, runIn, signal, sleep, spawnDaemon, terminate} from './system.js';

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
		haproxyPid: join(run, 'haproxy.pid'),
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

/** Where a host's defaults file for a daemon is, in its /etc overlay. */
export const recipeHostPath = (name: 'keepalived' | 'haproxy'): string => `/etc/default/${name}`;

/**
The defaults file of a lab director's daemon. keepalived: console logging to its own file (`-l -D`,
no syslog so two directors never mix), per-host pid files, TMPDIR per host so SIGUSR1/SIGUSR2 dumps
do not collide, and `-P` (VRRP only) when the config has virtual servers but this kernel has no
IPVS. HAProxy: its config, a per-host pid file and log file.
*/
export function labRecipeFile(state: LabState, host: LabHost, name: 'keepalived' | 'haproxy'): string {
	const rt = hostRuntime(state, host);
	const comment = [`${recipeHostPath(name)} of lab host ${host.name}, written by \`lbwiz lab\`: a network namespace has no init system,`, `so the lab starts ${name} from this file, and so does \`lbwiz doctor --fix\` (${OUTPUT_VARIABLE[name]}: where its output goes).`];
	if (name === 'keepalived') {
		const args = ['-l', '-D', '-G', '-f', KEEPALIVED_CONF, '-p', rt.keepalivedPid, '-r', rt.vrrpPid, '-c', rt.checkersPid, ...(state.keepalivedVrrpOnly ? ['-P'] : [])];
		return formatDefaultsFile(comment, [
			['DAEMON_ARGS', joinArgs(args)],
			['TMPDIR', rt.tmp],
			['KA_TMP_DIR', rt.tmp],
			[OUTPUT_VARIABLE.keepalived, rt.keepalivedLog],
		]);
	}
	return formatDefaultsFile(comment, [
		['CONFIG', HAPROXY_CFG],
		['PIDFILE', rt.haproxyPid],
		['EXTRAOPTS', ''],
		[OUTPUT_VARIABLE.haproxy, rt.haproxyLog],
	]);
}

/** A director's recipe for a daemon, read back from its overlay (what an init system would read). */
export function readRecipe(state: LabState, host: LabHost, name: 'keepalived' | 'haproxy'): DaemonRecipe {
	const entry = state.rendered.find(r => r.host === host.name && r.hostPath === recipeHostPath(name));
	const text = entry ? readText(entry.overlayPath) : undefined;
	if (text === undefined) throw new LabError(`${host.name} has no ${recipeHostPath(name)} in its overlay (${labPaths(state.prefix).overlayDir(host.ns)}): \`lbwiz lab heal\` restores it`);
	const parsed = parseDefaultsFile(text);
	const recipe = daemonRecipe({name, path: recipeHostPath(name), vars: parsed.vars, ...(parsed.unparsed.length ? {unparsed: parsed.unparsed} : {})});
	if ('problem' in recipe) throw new LabError(`${host.name}: ${recipe.problem}`);
	return recipe;
}

/** Starts keepalived in the foreground (`keepalived -n $DAEMON_ARGS`) from the host's recipe, its config checked first. */
export async function startKeepalived(state: LabState, host: LabHost): Promise<LabProcess> {
	const rt = hostRuntime(state, host);
	ensureDir(state, rt.tmp);
	const recipe = readRecipe(state, host, 'keepalived');
	const config = recipe.configPath ?? KEEPALIVED_CONF;
	const test = await runIn(host.ns, ['keepalived', '-t', '-f', config], {timeoutMs: 15_000});
	if (test.exitCode !== 0) throw new LabError(`keepalived -t rejects ${host.name}'s ${config} (exit ${test.exitCode}):\n${(test.stderr || test.stdout).trimEnd()}`);
	return startTracked(state, host, 'keepalived', foregroundArgv(recipe), {logFile: recipe.output ?? rt.keepalivedLog, env: Object.fromEntries(recipe.env), pidFile: recipe.pidFile});
}

/** HAProxy in the foreground (`haproxy -db -f $CONFIG $EXTRAOPTS`: its alerts go to its log file) from the host's recipe, config checked first; its pid file written for it. */
export async function startHaproxy(state: LabState, host: LabHost): Promise<LabProcess> {
	const rt = hostRuntime(state, host);
	ensureDir(state, rt.run);
	const recipe = readRecipe(state, host, 'haproxy');
	const config = recipe.configPath ?? HAPROXY_CFG;
	const test = await runIn(host.ns, ['haproxy', '-c', '-f', config], {timeoutMs: 15_000});
	if (test.exitCode !== 0) throw new LabError(`haproxy -c rejects ${host.name}'s ${config} (exit ${test.exitCode}):\n${(test.stdout + test.stderr).trimEnd()}`);
	const entry = await startTracked(state, host, 'haproxy', foregroundArgv(recipe), {logFile: recipe.output ?? rt.haproxyLog, env: Object.fromEntries(recipe.env), pidFile: recipe.pidFile});
	writeLabFile(state, recipe.pidFile, `${entry.pid}\n`);
	return entry;
}

/** busybox httpd serving an index.html that names the host, so a client sees who answered. */
export async function startHttpd(state: LabState, host: LabHost, port: number): Promise<LabProcess> {
	const rt = hostRuntime(state, host);
	writeLabFile(state, join(rt.www, 'index.html'), `${host.name}\n`);
	return startTracked(state, host, 'httpd', ['busybox', 'httpd', '-f', '-vv', '-p', String(port), '-h', rt.www], {logFile: rt.httpdLog});
}

/** The tracked processes of a host and daemon that are alive and still what was recorded (daemons started from the recipe by others adopted first). */
export function liveProcesses(state: LabState, host: string, daemon?: LabProcess['daemon']): LabProcess[] {
	for (const name of ['keepalived', 'haproxy'] as const) if (daemon === undefined || daemon === name) adopt(state, host, name);
	return state.processes.filter(p => p.host === host && (daemon === undefined || p.daemon === daemon) && isOurs(p));
}

/**
A keepalived or HAProxy started from the host's recipe by someone else (`lbwiz doctor --fix`): when
none is tracked, the recipe's pid file names a live process of that program in the host's network
namespace, and it is recorded as the lab's own so status, heal and down see it.
*/
function adopt(state: LabState, hostName: string, name: 'keepalived' | 'haproxy'): void {
	const host = state.hosts.find(h => h.name === hostName);
	if (!host || !state.rendered.some(r => r.host === hostName && r.hostPath === recipeHostPath(name))) return;
	if (state.processes.some(p => p.host === hostName && p.daemon === name && isOurs(p))) return;
	let recipe: DaemonRecipe;
	try {
		recipe = readRecipe(state, host, name);
	} catch {
		return;
	}
	const pid = readPidFile(recipe.pidFile);
	if (pid === undefined || !isAlive(pid) || processComm(pid) !== name || processNetnsInode(pid) !== namespaceInode(host.ns)) return;
	const argv = processArgs(pid);
	if (!argv || argv.length === 0) return;
	state.processes = state.processes.filter(p => !(p.host === hostName && p.daemon === name));
	state.processes.push({host: hostName, ns: host.ns, daemon: name, pid, comm: name, argv, logFile: recipe.output ?? hostRuntime(state, host)[name === 'keepalived' ? 'keepalivedLog' : 'haproxyLog'], pidFile: recipe.pidFile, startedAt: new Date().toISOString()});
	writeState(state);
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
	// HAProxy -db never removes the pid file written for it; a stale one would look like a running daemon.
	for (const p of targets) if (p.pidFile && !isAlive(p.pid)) rmSync(p.pidFile, {force: true});
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
