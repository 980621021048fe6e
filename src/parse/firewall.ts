/**
The firewall evaluator: "is this VRRP packet (IP protocol 112, to 224.0.0.18 or to a unicast peer,
from a source, on an interface) accepted on input?" — answered from FirewallFacts alone (pure).

It walks every filter base chain the packet crosses (ingress, prerouting, input hooks; by hook, then
priority) of every backend (nftables tables, iptables tables, legacy iptables), follows jumps and
gotos, applies policies, and returns the verdict with the deciding rules as evidence. A rule whose
conditions we cannot model (marks, sets we could not resolve, limits, opaque xt matches) makes both
branches possible: the answer becomes 'maybe', with the rules responsible.
Assumption: multicast VRRP never gets replies, so conntrack sees it as `new` (documented in the
explanation when a ct state rule was involved).
*/
import type {FirewallChain, FirewallFacts, FirewallRule, FirewalldZone} from '../collect/types.js';
import {parseNftJson} from './nft-json.js';
import {parseIptablesSave} from './iptables-save.js';
import {parseFirewalldListAll, parseRichRule} from './firewalld.js';

/** The packet in question. */
export type PacketQuery = {
	/** IP protocol number or name; VRRP is 112 */
	protocol?: number | string;
	/** destination: 224.0.0.18 (multicast) or the unicast peer address */
	dst: string;
	/** source address when known */
	src?: string;
	/** receiving interface when known */
	iif?: string;
	/** conntrack state assumed (default: new) */
	ctstate?: string;
};

/** The answer, with the evidence a check cites. */
export type FirewallVerdict = {
	verdict: 'accept' | 'drop' | 'maybe';
	/** rules (or policies, as pseudo-rules) that decided the verdict */
	deciding: FirewallRule[];
	/** rules whose unmodelled conditions made the answer uncertain */
	uncertain: FirewallRule[];
	explanation: string;
	/** the same question asked of firewalld's zone settings, when firewalld is running */
	firewalld?: {verdict: 'accept' | 'drop' | 'maybe'; zone?: string; reason: string};
};

const PROTOCOL_NUMBERS: Record<string, string> = {vrrp: '112', tcp: '6', udp: '17', icmp: '1', ah: '51', esp: '50', igmp: '2', sctp: '132', gre: '47', icmpv6: '58'};
const protoNumber = (p: string) => PROTOCOL_NUMBERS[p.toLowerCase()] ?? p.toLowerCase();

// ---- building FirewallFacts from tool outputs ---------------------------------------------------

/** Tool outputs gathered on a host (each optional). */
export type FirewallOutputs = {nftJson?: string; iptablesSave?: string; ip6tablesSave?: string; iptablesLegacySave?: string; firewalldListAll?: string; firewalldState?: string};

/**
Merges the tool outputs into one FirewallFacts. iptables-nft rules show up in both `nft -j` (as
opaque `xt` matches) and `iptables-save`; when iptables says it is the nf_tables variant, its
tables are taken from iptables-save and dropped from the nft view, so nothing is counted twice.
*/
export function buildFirewallFacts(outputs: FirewallOutputs): FirewallFacts {
	const facts: FirewallFacts = {backends: [], chains: [], rules: [], notes: []};
	const ipt = outputs.iptablesSave ? parseIptablesSave(outputs.iptablesSave, 'iptables') : undefined;
	const ip6t = outputs.ip6tablesSave ? parseIptablesSave(outputs.ip6tablesSave, 'ip6tables') : undefined;
	const iptTables = new Set<string>();
	for (const parsed of [ipt, ip6t]) {
		if (!parsed || (parsed.chains.length === 0 && parsed.rules.length === 0)) continue;
		if (parsed.variant === 'nf_tables') for (const c of parsed.chains) iptTables.add(`${c.family}\0${c.table}`);
	}
	if (outputs.nftJson) {
		const nft = parseNftJson(outputs.nftJson);
		const keep = (family: string | undefined, table: string) => !(ipt?.variant === 'nf_tables' || ip6t?.variant === 'nf_tables') || !iptTables.has(`${family}\0${table}`);
		const chains = nft.chains.filter(c => keep(c.family, c.table));
		const rules = nft.rules.filter(r => keep(r.family, r.table));
		if (chains.length < nft.chains.length) facts.notes!.push('iptables-nft tables are evaluated from iptables-save (their nft view has opaque xt matches)');
		if (chains.length > 0 || rules.length > 0) facts.backends.push('nftables');
		facts.chains.push(...chains);
		facts.rules.push(...rules);
	}
	for (const [parsed, backend] of [
		[ipt, 'iptables'],
		[ip6t, 'ip6tables'],
	] as const) {
		if (!parsed || parsed.rules.length === 0 && parsed.chains.every(c => c.policy !== 'drop')) continue;
		facts.backends.push(backend);
		facts.chains.push(...parsed.chains);
		facts.rules.push(...parsed.rules);
	}
	if (outputs.iptablesLegacySave) {
		const legacy = parseIptablesSave(outputs.iptablesLegacySave, 'iptables');
		if (legacy.rules.length > 0 || legacy.chains.some(c => c.policy === 'drop')) {
			// legacy tables hook in separately from nft ones: keep them apart by table name
			const rename = (table: string) => `legacy:${table}`;
			if (!facts.backends.includes('iptables')) facts.backends.push('iptables');
			facts.chains.push(...legacy.chains.map(c => ({...c, table: rename(c.table)})));
			facts.rules.push(...legacy.rules.map(r => ({...r, table: rename(r.table)})));
			facts.notes!.push('iptables-legacy rules present (evaluated in addition to nftables)');
		}
	}
	if (outputs.firewalldState !== undefined || outputs.firewalldListAll !== undefined) {
		const running = (outputs.firewalldState ?? '').trim() === 'running';
		const parsed = outputs.firewalldListAll ? parseFirewalldListAll(outputs.firewalldListAll) : [];
		if (running) facts.backends.push('firewalld');
		facts.firewalld = {running, ...(outputs.firewalldListAll ? {zones: outputs.firewalldListAll} : {}), richRules: parsed.flatMap(z => z.richRules), parsed};
	}
	if (facts.notes!.length === 0) delete facts.notes;
	return facts;
}

// ---- matching ------------------------------------------------------------------------------------

type Tri = 'yes' | 'no' | 'maybe';

const ipv4ToInt = (ip: string): number | undefined => {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
	if (!m) return undefined;
	const parts = m.slice(1).map(Number);
	if (parts.some(p => p > 255)) return undefined;
	return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
};

/** Whether an IPv4 address is in `spec` (address, CIDR, range a-b); 'maybe' for what we cannot read. */
export function addressIn(address: string, spec: string): Tri {
	const ip = ipv4ToInt(address);
	const s = spec.trim();
	if (ip === undefined) return 'maybe';
	if (s.includes(':')) return 'no'; // IPv6 spec never matches an IPv4 packet
	const range = /^([\d.]+)-([\d.]+)$/.exec(s);
	if (range) {
		const [a, b] = [ipv4ToInt(range[1]), ipv4ToInt(range[2])];
		return a === undefined || b === undefined ? 'maybe' : ip >= a && ip <= b ? 'yes' : 'no';
	}
	const [net, lenText] = s.split('/');
	const base = ipv4ToInt(net);
	if (base === undefined) return 'maybe'; // a host name or set we cannot resolve
	const len = lenText === undefined ? 32 : Number(lenText);
	if (!Number.isInteger(len) || len < 0 || len > 32) return 'maybe';
	const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
	return (ip & mask) >>> 0 === (base & mask) >>> 0 ? 'yes' : 'no';
}

const anyOf = (values: string[], test: (v: string) => Tri): Tri => {
	let result: Tri = 'no';
	for (const v of values) {
		const t = test(v);
		if (t === 'yes') return 'yes';
		if (t === 'maybe') result = 'maybe';
	}
	return result;
};
const invert = (t: Tri): Tri => (t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'maybe');
const and = (a: Tri, b: Tri): Tri => (a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes');

const ifaceMatches = (name: string, pattern: string): boolean => {
	if (pattern.endsWith('+') || pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
	return name === pattern;
};

const isMulticast = (ip: string) => {
	const n = ipv4ToInt(ip);
	return n !== undefined && n >>> 28 === 0xe;
};

/** Whether a rule's conditions hold for the packet, with the reason when uncertain. */
export function ruleMatches(rule: FirewallRule, packet: PacketQuery): {result: Tri; reasons: string[]} {
	const m = rule.match;
	const not = new Set(m.not ?? []);
	const reasons: string[] = [];
	let result: Tri = 'yes';
	const field = (name: NonNullable<FirewallRule['match']['not']>[number], t: Tri, why?: string) => {
		const value = not.has(name) ? invert(t) : t;
		if (value === 'maybe' && why) reasons.push(why);
		result = and(result, value);
	};
	const protocol = protoNumber(String(packet.protocol ?? 112));
	if (rule.family === 'ip6' || rule.backend === 'ip6tables' || m.protocol === 'ipv6-only') return {result: 'no', reasons};
	if (m.protocol !== undefined) field('protocol', anyOf(m.protocol.split(','), p => (protoNumber(p.trim()) === protocol || p.trim() === 'all' || p.trim() === '0' ? 'yes' : 'no')));
	if (m.dport !== undefined) field('dport', protocol === '6' || protocol === '17' || protocol === '132' ? 'maybe' : 'no', `destination port ${m.dport}`);
	if (m.daddr !== undefined) field('daddr', anyOf(m.daddr.split(','), a => addressIn(packet.dst, a)), `destination ${m.daddr}`);
	if (m.saddr !== undefined) field('saddr', packet.src ? anyOf(m.saddr.split(','), a => addressIn(packet.src!, a)) : 'maybe', packet.src ? `source ${m.saddr}` : `source ${m.saddr} (sender unknown)`);
	if (m.iifname !== undefined) field('iifname', packet.iif ? (m.iifname.split(',').some(p => ifaceMatches(packet.iif!, p.trim())) ? 'yes' : 'no') : 'maybe', packet.iif ? undefined : `input interface ${m.iifname} (interface unknown)`);
	if (m.oifname !== undefined) field('oifname', rule.hook === 'input' || rule.hook === 'prerouting' || rule.hook === 'ingress' ? 'no' : 'maybe', `output interface ${m.oifname}`);
	if (m.ctstate !== undefined) {
		const state = (packet.ctstate ?? 'new').toLowerCase();
		field('ctstate', m.ctstate.includes(state) ? 'yes' : 'no');
	}
	if (m.pkttype !== undefined) {
		const type = isMulticast(packet.dst) ? 'multicast' : 'host';
		field('pkttype', m.pkttype.split(',').some(t => t === type || (t === 'unicast' && type === 'host')) ? 'yes' : 'no');
	}
	if (m.negated) field('protocol', 'maybe', 'a negated condition');
	if (m.other && (result as Tri) !== 'no') {
		result = and(result, 'maybe');
		reasons.push(...(m.unknown ?? ['conditions lbwiz does not model']));
	}
	return {result, reasons};
}

// ---- walking the chains ---------------------------------------------------------------------------

type Outcome = {kind: 'accept' | 'drop' | 'return' | 'end'; rules: FirewallRule[]; uncertain: FirewallRule[]; assumptions: string[]};

const HOOK_ORDER: Record<string, number> = {ingress: 0, prerouting: 1, input: 2};
const MAX_OUTCOMES = 64;

class Walker {
	private readonly byChain = new Map<string, FirewallRule[]>();
	private readonly chainInfo = new Map<string, FirewallChain>();

	constructor(
		private readonly facts: FirewallFacts,
		private readonly packet: PacketQuery,
	) {
		for (const rule of facts.rules) {
			const key = this.key(rule.backend, rule.family, rule.table, rule.chain);
			const list = this.byChain.get(key) ?? [];
			list.push(rule);
			this.byChain.set(key, list);
		}
		for (const list of this.byChain.values()) list.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
		for (const chain of facts.chains) this.chainInfo.set(this.key(chain.backend, chain.family, chain.table, chain.name), chain);
	}

	private key(backend: string, family: string | undefined, table: string, chain: string) {
		return `${backend === 'ip6tables' ? 'ip6tables' : backend}\0${family ?? ''}\0${table}\0${chain}`;
	}

	/** Base chains the packet crosses, in order. */
	baseChains(): FirewallChain[] {
		return this.facts.chains
			.filter(c => c.hook !== undefined && c.hook in HOOK_ORDER && (c.type ?? 'filter') === 'filter')
			.filter(c => c.family !== 'ip6' && c.backend !== 'ip6tables' && c.family !== 'arp' && c.family !== 'bridge')
			.sort((a, b) => HOOK_ORDER[a.hook!] - HOOK_ORDER[b.hook!] || (a.priority ?? 0) - (b.priority ?? 0));
	}

	/** All possible outcomes of walking a chain from rule `start`. */
	walk(chain: FirewallChain | {backend: FirewallRule['backend']; family?: string; table: string; name: string}, depth = 0): Outcome[] {
		if (depth > 32) return [{kind: 'end', rules: [], uncertain: [], assumptions: ['jump depth over 32 (a loop?)']}];
		const rules = this.byChain.get(this.key(chain.backend, chain.family, chain.table, chain.name)) ?? [];
		return this.walkFrom(rules, 0, depth);
	}

	private walkFrom(rules: FirewallRule[], start: number, depth: number): Outcome[] {
		for (let i = start; i < rules.length; i++) {
			const rule = rules[i];
			if (rule.verdict === 'other') continue; // counters, logs, marks: no decision
			const {result, reasons} = ruleMatches(rule, this.packet);
			if (result === 'no') continue;
			const taken = this.take(rule, rules, i, depth);
			if (result === 'yes') return taken;
			const skipped = this.walkFrom(rules, i + 1, depth);
			const mark = (o: Outcome): Outcome => ({...o, uncertain: [rule, ...o.uncertain], assumptions: [...reasons.map(r => `${rule.text}: ${r}`), ...o.assumptions]});
			return [...taken.map(mark), ...skipped.map(mark)].slice(0, MAX_OUTCOMES);
		}
		return [{kind: 'end', rules: [], uncertain: [], assumptions: []}];
	}

	private take(rule: FirewallRule, rules: FirewallRule[], index: number, depth: number): Outcome[] {
		switch (rule.verdict) {
			case 'accept':
			case 'drop':
				return [{kind: rule.verdict, rules: [rule], uncertain: [], assumptions: []}];
			case 'reject':
				return [{kind: 'drop', rules: [rule], uncertain: [], assumptions: []}];
			case 'return':
				return [{kind: 'return', rules: [rule], uncertain: [], assumptions: []}];
			case 'jump': {
				const target = {backend: rule.backend, family: rule.family, table: rule.table, name: rule.jumpTarget ?? ''};
				const inner = this.walk(target, depth + 1);
				const out: Outcome[] = [];
				for (const o of inner) {
					if (o.kind === 'accept' || o.kind === 'drop') out.push({...o, rules: [rule, ...o.rules]});
					else if (rule.goto) out.push({...o, kind: 'return', rules: [rule, ...o.rules]});
					else for (const rest of this.walkFrom(rules, index + 1, depth)) out.push({...rest, uncertain: [...o.uncertain, ...rest.uncertain], assumptions: [...o.assumptions, ...rest.assumptions]});
				}
				return out.slice(0, MAX_OUTCOMES);
			}
			default:
				return this.walkFrom(rules, index + 1, depth);
		}
	}
}

const policyRule = (chain: FirewallChain): FirewallRule => ({
	backend: chain.backend,
	table: chain.table,
	chain: chain.name,
	...(chain.hook ? {hook: chain.hook} : {}),
	text: `policy ${chain.policy ?? 'accept'} (chain ${chain.name} of table ${chain.table})`,
	verdict: chain.policy === 'drop' ? 'drop' : 'accept',
	match: {},
	...(chain.family ? {family: chain.family} : {}),
});

const describeRule = (r: FirewallRule) => `${r.backend} ${r.family ? `${r.family} ` : ''}${r.table}/${r.chain}: ${r.text}`;

/** Evaluates whether the packet is accepted on input. */
export function evaluateInput(facts: FirewallFacts, packet: PacketQuery): FirewallVerdict {
	const walker = new Walker(facts, packet);
	const chains = walker.baseChains();
	const deciding: FirewallRule[] = [];
	const uncertain: FirewallRule[] = [];
	const assumptions: string[] = [];
	let definiteDrop: FirewallRule[] | undefined;
	let allAccept = true;
	for (const chain of chains) {
		const outcomes = walker.walk(chain).map(o => (o.kind === 'end' || o.kind === 'return' ? {...o, kind: chain.policy === 'drop' ? ('drop' as const) : ('accept' as const), rules: [...o.rules, policyRule(chain)]} : o));
		const kinds = new Set(outcomes.map(o => o.kind));
		for (const o of outcomes) {
			uncertain.push(...o.uncertain);
			assumptions.push(...o.assumptions);
		}
		if (kinds.size === 1 && kinds.has('drop')) {
			definiteDrop ??= outcomes[0].rules;
			break;
		}
		if (kinds.has('drop')) {
			allAccept = false;
			deciding.push(...outcomes.filter(o => o.kind === 'drop').flatMap(o => o.rules));
		} else deciding.push(...outcomes[0].rules.filter(r => r.verdict === 'accept' || r.verdict === 'jump'));
	}
	const unique = <T>(list: T[]) => [...new Set(list)];
	const where = `${packet.src ? `from ${packet.src} ` : ''}to ${packet.dst}${packet.iif ? ` on ${packet.iif}` : ''}`;
	const fw = facts.firewalld?.running ? evaluateFirewalld(facts.firewalld.parsed ?? [], packet) : undefined;
	const ctNote = facts.rules.some(r => r.match.ctstate) ? ' (assuming conntrack state new: multicast VRRP gets no replies)' : '';
	if (definiteDrop) {
		return {
			verdict: 'drop',
			deciding: definiteDrop,
			uncertain: unique(uncertain),
			explanation: `protocol ${packet.protocol ?? 112} ${where} is dropped by ${describeRule(definiteDrop.at(-1)!)}${ctNote}`,
			...(fw ? {firewalld: fw} : {}),
		};
	}
	if (chains.length === 0) {
		const base: FirewallVerdict = {verdict: 'accept', deciding: [], uncertain: [], explanation: `no filter base chain on the input path: protocol ${packet.protocol ?? 112} ${where} is accepted`};
		if (fw) return {...base, verdict: fw.verdict, explanation: `${base.explanation} by netfilter; firewalld: ${fw.reason}`, firewalld: fw};
		return base;
	}
	if (allAccept) {
		return {verdict: 'accept', deciding: unique(deciding), uncertain: [], explanation: `protocol ${packet.protocol ?? 112} ${where} is accepted by every base chain${ctNote}`, ...(fw ? {firewalld: fw} : {})};
	}
	return {
		verdict: 'maybe',
		deciding: unique(deciding),
		uncertain: unique(uncertain),
		explanation: `protocol ${packet.protocol ?? 112} ${where} may be dropped, depending on: ${unique(assumptions).join('; ') || 'rules lbwiz cannot fully model'}${ctNote}`,
		...(fw ? {firewalld: fw} : {}),
	};
}

/** The packet against firewalld's zone model (used when netfilter rules are not readable, and as a second opinion). */
export function evaluateFirewalld(zones: FirewalldZone[], packet: PacketQuery): {verdict: 'accept' | 'drop' | 'maybe'; zone?: string; reason: string} {
	const byIface = packet.iif ? zones.find(z => z.interfaces.includes(packet.iif!)) : undefined;
	const bySource = packet.src ? zones.find(z => z.sources.some(s => addressIn(packet.src!, s) === 'yes')) : undefined;
	const zone = bySource ?? byIface ?? zones.find(z => z.default) ?? (zones.length === 1 ? zones[0] : undefined);
	if (!zone) return {verdict: 'maybe', reason: 'no firewalld zone could be matched to the interface'};
	const proto = String(packet.protocol ?? 112);
	const isProto = (p: string) => protoNumber(p) === protoNumber(proto);
	if (zone.protocols.some(isProto)) return {verdict: 'accept', zone: zone.name, reason: `zone ${zone.name} allows protocol ${zone.protocols.find(isProto)}`};
	if (isProto('vrrp') && zone.services.includes('vrrp')) return {verdict: 'accept', zone: zone.name, reason: `zone ${zone.name} allows the vrrp service`};
	let maybe: string | undefined;
	for (const text of zone.richRules) {
		const rule = parseRichRule(text);
		if (rule.family === 'ipv6' || !rule.action) continue;
		if (rule.protocol && !isProto(rule.protocol)) continue;
		if (!rule.protocol && rule.other.length > 0) continue;
		let result: Tri = 'yes';
		if (rule.destination) result = and(result, rule.destination.invert ? invert(addressIn(packet.dst, rule.destination.address)) : addressIn(packet.dst, rule.destination.address));
		if (rule.source) result = and(result, packet.src ? (rule.source.invert ? invert(addressIn(packet.src, rule.source.address)) : addressIn(packet.src, rule.source.address)) : 'maybe');
		if (result === 'no') continue;
		if (result === 'maybe') {
			maybe ??= text;
			continue;
		}
		return {verdict: rule.action === 'accept' ? 'accept' : 'drop', zone: zone.name, reason: `zone ${zone.name} rich rule: ${text}`};
	}
	const target = (zone.target ?? 'default').toUpperCase();
	if (maybe) return {verdict: 'maybe', zone: zone.name, reason: `zone ${zone.name}: depends on the sender for rich rule ${maybe}`};
	if (target === 'ACCEPT') return {verdict: 'accept', zone: zone.name, reason: `zone ${zone.name} target ACCEPT`};
	return {verdict: 'drop', zone: zone.name, reason: `zone ${zone.name} (target ${zone.target ?? 'default'}) has no vrrp protocol, service or rich rule: it rejects protocol ${proto}`};
}

/** Convenience: VRRP (protocol 112) to the multicast group or a unicast peer. */
export function evaluateVrrpInput(facts: FirewallFacts, query: {dst?: string; src?: string; iif?: string}): FirewallVerdict {
	return evaluateInput(facts, {protocol: 112, dst: query.dst ?? '224.0.0.18', src: query.src, iif: query.iif});
}
