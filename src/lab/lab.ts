/**
`lbwiz lab`'s service layer: build a cluster of network namespaces from the lab topology (configs
from lbwiz's own generators, written into each host's /etc overlay), run its daemons, wait until
it is healthy, break it with named faults, heal it, and tear every trace of it down again.
*/
import {existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {renderTopology, type HostRender} from '../generate/index.js';
import {addVipArgv} from '../generate/lo-vip.js';
import {arpSettings} from '../generate/sysctl-d.js';
import {parseTopology} from '../model/load-topology.js';
import {preferredMaster} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {failureLine} from '../transport/failure.js';
import {applySysctls, daemonsOf, HAPROXY_CFG, hostRuntime, isOurs, KEEPALIVED_CONF, labRecipeFile, liveProcesses, logTail, parseSysctlConf, recipeHostPath, reloadKeepalived, startHaproxy, startHttpd, startKeepalived, stopDaemon} from './daemons.js';
import {FAULT_TABLE, FAULTS, faultContext, findFault, interfaceOf} from './faults.js';
import {ensureDir, readText, removeIfEmpty, removePaths, writeLabFile} from './files.js';
import {createHost, createSwitch, deleteNamespaces, switchPortName} from './network.js';
import {expectedBackends, healthProblems, isHealthy, observe, waitFor, type LabObservation} from './observe.js';
import {DEFAULT_PREFIX, LAB_LOG_ROOT, LAB_RUN_ROOT, LAB_STATE_ROOT, labPaths, namespaceOf, NETNS_ETC, prefixProblem, switchNamespace} from './paths.js';
import {LAB_STATE_VERSION, listLabs, readState, removeState, writeState, type LabHost, type LabState} from './state.js';
import {hasProgram, LabError, listNamespaces, namespacePids, runIn, sleep, terminate} from './system.js';
import {defaultLabTopologyPath, planLab} from './topology.js';

export {LabError} from './system.js';
export {FAULTS} from './faults.js';

/** Progress lines (`up`, `down`, `heal` print them as they go). */
export type LabLog = (line: string) => void;

/** Programs every lab needs, and those needed when daemons run. */
const BASE_TOOLS = ['ip', 'sysctl'];
const SERVICE_TOOLS = ['keepalived', 'haproxy', 'busybox', 'curl', 'nft', 'ss'];

/** Throws a LabError unless lbwiz runs as root with the tools the lab uses. */
export function checkPrerequisites(options: {services?: boolean} = {}): void {
	if (process.getuid?.() !== 0) throw new LabError('lbwiz lab needs root (it creates network namespaces and starts daemons): run it with sudo');
	const missing = [...BASE_TOOLS, ...(options.services === false ? [] : SERVICE_TOOLS)].filter(tool => !hasProgram(tool));
	if (missing.length > 0) throw new LabError(`missing on this machine: ${missing.join(', ')} (Debian: apt-get install keepalived haproxy busybox curl nftables iproute2 procps)`);
}

const checkedPrefix = (prefix: string | undefined): string => {
	const p = prefix ?? DEFAULT_PREFIX;
	const problem = prefixProblem(p);
	if (problem) throw new LabError(problem);
	return p;
};

export type LabUpOptions = {
	prefix?: string;
	/** the lab topology (default: fixtures/topologies/lab.yaml) */
	topologyPath?: string;
	/** false: namespaces and addresses only, no configs or daemons */
	services?: boolean;
	/** how long to wait for a healthy cluster */
	timeoutMs?: number;
	/** leave a lab that failed to come up in place for inspection (default: tear it down) */
	keepOnFailure?: boolean;
	log?: LabLog;
};

export type LabUpResult = {state: LabState; topology: Topology; topologyPath: string; observation?: LabObservation; durationMs: number};

/** Builds a lab and waits until it is healthy; on failure it is torn down (unless keepOnFailure) and a LabError names the cause. */
export async function labUp(options: LabUpOptions = {}): Promise<LabUpResult> {
	const started = Date.now();
	const log = options.log ?? (() => {});
	const services = options.services !== false;
	checkPrerequisites({services});
	const prefix = checkedPrefix(options.prefix);
	const existing = readState(prefix);
	if (existing) throw new LabError(`a lab with prefix '${prefix}' already exists (${labPaths(prefix).statePath}); run \`lbwiz lab down${prefix === DEFAULT_PREFIX ? '' : ` --prefix ${prefix}`}\` first, or use another --prefix`);
	const sourceTopology = options.topologyPath ?? defaultLabTopologyPath();
	const plan = planLab(sourceTopology, prefix);
	const paths = labPaths(prefix);
	const taken = new Set(await listNamespaces());
	const clash = [switchNamespace(prefix), ...plan.hosts.map(h => namespaceOf(prefix, h.name))].filter(ns => taken.has(ns));
	if (clash.length > 0) throw new LabError(`network namespace${clash.length > 1 ? 's' : ''} ${clash.join(', ')} already exist${clash.length > 1 ? '' : 's'} and no lab state claims them; choose another --prefix`);

	const state: LabState = {
		version: LAB_STATE_VERSION,
		prefix,
		createdAt: new Date().toISOString(),
		phase: 'building',
		sourceTopology,
		topologyPath: paths.topologyPath,
		switchNs: switchNamespace(prefix),
		hosts: plan.hosts.map((h, i) => ({name: h.name, ns: namespaceOf(prefix, h.name), kind: h.kind, roles: h.roles, address: h.address, prefixLength: plan.prefixLength, switchPort: switchPortName(h.name, i)})),
		namespaces: [],
		processes: [],
		files: [],
		dirs: [],
		sharedDirs: [],
		rootEtcCreated: [],
		rendered: [],
		faults: [],
		keepalivedVrrpOnly: false,
	};
	for (const shared of [LAB_STATE_ROOT, LAB_RUN_ROOT, LAB_LOG_ROOT, NETNS_ETC]) {
		if (!existsSync(shared)) {
			mkdirSync(shared, {recursive: true});
			state.sharedDirs.push(shared);
		}
	}
	writeState(state);
	try {
		writeFileSync(paths.topologyPath, plan.text, {mode: 0o600});
		log(`topology: ${paths.topologyPath} (from ${sourceTopology})`);
		await createSwitch(state);
		for (const host of state.hosts) await createHost(state, host, interfaceOf(plan.topology, host.name));
		log(`network: ${state.switchNs} (bridge) + ${state.hosts.map(h => `${h.ns} ${h.address}`).join(', ')}`);
		if (!services) {
			state.phase = 'up';
			writeState(state);
			return {state, topology: plan.topology, topologyPath: paths.topologyPath, durationMs: Date.now() - started};
		}
		ensureDir(state, paths.runDir);
		for (const host of state.hosts) ensureDir(state, hostRuntime(state, host).run);
		const renders = renderTopology(plan.topology, {source: paths.topologyPath, services: 'none'});
		installRendered(state, renders);
		state.keepalivedVrrpOnly = renders.some(r => r.files.some(f => f.path === KEEPALIVED_CONF && /^\s*virtual_server\b/m.test(f.content))) && !existsSync('/proc/net/ip_vs');
		if (state.keepalivedVrrpOnly) log('this kernel has no IPVS: keepalived runs with -P (VRRP only); its virtual_server blocks stay in the configs');
		installRecipes(state);
		await runPlannedCommands(state, renders, log);
		for (const host of state.hosts.filter(h => h.kind === 'real-server')) await realServerSetup(state, plan.topology, host, renders);
		await startServices(state, plan.topology, log);
		const health = await waitHealthy(state, plan.topology, options.timeoutMs ?? 60_000);
		if (!health.ok) throw new LabError(`the lab did not become healthy within ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s:\n  ${healthProblems(health.observation, preferredMaster(plan.topology)?.name, expectedBackends(plan.topology)).join('\n  ')}\n${daemonLogTails(state)}`);
		state.phase = 'up';
		writeState(state);
		return {state, topology: plan.topology, topologyPath: paths.topologyPath, observation: health.observation, durationMs: Date.now() - started};
	} catch (error) {
		state.phase = 'failed';
		writeState(state);
		if (!options.keepOnFailure) {
			log(`lab up failed; removing what was built (${(error as Error).message.split('\n')[0]})`);
			await labDown({prefix});
		}
		throw error;
	}
}

/** Writes every rendered file into its host's /etc overlay (and a pristine copy for heal). */
function installRendered(state: LabState, renders: HostRender[]): void {
	for (const render of renders) {
		const host = state.hosts.find(h => h.name === render.host);
		if (!host) continue;
		for (const file of render.files) installFile(state, host, file.path, file.content, file.mode);
	}
	writeState(state);
}

/** Writes one file into a host's /etc overlay, keeps a pristine copy for heal, and records it. */
function installFile(state: LabState, host: LabHost, path: string, content: string, mode: number): void {
	const paths = labPaths(state.prefix);
	const match = /^\/etc\/([^/]+)\/(.+)$/.exec(path);
	if (!match) throw new LabError(`${host.name}: ${path} is outside /etc/<dir>/; only /etc entries are per namespace (the /etc/netns overlay), so the lab cannot install it`);
	const rootEntry = `/etc/${match[1]}`;
	if (!existsSync(rootEntry)) {
		state.rootEtcCreated.push(rootEntry);
		writeState(state);
		mkdirSync(rootEntry, {mode: 0o755});
	}
	const overlayDir = paths.overlayDir(host.ns);
	ensureDir(state, overlayDir);
	const overlayPath = join(overlayDir, path.slice('/etc/'.length));
	const pristinePath = join(paths.pristineDir, host.name, path);
	writeLabFile(state, overlayPath, content, mode);
	mkdirSync(dirname(pristinePath), {recursive: true});
	writeFileSync(pristinePath, content, {mode: 0o600});
	state.rendered.push({host: host.name, hostPath: path, overlayPath, pristinePath});
}

/**
The defaults files (/etc/default/keepalived, /etc/default/haproxy) of every director that runs those
daemons: how the lab starts them, and how `lbwiz doctor --fix` starts them again on a host without
an init system.
*/
function installRecipes(state: LabState): void {
	for (const host of state.hosts) {
		const daemons = daemonsOf(state, host);
		for (const name of ['keepalived', 'haproxy'] as const) if (daemons.includes(name)) installFile(state, host, recipeHostPath(name), labRecipeFile(state, host, name), 0o644);
	}
	writeState(state);
}

/** Commands the generators plan for a host without a service manager; run inside its namespace. */
const PLANNED_PROGRAMS = new Set(['sysctl', 'ip', 'haproxy', 'keepalived']);

async function runPlannedCommands(state: LabState, renders: HostRender[], log: LabLog): Promise<void> {
	for (const render of renders) {
		const host = state.hosts.find(h => h.name === render.host);
		if (!host) continue;
		for (const command of render.commands) {
			const [program, ...rest] = command.argv;
			if (!program || !PLANNED_PROGRAMS.has(program)) {
				log(`${host.name}: skipped \`${command.argv.join(' ')}\` (${command.purpose}): the lab starts daemons itself`);
				continue;
			}
			const result = await runIn(host.ns, [program, ...rest], {timeoutMs: 20_000});
			if (result.exitCode !== 0) throw new LabError(`${host.name}: \`${command.argv.join(' ')}\` (${command.purpose}) failed:\n${(result.stderr || result.stdout).trimEnd() || failureLine(result)}`);
		}
	}
}

/**
A real server set up as an LVS-DR real server would be, even though this kernel has no IPVS: ARP
suppression (arp_ignore=1, arp_announce=2) and the VIP on lo — from the generator's files when the
topology has DR services, else with the same settings the generator would write.
*/
async function realServerSetup(state: LabState, topology: Topology, host: LabHost, renders?: HostRender[]): Promise<void> {
	const rendered = (renders ?? []).find(r => r.host === host.name);
	const sysctlFiles = state.rendered.filter(r => r.host === host.name && r.hostPath.startsWith('/etc/sysctl.d/'));
	for (const file of sysctlFiles) await applySysctls(host.ns, parseSysctlConf(readFileSync(file.pristinePath, 'utf8')));
	const configured = sysctlFiles.some(f => /arp_ignore/.test(readFileSync(f.pristinePath, 'utf8')));
	if (!configured) await applySysctls(host.ns, arpSettings(interfaceOf(topology, host.name)).map(s => [s.key, s.value] as [string, string]));
	const vipCommands = rendered?.commands.some(c => c.argv[0] === 'ip' && c.argv.includes('lo'));
	if (!vipCommands || !renders) {
		const vips = (topology.vrrp?.vips ?? []).map(v => v.split('/')[0]);
		for (const [i, vip] of vips.entries()) {
			const [program, ...rest] = addVipArgv(vip, i) as [string, ...string[]];
			const result = await runIn(host.ns, [program, ...rest]);
			if (result.exitCode !== 0) throw new LabError(`${host.name}: \`${addVipArgv(vip, i).join(' ')}\` failed: ${failureLine(result)}`);
		}
	}
}

/** Starts every daemon that is expected and not running: web servers, HAProxy, then keepalived MASTER first and the others ~1 s later. */
async function startServices(state: LabState, topology: Topology, log: LabLog): Promise<string[]> {
	const started: string[] = [];
	const need = (host: LabHost, daemon: 'keepalived' | 'haproxy' | 'httpd') => daemonsOf(state, host).includes(daemon) && liveProcesses(state, host.name, daemon).length === 0;
	for (const host of state.hosts.filter(h => need(h, 'httpd'))) {
		const port = topology.real_servers.find(r => r.name === host.name)?.port ?? 80;
		const p = await startHttpd(state, host, port);
		started.push(`${host.name}: httpd (pid ${p.pid})`);
	}
	for (const host of state.hosts.filter(h => need(h, 'haproxy'))) {
		const p = await startHaproxy(state, host);
		started.push(`${host.name}: haproxy (pid ${p.pid})`);
	}
	const master = preferredMaster(topology)?.name;
	const directors = state.hosts.filter(h => need(h, 'keepalived')).sort((a, b) => Number(b.name === master) - Number(a.name === master));
	for (const [i, host] of directors.entries()) {
		if (i > 0) await sleep(1000);
		const p = await startKeepalived(state, host);
		started.push(`${host.name}: keepalived (pid ${p.pid})`);
	}
	for (const line of started) log(`started ${line}`);
	return started;
}

/** Waits until the lab is healthy (VIP on the MASTER only, every daemon up, both backends answer). */
function waitHealthy(state: LabState, topology: Topology, timeoutMs: number) {
	const master = preferredMaster(topology)?.name;
	const backends = expectedBackends(topology);
	return waitFor(state, topology, o => isHealthy(o, master, backends), {timeoutMs, httpRequests: Math.max(4, backends.length * 2), intervalMs: 500});
}

/** The last lines of every daemon log, for a failure message. */
function daemonLogTails(state: LabState): string {
	return state.processes.map(p => `${p.host} ${p.daemon} (${p.logFile}):\n${logTail(p.logFile, 8)}`).join('\n');
}

/** Loads a lab's state, throwing a LabError that says how to start one when there is none. */
export function requireState(prefix?: string): LabState {
	const p = checkedPrefix(prefix);
	const state = readState(p);
	if (!state) throw new LabError(`no lab with prefix '${p}' on this machine (no ${labPaths(p).statePath}); start one with \`lbwiz lab up${p === DEFAULT_PREFIX ? '' : ` --prefix ${p}`}\``);
	return state;
}

/** The effective topology of a lab, read back from its file. */
export function labTopology(state: LabState): Topology {
	return parseTopology(readFileSync(state.topologyPath, 'utf8'), state.topologyPath).topology;
}

export type LabDownResult = {found: boolean; namespaces: string[]; killed: number[]; removed: string[]; leftovers: string[]};

/**
Removes every namespace, process, file and directory a lab recorded. Idempotent (no state: nothing
to do), and works on a lab that crashed half-way. Processes are found by recorded pid (checked to
still be the program recorded) and by `ip netns pids` of each lab namespace.
*/
export async function labDown(options: {prefix?: string; log?: LabLog} = {}): Promise<LabDownResult> {
	checkPrerequisites({services: false});
	const prefix = checkedPrefix(options.prefix);
	const log = options.log ?? (() => {});
	const state = readState(prefix);
	if (!state) return {found: false, namespaces: [], killed: [], removed: [], leftovers: []};
	const existing = new Set(await listNamespaces());
	const namespaces = state.namespaces.filter(ns => existing.has(ns));
	const recorded = state.processes.filter(isOurs).map(p => p.pid);
	const inNamespaces = (await Promise.all(namespaces.map(ns => namespacePids(ns)))).flat();
	const targets = [...new Set([...recorded, ...inNamespaces])];
	if (targets.length > 0) {
		const hard = await terminate(targets);
		log(`stopped ${targets.length} process${targets.length === 1 ? '' : 'es'}${hard.length ? ` (${hard.length} with SIGKILL)` : ''}`);
	}
	// A process that appeared meanwhile (a keepalived script run) keeps a namespace alive: one more pass.
	const late = (await Promise.all(namespaces.map(ns => namespacePids(ns)))).flat();
	if (late.length > 0) await terminate(late, 2000);
	const failedNs = await deleteNamespaces([...state.namespaces].reverse());
	if (namespaces.length > 0) log(`deleted namespaces ${namespaces.filter(ns => !failedNs.includes(ns)).join(', ')}`);
	const paths = labPaths(prefix);
	const owned = [...[...state.files].reverse(), ...[...state.dirs].reverse(), paths.runDir, ...state.hosts.map(h => paths.overlayDir(h.ns)), ...state.hosts.map(h => paths.logDir(h.ns))];
	const failedPaths = removePaths(owned);
	releaseRootEtc(state);
	removeState(prefix);
	for (const shared of [LAB_RUN_ROOT, LAB_LOG_ROOT, LAB_STATE_ROOT, dirname(LAB_STATE_ROOT)]) removeIfEmpty(shared);
	for (const shared of state.sharedDirs) if (shared === NETNS_ETC) removeIfEmpty(shared);
	const leftovers = [...failedNs.map(ns => `namespace ${ns}`), ...failedPaths];
	if (leftovers.length > 0) log(`could not remove: ${leftovers.join(', ')}`);
	return {found: true, namespaces, killed: targets, removed: owned.filter(p => !failedPaths.includes(p)), leftovers};
}

/**
Root /etc entries the lab created (so the overlay applies) are removed when empty — unless another
lab still runs, which then inherits them.
*/
function releaseRootEtc(state: LabState): void {
	if (state.rootEtcCreated.length === 0) return;
	const others = listLabs().filter(p => p !== state.prefix);
	if (others.length > 0) {
		const heir = readState(others[0]);
		if (heir) {
			heir.rootEtcCreated = [...new Set([...heir.rootEtcCreated, ...state.rootEtcCreated])];
			writeState(heir);
			return;
		}
	}
	for (const entry of state.rootEtcCreated) removeIfEmpty(entry);
}

/** What `lbwiz lab status` shows. */
export type LabStatus = {state: LabState; topology: Topology; observation: LabObservation; healthy: boolean; problems: string[]};

/** Observes a running lab (hosts, daemons, VIP holders, the client's view of the VIP). */
export async function labStatus(options: {prefix?: string; httpRequests?: number} = {}): Promise<LabStatus> {
	checkPrerequisites({services: false});
	const state = requireState(options.prefix);
	const topology = labTopology(state);
	const observation = await observe(state, topology, {httpRequests: options.httpRequests ?? 4});
	const master = preferredMaster(topology)?.name;
	const backends = expectedBackends(topology);
	return {state, topology, observation, healthy: isHealthy(observation, master, backends), problems: healthProblems(observation, master, backends)};
}

export type LabBreakResult = {fault: string; hosts: string[]; detail: string; effect?: {describe: string; seen: boolean; waitedMs: number}; observation: LabObservation};

/**
Injects a named fault on `hosts` (default: the fault's usual target) and waits (bounded) until the
cluster shows its effect. Hosts are lab host names; `both`/`all` mean every host the fault may target.
*/
export async function labBreak(options: {prefix?: string; fault: string; hosts?: string[]; wait?: boolean; log?: LabLog}): Promise<LabBreakResult> {
	checkPrerequisites();
	const state = requireState(options.prefix);
	if (state.phase !== 'up') throw new LabError(`lab '${state.prefix}' is not up (phase: ${state.phase}); run \`lbwiz lab down\` and \`lbwiz lab up\``);
	const fault = findFault(options.fault);
	if (!fault) throw new LabError(`unknown fault '${options.fault}'; known faults: ${FAULTS.map(f => f.name).join(', ')}`);
	if (state.faults.some(f => f.name === fault.name)) throw new LabError(`fault ${fault.name} is already applied; \`lbwiz lab heal\` first`);
	const topology = labTopology(state);
	const ctx = faultContext(state, topology);
	const eligible = fault.targets === 'director' ? ctx.directors : ctx.realServers;
	const requested = (options.hosts ?? []).flatMap(h => h.split(',')).map(h => h.trim()).filter(Boolean);
	const names = requested.length === 0 ? fault.defaultHosts(ctx) : requested.some(h => h === 'both' || h === 'all') ? eligible : requested;
	const bad = names.filter(n => !eligible.includes(n));
	if (bad.length > 0) throw new LabError(`${fault.name} applies to ${fault.targets === 'director' ? 'directors' : 'real servers'} (${eligible.join(', ')}); not to ${bad.join(', ')}`);
	if (names.length === 0) throw new LabError(`${fault.name}: no ${fault.targets} to apply it to`);
	if (names.length > 1 && !fault.multiple) throw new LabError(`${fault.name} applies to one host at a time (got ${names.join(', ')})`);
	const hosts = names.map(n => state.hosts.find(h => h.name === n)!);
	const detail = await fault.apply(ctx, hosts);
	state.faults.push({name: fault.name, hosts: names, appliedAt: new Date().toISOString(), detail});
	writeState(state);
	options.log?.(detail);
	if (!fault.effect || options.wait === false) return {fault: fault.name, hosts: names, detail, observation: await observe(state, topology)};
	const effect = fault.effect;
	const started = Date.now();
	const settle = effect.settleMs?.(ctx) ?? 0;
	let waited = await waitFor(state, topology, o => effect.check(o, ctx, hosts), {timeoutMs: effect.timeoutMs, httpRequests: effect.httpRequests, intervalMs: 500});
	if (waited.ok && Date.now() - started < settle) {
		await sleep(settle - (Date.now() - started));
		waited = await waitFor(state, topology, o => effect.check(o, ctx, hosts), {timeoutMs: effect.timeoutMs, httpRequests: effect.httpRequests, intervalMs: 500});
	}
	return {fault: fault.name, hosts: names, detail, effect: {describe: effect.describe, seen: waited.ok, waitedMs: Date.now() - started}, observation: waited.observation};
}

export type LabHealResult = {faults: string[]; actions: string[]; healthy: boolean; problems: string[]; observation: LabObservation};

/**
Reverts every fault by converging the lab back to what `up` built: fault firewall tables removed,
rendered files restored (keepalived reloaded), missing daemons started, real-server ARP settings
and lo VIPs put back; then waits until healthy.
*/
export async function labHeal(options: {prefix?: string; timeoutMs?: number; log?: LabLog} = {}): Promise<LabHealResult> {
	checkPrerequisites();
	const state = requireState(options.prefix);
	const topology = labTopology(state);
	const log = options.log ?? (() => {});
	const actions: string[] = [];
	const faults = state.faults.map(f => f.name);
	for (const host of state.hosts) {
		const table = await runIn(host.ns, ['nft', 'list', 'table', 'inet', FAULT_TABLE]);
		if (table.exitCode === 0) {
			await runIn(host.ns, ['nft', 'delete', 'table', 'inet', FAULT_TABLE]);
			actions.push(`${host.name}: removed nft table inet ${FAULT_TABLE}`);
		}
	}
	const restarted = new Set<string>();
	for (const file of state.rendered) {
		const pristine = readFileSync(file.pristinePath, 'utf8');
		if (readText(file.overlayPath) === pristine) continue;
		writeFileSync(file.overlayPath, pristine);
		actions.push(`${file.host}: restored ${file.hostPath}`);
		if (file.hostPath === KEEPALIVED_CONF) {
			if (reloadKeepalived(state, file.host)) actions.push(`${file.host}: keepalived reloaded`);
		} else if (file.hostPath === HAPROXY_CFG && !restarted.has(file.host)) {
			await stopDaemon(state, file.host, 'haproxy');
			restarted.add(file.host);
		}
	}
	for (const host of state.hosts.filter(h => daemonsOf(state, h).includes('keepalived'))) {
		const pristine = state.rendered.find(r => r.host === host.name && r.hostPath === KEEPALIVED_CONF);
		if (pristine && /^\s*vrrp_strict\b/m.test(readFileSync(pristine.pristinePath, 'utf8'))) continue;
		// vrrp_strict leaves keepalived's nft table behind, even after a reload without it.
		await sleep(300);
		if ((await runIn(host.ns, ['nft', 'list', 'table', 'ip', 'keepalived'])).exitCode === 0) {
			await runIn(host.ns, ['nft', 'delete', 'table', 'ip', 'keepalived']);
			actions.push(`${host.name}: removed keepalived's leftover nft table ip keepalived (vrrp_strict)`);
		}
	}
	for (const host of state.hosts.filter(h => h.kind === 'real-server')) await realServerSetup(state, topology, host);
	if (state.hosts.some(h => h.kind === 'real-server')) actions.push('real servers: ARP sysctls and VIP on lo re-applied');
	const started = await startServices(state, topology, () => {});
	actions.push(...started.map(s => `started ${s}`));
	for (const action of actions) log(action);
	state.faults = [];
	writeState(state);
	const health = await waitHealthy(state, topology, options.timeoutMs ?? 60_000);
	const master = preferredMaster(topology)?.name;
	const backends = expectedBackends(topology);
	return {faults, actions, healthy: health.ok, problems: healthProblems(health.observation, master, backends), observation: health.observation};
}

/**
Restarts keepalived on every director with its log emptied (MASTER first, the others ~1 s later, as
`up` does) and waits until healthy, so the next bundle's keepalived logs read like a freshly
started cluster's rather than carrying earlier faults (the fixture recorder uses it after each heal).
*/
export async function labRestartKeepalived(options: {prefix?: string; timeoutMs?: number} = {}): Promise<{healthy: boolean; problems: string[]}> {
	checkPrerequisites();
	const state = requireState(options.prefix);
	const topology = labTopology(state);
	const directors = state.hosts.filter(h => daemonsOf(state, h).includes('keepalived'));
	for (const host of directors) {
		await stopDaemon(state, host.name, 'keepalived');
		const log = hostRuntime(state, host).keepalivedLog;
		if (existsSync(log)) truncateSync(log, 0);
	}
	await startServices(state, topology, () => {});
	const health = await waitHealthy(state, topology, options.timeoutMs ?? 60_000);
	return {healthy: health.ok, problems: healthProblems(health.observation, preferredMaster(topology)?.name, expectedBackends(topology))};
}

/** How to reach each host of a lab, for `up`'s closing message. */
export function accessLines(state: LabState): string[] {
	return state.hosts.map(h => `  ${h.name.padEnd(8)} ${h.address.padEnd(15)} sudo ip netns exec ${h.ns} bash`);
}

