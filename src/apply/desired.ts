/**
The desired state of each host, from the topology and the generator's files: files, runtime
sysctls, VIPs on lo (LVS DR/TUN real servers), VRRP peers the firewall must accept, daemons, and
the order hosts are changed in. Pure.
*/
import {KEEPALIVED_CONF_PATH} from '../generate/keepalived-conf.js';
import {HAPROXY_CFG_PATH} from '../generate/haproxy-cfg.js';
import {INIT_SCRIPT_PATH, LO_VIP_UNIT, LO_VIP_UNIT_PATH} from '../generate/lo-vip.js';
import {realServerVips, sysctlSettings} from '../generate/sysctl-d.js';
import type {HostRender, RenderedFile} from '../generate/types.js';
import {haproxySocketPath, preferredMaster, topologyHosts} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import type {Daemon, HostRole, Validator} from './types.js';

/** The VRRP multicast group (RFC 5798). */
export const VRRP_GROUP = '224.0.0.18';

/** One file as it must end up, with its validator. */
export type DesiredFile = RenderedFile & {validate?: Validator};

/** What one host must look like after `setup --apply`. */
export type DesiredHost = {
	host: string;
	transport: string;
	kind: 'director' | 'real-server';
	role: HostRole;
	roleLabel: string;
	/** in write order: scripts and settings first, daemon configs last */
	files: DesiredFile[];
	sysctls: Array<{key: string; value: string}>;
	/** VIPs an LVS DR/TUN real server holds on lo */
	loVips: string[];
	tunnel: boolean;
	/** how the lo VIP persists across reboots (the generator's file) */
	loVipPersistence?: {kind: 'systemd'; unit: string} | {kind: 'init'; name: string} | {kind: 'ifcfg'};
	/** VRRP adverts this director must accept: from each peer, to `dst` (the group, or this host with unicast) */
	vrrp?: {interface: string; address: string; peers: string[]; dst: string; unicast: boolean};
	daemons: Array<{daemon: Daemon; config: string; /** HAProxy's admin socket (its directory must exist) */ socket?: string}>;
};

const VALIDATORS: Record<string, Validator> = {[KEEPALIVED_CONF_PATH]: 'keepalived', [HAPROXY_CFG_PATH]: 'haproxy'};

/** The desired state of every director and real server (clients excluded), in apply order. */
export function desiredHosts(topology: Topology, renders: readonly HostRender[]): DesiredHost[] {
	const master = preferredMaster(topology)?.name;
	const out: DesiredHost[] = [];
	for (const host of topologyHosts(topology)) {
		if (host.kind === 'client') continue;
		const render = renders.find(r => r.host === host.name);
		if (!render) continue;
		const director = topology.directors.find(d => d.name === host.name);
		const realServer = topology.real_servers.find(r => r.name === host.name);
		const files: DesiredFile[] = render.files.map(f => (VALIDATORS[f.path] ? {...f, validate: VALIDATORS[f.path]} : {...f}));
		files.sort((a, b) => Number(a.validate !== undefined) - Number(b.validate !== undefined));
		const daemons: DesiredHost['daemons'] = [];
		if (files.some(f => f.path === HAPROXY_CFG_PATH)) daemons.push({daemon: 'haproxy', config: HAPROXY_CFG_PATH, socket: haproxySocketPath(topology, host.name)});
		if (files.some(f => f.path === KEEPALIVED_CONF_PATH)) daemons.push({daemon: 'keepalived', config: KEEPALIVED_CONF_PATH});
		const {vips, tunnel} = realServer ? realServerVips(topology, host.name) : {vips: [], tunnel: false};
		let loVipPersistence: DesiredHost['loVipPersistence'];
		if (realServer && vips.length > 0) {
			if (files.some(f => f.path === LO_VIP_UNIT_PATH)) loVipPersistence = {kind: 'systemd', unit: LO_VIP_UNIT};
			else if (files.some(f => f.path === INIT_SCRIPT_PATH)) loVipPersistence = {kind: 'init', name: 'lvs-realsvr'};
			else loVipPersistence = {kind: 'ifcfg'};
		}
		const role: HostRole = realServer && !director ? 'real-server' : director && topology.vrrp ? (director.name === master ? 'master' : 'backup') : director ? 'director' : 'other';
		const roleLabel = director && topology.vrrp ? `${director.name === master ? 'MASTER' : 'BACKUP'}, priority ${director.priority}` : director ? 'director' : 'real server';
		out.push({
			host: host.name,
			transport: host.transport,
			kind: director ? 'director' : 'real-server',
			role,
			roleLabel,
			files,
			sysctls: sysctlSettings(topology, host.name).map(s => ({key: s.key, value: s.value})),
			loVips: vips,
			tunnel,
			...(loVipPersistence ? {loVipPersistence} : {}),
			...(director && topology.vrrp
				? {
						vrrp: {
							interface: director.interface,
							address: director.address,
							peers: topology.directors.filter(d => d.name !== director.name).map(d => d.address),
							dst: topology.vrrp.unicast ? director.address : VRRP_GROUP,
							unicast: topology.vrrp.unicast,
						},
					}
				: {}),
			daemons,
		});
	}
	return orderForApply(out, topology);
}

const ROLE_ORDER: Record<HostRole, number> = {'real-server': 0, other: 1, director: 2, backup: 3, master: 4};

/**
The apply order: real servers first (they must be ready before a director sends them traffic), then
directors without VRRP, then BACKUPs by rising priority, the MASTER last — so a VIP always has a
working holder while its peers change.
*/
export function orderForApply<T extends {host: string; role: HostRole}>(hosts: readonly T[], topology: Topology): T[] {
	const priority = (name: string) => topology.directors.find(d => d.name === name)?.priority ?? 0;
	return [...hosts].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || priority(a.host) - priority(b.host));
}
