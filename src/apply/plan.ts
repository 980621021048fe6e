/**
The plan of `setup --apply`: per host, the desired state compared with what the host has now,
giving the steps that close the gap — each with its commands and its undo. A file whose content is
already right gives no step; a host already in the desired state gives none at all (a second apply
changes nothing). `planHostSteps` is pure; `planApply` reads the hosts through their transports.
*/
import {posix} from 'node:path';
import {planSetup} from '../generate/setup-plan.js';
import type {SetupPlan} from '../generate/setup-plan.js';
import {addVipArgv, INIT_SCRIPT_PATH, LO_VIP_UNIT_PATH} from '../generate/lo-vip.js';
import {createTransport, type CreateTransportOptions} from '../transport/spec.js';
import type {Transport} from '../transport/transport.js';
import {unifiedDiff} from '../ui/review/unified-diff.js';
import {readCurrent, type CurrentHost} from './current.js';
import {desiredHosts, type DesiredHost} from './desired.js';
import {addCommands, describeChange, planFirewall, removeCommands} from './firewall.js';
import {backupPath, newRunId} from './paths.js';
import {directDaemon, enableCommands, managerLabel, reloadCommands, serviceName, startCommands, stopCommands} from './services.js';
import type {ApplyPlan, Daemon, HostPlan, PlanStep, ServiceRef, Undo} from './types.js';

/** The temp file a new version is staged in, beside the target (as shown in plans). */
const stagedName = (path: string) => `${posix.dirname(path)}/.lbwiz-new.XXXXXX`;

/** Options of the pure planner. */
export type PlanContext = {runId: string; installPackages?: boolean};

const PACKAGE_OF: Record<Daemon, string> = {keepalived: 'keepalived', haproxy: 'haproxy'};

/** What an undo does, in words. */
export function describeUndo(undo: Undo): string {
	switch (undo.kind) {
		case 'restore-file':
			return `restore ${undo.path} from ${undo.backup}`;
		case 'remove-file':
			return `remove ${undo.path} (lbwiz created it)`;
		case 'sysctl':
			return `set ${undo.key} back to ${undo.value}`;
		case 'remove-address':
			return `remove ${undo.address}/32 from ${undo.dev}`;
		case 'firewall':
			return `remove the VRRP accept rule (${describeChange(undo.change)})`;
		case 'service-stop':
			return `stop ${undo.service.name}${undo.pid !== undefined ? ` (pid ${undo.pid})` : ''}, which lbwiz started`;
		case 'service-disable':
			return `disable ${undo.service.name} at boot again`;
		case 'service-reload':
			return `reload ${undo.service.name} with its restored config`;
		case 'none':
			return `nothing to undo: ${undo.reason}`;
	}
}

/** The commands of an undo, for plans and journals. */
export function undoCommands(undo: Undo): string[][] {
	switch (undo.kind) {
		case 'restore-file':
			return [['cp', '-p', '--', undo.backup, undo.path]];
		case 'remove-file':
			return [['rm', '-f', '--', undo.path]];
		case 'sysctl':
			return [['sysctl', '-w', `${undo.key}=${undo.value}`]];
		case 'remove-address':
			return [['ip', 'addr', 'del', `${undo.address}/32`, 'dev', undo.dev]];
		case 'firewall':
			return removeCommands(undo.change);
		case 'service-stop':
			return stopCommands(undo.service, undo.pid);
		case 'service-disable':
			return enableCommands(undo.service).undo;
		case 'service-reload':
			return reloadCommands(undo.service);
		case 'none':
			return [];
	}
}

/** A host's steps from its desired and current state (pure). Blocking problems go to `problems`. */
export function planHostSteps(desired: DesiredHost, current: CurrentHost, context: PlanContext): HostPlan {
	const plan: HostPlan = {host: desired.host, transport: desired.transport, role: desired.role, roleLabel: desired.roleLabel, steps: [], notes: [], problems: [...current.problems], managers: {}};
	if (!current.reachable) return plan;
	let n = 0;
	const add = <T extends Omit<PlanStep, 'id' | 'host'>>(step: T) => plan.steps.push({id: `${desired.host}#${++n}`, host: desired.host, ...step} as unknown as PlanStep);

	const rcTool = current.tools.chkconfig ? 'chkconfig' : 'update-rc.d';

	// 1. packages
	const missing = desired.daemons.filter(d => !current.tools[d.daemon]).map(d => PACKAGE_OF[d.daemon]);
	if (missing.length > 0) {
		const manager = current.tools['apt-get'] ? 'apt-get' : current.tools.dnf ? 'dnf' : current.tools.yum ? 'yum' : undefined;
		if (!context.installPackages) {
			plan.problems.push(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed on ${desired.host}: install ${missing.length === 1 ? 'it' : 'them'} (${manager ?? 'apt-get'} install ${missing.join(' ')}) or pass --install-packages`);
		} else if (!manager) {
			plan.problems.push(`${missing.join(' and ')} missing on ${desired.host}, and no apt-get, dnf or yum there to install ${missing.length === 1 ? 'it' : 'them'}`);
		} else {
			const argv = manager === 'apt-get' ? [['apt-get', 'update'], ['apt-get', 'install', '-y', ...missing]] : [[manager, 'install', '-y', ...missing]];
			add({kind: 'install-packages', description: `install ${missing.join(', ')} with ${manager}`, argv, undo: {kind: 'none', reason: 'packages are left installed'}, packageManager: manager, packages: missing});
		}
	}
	if (desired.sysctls.length > 0 && !current.tools.sysctl) plan.problems.push(`sysctl is not installed on ${desired.host} (procps)`);
	if (desired.loVips.length > 0 && !current.tools.ip) plan.problems.push(`ip is not installed on ${desired.host} (iproute2)`);

	// 2. files (scripts and settings first, daemon configs last: the desired order)
	const changedFiles = new Set<string>();
	for (const file of desired.files) {
		const now = current.files[file.path];
		if (now?.error) {
			plan.problems.push(`${file.path} on ${desired.host}: ${now.error}`);
			continue;
		}
		const existed = Boolean(now?.exists);
		const execBits = file.mode & 0o111;
		const mode = existed && now?.mode !== undefined ? now.mode | execBits : file.mode;
		const sameContent = existed && now?.content === file.content;
		if (sameContent && mode === now?.mode) continue;
		changedFiles.add(file.path);
		const backup = existed ? backupPath(desired.host, context.runId, file.path) : undefined;
		const what = !existed ? `create ${file.path} (mode ${mode.toString(8).padStart(4, '0')})` : sameContent ? `chmod ${file.path} ${now!.mode!.toString(8).padStart(4, '0')} → ${mode.toString(8).padStart(4, '0')}` : `update ${file.path}`;
		add({
			kind: 'write-file',
			description: `${what}: ${file.purpose}${file.validate ? ` (checked with ${file.validate === 'keepalived' ? 'keepalived -t' : 'haproxy -c'} first)` : ''}`,
			argv: [
				...(backup ? [['cp', '-p', '--', file.path, backup]] : []),
				...(file.validate === 'keepalived' ? [['keepalived', '-t', '-f', stagedName(file.path)]] : file.validate === 'haproxy' ? [['haproxy', '-c', '-f', stagedName(file.path)]] : []),
				['mv', '-f', '--', stagedName(file.path), file.path],
			],
			undo: backup ? {kind: 'restore-file', path: file.path, backup} : {kind: 'remove-file', path: file.path},
			path: file.path,
			content: file.content,
			mode,
			existed,
			...(existed && now?.mode !== undefined ? {previousMode: now.mode} : {}),
			...(file.validate ? {validate: file.validate} : {}),
			diff: sameContent ? [] : unifiedDiff(existed ? now?.content : undefined, file.content, {path: file.path}),
			...(backup ? {backup} : {}),
		});
	}

	// 3. runtime sysctls (the sysctl.d file above keeps them across reboots)
	for (const {key, value} of desired.sysctls) {
		if (!current.tools.sysctl) break;
		const previous = current.sysctls[key];
		if (previous === undefined) {
			const iface = /^net\.ipv4\.conf\.([^.]+)\./.exec(key)?.[1];
			plan.problems.push(`sysctl ${key} does not exist on ${desired.host}${iface && iface !== 'all' && iface !== 'lo' && iface !== 'default' ? ` (is there an interface ${iface.replaceAll('/', '.')}?)` : ''}`);
			continue;
		}
		if (previous === value) continue;
		add({kind: 'sysctl', description: `set ${key} = ${value} now (is ${previous})`, argv: [['sysctl', '-w', `${key}=${value}`]], undo: {kind: 'sysctl', key, value: previous}, key, value, previous});
	}

	// 4. VIPs on lo (LVS DR/TUN real servers), after the ARP sysctls so they are never announced
	desired.loVips.forEach((vip, index) => {
		if (current.loAddresses.includes(vip)) return;
		const tunnel = desired.tunnel && index === 0;
		add({
			kind: 'lo-vip',
			description: `put VIP ${vip}/32 on lo (label lo:${index})${tunnel ? ', ipip tunnel tunl0 up' : ''}`,
			argv: [...(tunnel ? [['modprobe', 'ipip'], ['ip', 'link', 'set', 'tunl0', 'up']] : []), addVipArgv(vip, index)],
			undo: {kind: 'remove-address', address: vip, dev: 'lo'},
			address: vip,
			label: `lo:${index}`,
			tunnel,
		});
	});
	if (desired.loVipPersistence) {
		const p = desired.loVipPersistence;
		const fileChanged = changedFiles.has(LO_VIP_UNIT_PATH) || changedFiles.has(INIT_SCRIPT_PATH);
		if (p.kind === 'systemd' && current.systemd && current.tools.systemctl) {
			if (!current.loVipServiceEnabled || fileChanged) {
				const service: ServiceRef = {name: p.unit, manager: 'systemd'};
				add({kind: 'service-enable', description: `enable ${p.unit} so the VIP is on lo after a reboot`, argv: [['systemctl', 'daemon-reload'], ['systemctl', 'enable', p.unit]], undo: current.loVipServiceEnabled ? {kind: 'none', reason: `${p.unit} was already enabled`} : {kind: 'service-disable', service}, service});
			}
		} else if (p.kind === 'init' && current.tools.service) {
			if (!current.loVipServiceEnabled) {
				const service: ServiceRef = {name: p.name, manager: 'sysv', rcTool};
				const commands = enableCommands(service);
				add({kind: 'service-enable', description: `register ${p.name} so the VIP is on lo after a reboot`, argv: commands.argv, undo: {kind: 'service-disable', service}, service});
			}
		} else if (p.kind !== 'ifcfg') {
			plan.notes.push(`no ${p.kind === 'systemd' ? 'systemd' : 'SysV init'} here: the VIP on lo is set now but nothing puts it back after a reboot`);
		}
	}

	// 5. firewall: VRRP from every peer accepted
	if (desired.vrrp && desired.vrrp.peers.length > 0) {
		const fw = current.firewall;
		if (fw?.error && !fw.facts) plan.notes.push(`the firewall could not be read (${fw.error}); if VRRP adverts are dropped, allow IP protocol 112 from ${desired.vrrp.peers.join(', ')}`);
		const decision = planFirewall({facts: fw?.facts, firewalld: fw?.firewalld, vrrp: desired.vrrp});
		plan.notes.push(...decision.notes);
		for (const change of decision.changes) add({kind: 'firewall', description: describeChange(change), argv: addCommands(change), undo: {kind: 'firewall', change}, change});
	}

	// 6. daemons: HAProxy before keepalived (the tracked check needs HAProxy listening)
	for (const {daemon, config, socket} of desired.daemons) {
		const state = current.services[daemon];
		if (!state) continue;
		plan.managers[daemon] = state.manager;
		const service: ServiceRef = {name: serviceName(daemon), manager: state.manager, daemon, config, ...(state.manager === 'sysv' ? {rcTool} : {}), ...(state.manager === 'none' ? {direct: directDaemon(desired.host, daemon, config, socket)} : {})};
		if (state.manager !== 'none' && state.enabled === false) {
			const commands = enableCommands(service);
			add({kind: 'service-enable', description: `start ${daemon} at boot (${managerLabel(state.manager)})`, argv: commands.argv, undo: {kind: 'service-disable', service}, service});
		}
		if (!state.running) {
			if (state.manager === 'none') plan.notes.push(`${daemon}: ${desired.transport.includes('netns:') ? 'a network namespace has no init system of its own' : 'no init system found'}; lbwiz starts it itself (pid file ${service.direct!.pidFile}) and nothing restarts it after a reboot`);
			add({kind: 'service-start', description: `start ${daemon} (${managerLabel(state.manager)})`, argv: startCommands(service), undo: {kind: 'service-stop', service}, service});
		} else if (changedFiles.has(config)) {
			if (state.manager === 'none' && !state.ours) plan.notes.push(`${daemon} runs as pid ${state.pid} but was not started by lbwiz; lbwiz reloads that process`);
			add({
				kind: 'service-reload',
				description: `reload ${daemon} with the new ${config} (${daemon === 'keepalived' ? 'SIGHUP: the VIP stays' : 'new process takes over the listeners: connections are not dropped'})`,
				argv: reloadCommands(service, state.pid),
				undo: {kind: 'service-reload', service},
				service,
				...(state.pid !== undefined ? {pid: state.pid} : {}),
			});
		}
	}
	return plan;
}

/** Transports by spec, made once and closed together. */
export class TransportPool {
	private readonly made = new Map<string, Transport>();

	constructor(private readonly factory: (spec: string) => Transport = spec => createTransport(spec)) {}

	/** The transport of a spec (one per spec). */
	get(spec: string): Transport {
		let transport = this.made.get(spec);
		if (!transport) {
			transport = this.factory(spec);
			this.made.set(spec, transport);
		}
		return transport;
	}

	async close(): Promise<void> {
		await Promise.all([...this.made.values()].map(t => t.close().catch(() => {})));
		this.made.clear();
	}
}

export type PlanApplyOptions = {
	/** lbwiz.yaml */
	answers: string;
	/** the already loaded and rendered topology (setup's planSetup); loaded from `answers` when absent */
	setup?: SetupPlan;
	/** only these hosts */
	hosts?: readonly string[];
	installPackages?: boolean;
	transports: TransportPool;
	runId?: string;
	now?: Date;
	/** pins the version in file headers (tests) */
	version?: string;
	transportOptions?: CreateTransportOptions;
};

/** The setup plan (rendered files) and the apply plan (steps from each host's current state). */
export async function planApply(options: PlanApplyOptions): Promise<{setup: SetupPlan; plan: ApplyPlan; desired: DesiredHost[]}> {
	const setup = options.setup ?? (await planSetup({answers: options.answers, ...(options.hosts ? {hosts: options.hosts} : {}), ...(options.version ? {version: options.version} : {})}));
	const now = options.now ?? new Date();
	const runId = options.runId ?? newRunId(now);
	const desired = desiredHosts(setup.topology, setup.hosts);
	const hosts = await Promise.all(
		desired.map(async d => {
			let current: CurrentHost;
			try {
				current = await readCurrent(options.transports.get(d.transport), d);
			} catch (error) {
				current = {reachable: false, problems: [`cannot read ${d.host}: ${(error as Error).message}`], systemd: false, initScripts: [], tools: {}, files: {}, sysctls: {}, loAddresses: [], services: {}};
			}
			return planHostSteps(d, current, {runId, installPackages: options.installPackages});
		}),
	);
	return {setup, desired, plan: {runId, cluster: setup.topology.name, file: options.answers, createdAt: now.toISOString(), hosts}};
}
