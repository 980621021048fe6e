/**
What the lab looks like right now, measured from the hosts themselves: which directors hold a VIP,
which daemons run, and who answers the client's HTTP requests to the VIP. `up` and `heal` wait on
it, `break` waits for a fault's effect, `status` prints it.
*/
import {frontendPorts} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {daemonsOf, liveProcesses} from './daemons.js';
import type {LabState} from './state.js';
import {namespaceInode, runIn, sleep} from './system.js';

/** One host's view. */
export type HostObservation = {
	name: string;
	ns: string;
	kind: string;
	exists: boolean;
	/** VIPs bound on a non-loopback interface */
	vips: string[];
	/** VIPs bound on lo (DR real servers) */
	loVips: string[];
	daemons: Array<{daemon: string; expected: boolean; pids: number[]}>;
};

/** The client's HTTP requests to the VIP. */
export type HttpObservation = {url: string; answers: Record<string, number>; failures: string[]};

export type LabObservation = {hosts: HostObservation[]; vipHolders: string[]; http?: HttpObservation};

type IpAddrJson = Array<{ifname: string; addr_info?: Array<{family: string; local: string}>}>;

/** Addresses of one namespace by interface. */
async function addressesIn(ns: string): Promise<IpAddrJson> {
	const result = await runIn(ns, ['ip', '-j', 'addr', 'show'], {timeoutMs: 5000});
	if (result.exitCode !== 0) return [];
	try {
		return JSON.parse(result.stdout) as IpAddrJson;
	} catch {
		return [];
	}
}

/** The URL the client uses to reach the VIP (the first frontend port, 80 by default). */
export function vipUrl(topology: Topology, vip: string): string {
	const port = topology.haproxy ? frontendPorts(topology.haproxy.frontends)[0] ?? 80 : (topology.lvs?.[0]?.port ?? 80);
	return `http://${vip}${port === 80 ? '' : `:${port}`}/`;
}

/** `requests` GETs from the client namespace to `url`; counts which host name each body carried. */
export async function probeHttp(clientNs: string, url: string, requests: number): Promise<HttpObservation> {
	const answers: Record<string, number> = {};
	const failures: string[] = [];
	for (let i = 0; i < requests; i++) {
		const result = await runIn(clientNs, ['curl', '-sS', '--max-time', '2', '-H', 'Connection: close', '-o', '-', '-w', '\n%{http_code}', url], {timeoutMs: 5000});
		const lines = result.stdout.trimEnd().split('\n');
		const code = lines.pop() ?? '';
		const body = lines.join('\n').trim();
		if (result.exitCode === 0 && code === '200') answers[body] = (answers[body] ?? 0) + 1;
		else failures.push(result.exitCode === 0 ? `HTTP ${code}` : (result.stderr.trim().split('\n')[0] ?? `curl exit ${result.exitCode}`));
	}
	return {url, answers, failures};
}

/** Observes every host (and, with `httpRequests`, the client's view of the VIP). */
export async function observe(state: LabState, topology: Topology, options: {httpRequests?: number} = {}): Promise<LabObservation> {
	const vips = new Set((topology.vrrp?.vips ?? []).map(v => v.split('/')[0]));
	const hosts = await Promise.all(
		state.hosts.map(async (host): Promise<HostObservation> => {
			const exists = namespaceInode(host.ns) !== undefined;
			const links = exists ? await addressesIn(host.ns) : [];
			const held = (lo: boolean) => links.filter(l => (l.ifname === 'lo') === lo).flatMap(l => (l.addr_info ?? []).filter(a => a.family === 'inet' && vips.has(a.local)).map(a => a.local));
			const expected = daemonsOf(state, host);
			const seen = new Set([...expected, ...state.processes.filter(p => p.host === host.name).map(p => p.daemon)]);
			return {
				name: host.name,
				ns: host.ns,
				kind: host.kind,
				exists,
				vips: held(false),
				loVips: held(true),
				daemons: [...seen].map(daemon => ({daemon, expected: expected.includes(daemon), pids: liveProcesses(state, host.name, daemon).map(p => p.pid)})),
			};
		}),
	);
	const vipHolders = hosts.filter(h => h.kind === 'director' && h.vips.length > 0).map(h => h.name);
	const client = state.hosts.find(h => h.kind === 'client');
	const vip = [...vips][0];
	const http = options.httpRequests && client && vip ? await probeHttp(client.ns, vipUrl(topology, vip), options.httpRequests) : undefined;
	return {hosts, vipHolders, ...(http ? {http} : {})};
}

/** Polls `observe` until `ok` holds or `timeoutMs` passes; returns the last observation and whether it held. */
export async function waitFor(
	state: LabState,
	topology: Topology,
	ok: (o: LabObservation) => boolean,
	options: {timeoutMs: number; httpRequests?: number; intervalMs?: number},
): Promise<{observation: LabObservation; ok: boolean; waitedMs: number}> {
	const started = Date.now();
	for (;;) {
		const observation = await observe(state, topology, {httpRequests: options.httpRequests});
		if (ok(observation)) return {observation, ok: true, waitedMs: Date.now() - started};
		if (Date.now() - started >= options.timeoutMs) return {observation, ok: false, waitedMs: Date.now() - started};
		await sleep(options.intervalMs ?? 500);
	}
}

/** The real servers the VIP should reach (the HAProxy backends' servers, else the LVS members). */
export function expectedBackends(topology: Topology): string[] {
	const names = topology.haproxy ? topology.haproxy.backends.flatMap(b => b.servers.filter(s => !s.backup).map(s => s.server)) : (topology.lvs ?? []).flatMap(s => s.real_servers.map(m => (typeof m === 'string' ? m : m.name)));
	const real = new Set(topology.real_servers.map(r => r.name));
	return [...new Set(names)].filter(n => real.has(n));
}

/** Healthy: the preferred MASTER alone holds the VIP, every expected daemon runs, and the VIP answers from every backend. */
export function isHealthy(o: LabObservation, master: string | undefined, backends: string[]): boolean {
	if (master && (o.vipHolders.length !== 1 || o.vipHolders[0] !== master)) return false;
	if (o.hosts.some(h => !h.exists || h.daemons.some(d => d.expected && d.pids.length === 0))) return false;
	if (!o.http) return true;
	return backends.every(b => (o.http!.answers[b] ?? 0) > 0);
}

/** One line per problem that keeps the lab from being healthy. */
export function healthProblems(o: LabObservation, master: string | undefined, backends: string[]): string[] {
	const problems: string[] = [];
	if (master && (o.vipHolders.length !== 1 || o.vipHolders[0] !== master)) problems.push(`VIP held by ${o.vipHolders.join(' and ') || 'no director'} (expected ${master} only)`);
	for (const h of o.hosts) {
		if (!h.exists) problems.push(`${h.name}: namespace ${h.ns} is missing`);
		for (const d of h.daemons) if (d.expected && d.pids.length === 0) problems.push(`${h.name}: ${d.daemon} is not running`);
	}
	if (o.http) {
		const missing = backends.filter(b => !(o.http!.answers[b] > 0));
		if (missing.length > 0) problems.push(`${o.http.url} from the client: no answer from ${missing.join(', ')}${o.http.failures.length ? ` (${[...new Set(o.http.failures)].join('; ')})` : ''}`);
	}
	return problems;
}
