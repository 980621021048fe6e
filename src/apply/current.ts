/**
Reads what a host looks like now, through its transport, for what the desired state covers: file
contents and modes, runtime sysctls, addresses on lo, the firewall (nftables, iptables, firewalld),
and each daemon's service state. Failures become `problems` or `undefined` values, never exceptions.
*/
import type {FirewallFacts} from '../collect/types.js';
import {buildFirewallFacts, type FirewallOutputs} from '../parse/firewall.js';
import {parseIpAddr} from '../parse/ip-json.js';
import {parseSysctl} from '../parse/sysctl.js';
import {failureLine, SPAWN_ERROR} from '../transport/failure.js';
import type {RunResult, Transport} from '../transport/transport.js';
import type {DesiredHost} from './desired.js';
import {firewalldRules, type FirewalldState} from './firewall.js';
import {FIND_DAEMON_SCRIPT, PROBE_SCRIPT, script, STAT_SCRIPT} from './scripts.js';
import {directDaemon, rcEnabledArgv, serviceName} from './services.js';
import type {Daemon, ServiceManager} from './types.js';

/** Tools the planner looks for on each host. */
export const PLAN_TOOLS = [
	'keepalived', 'haproxy', 'ip', 'sysctl', 'nft', 'iptables', 'iptables-save', 'iptables-legacy-save', 'firewall-cmd',
	'systemctl', 'service', 'chkconfig', 'update-rc.d', 'apt-get', 'dnf', 'yum', 'setsid', 'modprobe',
] as const;

/** A file as found. */
export type CurrentFile = {exists: boolean; mode?: number; uid?: number; gid?: number; content?: string; error?: string};

/** A daemon as found. */
export type CurrentService = {
	manager: ServiceManager;
	running: boolean;
	/** undefined when the manager has no notion of it (none) or it could not be read */
	enabled?: boolean;
	/** the main process (manager none) */
	pid?: number;
	/** the pid came from lbwiz's own pid file */
	ours?: boolean;
	detail?: string;
};

/** Everything the planner compares against. */
export type CurrentHost = {
	reachable: boolean;
	problems: string[];
	uid?: number;
	systemd: boolean;
	/** the host's network namespace (`net:[4026532…]`) */
	netns?: string;
	initScripts: string[];
	tools: Record<string, string>;
	files: Record<string, CurrentFile>;
	sysctls: Record<string, string | undefined>;
	loAddresses: string[];
	firewall?: {facts?: FirewallFacts; firewalld?: FirewalldState; error?: string};
	services: Partial<Record<Daemon, CurrentService>>;
	/** lo-VIP persistence service (systemd unit or init script) enabled */
	loVipServiceEnabled?: boolean;
};

const TIMEOUT = 15_000;

/** Parses PROBE_SCRIPT's output. */
export function parseProbeOutput(text: string): Pick<CurrentHost, 'uid' | 'systemd' | 'netns' | 'initScripts' | 'tools'> {
	const out: Pick<CurrentHost, 'uid' | 'systemd' | 'netns' | 'initScripts' | 'tools'> = {systemd: false, initScripts: [], tools: {}};
	for (const line of text.split('\n')) {
		const [key, ...rest] = line.split(' ');
		const value = rest.join(' ').trim();
		if (key === 'uid' && /^\d+$/.test(value)) out.uid = Number(value);
		else if (key === 'systemd') out.systemd = true;
		else if (key === 'netns' && value) out.netns = value;
		else if (key === 'initd' && value && !out.initScripts.includes(value)) out.initScripts.push(value);
		else if (key === 'tool' && rest[0]) out.tools[rest[0]] = rest.slice(1).join(' ');
	}
	return out;
}

/** Parses STAT_SCRIPT's output into files (without contents). */
export function parseStatOutput(text: string): Record<string, CurrentFile> {
	const files: Record<string, CurrentFile> = {};
	for (const line of text.split('\n')) {
		const file = /^file (\d+) (\d+) (\d+) (.+)$/.exec(line);
		if (file) files[file[4]] = {exists: true, mode: Number.parseInt(file[1], 8), uid: Number(file[2]), gid: Number(file[3])};
		else if (line.startsWith('missing ')) files[line.slice('missing '.length)] = {exists: false};
		else if (line.startsWith('other ')) files[line.slice('other '.length)] = {exists: true, error: 'not a regular file'};
	}
	return files;
}

/** A process as FIND_DAEMON_SCRIPT lists it. */
export type FoundProcess = {pid: number; ppid: number; args: string};

/** Parses FIND_DAEMON_SCRIPT's output: the processes and the pid file's content. */
export function parseDaemonOutput(text: string): {processes: FoundProcess[]; pidFile?: number} {
	const processes: FoundProcess[] = [];
	let pidFile: number | undefined;
	for (const line of text.split('\n')) {
		const proc = /^proc (\d+) (\d+) ?(.*)$/.exec(line);
		if (proc) processes.push({pid: Number(proc[1]), ppid: Number(proc[2]), args: proc[3].trim()});
		const pf = /^pidfile (\d+)\s*$/.exec(line);
		if (pf) pidFile = Number(pf[1]);
	}
	return {processes, ...(pidFile !== undefined ? {pidFile} : {})};
}

/**
The main process of a daemon: the pid file's process if it is among those found, else the one
whose parent is not the same daemon (keepalived forks VRRP and checker children).
*/
export function mainProcess(found: {processes: FoundProcess[]; pidFile?: number}): {pid: number; ours: boolean} | undefined {
	if (found.pidFile !== undefined && found.processes.some(p => p.pid === found.pidFile)) return {pid: found.pidFile, ours: true};
	const pids = new Set(found.processes.map(p => p.pid));
	const roots = found.processes.filter(p => !pids.has(p.ppid));
	return roots.length > 0 ? {pid: roots[0].pid, ours: false} : undefined;
}

/** How a daemon is managed on this host: `none` in a network namespace (the machine's init system does not manage it), systemd, SysV with an init script, else none. */
export function serviceManagerFor(daemon: Daemon, host: {transport: string; systemd: boolean; initScripts: string[]; tools: Record<string, string>}): ServiceManager {
	if (host.transport.startsWith('netns:') || host.transport.includes('/netns:')) return 'none';
	if (host.systemd && host.tools.systemctl) return 'systemd';
	if (host.tools.service && host.initScripts.includes(serviceName(daemon))) return 'sysv';
	return 'none';
}

const ok = (r: RunResult) => r.exitCode === 0 && !r.spawnError && !r.timedOut;

/** Reads a host's current state for `desired`. */
export async function readCurrent(transport: Transport, desired: DesiredHost): Promise<CurrentHost> {
	const run = (argv: readonly [string, ...string[]], timeoutMs = TIMEOUT) => transport.run(argv, {timeoutMs, sudo: true});
	const current: CurrentHost = {reachable: true, problems: [], systemd: false, initScripts: [], tools: {}, files: {}, sysctls: {}, loAddresses: [], services: {}};
	const probe = await run(script(PROBE_SCRIPT, 'lbwiz-probe', ...PLAN_TOOLS));
	if (!ok(probe)) {
		current.reachable = false;
		current.problems.push(probe.spawnError === SPAWN_ERROR.unreachable ? `cannot reach ${desired.host} through ${transport.spec}: ${failureLine(probe)}` : `cannot run commands on ${desired.host} through ${transport.spec}: ${failureLine(probe)}`);
		return current;
	}
	Object.assign(current, parseProbeOutput(probe.stdout));
	if (current.uid !== 0) current.problems.push(`commands on ${desired.host} run as uid ${current.uid ?? '?'}, not root: lbwiz needs root there (log in as root, or give the ssh user passwordless sudo)`);

	if (desired.files.length > 0) {
		const stat = await run(script(STAT_SCRIPT, 'lbwiz-stat', ...desired.files.map(f => f.path)));
		if (ok(stat)) current.files = parseStatOutput(stat.stdout);
		for (const file of desired.files) {
			const found = current.files[file.path];
			if (!found) {
				current.files[file.path] = {exists: false, error: `cannot stat: ${failureLine(stat)}`};
				current.problems.push(`cannot check ${file.path} on ${desired.host}: ${failureLine(stat)}`);
				continue;
			}
			if (!found.exists || found.error) continue;
			const read = await transport.readFile(file.path, {timeoutMs: TIMEOUT});
			if (read.content === undefined) {
				found.error = failureLine(read);
				current.problems.push(`cannot read ${file.path} on ${desired.host}: ${failureLine(read)}`);
			} else found.content = read.content;
		}
	}

	if (desired.sysctls.length > 0) {
		const result = await run(['sysctl', '-e', ...desired.sysctls.map(s => s.key)]);
		const values = parseSysctl(result.stdout);
		const norm = (key: string) => key.replaceAll('/', '.');
		const byNorm = new Map(Object.entries(values).map(([k, v]) => [norm(k), v]));
		for (const {key} of desired.sysctls) current.sysctls[key] = values[key] ?? byNorm.get(norm(key));
	}

	if (desired.loVips.length > 0) {
		const result = await run(['ip', '-j', 'addr', 'show', 'dev', 'lo']);
		try {
			current.loAddresses = ok(result) ? parseIpAddr(result.stdout).flatMap(i => i.addresses.filter(a => a.family === 'inet').map(a => a.local)) : [];
		} catch {
			current.problems.push(`cannot read the addresses on lo of ${desired.host}: unexpected \`ip -j addr\` output`);
		}
		if (!ok(result)) current.problems.push(`cannot read the addresses on lo of ${desired.host}: ${failureLine(result)}`);
	}

	if (desired.vrrp) current.firewall = await readFirewall(run, current.tools, desired.vrrp);

	for (const {daemon, config, socket} of desired.daemons) {
		const manager = serviceManagerFor(daemon, {transport: desired.transport, ...current});
		current.services[daemon] = await readService(run, daemon, manager, directDaemon(desired.host, daemon, config, socket).pidFile);
	}
	if (desired.loVipPersistence?.kind === 'systemd' && current.systemd && current.tools.systemctl) {
		const result = await run(['systemctl', 'is-enabled', desired.loVipPersistence.unit]);
		current.loVipServiceEnabled = result.stdout.trim() === 'enabled';
	} else if (desired.loVipPersistence?.kind === 'init') {
		const result = await run(rcEnabledArgv(desired.loVipPersistence.name));
		current.loVipServiceEnabled = result.stdout.trim() === 'yes';
	}
	return current;
}

type Run = (argv: readonly [string, ...string[]], timeoutMs?: number) => Promise<RunResult>;

async function readFirewall(run: Run, tools: Record<string, string>, vrrp: NonNullable<DesiredHost['vrrp']>): Promise<NonNullable<CurrentHost['firewall']>> {
	const outputs: FirewallOutputs = {};
	const errors: string[] = [];
	if (tools['firewall-cmd']) {
		const state = await run(['firewall-cmd', '--state']);
		outputs.firewalldState = state.stdout.trim() || state.stderr.trim();
		if (state.stdout.trim() === 'running') {
			const zoneResult = await run(['firewall-cmd', `--get-zone-of-interface=${vrrp.interface}`]);
			const zone = ok(zoneResult) ? zoneResult.stdout.trim() || undefined : undefined;
			const zones = await run(['firewall-cmd', '--list-all-zones']);
			if (ok(zones)) outputs.firewalldListAll = zones.stdout;
			const zoneArg = zone ? [`--zone=${zone}`] : [];
			const runtime: string[] = [];
			const permanent: string[] = [];
			for (const rule of firewalldRules(vrrp)) {
				if (ok(await run(['firewall-cmd', ...zoneArg, `--query-rich-rule=${rule}`]))) runtime.push(rule);
				if (ok(await run(['firewall-cmd', '--permanent', ...zoneArg, `--query-rich-rule=${rule}`]))) permanent.push(rule);
			}
			return {facts: buildFirewallFacts(outputs), firewalld: {running: true, ...(zone ? {zone} : {}), runtime, permanent}};
		}
	}
	if (tools.nft) {
		const r = await run(['nft', '-j', 'list', 'ruleset']);
		if (ok(r)) outputs.nftJson = r.stdout.trim() === '' ? '{"nftables":[]}' : r.stdout;
		else errors.push(`nft -j list ruleset: ${failureLine(r)}`);
	}
	if (tools['iptables-save']) {
		const r = await run(['iptables-save']);
		if (ok(r)) outputs.iptablesSave = r.stdout;
		else errors.push(`iptables-save: ${failureLine(r)}`);
	}
	if (tools['iptables-legacy-save']) {
		const r = await run(['iptables-legacy-save']);
		if (ok(r) && r.stdout.trim() !== '') outputs.iptablesLegacySave = r.stdout;
	}
	if (outputs.nftJson === undefined && outputs.iptablesSave === undefined) {
		return errors.length > 0 ? {error: errors.join('; ')} : {};
	}
	try {
		return {facts: buildFirewallFacts(outputs), ...(errors.length > 0 ? {error: errors.join('; ')} : {})};
	} catch (error) {
		return {error: `cannot read the firewall rules: ${(error as Error).message}`};
	}
}

async function readService(run: Run, daemon: Daemon, manager: ServiceManager, pidFile: string): Promise<CurrentService> {
	const name = serviceName(daemon);
	if (manager === 'systemd') {
		const [enabled, active] = await Promise.all([run(['systemctl', 'is-enabled', name]), run(['systemctl', 'is-active', name])]);
		return {manager, enabled: ['enabled', 'enabled-runtime', 'static', 'alias'].includes(enabled.stdout.trim()), running: active.stdout.trim() === 'active' || active.stdout.trim() === 'reloading', detail: `${enabled.stdout.trim() || 'unknown'}, ${active.stdout.trim() || 'unknown'}`};
	}
	if (manager === 'sysv') {
		const [status, rc] = await Promise.all([run(['service', name, 'status']), run(rcEnabledArgv(name))]);
		return {manager, running: status.exitCode === 0, enabled: rc.stdout.trim() === 'yes', detail: status.stdout.trim().split('\n')[0]};
	}
	const found = await run(script(FIND_DAEMON_SCRIPT, 'lbwiz-find', pidFile, daemon));
	const main = mainProcess(parseDaemonOutput(found.stdout));
	return main ? {manager, running: true, pid: main.pid, ours: main.ours, detail: main.ours ? `pid ${main.pid} (${pidFile})` : `pid ${main.pid}, not started by lbwiz`} : {manager, running: false};
}
