/**
The faults `lbwiz lab break` injects: each is the real thing an operator meets (a firewall rule, a
config edited and reloaded, a daemon stopped, a sysctl or address changed), applied to one or more
lab hosts, with the effect it should have so `break` can wait until the cluster shows it.
Config faults edit the file the generators rendered into the host's /etc overlay; `heal` restores
the pristine copy.
*/
import {readFileSync, writeFileSync} from 'node:fs';
import {preferredMaster} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {applySysctls, hostRuntime, KEEPALIVED_CONF, reloadKeepalived, stopDaemon} from './daemons.js';
import {readText} from './files.js';
import type {LabObservation} from './observe.js';
import type {LabHost, LabState} from './state.js';
import {LabError, mustIn} from './system.js';

/** nft table holding every firewall fault (one per host namespace). */
export const FAULT_TABLE = 'lbwiz_fault';

/** What a fault's code sees. */
export type FaultContext = {state: LabState; topology: Topology; master?: string; backups: string[]; directors: string[]; realServers: string[]};

export type FaultDefinition = {
	name: string;
	summary: string;
	/** which hosts it may target */
	targets: 'director' | 'real-server';
	/** more than one host allowed (`--host lb1,lb2`, `--host both`) */
	multiple: boolean;
	defaultHosts(ctx: FaultContext): string[];
	/** applies the fault; returns a one-line description of what changed */
	apply(ctx: FaultContext, hosts: LabHost[]): Promise<string>;
	/** the visible effect, to wait for (with HTTP probes when `httpRequests` is set) */
	effect?: {
		describe: string;
		httpRequests?: number;
		timeoutMs: number;
		/** wait at least this long even when the effect shows at once (e.g. until health checks mark a server DOWN) */
		settleMs?(ctx: FaultContext): number;
		check(o: LabObservation, ctx: FaultContext, hosts: LabHost[]): boolean;
	};
};

/** Context for a lab state and its effective topology. */
export function faultContext(state: LabState, topology: Topology): FaultContext {
	const directors = state.hosts.filter(h => h.kind === 'director').map(h => h.name);
	const master = preferredMaster(topology)?.name;
	return {state, topology, master, backups: directors.filter(d => d !== master), directors, realServers: state.hosts.filter(h => h.kind === 'real-server').map(h => h.name)};
}

/** The overlay file (on this machine) behind a host's rendered path. */
function overlayFile(state: LabState, host: string, hostPath: string): string {
	const entry = state.rendered.find(r => r.host === host && r.hostPath === hostPath);
	if (!entry) throw new LabError(`${host} has no rendered ${hostPath} in this lab`);
	return entry.overlayPath;
}

/** Edits a host's rendered config in its overlay; the edit must change something. */
function editConfig(state: LabState, host: string, hostPath: string, what: string, edit: (text: string) => string): void {
	const path = overlayFile(state, host, hostPath);
	const before = readFileSync(path, 'utf8');
	const after = edit(before);
	if (after === before) throw new LabError(`cannot apply ${what} on ${host}: ${hostPath} has nothing to change (was it rendered without it?)`);
	writeFileSync(path, after);
}

/** Replaces the first `keyword VALUE` line of keepalived.conf with `replace(value)`. */
function editKeyword(state: LabState, host: string, keyword: string, what: string, replace: (value: string, line: string) => string): void {
	editConfig(state, host, KEEPALIVED_CONF, what, text => {
		const re = new RegExp(`^([ \\t]*)${keyword}[ \\t]+(\\S+)(.*)$`, 'm');
		const match = re.exec(text);
		if (!match) throw new LabError(`cannot apply ${what} on ${host}: no '${keyword}' line in ${KEEPALIVED_CONF}`);
		return text.slice(0, match.index) + replace(match[2], match[0]) + text.slice(match.index + match[0].length);
	});
}

/** The `priority` of a director as rendered. */
function renderedPriority(state: LabState, host: string): number {
	const text = readFileSync(overlayFile(state, host, KEEPALIVED_CONF), 'utf8');
	const match = /^[ \t]*priority[ \t]+(\d+)/m.exec(text);
	if (!match) throw new LabError(`${host}'s ${KEEPALIVED_CONF} has no priority line`);
	return Number(match[1]);
}

/** Drops VRRP (IP protocol 112) arriving at each host: the host stops hearing its peers. */
async function blockVrrp(hosts: LabHost[], fault: string): Promise<string> {
	const script = [`table inet ${FAULT_TABLE} {`, '\tchain input {', '\t\ttype filter hook input priority -10; policy accept;', `\t\tip protocol vrrp counter drop comment "lbwiz lab fault ${fault}"`, '\t}', '}', ''].join('\n');
	for (const host of hosts) await mustIn(host.ns, ['nft', '-f', '-'], {input: script});
	return `nft table inet ${FAULT_TABLE} drops incoming VRRP (ip protocol 112) on ${hosts.map(h => h.name).join(', ')}`;
}

/** Reloads keepalived (SIGHUP) on each host, failing when one is not running. */
function reloadAll(ctx: FaultContext, hosts: LabHost[]): void {
	for (const host of hosts) if (!reloadKeepalived(ctx.state, host.name)) throw new LabError(`keepalived is not running on ${host.name}; nothing to reload`);
}

const everyTargetHoldsVip = (o: LabObservation, _ctx: FaultContext, hosts: LabHost[]) => hosts.every(h => o.vipHolders.includes(h.name));
const allDirectorsHoldVip = (o: LabObservation, ctx: FaultContext) => ctx.directors.every(d => o.vipHolders.includes(d));

/** The registry, in the order `record-fixtures` records them. */
export const FAULTS: FaultDefinition[] = [
	{
		name: 'vrrp-blocked',
		summary: 'nftables drops incoming VRRP on one director: it stops hearing the MASTER and takes the VIP too (split brain)',
		targets: 'director',
		multiple: true,
		defaultHosts: ctx => ctx.backups.slice(0, 1),
		apply: (_ctx, hosts) => blockVrrp(hosts, 'vrrp-blocked'),
		effect: {describe: 'the blocked director(s) hold the VIP', timeoutMs: 15_000, check: everyTargetHoldsVip},
	},
	{
		name: 'split-brain-firewall',
		summary: 'nftables drops incoming VRRP on every director: all of them become MASTER and hold the VIP',
		targets: 'director',
		multiple: true,
		defaultHosts: ctx => ctx.directors,
		apply: (_ctx, hosts) => blockVrrp(hosts, 'split-brain-firewall'),
		effect: {describe: 'every blocked director holds the VIP', timeoutMs: 15_000, check: everyTargetHoldsVip},
	},
	{
		name: 'auth-mismatch',
		summary: "a different auth_pass on one director (keepalived.conf edited, SIGHUP): each drops the other's adverts",
		targets: 'director',
		multiple: false,
		defaultHosts: ctx => ctx.backups.slice(0, 1),
		async apply(ctx, hosts) {
			for (const host of hosts) {
				editConfig(ctx.state, host.name, KEEPALIVED_CONF, 'auth-mismatch', text => {
					const pass = /^([ \t]*auth_pass[ \t]+)(\S+)(.*)$/m.exec(text);
					if (pass) {
						const wrong = pass[2] === 'mismatch' ? 'mismatc2' : 'mismatch';
						return text.slice(0, pass.index) + pass[1] + wrong + pass[3] + text.slice(pass.index + pass[0].length);
					}
					// No authentication rendered: give this one director PASS authentication the others lack.
					return text.replace(/^([ \t]*)virtual_router_id[ \t]+\d+.*$/m, line => `${line}\n${/^[ \t]*/.exec(line)![0]}authentication {\n${/^[ \t]*/.exec(line)![0]}\tauth_type PASS\n${/^[ \t]*/.exec(line)![0]}\tauth_pass mismatch\n${/^[ \t]*/.exec(line)![0]}}`);
				});
			}
			reloadAll(ctx, hosts);
			return `auth_pass changed in ${KEEPALIVED_CONF} of ${hosts.map(h => h.name).join(', ')} and keepalived reloaded`;
		},
		effect: {describe: 'every director holds the VIP', timeoutMs: 15_000, check: allDirectorsHoldVip},
	},
	{
		name: 'vrid-mismatch',
		summary: 'virtual_router_id + 1 on one director (SIGHUP): two VRRP routers, each alone, both hold the VIP',
		targets: 'director',
		multiple: false,
		defaultHosts: ctx => ctx.backups.slice(0, 1),
		async apply(ctx, hosts) {
			let changed = '';
			for (const host of hosts) {
				editKeyword(ctx.state, host.name, 'virtual_router_id', 'vrid-mismatch', (value, line) => {
					const next = Number(value) >= 255 ? Number(value) - 1 : Number(value) + 1;
					changed = `${value} → ${next}`;
					return line.replace(/virtual_router_id([ \t]+)\d+/, `virtual_router_id$1${next}`);
				});
			}
			reloadAll(ctx, hosts);
			return `virtual_router_id ${changed} on ${hosts.map(h => h.name).join(', ')}, keepalived reloaded`;
		},
		effect: {describe: 'every director holds the VIP', timeoutMs: 15_000, check: allDirectorsHoldVip},
	},
	{
		name: 'priority-inversion',
		summary: "a BACKUP's priority raised above the MASTER's (SIGHUP): the BACKUP takes the VIP",
		targets: 'director',
		multiple: false,
		defaultHosts: ctx => ctx.backups.slice(0, 1),
		async apply(ctx, hosts) {
			const [host] = hosts;
			if (host.name === ctx.master) throw new LabError(`priority-inversion raises a BACKUP above the MASTER; ${host.name} is the MASTER (choose ${ctx.backups.join(' or ')})`);
			const top = Math.max(...ctx.directors.filter(d => d !== host.name).map(d => renderedPriority(ctx.state, d)));
			const inverted = Math.min(254, top + 10);
			editKeyword(ctx.state, host.name, 'priority', 'priority-inversion', (_value, line) => line.replace(/priority([ \t]+)\d+/, `priority$1${inverted}`));
			reloadAll(ctx, hosts);
			return `priority of ${host.name} set to ${inverted} (MASTER ${ctx.master ?? '?'} has ${top}), keepalived reloaded`;
		},
		effect: {describe: 'the raised BACKUP alone holds the VIP', timeoutMs: 15_000, check: (o, _ctx, hosts) => o.vipHolders.length === 1 && o.vipHolders[0] === hosts[0].name},
	},
	{
		name: 'keepalived-stopped',
		summary: 'keepalived stopped on one director (the MASTER by default; --host both for all)',
		targets: 'director',
		multiple: true,
		defaultHosts: ctx => (ctx.master ? [ctx.master] : ctx.directors.slice(0, 1)),
		async apply(ctx, hosts) {
			for (const host of hosts) await stopDaemon(ctx.state, host.name, 'keepalived');
			return `keepalived stopped on ${hosts.map(h => h.name).join(', ')}`;
		},
		effect: {
			describe: 'the VIP left the stopped directors (and moved to a running one, if any)',
			timeoutMs: 15_000,
			check: (o, ctx, hosts) => {
				const stopped = new Set(hosts.map(h => h.name));
				const running = ctx.directors.filter(d => !stopped.has(d));
				return o.vipHolders.every(h => !stopped.has(h)) && (running.length === 0 || o.vipHolders.length === 1);
			},
		},
	},
	{
		name: 'haproxy-stopped',
		summary: 'HAProxy stopped on one director (the MASTER by default); with track_haproxy the VIP should move',
		targets: 'director',
		multiple: true,
		defaultHosts: ctx => (ctx.master ? [ctx.master] : ctx.directors.slice(0, 1)),
		async apply(ctx, hosts) {
			for (const host of hosts) {
				if ((await stopDaemon(ctx.state, host.name, 'haproxy')) === 0) throw new LabError(`HAProxy is not running on ${host.name}`);
			}
			return `haproxy stopped on ${hosts.map(h => h.name).join(', ')}`;
		},
		effect: {
			describe: 'HAProxy is down there, and (when track_haproxy can move it) the VIP left',
			timeoutMs: 20_000,
			check: (o, ctx, hosts) => {
				const gone = hosts.every(h => o.hosts.find(x => x.name === h.name)?.daemons.every(d => d.daemon !== 'haproxy' || d.pids.length === 0));
				return gone && (!trackMovesVip(ctx, hosts) || o.vipHolders.every(v => !hosts.some(h => h.name === v)));
			},
		},
	},
	{
		name: 'realserver-down',
		summary: "a real server's HTTP server stopped (web1 by default)",
		targets: 'real-server',
		multiple: true,
		defaultHosts: ctx => ctx.realServers.slice(0, 1),
		async apply(ctx, hosts) {
			for (const host of hosts) await stopDaemon(ctx.state, host.name, 'httpd');
			return `httpd stopped on ${hosts.map(h => h.name).join(', ')}`;
		},
		effect: {
			describe: 'HAProxy marked it DOWN (every answer comes from another real server)',
			httpRequests: 4,
			timeoutMs: 30_000,
			settleMs: ctx => Math.max(0, ...(ctx.topology.haproxy?.backends ?? []).map(b => (b.check?.inter ?? 2000) * ((b.check?.fall ?? 3) + 1))) + 500,
			check: (o, ctx, hosts) => {
				if (!o.http) return false;
				const down = new Set(hosts.map(h => h.name));
				if (ctx.realServers.every(r => down.has(r))) return Object.keys(o.http.answers).length === 0;
				return o.http.failures.length === 0 && Object.keys(o.http.answers).length > 0 && Object.keys(o.http.answers).every(name => !down.has(name));
			},
		},
	},
	{
		name: 'arp-sysctl',
		summary: 'arp_ignore=0 / arp_announce=0 on a DR real server (web1 by default): it answers ARP for the VIP',
		targets: 'real-server',
		multiple: true,
		defaultHosts: ctx => ctx.realServers.slice(0, 1),
		async apply(ctx, hosts) {
			for (const host of hosts) {
				const ifname = interfaceOf(ctx.topology, host.name);
				await applySysctls(host.ns, ['all', ifname].flatMap(scope => [[`net.ipv4.conf.${scope}.arp_ignore`, '0'], [`net.ipv4.conf.${scope}.arp_announce`, '0']] as Array<[string, string]>));
			}
			return `arp_ignore and arp_announce set to 0 (all, eth0) on ${hosts.map(h => h.name).join(', ')}`;
		},
	},
	{
		name: 'realserver-lo-missing',
		summary: 'the VIP removed from lo on a DR real server (web1 by default)',
		targets: 'real-server',
		multiple: true,
		defaultHosts: ctx => ctx.realServers.slice(0, 1),
		async apply(ctx, hosts) {
			const vips = (ctx.topology.vrrp?.vips ?? []).map(v => v.split('/')[0]);
			for (const host of hosts) for (const vip of vips) await mustIn(host.ns, ['ip', 'addr', 'del', `${vip}/32`, 'dev', 'lo']);
			return `${vips.join(', ')} removed from lo on ${hosts.map(h => h.name).join(', ')}`;
		},
		effect: {describe: 'no VIP on lo there', timeoutMs: 5000, check: (o, _ctx, hosts) => hosts.every(h => (o.hosts.find(x => x.name === h.name)?.loVips.length ?? 0) === 0)},
	},
	{
		name: 'config-typo',
		summary: "'priority' misspelt 'priorty' in a BACKUP's keepalived.conf, then reloaded: keepalived logs it and silently uses the default priority 100",
		targets: 'director',
		multiple: false,
		defaultHosts: ctx => ctx.backups.slice(0, 1),
		async apply(ctx, hosts) {
			for (const host of hosts) editKeyword(ctx.state, host.name, 'priority', 'config-typo', (_value, line) => line.replace(/priority/, 'priorty'));
			reloadAll(ctx, hosts);
			return `'priority' misspelt 'priorty' in ${KEEPALIVED_CONF} of ${hosts.map(h => h.name).join(', ')}, keepalived reloaded`;
		},
		effect: {
			describe: "keepalived logged \"Unknown keyword 'priorty'\"",
			timeoutMs: 10_000,
			check: (_o, ctx, hosts) => hosts.every(h => (readText(hostRuntime(ctx.state, h).keepalivedLog) ?? '').includes("Unknown keyword 'priorty'")),
		},
	},
	{
		name: 'vrrp-strict',
		summary: "vrrp_strict added on every director (SIGHUP): keepalived's nft table drops traffic to the VIP (no_accept); the VIP is bound but does not answer",
		targets: 'director',
		multiple: true,
		defaultHosts: ctx => ctx.directors,
		async apply(ctx, hosts) {
			for (const host of hosts) {
				editConfig(ctx.state, host.name, KEEPALIVED_CONF, 'vrrp-strict', text =>
					/^[ \t]*global_defs[ \t]*\{/m.test(text) ? text.replace(/^([ \t]*global_defs[ \t]*\{[^\n]*)$/m, '$1\n\tvrrp_strict') : `global_defs {\n\tvrrp_strict\n}\n${text}`,
				);
			}
			reloadAll(ctx, hosts);
			return `vrrp_strict added to global_defs on ${hosts.map(h => h.name).join(', ')}, keepalived reloaded`;
		},
		effect: {describe: 'a director holds the VIP but the client gets no answer from it', httpRequests: 2, timeoutMs: 15_000, check: o => o.vipHolders.length > 0 && o.http !== undefined && Object.keys(o.http.answers).length === 0},
	},
];

/** A fault by name, or undefined. */
export const findFault = (name: string): FaultDefinition | undefined => FAULTS.find(f => f.name === name);

/** The interface a host uses on the lab segment. */
export function interfaceOf(topology: Topology, host: string): string {
	return topology.directors.find(d => d.name === host)?.interface ?? topology.real_servers.find(r => r.name === host)?.interface ?? 'eth0';
}

/** Whether stopping HAProxy on `hosts` should move the VIP: track_haproxy's weight drops the holder below a peer. */
function trackMovesVip(ctx: FaultContext, hosts: LabHost[]): boolean {
	const track = ctx.topology.vrrp?.track_haproxy;
	if (!track || track.weight >= 0) return false;
	const stopped = new Set(hosts.map(h => h.name));
	const running = ctx.topology.directors.filter(d => !stopped.has(d.name));
	if (running.length === 0) return false;
	const best = Math.max(...running.map(d => d.priority));
	return ctx.topology.directors.filter(d => stopped.has(d.name)).every(d => d.priority + track.weight < best);
}
