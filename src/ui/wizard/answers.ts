/**
The wizard's answers: a flat, editable form of lbwiz.yaml (one value per question), the defaults
taken from host detection, and the two conversions answers → topology and topology → answers.
Pure: no I/O, no React.
*/
import type {Topology, TopologyInput} from '../../model/schema.js';
import {ipv4ToNumber, numberToIpv4, splitCidr} from '../../model/ipv4.js';
import {ARCHITECTURES, architectureOf, type ArchitectureId} from './architectures.js';
import type {Detection} from './detect.js';

export type HostAnswer = {name: string; address: string; interface: string; transport: string};
export type DirectorAnswer = HostAnswer & {state: 'MASTER' | 'BACKUP'; priority: number};
export type RealServerAnswer = HostAnswer & {port: number; weight: number};
export type CheckType = 'TCP_CHECK' | 'HTTP_GET' | 'SSL_GET' | 'MISC_CHECK';
/** `.php=dynamic`: what a request must match (see parseRoute) and the backend it goes to. */
export type RouteAnswer = {match: string; backend: string; /** kept from a loaded lbwiz.yaml */ acl?: string};

export type WizardAnswers = {
	architecture: ArchitectureId;
	name: string;
	directors: DirectorAnswer[];
	vrrp: {
		vips: string[];
		vrid: number;
		advertInt: number;
		/** '' = no authentication */
		authPass: string;
		unicast: boolean;
		preempt: boolean;
		trackHaproxy: boolean;
		trackWeight: number;
	};
	lvs: {
		ports: number[];
		protocol: 'TCP' | 'UDP';
		scheduler: string;
		forwarding: 'DR' | 'NAT' | 'TUN';
		persistence: number;
	};
	check: {
		type: CheckType;
		connectTimeout: number;
		retry: number;
		delayBeforeRetry: number;
		delayLoop: number;
		/** 0 = the service port */
		connectPort: number;
		path: string;
		statusCode: number;
		script: string;
	};
	/** web servers: LVS real servers, or HAProxy's backend servers */
	realServers: RealServerAnswer[];
	/** three-tier only: the HAProxy nodes (LVS real servers) */
	haproxyNodes: HostAnswer[];
	haproxy: {
		/** the bind address part (`*`, or an address from a loaded lbwiz.yaml) */
		bindAddress: string;
		/** frontend name; '' = `http-in` / `tcp-in` by mode */
		frontendName: string;
		port: number;
		mode: 'http' | 'tcp';
		balance: string;
		/** 'GET /' style HTTP check; '' = TCP connect check */
		httpCheck: string;
		/** backend name → its own check, when there are several groups */
		backendChecks: Record<string, string>;
		/** persistence cookie name; '' = none */
		cookie: string;
		defaultBackend: string;
		routes: RouteAnswer[];
		/** backend name → server names; a backend missing here gets every web server */
		backendServers: Record<string, string[]>;
		stats: {enabled: boolean; port: number; uri: string; user: string; password: string};
	};
	/** The topology the answers were loaded from: settings the wizard does not ask about are kept from it. */
	base?: TopologyInput;
};

/** A network to take default addresses from: this host's address in it (detection), or TEST-NET-3's network address. */
export type Subnet = {address: string; prefix: number; interface: string};

const FALLBACK_SUBNET: Subnet = {address: '203.0.113.0', prefix: 24, interface: 'eth0'};

/** The n-th address of the subnet (`.n`), skipping `avoid`; falls back to 203.0.113.n when the subnet is too small. */
export function hostInSubnet(subnet: Subnet, n: number, avoid: readonly string[] = []): string {
	const size = 2 ** (32 - subnet.prefix);
	const network = Math.floor(ipv4ToNumber(subnet.address) / size) * size;
	for (let k = n; k < size - 1; k++) {
		const candidate = numberToIpv4(network + k);
		if (!avoid.includes(candidate)) return candidate;
	}
	return `203.0.113.${n}`;
}

/** The subnet default addresses come from. */
export function subnetOf(detection?: Detection): Subnet {
	const primary = detection?.primary;
	if (!primary || primary.prefix > 28 || primary.prefix < 8) return FALLBACK_SUBNET;
	return {address: primary.address, prefix: primary.prefix, interface: primary.interface};
}

const sshTo = (address: string) => `ssh://root@${address}`;

/** Default director `index` (0-based) of `count`. The first one is this host. */
export function defaultDirector(index: number, subnet: Subnet, detection?: Detection): DirectorAnswer {
	const local = index === 0 && detection?.primary !== undefined;
	const address = local ? subnet.address : hostInSubnet(subnet, 11 + index, [subnet.address]);
	return {
		name: `lb${index + 1}`,
		address,
		interface: subnet.interface,
		transport: local ? 'local' : sshTo(address),
		state: index === 0 ? 'MASTER' : 'BACKUP',
		priority: Math.max(1, 100 - 10 * index),
	};
}

/** Default web server `index` (0-based). */
export function defaultRealServer(index: number, subnet: Subnet): RealServerAnswer {
	const address = hostInSubnet(subnet, 21 + index, [subnet.address]);
	return {name: `web${index + 1}`, address, interface: subnet.interface, transport: sshTo(address), port: 80, weight: 1};
}

/** Default HAProxy node `index` (three-tier). */
export function defaultHaproxyNode(index: number, subnet: Subnet): HostAnswer {
	const address = hostInSubnet(subnet, 31 + index, [subnet.address]);
	return {name: `hap${index + 1}`, address, interface: subnet.interface, transport: sshTo(address)};
}

/** Answers for a fresh wizard, with defaults from detection (this host's interface, address and subnet). */
export function defaultAnswers(detection?: Detection, architecture: ArchitectureId = ARCHITECTURES[0].id): WizardAnswers {
	const subnet = subnetOf(detection);
	const arch = architectureOf(architecture);
	const directors = Array.from({length: arch.directors}, (_, i) => defaultDirector(i, subnet, detection));
	const vip = `${hostInSubnet(subnet, 100, [subnet.address])}/${subnet.prefix}`;
	const multiport = architecture === 'lvs-dr-multiport';
	return {
		architecture,
		name: 'web-lb',
		directors,
		vrrp: {vips: [vip], vrid: 51, advertInt: 1, authPass: '', unicast: false, preempt: true, trackHaproxy: arch.haproxy === 'directors', trackWeight: -20},
		lvs: {ports: multiport ? [10010, 10020, 10030] : [80], protocol: 'TCP', scheduler: 'wlc', forwarding: 'DR', persistence: multiport ? 50 : 0},
		check: {type: 'TCP_CHECK', connectTimeout: 3, retry: 3, delayBeforeRetry: 3, delayLoop: 6, connectPort: 0, path: '/', statusCode: 200, script: ''},
		realServers: [defaultRealServer(0, subnet), defaultRealServer(1, subnet)],
		haproxyNodes: [defaultHaproxyNode(0, subnet), defaultHaproxyNode(1, subnet)],
		haproxy: {
			bindAddress: '*',
			frontendName: '',
			port: 80,
			mode: 'http',
			balance: 'roundrobin',
			httpCheck: 'GET /',
			backendChecks: {},
			cookie: '',
			defaultBackend: 'web',
			routes: [],
			backendServers: {},
			stats: {enabled: architecture === 'haproxy-standalone', port: 8404, uri: '/haproxy?stats', user: 'admin', password: ''},
		},
	};
}

/**
Switches the architecture: the director count and the presets that differ between architectures follow,
everything else the operator typed is kept.
*/
export function withArchitecture(answers: WizardAnswers, id: ArchitectureId, detection?: Detection): WizardAnswers {
	if (answers.architecture === id) return answers;
	const subnet = subnetOf(detection);
	const arch = architectureOf(id);
	const directors = resize(answers.directors, arch.directors, i => defaultDirector(i, subnet, detection));
	const fresh = defaultAnswers(detection, id);
	return {
		...answers,
		architecture: id,
		directors,
		vrrp: {...answers.vrrp, trackHaproxy: arch.haproxy === 'directors'},
		lvs: {...answers.lvs, ports: fresh.lvs.ports, persistence: fresh.lvs.persistence},
		haproxy: {...answers.haproxy, stats: {...answers.haproxy.stats, enabled: answers.haproxy.stats.enabled || fresh.haproxy.stats.enabled}},
	};
}

/** The list cut or extended to `count` items, new ones from `make(index)`. */
export function resize<T>(list: readonly T[], count: number, make: (index: number) => T): T[] {
	return Array.from({length: count}, (_, i) => list[i] ?? make(i));
}

/** `.html` → path_end, `/api/` → path_beg, `~\.php$` → path_regex, `host:www.example.com` → host. */
export function parseRoute(match: string): {path_end?: string; path_beg?: string; path_regex?: string; host?: string} | undefined {
	if (match.startsWith('~') && match.length > 1) return {path_regex: match.slice(1)};
	if (match.startsWith('host:') && match.length > 5) return {host: match.slice(5)};
	if (match.startsWith('/')) return {path_beg: match};
	if (match.startsWith('*.') && match.length > 2) return {path_end: match.slice(1)};
	if (match.startsWith('.') && match.length > 1) return {path_end: match};
	return undefined;
}

/** The inverse of parseRoute for one schema route. */
export function routeMatchText(route: {path_end?: string; path_beg?: string; path_regex?: string; host?: string}): string {
	if (route.path_end !== undefined) return route.path_end.startsWith('.') ? route.path_end : `*${route.path_end}`;
	if (route.path_beg !== undefined) return route.path_beg;
	if (route.path_regex !== undefined) return `~${route.path_regex}`;
	if (route.host !== undefined) return `host:${route.host}`;
	return '';
}

/** Backend names in use: the default one, then each route's, without repeats. */
export function backendNames(answers: WizardAnswers): string[] {
	return [...new Set([answers.haproxy.defaultBackend, ...answers.haproxy.routes.map(r => r.backend)])];
}

/** The servers of one backend: as chosen, or every web server. */
export function serversOfBackend(answers: WizardAnswers, backend: string): string[] {
	const names = answers.realServers.map(s => s.name);
	const chosen = answers.haproxy.backendServers[backend];
	return chosen ? chosen.filter(n => names.includes(n)) : names;
}

/** The HTTP check of one backend: its own, or the common one. */
export function checkOfBackend(answers: WizardAnswers, backend: string): string {
	return answers.haproxy.backendChecks[backend] ?? answers.haproxy.httpCheck;
}

const hostFields = (h: HostAnswer) => ({name: h.name, address: h.address, interface: h.interface, transport: h.transport});

/** The address part of the first VIP (LVS virtual services listen on it). */
export const firstVipAddress = (answers: WizardAnswers): string => splitCidr(answers.vrrp.vips[0] ?? '').address;

/**
The lbwiz.yaml the answers describe. Keys the wizard controls are always present (undefined when off),
so merging over `base` removes what the operator turned off and keeps only what the wizard never asks.
*/
export function answersToTopology(answers: WizardAnswers): TopologyInput {
	const arch = architectureOf(answers.architecture);
	const hasVrrp = arch.vrrp;
	const haproxyNodes = arch.haproxy === 'separate' ? answers.haproxyNodes : [];
	const webServers = answers.realServers;
	const lvsMembers = arch.haproxy === 'separate' ? haproxyNodes.map(h => ({name: h.name, port: answers.haproxy.port})) : webServers.map(s => ({name: s.name, port: s.port}));
	const check = answers.check;
	const healthCheck = {
		type: check.type,
		connect_timeout: check.connectTimeout,
		retry: check.retry,
		delay_before_retry: check.delayBeforeRetry,
		delay_loop: check.delayLoop,
		connect_port: check.connectPort > 0 ? check.connectPort : undefined,
		path: check.type === 'HTTP_GET' || check.type === 'SSL_GET' ? check.path : undefined,
		status_code: check.type === 'HTTP_GET' || check.type === 'SSL_GET' ? check.statusCode : undefined,
		script: check.type === 'MISC_CHECK' ? check.script : undefined,
	};
	const realServers = [
		...haproxyNodes.map(h => ({...hostFields(h), port: answers.haproxy.port, weight: 1})),
		...webServers.map(s => ({...hostFields(s), port: s.port, weight: s.weight})),
	];
	const topology: TopologyInput = {
		name: answers.name,
		directors: answers.directors.map(d => ({...hostFields(d), priority: d.priority, state: d.state})),
		vrrp: hasVrrp
			? {
					virtual_router_id: answers.vrrp.vrid,
					advert_int: answers.vrrp.advertInt,
					auth_pass: answers.vrrp.authPass === '' ? undefined : answers.vrrp.authPass,
					unicast: answers.vrrp.unicast,
					nopreempt: !answers.vrrp.preempt,
					vips: answers.vrrp.vips,
					track_haproxy: arch.haproxy === 'directors' && answers.vrrp.trackHaproxy ? {weight: answers.vrrp.trackWeight} : undefined,
				}
			: undefined,
		lvs: arch.lvs
			? answers.lvs.ports.map(port => ({
					vip: firstVipAddress(answers),
					port,
					protocol: answers.lvs.protocol,
					scheduler: answers.lvs.scheduler as 'wlc',
					forwarding: answers.lvs.forwarding,
					persistence_timeout: answers.lvs.persistence,
					// DR/TUN cannot change the port: every member serves the virtual port. NAT keeps each server's own port.
					real_servers: lvsMembers.map(m => (answers.lvs.forwarding === 'NAT' || m.port === port ? m.name : {name: m.name, port})),
					health_check: {...healthCheck},
				}))
			: undefined,
		haproxy: arch.haproxy === 'none' ? undefined : haproxyTopology(answers, haproxyNodes.map(h => h.name)),
		real_servers: realServers,
	};
	return answers.base ? mergeKeep(answers.base, topology) as TopologyInput : stripUndefined(topology) as TopologyInput;
}

function haproxyTopology(answers: WizardAnswers, separateNodes: string[]): NonNullable<TopologyInput['haproxy']> {
	const h = answers.haproxy;
	const http = h.mode === 'http';
	const stats = h.stats.enabled ? {port: h.stats.port, uri: h.stats.uri, user: h.stats.user || undefined, password: h.stats.password || undefined} : undefined;
	const routes = http
		? h.routes.map((route, i) => ({acl: route.acl ?? aclName(route, i, h.routes), ...parseRoute(route.match), backend: route.backend}))
		: [];
	const byName = new Map(answers.realServers.map(s => [s.name, s]));
	return {
		nodes: separateNodes.length > 0 ? separateNodes : undefined,
		stats,
		frontends: [{name: h.frontendName || `${http ? 'http' : 'tcp'}-in`, bind: `${h.bindAddress}:${h.port}`, mode: h.mode, default_backend: h.defaultBackend, routes}],
		backends: (http ? backendNames(answers) : [h.defaultBackend]).map(name => ({
			name,
			balance: h.balance as 'roundrobin',
			mode: h.mode,
			check: http && checkOfBackend(answers, name) !== '' ? {http: checkOfBackend(answers, name)} : {http: undefined},
			cookie: http && h.cookie !== '' ? h.cookie : undefined,
			servers: (http ? serversOfBackend(answers, name) : answers.realServers.map(s => s.name)).map(server => ({server, port: byName.get(server)?.port ?? 80, weight: 1})),
		})),
	};
}

function aclName(route: RouteAnswer, index: number, all: readonly RouteAnswer[]): string {
	const base = route.backend.replaceAll(/[^A-Za-z0-9_.-]/g, '_') || 'route';
	return all.filter(r => r.backend === route.backend).length > 1 ? `${base}_${index + 1}` : base;
}

/** Removes undefined values (YAML and zod strict objects both dislike them). */
export function stripUndefined(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(stripUndefined);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stripUndefined(v)]));
	}
	return value;
}

const identity = (item: unknown): string | undefined => {
	if (typeof item === 'string') return item;
	if (!item || typeof item !== 'object') return undefined;
	const o = item as Record<string, unknown>;
	if (typeof o.name === 'string') return `name:${o.name}`;
	if (typeof o.server === 'string') return `server:${o.server}`;
	if (typeof o.vip === 'string') return `vip:${o.vip}:${String(o.port)}`;
	if (typeof o.acl === 'string') return `acl:${o.acl}`;
	return undefined;
};

/**
`wizard` over `base`: keys present in `wizard` win (an undefined value deletes), keys only in `base`
are kept; list items are matched by name (or server, vip:port, acl), and items the wizard dropped go.
*/
export function mergeKeep(base: unknown, wizard: unknown): unknown {
	if (Array.isArray(wizard)) {
		if (!Array.isArray(base)) return stripUndefined(wizard);
		return wizard.map(item => {
			const id = identity(item);
			const match = id === undefined ? undefined : base.find(b => identity(b) === id);
			return match === undefined ? stripUndefined(item) : mergeKeep(match, item);
		});
	}
	if (wizard && typeof wizard === 'object') {
		if (!base || typeof base !== 'object' || Array.isArray(base)) return stripUndefined(wizard);
		const out: Record<string, unknown> = {...(base as Record<string, unknown>)};
		for (const [key, value] of Object.entries(wizard)) {
			if (value === undefined) delete out[key];
			else out[key] = mergeKeep((base as Record<string, unknown>)[key], value);
		}
		return out;
	}
	return wizard;
}

const asHost = (h: {name: string; address: string; interface?: string; transport?: string}, fallbackInterface: string): HostAnswer => ({
	name: h.name,
	address: h.address,
	interface: h.interface ?? fallbackInterface,
	transport: h.transport ?? 'local',
});

/** The architecture a topology looks like. */
export function inferArchitecture(t: Topology): ArchitectureId {
	const directorNames = new Set(t.directors.map(d => d.name));
	const separate = (t.haproxy?.nodes ?? []).some(n => !directorNames.has(n));
	if (t.lvs?.length && t.haproxy && separate) return 'three-tier';
	if (t.lvs?.length) return t.lvs.length > 1 || t.lvs.some(s => s.persistence_timeout > 0) ? 'lvs-dr-multiport' : 'lvs-dr';
	if (t.haproxy && !t.vrrp) return 'haproxy-standalone';
	if (t.haproxy) return 'keepalived-haproxy';
	return 'lvs-dr';
}

/**
The answers that describe a (schema-parsed) topology, for resuming: what the wizard cannot ask about
is kept in `base` and written back unchanged.
*/
export function topologyToAnswers(t: Topology, input: TopologyInput, detection?: Detection): WizardAnswers {
	const architecture = inferArchitecture(t);
	const arch = architectureOf(architecture);
	const defaults = defaultAnswers(detection, architecture);
	const iface = t.directors[0]?.interface ?? 'eth0';
	const haproxyNodeSet = new Set(arch.haproxy === 'separate' ? (t.haproxy?.nodes ?? []) : []);
	const realServers: RealServerAnswer[] = t.real_servers.filter(r => !haproxyNodeSet.has(r.name)).map(r => ({...asHost(r, iface), port: r.port, weight: r.weight}));
	const haproxyNodes: HostAnswer[] = t.real_servers.filter(r => haproxyNodeSet.has(r.name)).map(r => asHost(r, iface));
	const lvs = t.lvs?.[0];
	const hc = lvs?.health_check;
	const frontend = t.haproxy?.frontends[0];
	const backends = t.haproxy?.backends ?? [];
	const firstBackend = backends.find(b => b.name === frontend?.default_backend) ?? backends[0];
	const allNames = realServers.map(s => s.name);
	const backendServers: Record<string, string[]> = {};
	for (const b of backends) {
		const names = b.servers.map(s => s.server);
		if (names.length !== allNames.length || names.some(n => !allNames.includes(n))) backendServers[b.name] = names;
	}
	const bind = frontend ? /^(.*):(\d+)$/.exec(frontend.bind) : null;
	const bindPort = bind ? Number(bind[2]) : defaults.haproxy.port;
	const commonCheck = firstBackend?.check?.http ?? '';
	const backendChecks: Record<string, string> = {};
	for (const b of backends) if ((b.check?.http ?? '') !== commonCheck) backendChecks[b.name] = b.check?.http ?? '';
	return {
		architecture,
		name: t.name,
		directors: t.directors.map(d => ({...asHost(d, iface), state: d.state, priority: d.priority})),
		vrrp: t.vrrp
			? {
					vips: t.vrrp.vips,
					vrid: t.vrrp.virtual_router_id,
					advertInt: t.vrrp.advert_int,
					authPass: t.vrrp.auth_pass ?? '',
					unicast: t.vrrp.unicast,
					preempt: !t.vrrp.nopreempt,
					trackHaproxy: t.vrrp.track_haproxy !== undefined,
					trackWeight: t.vrrp.track_haproxy?.weight ?? defaults.vrrp.trackWeight,
				}
			: {...defaults.vrrp, trackHaproxy: false},
		lvs: lvs
			? {ports: t.lvs!.map(s => s.port), protocol: lvs.protocol, scheduler: lvs.scheduler, forwarding: lvs.forwarding, persistence: lvs.persistence_timeout}
			: defaults.lvs,
		check: hc
			? {
					type: hc.type,
					connectTimeout: hc.connect_timeout,
					retry: hc.retry,
					delayBeforeRetry: hc.delay_before_retry,
					delayLoop: hc.delay_loop,
					connectPort: hc.connect_port ?? 0,
					path: hc.path ?? defaults.check.path,
					statusCode: hc.status_code ?? defaults.check.statusCode,
					script: hc.script ?? '',
				}
			: defaults.check,
		realServers: realServers.length > 0 ? realServers : defaults.realServers,
		haproxyNodes: haproxyNodes.length > 0 ? haproxyNodes : defaults.haproxyNodes,
		haproxy: t.haproxy
			? {
					bindAddress: bind && bind[1] !== '' ? bind[1] : '*',
					frontendName: frontend?.name ?? '',
					port: Number.isFinite(bindPort) ? bindPort : 80,
					mode: frontend?.mode ?? 'http',
					balance: firstBackend?.balance ?? 'roundrobin',
					httpCheck: commonCheck,
					backendChecks,
					cookie: firstBackend?.cookie ?? '',
					defaultBackend: frontend?.default_backend ?? 'web',
					routes: (frontend?.routes ?? []).map(r => ({match: routeMatchText(r), backend: r.backend, acl: r.acl})),
					backendServers,
					stats: t.haproxy.stats
						? {enabled: true, port: t.haproxy.stats.port, uri: t.haproxy.stats.uri, user: t.haproxy.stats.user ?? '', password: t.haproxy.stats.password ?? ''}
						: {...defaults.haproxy.stats, enabled: false},
				}
			: defaults.haproxy,
		base: input,
	};
}
