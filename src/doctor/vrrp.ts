/**
VRRP reasoning shared by several checks: which member a group's others are compared with, what
authentication keepalived really uses (none under VRRPv3 or vrrp_strict), effective priorities with
tracked scripts, and how keepalived's version changes its behaviour.
*/
import type {SecretRef, VrrpAdvert} from '../collect/types.js';
import type {Facts, VrrpGroup, VrrpMember} from './facts.js';
import {compareVersions, parseVersion} from './facts.js';

/** What authentication an instance puts on the wire. */
export type EffectiveAuth = {type: 'none' | 'PASS' | 'AH'; secret?: SecretRef; ignored?: 'version 3' | 'vrrp_strict'};

/** The authentication keepalived actually uses for an instance. */
export function effectiveAuth(member: VrrpMember): EffectiveAuth {
	const type = member.auth?.type.toUpperCase();
	if (!type) return {type: 'none'};
	if (member.version === 3) return {type: 'none', ignored: 'version 3'};
	if (member.strict) return {type: 'none', ignored: 'vrrp_strict'};
	if (type === 'AH') return {type: 'AH', ...(member.auth?.secret ? {secret: member.auth.secret} : {})};
	return {type: 'PASS', ...(member.auth?.secret ? {secret: member.auth.secret} : {})};
}

/** A short, secret-free label: `none`, `AH`, `PASS (fingerprint 1a2b3c)`. */
export function authLabel(auth: EffectiveAuth): string {
	if (auth.type === 'none') return auth.ignored ? `none (auth ignored: ${auth.ignored})` : 'none';
	if (auth.type === 'AH') return 'AH';
	return auth.secret ? `PASS (password fingerprint ${auth.secret.fingerprint8.slice(0, 6)})` : 'PASS';
}

/** Label of what an advert carries. */
export function advertAuthLabel(advert: VrrpAdvert): string {
	if (!advert.authType || advert.authType === 'none') return 'none';
	if (advert.authType === 'ah') return 'AH';
	return advert.auth ? `PASS (password fingerprint ${advert.auth.fingerprint8.slice(0, 6)})` : 'PASS';
}

/** `lb1` or `lb1/VI_1` when the instance name helps. */
export const memberName = (member: VrrpMember): string => `${member.host}/${member.name}`;

/** Whether the config starts an instance as `state MASTER` (any case); elections still go by priority. */
export const startsAsMaster = (instance: {state?: string}): boolean => instance.state?.toUpperCase() === 'MASTER';

/**
The member others are compared with: the configured MASTER with the highest priority, else the highest
priority; ties by host order.
*/
export function referenceMember(group: VrrpGroup): VrrpMember {
	const masters = group.members.filter(startsAsMaster);
	const pool = masters.length > 0 ? masters : group.members;
	return pool.reduce((best, m) => (m.priority > best.priority ? m : best), pool[0]);
}

/** Groups with members on at least two hosts. */
export const multiHostGroups = (facts: Facts): VrrpGroup[] => facts.vrrpGroups().filter(g => new Set(g.members.map(m => m.host)).size >= 2);

/** True when `advert` was sent by the capturing host itself (its own outgoing advert). */
export function isOwnAdvert(facts: Facts, advert: VrrpAdvert & {seenBy: string}): boolean {
	return facts.ownAddresses(advert.seenBy).includes(advert.src) || facts.addresses(advert.seenBy).some(a => a.address === advert.src);
}

/** Adverts a member's host captured from others for the member's VRID. */
export function advertsFromOthers(facts: Facts, member: VrrpMember): Array<VrrpAdvert & {seenBy: string}> {
	return facts.adverts().filter(a => a.seenBy === member.host && a.vrid === member.vrid && !isOwnAdvert(facts, a));
}

/** keepalived clamps effective priorities to 1..254 (255 is the address owner and never changes). */
export const clampPriority = (priority: number): number => Math.min(254, Math.max(1, priority));

/** Weight each tracked script of a member adds or removes (track_script override, else the vrrp_script's). */
export function trackWeights(facts: Facts, member: VrrpMember): Array<{name: string; weight: number; pos: VrrpMember['pos']}> {
	return member.trackScripts.map(track => ({name: track.name, weight: track.weight ?? facts.script(member.host, track.name)?.weight ?? 0, pos: track.weight !== undefined ? track.pos : (facts.script(member.host, track.name)?.keywords.weight ?? track.pos)}));
}

/** A member's priority when all its tracked scripts succeed (positive weights added). */
export function healthyPriority(facts: Facts, member: VrrpMember): number {
	if (member.priority === 255) return 255;
	return clampPriority(member.priority + trackWeights(facts, member).filter(t => t.weight > 0).reduce((sum, t) => sum + t.weight, 0));
}

/** Whether keepalived `version` is at or after `atLeast`; undefined when the version is unknown. */
export function versionAtLeast(version: string | undefined, atLeast: string): boolean | undefined {
	const v = parseVersion(version);
	const w = parseVersion(atLeast);
	if (!v || !w) return undefined;
	return compareVersions(v, w) >= 0;
}

/**
The priority a director would run with in the VRRP routers spanning several hosts (runtime effective
priority when keepalived.data has it, else the configured one with healthy tracked scripts): the
highest of its instances, undefined when it is in none.
*/
export function hostPriority(facts: Facts, host: string): number | undefined {
	const members = multiHostGroups(facts).flatMap(g => g.members.filter(m => m.host === host));
	if (members.length === 0) return undefined;
	return Math.max(...members.map(m => m.effectivePriority ?? healthyPriority(facts, m)));
}

/** Every configured advert_int (seconds) of instances in multi-host VRRP routers. */
export const advertIntervals = (facts: Facts): number[] => multiHostGroups(facts).flatMap(g => g.members.map(m => m.advertInt)).filter(n => Number.isFinite(n) && n > 0);

/**
Seconds a tracked vrrp_script needs to report a repaired service (interval × rise, keepalived's
defaults 1 s and 1), the longest over the scripts that change a priority; 0 without such scripts.
*/
export function trackRiseSeconds(facts: Facts): number {
	const scripts = multiHostGroups(facts).flatMap(g => g.members.flatMap(m => trackWeights(facts, m).filter(t => t.weight !== 0).map(t => facts.script(m.host, t.name))));
	return Math.max(0, ...scripts.map(s => (s?.interval ?? 1) * (s?.rise ?? 1)));
}
