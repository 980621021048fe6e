/** `firewall-cmd --list-all` / `--list-all-zones` → zones (documented format: firewalld 0.9–2.x). */
import type {FirewalldZone} from '../collect/types.js';

const HEADER = /^(\S+)(?:\s+\(([^)]*)\))?\s*$/;

/** Parses one or more zone blocks. */
export function parseFirewalldListAll(text: string): FirewalldZone[] {
	const zones: FirewalldZone[] = [];
	let zone: FirewalldZone | undefined;
	let inRich = false;
	for (const raw of text.split('\n')) {
		if (raw.trim() === '') {
			inRich = false;
			continue;
		}
		if (!/^\s/.test(raw)) {
			const m = HEADER.exec(raw.trim());
			if (!m) continue;
			const flags = (m[2] ?? '').split(',').map(f => f.trim());
			zone = {name: m[1], active: flags.includes('active'), ...(flags.includes('default') ? {default: true} : {}), interfaces: [], sources: [], services: [], ports: [], protocols: [], richRules: []};
			zones.push(zone);
			inRich = false;
			continue;
		}
		if (!zone) continue;
		const line = raw.trim();
		if (inRich && line.startsWith('rule')) {
			zone.richRules.push(line);
			continue;
		}
		const m = /^([a-z-]+( rules)?):\s*(.*)$/.exec(line);
		if (!m) continue;
		const [, key, , value] = m;
		const list = value.split(/\s+/).filter(Boolean);
		inRich = key === 'rich rules';
		if (key === 'target') zone.target = value.trim();
		else if (key === 'interfaces') zone.interfaces = list;
		else if (key === 'sources') zone.sources = list;
		else if (key === 'services') zone.services = list;
		else if (key === 'ports') zone.ports = list;
		else if (key === 'protocols') zone.protocols = list;
		else if (key === 'rich rules' && value.trim().startsWith('rule')) zone.richRules.push(value.trim());
	}
	return zones;
}

/** A rich rule's parts that matter for a received packet. */
export type RichRule = {family?: string; source?: {address: string; invert: boolean}; destination?: {address: string; invert: boolean}; protocol?: string; action?: 'accept' | 'drop' | 'reject'; other: string[]; text: string};

/** Parses `rule family="ipv4" source address="…" protocol value="vrrp" accept`. */
export function parseRichRule(text: string): RichRule {
	const rule: RichRule = {other: [], text};
	const family = /\bfamily="([^"]+)"/.exec(text);
	if (family) rule.family = family[1];
	const source = /\bsource\s+(NOT\s+)?address="([^"]+)"/.exec(text);
	if (source) rule.source = {address: source[2], invert: Boolean(source[1])};
	const destination = /\bdestination\s+(NOT\s+)?address="([^"]+)"/.exec(text);
	if (destination) rule.destination = {address: destination[2], invert: Boolean(destination[1])};
	const protocol = /\bprotocol\s+value="([^"]+)"/.exec(text);
	if (protocol) rule.protocol = protocol[1].toLowerCase();
	const action = /\b(accept|drop|reject)\b(?![^"]*"\s*$)/.exec(text.replace(/"[^"]*"/g, '""'));
	if (action) rule.action = action[1] as RichRule['action'];
	for (const element of ['service', 'port', 'source-port', 'icmp-block', 'icmp-type', 'forward-port', 'masquerade', 'mark', 'ipset']) {
		if (new RegExp(`\\b${element}\\b`).test(text.replace(/"[^"]*"/g, '""'))) rule.other.push(element);
	}
	return rule;
}
