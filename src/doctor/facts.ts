/**
Facts over a Bundle: the raw facts of every host plus derived views computed once (parsed configs, host
roles, VRRP groups across directors, VIP holders, advert sources, firewall verdicts). Checks read only
this object — ESLint's SourceCode, popeye's in-memory DB — and never see a transport or a clock.
*/
import type {Bundle, Evidence, FactKey, FactResult, FactValues, HostBundle, SecretRef, VrrpAdvert} from '../collect/types.js';
import type {EvidenceRef} from './report-model.js';
import type {CheckRole} from './define-check.js';
import type {HaproxyView, KaInstance, KaScript, KaVip, KeepalivedView, Pos} from './config-view.js';
import {buildHaproxyView, buildKeepalivedView} from './config-adapters.js';
import {evaluateVrrp, type VrrpVerdict} from './firewall-verdict.js';
import {lintCollected} from './lint-adapter.js';
import type {Diagnostic} from '../lint/diagnostic.js';
import {ipv4ToNumber, sameSubnet} from '../model/ipv4.js';
import {topologyHosts} from '../model/hosts.js';

/** An IPv4 address of a host, flattened from `net.addresses`. */
export type HostAddress = {host: string; ifname: string; address: string; prefix: number; operstate: string; label?: string};

/** A real server reached by LVS direct routing or tunnelling (from config, the topology, or inferred from a VIP on lo). */
export type DirectRealServer = {
	address: string;
	host?: string;
	vip: string;
	kind: 'DR' | 'TUN';
	director?: string;
	pos?: Pos;
	/** not configured anywhere: 'own' = the host carries a VIP on lo; 'sibling' = another real server does */
	inferred?: 'own' | 'sibling';
	witness?: string;
};

/** One director's instance inside a VRRP group. */
export type VrrpMember = KaInstance & {
	/** keepalived is running on this host (undefined: unknown) */
	running?: boolean;
	/** runtime state from keepalived.data, else the last log transition */
	runtimeState?: string;
	effectivePriority?: number;
	/** the VIPs of this instance the host holds right now */
	holds: string[];
	/** this host's address on the instance's interface (what its adverts come from) */
	sourceAddress?: string;
	keepalivedVersion?: string;
};

/** Instances of several directors that share a VIP or a VRID: one VRRP router, seen from each member. */
export type VrrpGroup = {
	/** stable key, e.g. 'VI_1' or 'vrid-51' */
	key: string;
	vrids: number[];
	vips: string[];
	members: VrrpMember[];
};


/** An advert source seen by any capture. */
export type AdvertSource = {src: string; host?: string; seenBy: string[]; adverts: Array<VrrpAdvert & {seenBy: string}>};

const VIP_FREE_INTERFACES = new Set(['lo']);

/** Parses a dotted version (`2.2.7`) for comparisons; missing parts are 0. */
export function parseVersion(text: string | undefined): number[] | undefined {
	const match = text ? /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text) : null;
	return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** -1, 0 or 1 as `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: number[], b: number[]): number {
	for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0) ? -1 : 1;
	return 0;
}

const bareAddress = (text: string) => text.split('/')[0];

/** The facts of one bundle with derived views; everything is computed lazily and once. */
export class Facts {
	readonly bundle: Bundle;
	/** the time the facts describe (the bundle's creation), never the wall clock */
	readonly now: Date;
	private readonly cache = new Map<string, unknown>();
	private readonly hostMap: Map<string, HostBundle>;

	constructor(bundle: Bundle, options: {now?: Date} = {}) {
		this.bundle = bundle;
		this.now = options.now ?? new Date(bundle.createdAt);
		this.hostMap = new Map(bundle.hosts.map(host => [host.name, host]));
	}

	private memo<T>(key: string, compute: () => T): T {
		if (!this.cache.has(key)) this.cache.set(key, compute());
		return this.cache.get(key) as T;
	}

	/** Host names in bundle order. */
	hostNames(): string[] {
		return this.bundle.hosts.map(host => host.name);
	}

	host(name: string): HostBundle | undefined {
		return this.hostMap.get(name);
	}

	/** The raw FactResult of a host, if collected. */
	result<K extends FactKey>(host: string, key: K): FactResult<FactValues[K]> | undefined {
		return this.hostMap.get(host)?.facts[key] as FactResult<FactValues[K]> | undefined;
	}

	/** The value of a fact when it is ok. */
	get<K extends FactKey>(host: string, key: K): FactValues[K] | undefined {
		const result = this.result(host, key);
		return result?.status === 'ok' ? result.value : undefined;
	}

	/** Why a fact is missing on a host (the collector's reason), or undefined when it is there. */
	missingReason(host: string, key: FactKey): string | undefined {
		const bundleHost = this.hostMap.get(host);
		if (!bundleHost) return `${host} is not in the bundle`;
		if (!bundleHost.reachable) return `${host} unreachable${bundleHost.unreachableReason ? `: ${bundleHost.unreachableReason}` : ''}`;
		const result = bundleHost.facts[key];
		if (!result) return `${key} was not collected on ${host}`;
		if (result.status === 'unavailable') return `${key} on ${host}: ${result.reason}`;
		return undefined;
	}

	/**
	Why a fact that should be there is not: the host is unreachable or the collector failed. Undefined for
	facts that were simply not collected on this host (collectors skip hosts where they do not apply).
	*/
	unavailableReason(host: string, key: FactKey): string | undefined {
		const bundleHost = this.hostMap.get(host);
		if (!bundleHost || bundleHost.reachable) return bundleHost?.facts[key]?.status === 'unavailable' ? this.missingReason(host, key) : undefined;
		return this.missingReason(host, key);
	}

	/** Evidence ids a fact of a host came from. */
	evidenceOf(host: string, key: FactKey): string[] {
		return this.result(host, key)?.evidence ?? [];
	}

	evidence(id: string): Evidence | undefined {
		return this.bundle.evidence[id];
	}

	/**
	Evidence references for a fact: one per evidence record that `match` selects (by its command line or
	its output lines), with the output lines matching `options.lines` (else `match`) as the excerpt.
	*/
	refs(host: string, key: FactKey, match?: RegExp | string | ((line: string) => boolean), options: {max?: number; note?: string; lines?: (line: string) => boolean} = {}): EvidenceRef[] {
		const ids = this.evidenceOf(host, key);
		const test = typeof match === 'function' ? match : typeof match === 'string' ? (line: string) => line.includes(match) : match ? (line: string) => match.test(line) : undefined;
		const refs: EvidenceRef[] = [];
		for (const id of ids) {
			const record = this.bundle.evidence[id];
			if (!record) continue;
			const lines = `${record.stdout}\n${record.stderr}`.split('\n').filter(line => line.trim() !== '');
			const argvMatches = test ? test(record.argv.join(' ')) : false;
			const matching = test ? lines.filter(test) : lines;
			if (test && !argvMatches && matching.length === 0 && ids.length > 1) continue;
			const picked = options.lines ? lines.filter(options.lines) : argvMatches ? lines : matching;
			refs.push({evidenceId: id, host, excerpt: picked.slice(0, options.max ?? 6).join('\n'), ...(options.note ? {note: options.note} : {})});
		}
		if (refs.length === 0 && ids.length === 0) refs.push({host, note: `${key}${options.note ? `: ${options.note}` : ''}`});
		return refs;
	}

	/** The evidence id of a fact whose command line matches `pattern` (e.g. the `show stat` call among several). */
	evidenceIdOf(host: string, key: FactKey, pattern: RegExp): string | undefined {
		return this.evidenceOf(host, key).find(id => pattern.test(this.bundle.evidence[id]?.argv.join(' ') ?? ''));
	}

	/** The text of one line of a collected config file. */
	configLine(host: string, pos: Pos | undefined): string | undefined {
		if (!pos) return undefined;
		for (const key of ['keepalived.config', 'haproxy.config'] as const) {
			const file = this.get(host, key)?.files.find(f => f.path === pos.file);
			if (file) return file.content.split('\n')[pos.line - 1]?.trim();
		}
		return undefined;
	}

	/** An evidence reference to a config position, with the line as excerpt. */
	configRef(host: string, pos: Pos | undefined, note?: string): EvidenceRef {
		if (!pos) return {host, ...(note ? {note} : {})};
		const excerpt = this.configLine(host, pos);
		return {host, file: pos.file, line: pos.line, ...(excerpt ? {excerpt} : {}), ...(note ? {note} : {})};
	}

	// ---- configs ---------------------------------------------------------------------------------

	/** The keepalived view of a host (parsed once), or undefined without a config. */
	keepalived(host: string): KeepalivedView | undefined {
		return this.memo(`ka:${host}`, () => {
			const config = this.get(host, 'keepalived.config');
			return config ? buildKeepalivedView(host, config) : undefined;
		});
	}

	/** The HAProxy view of a host (parsed once), or undefined without a config. */
	haproxy(host: string): HaproxyView | undefined {
		return this.memo(`ha:${host}`, () => {
			const config = this.get(host, 'haproxy.config');
			return config ? buildHaproxyView(host, config) : undefined;
		});
	}

	/** Linter diagnostics for a host's collected configs (keepalived and HAProxy), computed once. */
	lint(host: string): Array<Diagnostic & {tool: 'keepalived' | 'haproxy'}> {
		return this.memo(`lint:${host}`, () => lintCollected(this.get(host, 'keepalived.config'), this.get(host, 'haproxy.config')));
	}

	/** A vrrp_script of a host by name. */
	script(host: string, name: string): KaScript | undefined {
		return this.keepalived(host)?.scripts.find(script => script.name === name);
	}

	// ---- addresses and roles -------------------------------------------------------------------

	/** IPv4 addresses of a host. */
	addresses(host: string): HostAddress[] {
		return this.memo(`addr:${host}`, () =>
			(this.get(host, 'net.addresses') ?? []).flatMap(iface =>
				iface.addresses
					.filter(address => address.family === 'inet')
					.map(address => ({host, ifname: iface.ifname, address: address.local, prefix: address.prefixlen, operstate: iface.operstate, ...(address.label ? {label: address.label} : {})})),
			),
		);
	}

	/**
	An evidence reference to a host's addresses, the excerpt in `ip -br addr` form (the JSON the collector
	records is one long line); `filter` keeps the interfaces of interest.
	*/
	addressRef(host: string, note?: string, filter?: (iface: {ifname: string; addresses: string[]}) => boolean): EvidenceRef {
		const [id] = this.evidenceOf(host, 'net.addresses');
		const lines = (this.get(host, 'net.addresses') ?? [])
			.map(iface => ({ifname: iface.ifname, state: iface.operstate, addresses: iface.addresses.map(a => `${a.local}/${a.prefixlen}`)}))
			.filter(iface => !filter || filter(iface))
			.map(iface => `${iface.ifname.padEnd(10)} ${iface.state.padEnd(8)} ${iface.addresses.join(' ')}`.trimEnd());
		return {host, ...(id ? {evidenceId: id} : {}), excerpt: lines.join('\n'), ...(note ? {note} : {})};
	}

	/** Every VIP configured in any keepalived config or the topology (address only). */
	allVips(): string[] {
		return this.memo('vips', () => {
			const vips = new Set<string>();
			for (const host of this.hostNames()) for (const instance of this.keepalived(host)?.instances ?? []) for (const vip of instance.vips) vips.add(vip.address);
			for (const vip of this.bundle.topology?.vrrp?.vips ?? []) vips.add(bareAddress(vip));
			return [...vips];
		});
	}

	/** The host that owns an address (not counting VIPs and loopback), from collected addresses, else the topology. */
	hostByAddress(address: string): string | undefined {
		return this.memo(`owner:${address}`, () => {
			const vips = new Set(this.allVips());
			if (!vips.has(address)) {
				for (const host of this.hostNames()) if (this.addresses(host).some(a => a.address === address && !VIP_FREE_INTERFACES.has(a.ifname))) return host;
			}
			const topology = this.bundle.topology;
			if (topology) {
				const match = topologyHosts(topology).find(h => h.address === address);
				if (match && this.hostMap.has(match.name)) return match.name;
			}
			return undefined;
		});
	}

	/** Primary (non-VIP) addresses of a host: collected, else the topology's address. */
	ownAddresses(host: string): string[] {
		const vips = new Set(this.allVips());
		const collected = this.addresses(host).filter(a => !VIP_FREE_INTERFACES.has(a.ifname) && !vips.has(a.address)).map(a => a.address);
		if (collected.length > 0) return collected;
		const topo = this.bundle.topology ? topologyHosts(this.bundle.topology).find(h => h.name === host) : undefined;
		return topo ? [topo.address] : [];
	}

	/** Addresses of real servers configured on directors (keepalived real_server) and HAProxy nodes (server lines). */
	realServerAddresses(): Array<{address: string; port?: number; via: 'lvs' | 'haproxy'; kind?: string; director: string; vip?: string; vport?: number; pos: Pos}> {
		return this.memo('rs', () => {
			const out: Array<{address: string; port?: number; via: 'lvs' | 'haproxy'; kind?: string; director: string; vip?: string; vport?: number; pos: Pos}> = [];
			for (const host of this.hostNames()) {
				for (const vs of this.keepalived(host)?.virtualServers ?? []) {
					for (const real of vs.reals) out.push({address: real.address, port: real.port, via: 'lvs', kind: vs.lbKind, director: host, vip: vs.address, vport: vs.port, pos: real.pos});
				}
				for (const server of this.haproxy(host)?.servers ?? []) if (server.address) out.push({address: server.address, port: server.port, via: 'haproxy', director: host, pos: server.pos});
			}
			return out;
		});
	}

	/**
	Real servers reached by direct routing or tunnelling (LVS DR/TUN): they must carry the VIP on a
	non-ARP interface and suppress ARP for it. From keepalived virtual_server blocks and the topology.
	*/
	directRealServers(): DirectRealServer[] {
		return this.memo('dr', () => {
			const out = new Map<string, DirectRealServer>();
			for (const rs of this.realServerAddresses()) {
				if (rs.via !== 'lvs' || !rs.vip || (rs.kind !== 'DR' && rs.kind !== 'TUN')) continue;
				const key = `${rs.address}|${rs.vip}`;
				if (!out.has(key)) out.set(key, {address: rs.address, host: this.hostByAddress(rs.address), vip: rs.vip, kind: rs.kind, director: rs.director, pos: rs.pos});
			}
			const topology = this.bundle.topology;
			for (const service of topology?.lvs ?? []) {
				if (service.forwarding === 'NAT') continue;
				for (const member of service.real_servers) {
					const name = typeof member === 'string' ? member : member.name;
					const server = topology!.real_servers.find(r => r.name === name);
					if (!server) continue;
					const key = `${server.address}|${service.vip}`;
					if (!out.has(key)) out.set(key, {address: server.address, host: this.hostMap.has(name) ? name : this.hostByAddress(server.address), vip: service.vip, kind: service.forwarding as 'DR' | 'TUN'});
				}
			}
			// Without LVS config: a real server carrying a VIP on lo is set up for DR, and so should its siblings be.
			const realServers = this.hostNames().filter(h => this.hasRole(h, 'realserver') && !this.hasRole(h, 'director') && this.get(h, 'net.addresses'));
			for (const vip of this.allVips()) {
				const carriers = realServers.filter(h => this.vipOnLoopback(h, vip));
				if (carriers.length === 0) continue;
				for (const host of realServers) {
					const address = this.ownAddresses(host)[0];
					if (!address || [...out.values()].some(e => e.host === host && e.vip.split('/')[0] === vip)) continue;
					const carries = carriers.includes(host);
					out.set(`${address}|${vip}`, {address, host, vip, kind: 'DR', inferred: carries ? 'own' : 'sibling', ...(carries ? {} : {witness: carriers[0]})});
				}
			}
			return [...out.values()];
		});
	}

	/** Roles of a host, inferred from its configs, processes and the topology. */
	roles(host: string): CheckRole[] {
		return this.memo(`roles:${host}`, () => {
			const roles = new Set<CheckRole>();
			const ka = this.keepalived(host);
			if ((ka && (ka.instances.length > 0 || ka.virtualServers.length > 0)) || this.processRunning(host, 'keepalived')) roles.add('director');
			// a packaged haproxy.cfg without any listener (Debian's default) does not make an HAProxy node
			if ((this.haproxy(host)?.binds.length ?? 0) > 0 || this.processRunning(host, 'haproxy')) roles.add('haproxy');
			const topology = this.bundle.topology;
			const topo = topology ? topologyHosts(topology).find(h => h.name === host) : undefined;
			if (topo) {
				if (topo.roles.includes('vrrp') || topo.roles.includes('lvs-director')) roles.add('director');
				if (topo.roles.includes('haproxy')) roles.add('haproxy');
				if (topo.roles.includes('lvs-real-server') || topo.roles.includes('backend')) roles.add('realserver');
				if (topo.roles.includes('client')) roles.add('client');
			}
			const own = new Set(this.ownAddresses(host));
			if (this.realServerAddresses().some(rs => own.has(rs.address) && rs.director !== host)) roles.add('realserver');
			return [...roles];
		});
	}

	hasRole(host: string, role: CheckRole): boolean {
		return this.roles(host).includes(role);
	}

	/** Hosts with a role, in bundle order. */
	hostsWithRole(role: CheckRole): string[] {
		return this.hostNames().filter(host => this.hasRole(host, role));
	}

	/** Directors (hosts running or configured with keepalived). */
	directors(): string[] {
		return this.hostsWithRole('director');
	}

	// ---- processes and services ------------------------------------------------------------------

	/** Whether a daemon runs on the host (service.state, else process.list); undefined when unknown. */
	processRunning(host: string, name: 'keepalived' | 'haproxy'): boolean | undefined {
		const state = this.get(host, 'service.state')?.find(service => service.name === name);
		if (state) return state.running;
		const processes = this.get(host, 'process.list');
		if (processes) return processes.some(p => p.comm === name && p.state !== 'Z');
		return undefined;
	}

	/** Arguments of the host's running daemon (first live process), when process.list has them. */
	processArgs(host: string, name: 'keepalived' | 'haproxy'): string[] | undefined {
		const processes = this.get(host, 'process.list')?.filter(p => p.comm === name && p.state !== 'Z') ?? [];
		return processes[0]?.args;
	}

	/**
	The absolute path of a daemon's program on the host: where the probe's `command -v` found it
	(host.info), else the absolute argv[0] of one of its live processes; undefined when neither says.
	*/
	programPath(host: string, name: 'keepalived' | 'haproxy'): string | undefined {
		const probed = this.get(host, 'host.info')?.paths?.[name];
		if (probed?.startsWith('/')) return probed;
		const argv0 = this.processArgs(host, name)?.[0];
		return argv0?.startsWith('/') ? argv0 : undefined;
	}

	/** keepalived runs VRRP only (`-P` / `--vrrp`): virtual servers are deliberately not managed. */
	keepalivedVrrpOnly(host: string): boolean {
		const args = this.processArgs(host, 'keepalived') ?? [];
		return args.some(arg => arg === '-P' || arg === '--vrrp' || /^-[A-Za-z]*P[A-Za-z]*$/.test(arg));
	}

	/** The init system that manages a daemon on a host, when known. */
	init(host: string, name: 'keepalived' | 'haproxy'): 'systemd' | 'sysv' | 'none' | undefined {
		return this.get(host, 'service.state')?.find(service => service.name === name)?.init;
	}

	/**
	keepalived log lines since it last read its configuration — its last start or reload (SIGHUP logs
	"Reloading ..."): older lines describe a configuration that is no longer in force.
	*/
	logSinceStart(host: string): string[] {
		return this.memo(`log:${host}`, () => {
			const lines = this.get(host, 'keepalived.log')?.lines ?? [];
			let start = -1;
			lines.forEach((line, index) => {
				if (/Starting Keepalived v\d|Reloading \.\.\.$|: Reloading$/.test(line) && !(start === index - 1 && /Reloading$/.test(line))) start = index;
			});
			return start >= 0 ? lines.slice(start) : lines;
		});
	}

	/** Log lines (since start) matching `pattern`. */
	logLines(host: string, pattern: RegExp): string[] {
		return this.logSinceStart(host).filter(line => pattern.test(line));
	}

	/** An evidence reference to the log lines matching `pattern`, or undefined when none match. */
	logRef(host: string, pattern: RegExp, note?: string, max = 4): EvidenceRef | undefined {
		const lines = this.logLines(host, pattern);
		if (lines.length === 0) return undefined;
		const ids = this.evidenceOf(host, 'keepalived.log');
		const id = ids.find(candidate => this.bundle.evidence[candidate]?.stdout.includes(lines[0])) ?? ids.at(-1);
		const shown = lines.length > max ? [...lines.slice(0, max - 1), `… (${lines.length - max + 1} more)`, lines.at(-1)!] : lines;
		return {host, ...(id ? {evidenceId: id} : {}), excerpt: shown.join('\n'), ...(note ? {note} : {})};
	}

	/**
	Evidence that a daemon runs or not on a host, excerpted from the parsed process list (this host's
	network namespace only) and service state rather than the raw collector output.
	*/
	daemonRefs(host: string, name: 'keepalived' | 'haproxy'): EvidenceRef[] {
		const refs: EvidenceRef[] = [];
		const processes = this.get(host, 'process.list');
		if (processes) {
			const own = processes.filter(p => p.comm === name);
			const [id] = this.evidenceOf(host, 'process.list');
			refs.push({host, ...(id ? {evidenceId: id} : {}), excerpt: own.length > 0 ? own.map(p => `${p.pid} ${p.state ?? ''} ${p.args.join(' ')}`.replace(/\s+/g, ' ')).join('\n') : `no ${name} process on ${host} (${processes.length} process(es) of interest: ${processes.map(p => `${p.comm} ${p.pid}`).join(', ') || 'none'})`});
		}
		const service = this.get(host, 'service.state')?.find(s => s.name === name);
		if (service) {
			const ids = this.evidenceOf(host, 'service.state');
			const argvOf = (candidate: string) => this.bundle.evidence[candidate]?.argv ?? [];
			const id = ids.find(c => ['systemctl', 'service'].includes(argvOf(c)[0]) && argvOf(c).some(w => w.startsWith(name))) ?? ids.find(c => argvOf(c).includes(name)) ?? ids[0];
			refs.push({host, ...(id ? {evidenceId: id} : {}), excerpt: `${name}: init ${service.init}${service.active ? `, state "${service.active}"` : ''}${service.enabled ? `, ${service.enabled}` : ''}, running: ${service.running ? `yes (pid ${service.pids.join(', ')})` : 'no'}`});
		}
		return refs;
	}

	/** keepalived's version on a host (`2.2.7`). */
	keepalivedVersion(host: string): string | undefined {
		return this.get(host, 'keepalived.version')?.version;
	}

	/** A sysctl value of a host. */
	sysctl(host: string, key: string): string | undefined {
		return this.get(host, 'net.sysctl')?.[key];
	}

	// ---- VIPs ----------------------------------------------------------------------------------------

	/** Hosts that hold `vip` on a non-loopback interface, with where. Only hosts whose addresses were collected. */
	vipHolders(vip: string): HostAddress[] {
		const address = bareAddress(vip);
		return this.hostNames().flatMap(host => this.addresses(host).filter(a => a.address === address && !VIP_FREE_INTERFACES.has(a.ifname)));
	}

	/** Where a host carries `vip` on loopback (DR/TUN real servers). */
	vipOnLoopback(host: string, vip: string): HostAddress | undefined {
		return this.addresses(host).find(a => a.address === bareAddress(vip) && VIP_FREE_INTERFACES.has(a.ifname));
	}

	// ---- VRRP ---------------------------------------------------------------------------------------

	/** Runtime state of an instance: keepalived.data, else the last transition in the log. */
	runtimeState(host: string, instance: string): {state?: string; effectivePriority?: number; source?: 'data' | 'log'} {
		const data = this.get(host, 'keepalived.data')?.instances.find(i => i.name === instance);
		if (data?.state) return {state: data.state, effectivePriority: data.effectivePriority, source: 'data'};
		const transitions = this.get(host, 'keepalived.log')?.transitions.filter(t => t.instance === instance) ?? [];
		const last = transitions.at(-1);
		const changes = this.logLines(host, new RegExp(`\\(${instance.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) Changing effective priority from \\d+ to \\d+`));
		const changed = changes.length > 0 ? Number(/to (\d+)/.exec(changes.at(-1)!)![1]) : undefined;
		const effectivePriority = data?.effectivePriority ?? changed;
		return {...(last ? {state: last.state, source: 'log' as const} : {}), ...(effectivePriority !== undefined ? {effectivePriority} : {})};
	}

	/**
	VRRP groups: instances of every director linked when they share a VIP or a VRID (so a VRID typo still
	lands in its VIP's group, and a VIP typo in its VRID's group). Ordered by first appearance.
	*/
	vrrpGroups(): VrrpGroup[] {
		return this.memo('groups', () => {
			const instances: KaInstance[] = this.hostNames().flatMap(host => this.keepalived(host)?.instances ?? []);
			const parent = instances.map((_, i) => i);
			const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
			const union = (a: number, b: number) => {
				const [ra, rb] = [find(a), find(b)];
				if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
			};
			for (let i = 0; i < instances.length; i++) {
				for (let j = i + 1; j < instances.length; j++) {
					const [a, b] = [instances[i], instances[j]];
					if (a.host === b.host) continue;
					const sharesVip = a.vips.some(v => b.vips.some(w => w.address === v.address));
					const sharesVrid = a.vrid !== undefined && a.vrid === b.vrid && (a.vips.length === 0 || b.vips.length === 0 || a.name === b.name || !this.vipsElsewhere(a, b));
					if (sharesVip || sharesVrid) union(i, j);
				}
			}
			const groups = new Map<number, KaInstance[]>();
			instances.forEach((instance, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), instance]));
			return [...groups.values()].map(members => {
				const vrids = [...new Set(members.map(m => m.vrid).filter((v): v is number => v !== undefined))];
				const vips = [...new Set(members.flatMap(m => m.vips.map(v => v.address)))];
				const names = [...new Set(members.map(m => m.name))];
				return {key: names.length === 1 ? names[0] : `vrid-${vrids.join('-')}`, vrids, vips, members: members.map(m => this.member(m))};
			});
		});
	}

	/** True when `a` and `b` have VIPs that belong to other instances with a VIP in common (two real routers). */
	private vipsElsewhere(a: KaInstance, b: KaInstance): boolean {
		const all = this.hostNames().flatMap(host => this.keepalived(host)?.instances ?? []);
		const partnersOf = (x: KaInstance) => all.filter(y => y.host !== x.host && y !== x && y.vips.some(v => x.vips.some(w => w.address === v.address)));
		return partnersOf(a).some(p => p.host === b.host) || partnersOf(b).some(p => p.host === a.host);
	}

	private member(instance: KaInstance): VrrpMember {
		const runtime = this.runtimeState(instance.host, instance.name);
		const held = new Set(this.addresses(instance.host).filter(a => !VIP_FREE_INTERFACES.has(a.ifname)).map(a => a.address));
		const onInterface = this.addresses(instance.host).filter(a => a.ifname === instance.interface && !this.allVips().includes(a.address));
		return {
			...instance,
			running: this.processRunning(instance.host, 'keepalived'),
			...(runtime.state ? {runtimeState: runtime.state} : {}),
			...((runtime.effectivePriority ?? this.priorityFromScripts(instance)) !== undefined ? {effectivePriority: runtime.effectivePriority ?? this.priorityFromScripts(instance)} : {}),
			holds: instance.vips.map(v => v.address).filter(vip => held.has(vip)),
			sourceAddress: instance.unicastSrcIp ?? onInterface[0]?.address ?? this.ownAddresses(instance.host)[0],
			keepalivedVersion: this.keepalivedVersion(instance.host),
		};
	}

	/**
	Effective priority from the last logged result of every tracked script (`VRRP_Script(x) succeeded` /
	`failed`): positive weights count on success, negative ones on failure. Undefined when a result is unknown.
	*/
	private priorityFromScripts(instance: KaInstance): number | undefined {
		if (instance.trackScripts.length === 0 || instance.priority === 255) return undefined;
		let priority = instance.priority;
		for (const track of instance.trackScripts) {
			const weight = track.weight ?? this.script(instance.host, track.name)?.weight ?? 0;
			const name = track.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			const last = this.logLines(instance.host, new RegExp(`VRRP_Script\\(${name}\\) (succeeded|failed|timed_out)|Script \`${name}\` now returning`)).at(-1);
			if (!last) return undefined;
			const ok = /succeeded|now returning 0\b/.test(last);
			if ((weight > 0 && ok) || (weight < 0 && !ok)) priority += weight;
		}
		return Math.min(254, Math.max(1, priority));
	}

	/** Adverts captured on each host, tagged with the capturing host. */
	adverts(): Array<VrrpAdvert & {seenBy: string}> {
		return this.memo('adverts', () => this.hostNames().flatMap(host => (this.get(host, 'vrrp.adverts')?.adverts ?? []).map(advert => ({...advert, seenBy: host}))));
	}

	/** Advert sources, each mapped to a known host when its address belongs to one. */
	advertsBySource(): AdvertSource[] {
		return this.memo('sources', () => {
			const sources = new Map<string, AdvertSource>();
			for (const advert of this.adverts()) {
				const source = sources.get(advert.src) ?? {src: advert.src, host: this.hostByAddress(advert.src), seenBy: [], adverts: []};
				if (!source.seenBy.includes(advert.seenBy)) source.seenBy.push(advert.seenBy);
				source.adverts.push(advert);
				sources.set(advert.src, source);
			}
			return [...sources.values()];
		});
	}

	/** Hosts whose VRRP capture is available (so "no advert seen" means something). */
	capturingHosts(): string[] {
		return this.hostNames().filter(host => this.get(host, 'vrrp.adverts') !== undefined);
	}

	/** Seconds of the capture window of a host (or the bundle's). */
	captureSeconds(host?: string): number {
		return (host ? this.get(host, 'vrrp.adverts')?.seconds : undefined) ?? this.bundle.capture.seconds;
	}

	// ---- firewall ------------------------------------------------------------------------------------

	/** Whether VRRP from `peers` to this host is accepted on input (firewall evaluator over firewall.ruleset). */
	vrrpVerdict(host: string, options: {interface?: string; peers?: string[]; unicastTo?: string} = {}): VrrpVerdict | undefined {
		const ruleset = this.get(host, 'firewall.ruleset');
		if (!ruleset) return undefined;
		return evaluateVrrp(ruleset, options);
	}

	// ---- misc -----------------------------------------------------------------------------------------

	/** Whether `address` lies in the subnet of one of the interface's own addresses on the host. */
	inInterfaceSubnet(host: string, ifname: string, address: string): boolean {
		return this.addresses(host).some(a => a.ifname === ifname && a.address !== address && a.prefix < 32 && sameSubnet(a.address, address, a.prefix));
	}

	/** Orders addresses numerically (for stable messages). */
	static byAddress(a: string, b: string): number {
		return ipv4ToNumber(a) - ipv4ToNumber(b);
	}
}

/** True when two secrets are known to differ in what VRRPv2 PASS compares (the first 8 characters). */
export function secretsDiffer8(a: SecretRef | undefined, b: SecretRef | undefined): boolean {
	if (!a || !b) return false;
	return a.fingerprint8 !== b.fingerprint8;
}

/** A VIP as `address/prefix`. */
export const vipText = (vip: KaVip): string => (vip.prefix !== undefined ? `${vip.address}/${vip.prefix}` : vip.address);
