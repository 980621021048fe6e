import type {Director, HaproxyFrontend, Topology} from './schema.js';
import {splitCidr} from './ipv4.js';

/**
What a host does in the topology; one host may have several (three-tier: lvs-real-server + haproxy).
`vrrp`: a keepalived director holding the VIP; `lvs-director`: keepalived programs IPVS there;
`backend`: an HAProxy server (lbwiz installs nothing on it).
*/
export type HostRole = 'vrrp' | 'lvs-director' | 'haproxy' | 'lvs-real-server' | 'backend' | 'client';

/** One host of a topology with its roles, in file order: directors, real servers, clients. */
export type TopologyHost = {
	name: string;
	address: string;
	transport: string;
	kind: 'director' | 'real-server' | 'client';
	roles: HostRole[];
};

/** Names of the hosts that run HAProxy: `haproxy.nodes`, else every director; none without `haproxy`. */
export function haproxyNodeNames(topology: Topology): string[] {
	if (!topology.haproxy) return [];
	return topology.haproxy.nodes ?? topology.directors.map(d => d.name);
}

/** The real-server entry of an LVS service, normalised: `web1` or `{name: web1, port: 8080}`. */
export function lvsMemberName(member: string | {name: string}): string {
	return typeof member === 'string' ? member : member.name;
}

/** Every host with its roles. */
export function topologyHosts(topology: Topology): TopologyHost[] {
	const haproxyNodes = new Set(haproxyNodeNames(topology));
	const lvsMembers = new Set((topology.lvs ?? []).flatMap(service => service.real_servers.map(lvsMemberName)));
	const backends = new Set((topology.haproxy?.backends ?? []).flatMap(backend => backend.servers.map(s => s.server)));
	const hosts: TopologyHost[] = [];
	for (const d of topology.directors) {
		const roles: HostRole[] = [];
		if (topology.vrrp) roles.push('vrrp');
		if (topology.lvs?.length) roles.push('lvs-director');
		if (haproxyNodes.has(d.name)) roles.push('haproxy');
		hosts.push({name: d.name, address: d.address, transport: d.transport, kind: 'director', roles});
	}
	for (const r of topology.real_servers) {
		const roles: HostRole[] = [];
		if (lvsMembers.has(r.name)) roles.push('lvs-real-server');
		if (haproxyNodes.has(r.name)) roles.push('haproxy');
		if (backends.has(r.name)) roles.push('backend');
		hosts.push({name: r.name, address: r.address, transport: r.transport, kind: 'real-server', roles});
	}
	for (const c of topology.clients ?? []) hosts.push({name: c.name, address: c.address, transport: c.transport, kind: 'client', roles: ['client']});
	return hosts;
}

/** The VIP addresses (without prefix) that VRRP manages. */
export function vipAddresses(topology: Topology): string[] {
	return (topology.vrrp?.vips ?? []).map(vip => splitCidr(vip).address);
}

/**
The `state` keepalived is given: with `nopreempt` every director is rendered BACKUP, because
keepalived ignores nopreempt on a `state MASTER` instance (the highest priority then wins the first election).
*/
export function effectiveState(topology: Topology, director: Director): 'MASTER' | 'BACKUP' {
	return topology.vrrp?.nopreempt ? 'BACKUP' : director.state;
}

/**
The director expected to hold the VIP: the MASTER, or with nopreempt and all BACKUP the highest priority.
Undefined without VRRP.
*/
export function preferredMaster(topology: Topology): Director | undefined {
	if (!topology.vrrp) return undefined;
	const master = topology.directors.find(d => d.state === 'MASTER');
	if (master) return master;
	return [...topology.directors].sort((a, b) => b.priority - a.priority)[0];
}

/** A parsed `bind` value: `*:80` → {port: 80}; `203.0.113.100:80` → {address, port}. */
export type BindAddress = {address?: string; port: number};

/** Parses a frontend `bind` (`*:80`, `:80`, `0.0.0.0:80`, `203.0.113.100:443`); undefined when malformed. */
export function parseBind(bind: string): BindAddress | undefined {
	const match = /^(\*|[0-9.]*|\[[0-9a-fA-F:]+\]|::):(\d{1,5})$/.exec(bind.trim());
	if (!match) return undefined;
	const port = Number(match[2]);
	if (port < 1 || port > 65535) return undefined;
	const address = match[1];
	if (address === '' || address === '*' || address === '0.0.0.0' || address === '::' || address === '[::]') return {port};
	if (!/^\d+\.\d+\.\d+\.\d+$/.test(address) || address.split('.').some(octet => Number(octet) > 255)) return undefined;
	return {address, port};
}

/** Ports HAProxy listens on for the frontends (what the tracked check script tests). */
export function frontendPorts(frontends: readonly HaproxyFrontend[]): number[] {
	return [...new Set(frontends.map(f => parseBind(f.bind)?.port).filter((p): p is number => p !== undefined))];
}

/** The admin socket path of one HAProxy node (`{host}` replaced by its name). */
export function haproxySocketPath(topology: Topology, host: string): string | undefined {
	return topology.haproxy?.socket.replaceAll('{host}', host);
}
