/**
The firewall part of a plan: which rules make VRRP from every peer accepted, decided with the same
evaluator the doctor uses (src/parse/firewall.ts). Pure.

Netfilter runs every base chain hooked at input: an `accept` in one chain does not stop a `drop` in
another (checked on this kernel: an accept in a separate `table inet lbwiz` at priority -10 left a
drop at priority 0 in force). So lbwiz does not add a table of its own; it inserts one accept rule,
tagged `lbwiz`, at the top of each base chain that would drop the adverts — with nft for nftables
chains, iptables for iptables chains — and, where firewalld runs, adds a rich rule (runtime and
permanent) instead of touching its chains.
*/
import type {FirewallChain, FirewallFacts} from '../collect/types.js';
import {evaluateFirewalld, evaluateInput} from '../parse/firewall.js';
import type {FirewallChange} from './types.js';

/** The comment lbwiz puts on its rules (nft `comment`, iptables `-m comment`). */
export const RULE_COMMENT = 'lbwiz';

/** firewalld as read on the host: running, the zone of the VRRP interface, and which lbwiz rich rules exist. */
export type FirewalldState = {running: boolean; zone?: string; runtime: string[]; permanent: string[]};

/** The rich rules that accept VRRP: one for multicast, one per peer with unicast. */
export function firewalldRules(vrrp: {peers: string[]; unicast: boolean}): string[] {
	if (!vrrp.unicast) return ['rule protocol value="vrrp" accept'];
	return vrrp.peers.map(peer => `rule family="ipv4" source address="${peer}" protocol value="vrrp" accept`);
}

const INPUT_HOOKS = new Set(['ingress', 'prerouting', 'input']);

/** Filter base chains an incoming IPv4 packet crosses (as the evaluator walks them). */
export function inputBaseChains(facts: FirewallFacts): FirewallChain[] {
	return facts.chains.filter(
		c => c.hook !== undefined && INPUT_HOOKS.has(c.hook) && (c.type ?? 'filter') === 'filter' && c.family !== 'ip6' && c.family !== 'arp' && c.family !== 'bridge' && c.backend !== 'ip6tables' && c.backend !== 'firewalld',
	);
}

/** What the plan does about the firewall of one director. */
export type FirewallDecision = {changes: FirewallChange[]; accepted: boolean; notes: string[]};

/**
Decides the rules to add so VRRP (protocol 112) from each peer to `dst` on `iface` is accepted.
`facts` undefined means no firewall could be read (no tool): nothing to do.
*/
export function planFirewall(input: {facts?: FirewallFacts; firewalld?: FirewalldState; vrrp: {interface: string; peers: string[]; dst: string; unicast: boolean}}): FirewallDecision {
	const {facts, firewalld, vrrp} = input;
	const changes: FirewallChange[] = [];
	const notes: string[] = [];
	if (firewalld?.running) {
		const zones = facts?.firewalld?.parsed ?? [];
		if (zones.length > 0 && vrrp.peers.every(peer => evaluateFirewalld(zones, {protocol: 112, dst: vrrp.dst, src: peer, iif: vrrp.interface}).verdict === 'accept')) return {changes, accepted: true, notes};
		for (const rule of firewalldRules(vrrp)) {
			const runtime = !firewalld.runtime.includes(rule);
			const permanent = !firewalld.permanent.includes(rule);
			if (runtime || permanent) changes.push({backend: 'firewalld', ...(firewalld.zone ? {zone: firewalld.zone} : {}), rule, runtime, permanent});
		}
		if (changes.length === 0) notes.push('firewalld has lbwiz\'s VRRP rich rules, but its zone model still does not show VRRP accepted: check the zone of the VRRP interface');
		return {changes, accepted: changes.length === 0, notes};
	}
	if (!facts) return {changes, accepted: true, notes};
	const bases = inputBaseChains(facts);
	for (const chain of bases) {
		// this base chain alone (jump targets kept): does it accept the advert?
		const only: FirewallFacts = {...facts, chains: facts.chains.filter(c => c === chain || !bases.includes(c)), firewalld: undefined};
		for (const peer of vrrp.peers) {
			const verdict = evaluateInput(only, {protocol: 112, dst: vrrp.dst, src: peer, iif: vrrp.interface});
			if (verdict.verdict === 'accept') continue;
			if (chain.backend === 'nftables') {
				changes.push({backend: 'nftables', family: chain.family ?? 'ip', table: chain.table, chain: chain.name, peer, dst: vrrp.dst});
			} else if (chain.backend === 'iptables') {
				const legacy = chain.table.startsWith('legacy:');
				changes.push({backend: 'iptables', command: legacy ? 'iptables-legacy' : 'iptables', table: legacy ? chain.table.slice('legacy:'.length) : chain.table, chain: chain.name, peer, dst: vrrp.dst});
			}
		}
	}
	if (changes.some(c => c.backend !== 'firewalld')) {
		notes.push('the VRRP accept rules are added to the running ruleset only: save them with your firewall\'s tool (netfilter-persistent save, or add them to /etc/nftables.conf) so a reboot keeps them');
	}
	return {changes, accepted: changes.length === 0, notes};
}

/** The nft rule body that accepts VRRP from `peer` to `dst`. */
export const nftRuleArgs = (c: {peer: string; dst: string}) => ['ip', 'protocol', 'vrrp', 'ip', 'saddr', c.peer, 'ip', 'daddr', c.dst, 'counter', 'accept', 'comment', RULE_COMMENT];

/** The iptables rule spec (after `-I CHAIN 1` / `-D CHAIN`). */
export const iptablesRuleSpec = (c: {peer: string; dst: string}) => ['-p', 'vrrp', '-s', c.peer, '-d', c.dst, '-m', 'comment', '--comment', RULE_COMMENT, '-j', 'ACCEPT'];

/** firewall-cmd's zone option, when known. */
const zoneArgs = (zone?: string) => (zone ? [`--zone=${zone}`] : []);

/** The commands that add one change, as typed by an operator. */
export function addCommands(change: FirewallChange): string[][] {
	switch (change.backend) {
		case 'nftables':
			return [['nft', '--echo', '--handle', 'insert', 'rule', change.family, change.table, change.chain, ...nftRuleArgs(change)]];
		case 'iptables':
			return [[change.command, '-t', change.table, '-I', change.chain, '1', ...iptablesRuleSpec(change)]];
		case 'firewalld':
			return [
				...(change.runtime ? [['firewall-cmd', ...zoneArgs(change.zone), `--add-rich-rule=${change.rule}`]] : []),
				...(change.permanent ? [['firewall-cmd', '--permanent', ...zoneArgs(change.zone), `--add-rich-rule=${change.rule}`]] : []),
			];
	}
}

/** The commands that remove what one change added. */
export function removeCommands(change: FirewallChange): string[][] {
	switch (change.backend) {
		case 'nftables':
			return [['nft', 'delete', 'rule', change.family, change.table, change.chain, 'handle', change.handle === undefined ? 'HANDLE' : String(change.handle)]];
		case 'iptables':
			return [[change.command, '-t', change.table, '-D', change.chain, ...iptablesRuleSpec(change)]];
		case 'firewalld':
			return [
				...(change.runtime ? [['firewall-cmd', ...zoneArgs(change.zone), `--remove-rich-rule=${change.rule}`]] : []),
				...(change.permanent ? [['firewall-cmd', '--permanent', ...zoneArgs(change.zone), `--remove-rich-rule=${change.rule}`]] : []),
			];
	}
}

/** One line about a change, for plans. */
export function describeChange(change: FirewallChange): string {
	switch (change.backend) {
		case 'nftables':
			return `accept VRRP from ${change.peer} to ${change.dst} at the top of nft chain ${change.family} ${change.table} ${change.chain}`;
		case 'iptables':
			return `accept VRRP from ${change.peer} to ${change.dst} at the top of ${change.command} -t ${change.table} ${change.chain}`;
		case 'firewalld':
			return `firewalld${change.zone ? ` zone ${change.zone}` : ''}: rich rule '${change.rule}' (${[change.runtime && 'runtime', change.permanent && 'permanent'].filter(Boolean).join(' + ')})`;
	}
}

/** The handle nft prints with `--echo --handle` (`… # handle 7`). */
export function parseNftHandle(output: string): number | undefined {
	const match = /#\s*handle\s+(\d+)/.exec(output);
	return match ? Number(match[1]) : undefined;
}
