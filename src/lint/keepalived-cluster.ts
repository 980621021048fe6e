/**
Rules across the configurations of several nodes linted together. Instances are peers when they
use the same virtual_router_id on the same interface name (or, with different interface names,
share a VIP). Then: the MASTER must have the highest priority, tracked-script weights must be
able to move the VIP (the arithmetic below), and peers must agree on authentication, advert_int,
VRRP version and VIPs.

Priority arithmetic (keepalived vrrp_track.c, the guide in seed 001): a failing script with a
negative weight lowers the priority by |weight|; a succeeding script with a positive weight adds
it; the result is clamped to 1..254. A backup takes over only when the master's effective
priority drops strictly below its own — on equal priority VRRP keeps (or elects) the node with the
higher primary IP address, so "equal" is not a dependable failover.
*/
import type {KeepalivedConfig, VrrpInstance, VrrpScript} from '../parse/keepalived/model.js';
import {secretLength} from '../parse/keepalived/values.js';
import type {Report} from './keepalived-syntax.js';
import {vrrpVersion} from './keepalived-vrrp.js';

type Member = {config: KeepalivedConfig; vi: VrrpInstance; host: string};

const clamp = (p: number) => Math.max(1, Math.min(254, p));
const hostOf = (config: KeepalivedConfig) => config.globalDefs.routerId ?? config.file.split('/').pop() ?? config.file;
const vipSet = (vi: VrrpInstance) => new Set(vi.virtualIpAddresses.filter(v => v.valid).map(v => v.address));

/** Groups the instances of several configurations into peer groups (one VRRP router each). */
export function peerGroups(configs: KeepalivedConfig[]): Member[][] {
	const members: Member[] = [];
	for (const config of configs) for (const vi of config.vrrpInstances) if (vi.virtualRouterId !== undefined) members.push({config, vi, host: hostOf(config)});
	const parent = members.map((_, i) => i);
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	for (let i = 0; i < members.length; i++) {
		for (let j = i + 1; j < members.length; j++) {
			const a = members[i];
			const b = members[j];
			if (a.config === b.config || a.vi.virtualRouterId !== b.vi.virtualRouterId) continue;
			const sameInterface = a.vi.interface !== undefined && a.vi.interface === b.vi.interface;
			const va = vipSet(a.vi);
			const sharedVip = [...vipSet(b.vi)].some(v => va.has(v));
			if (sameInterface || sharedVip) parent[find(i)] = find(j);
		}
	}
	const groups = new Map<number, Member[]>();
	members.forEach((m, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), m]));
	return [...groups.values()].filter(g => new Set(g.map(m => m.config)).size > 1);
}

/** The weight a tracked script applies to an instance (track_script override first). */
function trackedWeights(member: Member): Array<{name: string; weight: number; script?: VrrpScript; pos: Member['vi']['pos']}> {
	const scripts = new Map(member.config.vrrpScripts.map(s => [s.name, s]));
	const out: Array<{name: string; weight: number; script?: VrrpScript; pos: Member['vi']['pos']}> = [];
	for (const ref of member.vi.trackScripts) {
		const script = scripts.get(ref.name);
		if (!script && ref.weight === undefined) continue;
		const reverse = ref.reverse ?? script?.weightReverse ?? false;
		if (reverse) continue;
		const weight = ref.weight ?? script?.weight ?? 0;
		out.push({name: ref.name, weight, ...(script ? {script} : {}), pos: ref.weight !== undefined ? ref.pos : (script?.sources.weight ?? ref.pos)});
	}
	return out;
}

/** Runs the cross-node rules over configurations of different nodes. */
export function lintCluster(configs: KeepalivedConfig[], report: Report): void {
	for (const group of peerGroups(configs)) {
		priorities(group, report);
		weights(group, report);
		agreement(group, report);
	}
}

function priorities(group: Member[], report: Report) {
	for (const master of group.filter(m => m.vi.state === 'MASTER')) {
		const prio = master.vi.priority ?? 100;
		for (const peer of group) {
			if (peer.config === master.config) continue;
			const peerPrio = peer.vi.priority ?? 100;
			if (peerPrio < prio) continue;
			const pos = master.vi.sources.priority ?? master.vi.sources.state ?? master.vi.pos;
			report(
				pos,
				'error',
				'master-priority',
				peerPrio === prio
					? `${master.vi.name} is state MASTER with priority ${prio}, equal to ${peer.host}'s ${peer.vi.name} (${peer.config.file}:${(peer.vi.sources.priority ?? peer.vi.pos).line}): on equal priority the node with the higher primary IP address wins, so which node holds the VIP depends on addresses, not on 'state'`
					: `${master.vi.name} is state MASTER with priority ${prio}, but ${peer.host}'s ${peer.vi.name} has priority ${peerPrio} (${peer.config.file}:${(peer.vi.sources.priority ?? peer.vi.pos).line}): the higher priority takes the VIP as soon as both run — 'state' only sets the initial state`,
			);
		}
	}
}

function weights(group: Member[], report: Report) {
	const byPriority = [...group].sort((a, b) => (b.vi.priority ?? 100) - (a.vi.priority ?? 100));
	const master = group.find(m => m.vi.state === 'MASTER' && group.every(o => (o.vi.priority ?? 100) <= (m.vi.priority ?? 100))) ?? byPriority[0];
	const masterPrio = master.vi.priority ?? 100;
	if (masterPrio === 255) return;
	for (const tracked of trackedWeights(master)) {
		if (tracked.weight === 0) continue;
		for (const backup of group) {
			if (backup.config === master.config) continue;
			const backupPrio = backup.vi.priority ?? 100;
			const backupBonus = tracked.weight > 0 ? (trackedWeights(backup).find(t => t.name === tracked.name)?.weight ?? 0) : 0;
			const masterFailing = clamp(tracked.weight < 0 ? masterPrio + tracked.weight : masterPrio);
			const backupHealthy = clamp(backupPrio + Math.max(0, backupBonus));
			if (masterFailing < backupHealthy) continue;
			const needed = tracked.weight < 0 ? -(masterPrio - backupHealthy + 1) : masterPrio - backupPrio + 1;
			const arithmetic =
				tracked.weight < 0
					? `when ${tracked.name} fails on ${master.host} its priority drops ${masterPrio} → ${masterFailing}`
					: `when ${tracked.name} fails on ${master.host} it loses the +${tracked.weight} bonus (${clamp(masterPrio + tracked.weight)} → ${masterFailing}) while ${backup.host} ${backupBonus > 0 ? `gets +${backupBonus} (${backupPrio} → ${backupHealthy})` : `stays at ${backupPrio} (it does not track ${tracked.name} with a positive weight)`}`;
			const outcome =
				masterFailing === backupHealthy
					? `equal to ${backup.host}'s ${backupHealthy}: on a tie the node with the higher primary IP address keeps the VIP, so failover is not guaranteed`
					: `still above ${backup.host}'s ${backupHealthy}: the VIP stays on the node whose check fails`;
			report(
				tracked.pos,
				'warning',
				'weight-cannot-move-vip',
				`vrrp_script ${tracked.name} weight ${tracked.weight} cannot move the VIP of ${master.vi.name}: ${arithmetic}, ${outcome}; use weight ${tracked.weight < 0 ? needed : `at least ${needed}`}${tracked.weight < 0 ? ' or lower' : ' (tracked on both nodes)'}`,
				`weight ${needed}`,
			);
		}
	}
}

function agreement(group: Member[], report: Report) {
	const [first, ...others] = group;
	for (const other of others) {
		if (other.config === first.config) continue;
		const a = first.vi;
		const b = other.vi;
		const where = `${first.host}'s ${a.name} (${first.config.file})`;
		const authA = a.authentication?.type ?? 'none';
		const authB = b.authentication?.type ?? 'none';
		const passA = a.authentication?.pass;
		const passB = b.authentication?.pass;
		if (authA !== authB) {
			report(b.authentication?.pos ?? b.pos, 'error', 'peer-auth-mismatch', `${b.name} uses authentication ${authB} but ${where} uses ${authA}: each drops the other's adverts and both become MASTER`);
		} else if (authA === 'PASS' && passA !== undefined && passB !== undefined && comparable(passA) !== comparable(passB)) {
			report(b.authentication?.sources.auth_pass ?? b.pos, 'error', 'peer-auth-mismatch', `${b.name}'s auth_pass differs from ${where}'s (compared on the first 8 characters): each drops the other's adverts and both become MASTER`);
		}
		if (a.advertInt !== undefined && b.advertInt !== undefined && a.advertInt !== b.advertInt) {
			report(b.sources.advert_int ?? b.pos, 'error', 'peer-advert-mismatch', `${b.name} advert_int ${b.advertInt} differs from ${where}'s ${a.advertInt}: VRRPv2 drops adverts with another interval (both nodes become MASTER)`);
		}
		const va = vrrpVersion(first.config, a);
		const vb = vrrpVersion(other.config, b);
		if (va !== vb) report(b.sources.version ?? b.pos, 'error', 'peer-version-mismatch', `${b.name} speaks VRRPv${vb} but ${where} speaks VRRPv${va}: they do not understand each other`);
		const setA = vipSet(a);
		const setB = vipSet(b);
		if (setA.size > 0 && setB.size > 0 && (setA.size !== setB.size || [...setA].some(v => !setB.has(v)))) {
			report(
				b.sources.virtual_ipaddress ?? b.pos,
				'warning',
				'peer-vip-mismatch',
				`${b.name}'s VIPs (${[...setB].join(', ')}) differ from ${where}'s (${[...setA].join(', ')}): keepalived ≤ 2.3.2 drops such adverts, later versions log them`,
			);
		}
	}
}

/** What VRRPv2 compares of a password: its first 8 characters (or the redacted fingerprint of them). */
function comparable(pass: string): string {
	const m = /^lbwiz-redacted:[0-9a-f]{12}:\d+:([0-9a-f]{12})$/.exec(pass);
	if (m) return `fp8:${m[1]}`;
	return secretLength(pass) > 8 ? [...pass].slice(0, 8).join('') : pass;
}
