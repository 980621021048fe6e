/**
`nft -j list ruleset` → chains and rules in the firewall model of types.ts, keeping only what the
firewall evaluator needs (protocol, addresses, interfaces, ports, conntrack state, verdicts); every
condition it cannot model is kept as `other` with its text, so the evaluator can say "maybe".
*/
import type {FirewallChain, FirewallRule} from '../collect/types.js';

/** Thrown for text that is not nft's JSON output. */
export class NftParseError extends Error {}

type Json = any; // nft's JSON schema is wide; we read it defensively.

const L4_PROTOCOLS = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp', 'icmp', 'icmpv6', 'ah', 'esp', 'comp', 'igmp']);

const valueText = (v: Json): string => {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (Array.isArray(v)) return v.map(valueText).join(',');
	if (v.set) return (Array.isArray(v.set) ? v.set : [v.set]).map(valueText).join(',');
	if (v.prefix) return `${valueText(v.prefix.addr)}/${v.prefix.len}`;
	if (v.range) return `${valueText(v.range[0])}-${valueText(v.range[1])}`;
	if (v.elem) return valueText(v.elem.val);
	return JSON.stringify(v);
};

const leftText = (left: Json): string => {
	if (left?.payload) return `${left.payload.protocol ?? left.payload.base ?? 'payload'} ${left.payload.field ?? `@${left.payload.offset}`}`;
	if (left?.meta) return `meta ${left.meta.key}`;
	if (left?.ct) return `ct ${left.ct.key}`;
	return JSON.stringify(left);
};

/** nft's own words for a match, close enough to `nft list ruleset` to recognise the rule. */
const matchText = (m: Json): string => {
	const op = m.op === '==' || m.op === 'in' ? '' : `${m.op} `;
	let left = leftText(m.left);
	if (m.left?.meta && ['iifname', 'oifname', 'iif', 'oif', 'l4proto', 'nfproto', 'pkttype'].includes(m.left.meta.key)) left = m.left.meta.key === 'l4proto' || m.left.meta.key === 'nfproto' ? `meta ${m.left.meta.key}` : m.left.meta.key;
	const right = typeof m.right === 'string' && (m.left?.meta?.key === 'iifname' || m.left?.meta?.key === 'oifname') ? `"${m.right}"` : m.right?.set || Array.isArray(m.right) ? `{ ${valueText(m.right).split(',').join(', ')} }` : valueText(m.right);
	return `${left} ${op}${right}`;
};

/** Resolves `@name` references against the ruleset's named sets. */
type SetIndex = Map<string, string[]>;

const values = (right: Json, sets: SetIndex, table: string): string[] | undefined => {
	if (typeof right === 'string' && right.startsWith('@')) return sets.get(`${table}\0${right.slice(1)}`);
	return valueText(right).split(',').filter(v => v !== '');
};

/** Converts one rule's expression list. */
function convertRule(rule: Json, chain: FirewallChain | undefined, sets: SetIndex, position: number): FirewallRule {
	const match: FirewallRule['match'] = {};
	const parts: string[] = [];
	const unknown: string[] = [];
	const negate = (field: NonNullable<FirewallRule['match']['not']>[number]) => (match.not ??= []).push(field);
	let verdict: FirewallRule['verdict'] = 'other';
	let jumpTarget: string | undefined;
	let goto = false;
	const tableKey = `${rule.family}\0${rule.table}`;
	for (const expr of (rule.expr ?? []) as Json[]) {
		const [kind] = Object.keys(expr);
		const body = expr[kind];
		if (kind === 'match') {
			const text = matchText(body);
			parts.push(text);
			const op: string = body.op;
			const negated = op === '!=';
			if (op !== '==' && op !== 'in' && op !== '!=') {
				unknown.push(text);
				continue;
			}
			const vals = values(body.right, sets, tableKey);
			if (!vals) {
				unknown.push(text);
				continue;
			}
			const left = body.left;
			if (left?.payload && (left.payload.protocol === 'ip' || left.payload.protocol === 'ip6') && left.payload.field === 'protocol') {
				match.protocol = vals.join(',');
				if (negated) negate('protocol');
			} else if (left?.payload && left.payload.protocol === 'ip6' && left.payload.field === 'nexthdr') {
				match.protocol = vals.join(',');
				if (negated) negate('protocol');
			} else if (left?.meta?.key === 'l4proto') {
				match.protocol = vals.join(',');
				if (negated) negate('protocol');
			} else if (left?.payload && (left.payload.protocol === 'ip' || left.payload.protocol === 'ip6') && (left.payload.field === 'saddr' || left.payload.field === 'daddr')) {
				match[left.payload.field as 'saddr' | 'daddr'] = vals.join(',');
				if (negated) negate(left.payload.field);
			} else if (left?.payload && L4_PROTOCOLS.has(left.payload.protocol)) {
				// any tcp/udp/icmp header match implies that protocol
				if (match.protocol === undefined) match.protocol = left.payload.protocol;
				if (left.payload.field === 'dport') {
					match.dport = vals.join(',');
					if (negated) negate('dport');
				} else if (negated) unknown.push(text);
			} else if (left?.meta && ['iifname', 'iif'].includes(left.meta.key)) {
				match.iifname = vals.join(',');
				if (negated) negate('iifname');
			} else if (left?.meta && ['oifname', 'oif'].includes(left.meta.key)) {
				match.oifname = vals.join(',');
				if (negated) negate('oifname');
			} else if (left?.ct?.key === 'state') {
				match.ctstate = vals.map(v => v.toLowerCase());
				if (negated) negate('ctstate');
			} else if (left?.meta?.key === 'pkttype') {
				match.pkttype = vals.join(',');
				if (negated) negate('pkttype');
			} else if (left?.meta?.key === 'nfproto') {
				if (vals.length === 1 && vals[0] === 'ipv6' && !negated) match.protocol = match.protocol ?? 'ipv6-only';
				else if (!(vals.length === 1 && vals[0] === 'ipv4' && !negated)) unknown.push(text);
			} else {
				unknown.push(text);
			}
		} else if (kind === 'accept' || kind === 'drop' || kind === 'return') {
			verdict = kind;
			parts.push(kind);
		} else if (kind === 'reject') {
			verdict = 'reject';
			parts.push(body?.type ? `reject with ${body.type}${body.expr ? ` ${body.expr}` : ''}` : 'reject');
		} else if (kind === 'jump' || kind === 'goto') {
			verdict = 'jump';
			jumpTarget = body.target;
			goto = kind === 'goto';
			parts.push(`${kind} ${body.target}`);
		} else if (kind === 'counter') {
			parts.push('counter');
		} else if (kind === 'log') {
			parts.push(body?.prefix ? `log prefix "${body.prefix}"` : 'log');
		} else if (kind === 'xt') {
			parts.push(`xt ${body?.type ?? ''} ${body?.name ?? ''}`.trim());
			// iptables-nft's comment match never decides anything; any other xt match is opaque here
			if (!(body?.type === 'match' && body?.name === 'comment')) {
				if (body?.type === 'target') verdict = 'other';
				else unknown.push(`xt match ${body?.name ?? '?'}`);
			}
		} else if (kind === 'limit' || kind === 'quota' || kind === 'vmap') {
			parts.push(kind);
			unknown.push(kind === 'vmap' ? `verdict map ${JSON.stringify(body)}` : `${kind} ${JSON.stringify(body)}`);
		} else if (kind === 'queue') {
			verdict = 'other';
			parts.push('queue');
			unknown.push('queue');
		} else {
			parts.push(kind);
		}
	}
	if (unknown.length > 0) {
		match.other = true;
		match.unknown = unknown;
	}
	return {
		backend: 'nftables',
		table: rule.table,
		chain: rule.chain,
		...(chain?.hook ? {hook: chain.hook} : {}),
		text: parts.join(' '),
		verdict,
		...(jumpTarget ? {jumpTarget} : {}),
		match,
		position,
		...(goto ? {goto} : {}),
		family: rule.family,
	};
}

/** Parses `nft -j list ruleset`. */
export function parseNftJson(text: string): {chains: FirewallChain[]; rules: FirewallRule[]; version?: string} {
	let doc: Json;
	try {
		doc = JSON.parse(text);
	} catch (error) {
		throw new NftParseError(`not nft JSON: ${(error as Error).message}`);
	}
	if (!doc || !Array.isArray(doc.nftables)) throw new NftParseError('not nft JSON: no "nftables" array');
	const chains: FirewallChain[] = [];
	const rules: FirewallRule[] = [];
	const sets: SetIndex = new Map();
	let version: string | undefined;
	const byName = new Map<string, FirewallChain>();
	const positions = new Map<string, number>();
	for (const item of doc.nftables as Json[]) {
		if (item.metainfo) version = item.metainfo.version;
		if (item.set) {
			const elems = (item.set.elem ?? []) as Json[];
			sets.set(`${item.set.family}\0${item.set.table}\0${item.set.name}`, elems.map(valueText));
		}
		if (item.chain) {
			const c = item.chain;
			const chain: FirewallChain = {
				backend: 'nftables',
				table: c.table,
				name: c.name,
				family: c.family,
				...(c.hook ? {hook: c.hook} : {}),
				...(c.type ? {type: c.type} : {}),
				...(c.prio !== undefined ? {priority: Number(c.prio)} : {}),
				...(c.policy === 'accept' || c.policy === 'drop' ? {policy: c.policy} : c.hook ? {policy: 'accept' as const} : {}),
			};
			chains.push(chain);
			byName.set(`${c.family}\0${c.table}\0${c.name}`, chain);
		}
	}
	for (const item of doc.nftables as Json[]) {
		if (!item.rule) continue;
		const key = `${item.rule.family}\0${item.rule.table}\0${item.rule.chain}`;
		const position = positions.get(key) ?? 0;
		positions.set(key, position + 1);
		rules.push(convertRule(item.rule, byName.get(key), sets, position));
	}
	return {chains, rules, ...(version ? {version} : {})};
}
