import {describe, expect, it} from 'vitest';
import {buildFirewallFacts, evaluateVrrpInput, evaluateInput, addressIn} from '../../src/parse/firewall.js';
import {parseNftJson} from '../../src/parse/nft-json.js';
import {parseIptablesSave, splitIptablesWords} from '../../src/parse/iptables-save.js';
import {parseFirewalldListAll, parseRichRule} from '../../src/parse/firewalld.js';
import {output} from './fixtures.js';

describe('parseNftJson (recorded: nft 1.0.6)', () => {
	const parsed = parseNftJson(output('nft/vrrp-drop.json'));

	it('reads base chains with hook, priority and policy, and user chains without', () => {
		expect(parsed.version).toBe('1.0.6');
		expect(parsed.chains).toContainEqual({backend: 'nftables', table: 'raw_guard', name: 'pre', family: 'ip', hook: 'input', type: 'filter', priority: -150, policy: 'accept'});
		expect(parsed.chains).toContainEqual({backend: 'nftables', table: 'filter', name: 'vrrp_in', family: 'inet'});
	});

	it('models protocol, addresses, interfaces, negation, sets, ct state and verdicts', () => {
		const jump = parsed.rules.find(r => r.verdict === 'jump')!;
		expect(jump).toMatchObject({chain: 'input', jumpTarget: 'vrrp_in', match: {iifname: 'kb0', protocol: 'vrrp'}, text: 'iifname "kb0" ip protocol vrrp jump vrrp_in'});
		const guard = parsed.rules.find(r => r.table === 'raw_guard')!;
		expect(guard.match).toEqual({daddr: '224.0.0.18', protocol: 'vrrp', not: ['protocol']});
		const reject = parsed.rules.find(r => r.verdict === 'reject')!;
		expect(reject.match).toEqual({protocol: 'vrrp', saddr: '203.0.113.0/24', not: ['saddr']});
		expect(parsed.rules.find(r => r.match.dport)?.match).toEqual({protocol: 'tcp', dport: '22,80'});
		expect(parsed.rules.find(r => r.match.ctstate)?.match.ctstate).toEqual(['established', 'related']);
	});

	it('keeps rule order per chain', () => {
		expect(parsed.rules.filter(r => r.chain === 'vrrp_in').map(r => [r.position, r.verdict])).toEqual([
			[0, 'accept'],
			[1, 'drop'],
		]);
	});

	it('says what is wrong with text that is not nft JSON', () => {
		expect(() => parseNftJson('table inet filter {')).toThrow(/not nft JSON/);
	});
});

describe('parseIptablesSave (recorded: iptables 1.8.9)', () => {
	it('reads chains, policies, the variant and rules', () => {
		const parsed = parseIptablesSave(output('iptables/vrrp-chain.txt'));
		expect(parsed.variant).toBe('nf_tables');
		expect(parsed.chains.find(c => c.name === 'INPUT')).toMatchObject({hook: 'input', priority: 0, policy: 'drop'});
		expect(parsed.chains.find(c => c.name === 'VRRP')).toEqual({backend: 'iptables', table: 'filter', name: 'VRRP', family: 'ip'});
		expect(parsed.rules.find(r => r.jumpTarget === 'VRRP')?.match).toEqual({iifname: 'kb0', protocol: 'vrrp'});
		expect(parsed.rules.find(r => r.match.ctstate)?.match.ctstate).toEqual(['related', 'established']);
		expect(parsed.rules.find(r => r.text.includes('only the peer'))).toMatchObject({verdict: 'drop', match: {}});
	});

	it('reads negation and REJECT with options', () => {
		const parsed = parseIptablesSave(output('iptables/vrrp-drop.txt'));
		expect(parsed.rules.map(r => [r.verdict, r.match])).toEqual([
			['drop', {protocol: 'vrrp'}],
			['reject', {saddr: '203.0.113.0/24', daddr: '224.0.0.18/32', not: ['saddr']}],
		]);
	});

	it('recognises the legacy variant', () => {
		expect(parseIptablesSave(output('iptables/legacy-vrrp-drop.txt')).variant).toBe('legacy');
	});

	it('splits quoted words', () => {
		expect(splitIptablesWords('-A INPUT -m comment --comment "a \\"b\\" c" -j DROP')).toEqual(['-A', 'INPUT', '-m', 'comment', '--comment', 'a "b" c', '-j', 'DROP']);
	});
});

describe('evaluateVrrpInput', () => {
	const vrrpDrop = buildFirewallFacts({nftJson: output('nft/vrrp-drop.json')});

	it('finds the drop in a later base chain even after an accept in an earlier one', () => {
		const v = evaluateVrrpInput(vrrpDrop, {src: '203.0.113.11', iif: 'kb0'});
		expect(v.verdict).toBe('drop');
		expect(v.deciding.at(-1)).toMatchObject({table: 'blockvrrp', text: 'iifname "kb0" ip protocol vrrp ip daddr 224.0.0.18 drop'});
		expect(v.explanation).toMatch(/dropped by nftables ip blockvrrp\/input/);
	});

	it('accepts on another interface from an address the reject rule exempts', () => {
		const v = evaluateVrrpInput(vrrpDrop, {src: '203.0.113.11', iif: 'eth9'});
		expect(v.verdict).toBe('accept');
	});

	it('rejects from outside the allowed prefix', () => {
		const v = evaluateVrrpInput(vrrpDrop, {src: '198.51.100.5', iif: 'eth9'});
		expect(v.verdict).toBe('drop');
		expect(v.deciding.at(-1)?.verdict).toBe('reject');
	});

	it('answers maybe when the sender is unknown and a rule depends on it', () => {
		const v = evaluateVrrpInput(vrrpDrop, {iif: 'eth9'});
		expect(v.verdict).toBe('maybe');
		expect(v.explanation).toMatch(/sender unknown/);
		expect(v.uncertain.map(r => r.verdict)).toContain('reject');
	});

	it('walks a policy-drop chain: multicast accepted, unicast to a peer dropped by the policy', () => {
		const facts = buildFirewallFacts({nftJson: output('nft/policy-drop-vrrp-allowed.json')});
		expect(evaluateVrrpInput(facts, {src: '203.0.113.11', iif: 'kb0'}).verdict).toBe('accept');
		const unicast = evaluateVrrpInput(facts, {dst: '203.0.113.12', src: '203.0.113.11', iif: 'kb0'});
		expect(unicast.verdict).toBe('drop');
		expect(unicast.deciding.at(-1)?.text).toMatch(/^policy drop \(chain input of table filter\)/);
		expect(unicast.explanation).toMatch(/assuming conntrack state new/);
	});

	it('follows iptables jumps into user chains (iptables-nft taken from iptables-save, not counted twice)', () => {
		const facts = buildFirewallFacts({nftJson: output('nft/iptables-nft-vrrp-chain.json'), iptablesSave: output('iptables/vrrp-chain.txt')});
		expect(facts.backends).toEqual(['iptables']);
		expect(facts.notes?.[0]).toMatch(/iptables-nft tables are evaluated from iptables-save/);
		const peer = evaluateVrrpInput(facts, {src: '203.0.113.11', iif: 'kb0'});
		expect(peer.verdict).toBe('accept');
		expect(peer.deciding.map(r => r.text)).toEqual(['-A INPUT -i kb0 -p vrrp -j VRRP', '-A VRRP -s 203.0.113.11/32 -d 224.0.0.18/32 -j ACCEPT']);
		const stranger = evaluateVrrpInput(facts, {src: '203.0.113.13', iif: 'kb0'});
		expect(stranger.verdict).toBe('drop');
		expect(stranger.deciding.at(-1)?.text).toBe('-A VRRP -m comment --comment "only the peer" -j DROP');
		// on another interface VRRP falls through to the DROP policy
		expect(evaluateVrrpInput(facts, {src: '203.0.113.11', iif: 'eth1'}).deciding.at(-1)?.text).toMatch(/^policy drop/);
	});

	it('reads the nft view alone as maybe where iptables-nft left opaque xt matches', () => {
		const facts = buildFirewallFacts({nftJson: output('nft/iptables-nft-vrrp-chain.json')});
		const v = evaluateVrrpInput(facts, {src: '203.0.113.11', iif: 'kb0'});
		expect(v.verdict).toBe('accept');
		// the conntrack accept before the VRRP chain is an opaque xt match there: the stranger may pass
		const stranger = evaluateVrrpInput(facts, {src: '203.0.113.13', iif: 'kb0'});
		expect(stranger.verdict).toBe('maybe');
		expect(stranger.explanation).toMatch(/xt match conntrack/);
	});

	it('drops with `-p 112` / `-p vrrp`, and with legacy iptables', () => {
		expect(evaluateVrrpInput(buildFirewallFacts({iptablesSave: output('iptables/vrrp-drop.txt')}), {}).verdict).toBe('drop');
		const legacy = buildFirewallFacts({nftJson: output('nft/empty.json'), iptablesLegacySave: output('iptables/legacy-vrrp-drop.txt')});
		expect(legacy.notes).toContain('iptables-legacy rules present (evaluated in addition to nftables)');
		expect(evaluateVrrpInput(legacy, {}).deciding.at(-1)?.text).toBe('-A INPUT -p vrrp -j DROP');
		const numeric = buildFirewallFacts({iptablesSave: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p 112 -j DROP\nCOMMIT\n'});
		expect(evaluateVrrpInput(numeric, {}).verdict).toBe('drop');
	});

	it('accepts when there is no rule at all', () => {
		const v = evaluateVrrpInput(buildFirewallFacts({nftJson: output('nft/empty.json')}), {});
		expect(v).toMatchObject({verdict: 'accept', deciding: []});
	});

	it('answers maybe for conditions it does not model, naming them', () => {
		const nft = JSON.stringify({
			nftables: [
				{chain: {family: 'inet', table: 't', name: 'in', type: 'filter', hook: 'input', prio: 0, policy: 'accept'}},
				{rule: {family: 'inet', table: 't', chain: 'in', expr: [{match: {op: '==', left: {meta: {key: 'mark'}}, right: 1}}, {drop: null}]}},
			],
		});
		const v = evaluateVrrpInput(buildFirewallFacts({nftJson: nft}), {src: '203.0.113.11', iif: 'eth0'});
		expect(v.verdict).toBe('maybe');
		expect(v.explanation).toMatch(/meta mark 1/);
	});

	it('treats TCP and UDP rules as not matching VRRP, and other protocols by number', () => {
		const facts = buildFirewallFacts({iptablesSave: '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 112 -j ACCEPT\n-A INPUT -p 51 -j ACCEPT\nCOMMIT\n'});
		expect(evaluateVrrpInput(facts, {}).verdict).toBe('drop');
		expect(evaluateInput(facts, {protocol: 'ah', dst: '224.0.0.18'}).verdict).toBe('accept');
	});
});

describe('firewalld', () => {
	it('parses zones, flags and rich rules', () => {
		const zones = parseFirewalldListAll(output('firewalld/list-all-zones-rich-rules.documented-format.txt'));
		expect(zones.map(z => [z.name, z.active, z.default ?? false, z.target])).toEqual([
			['block', false, false, '%%REJECT%%'],
			['internal', true, false, 'default'],
			['public', true, true, 'default'],
			['trusted', false, false, 'ACCEPT'],
		]);
		expect(zones[1].richRules).toHaveLength(2);
		expect(parseRichRule(zones[1].richRules[0])).toMatchObject({family: 'ipv4', source: {address: '203.0.113.0/24', invert: false}, destination: {address: '224.0.0.18', invert: false}, protocol: 'vrrp', action: 'accept'});
	});

	it('answers from zones: protocols, rich rules, target', () => {
		const state = 'running\n';
		const noVrrp = buildFirewallFacts({firewalldState: state, firewalldListAll: output('firewalld/list-all-no-vrrp.documented-format.txt')});
		expect(evaluateVrrpInput(noVrrp, {iif: 'eth0'})).toMatchObject({verdict: 'drop', firewalld: {verdict: 'drop', zone: 'public'}});
		const allowed = buildFirewallFacts({firewalldState: state, firewalldListAll: output('firewalld/list-all-protocol-vrrp.documented-format.txt')});
		expect(evaluateVrrpInput(allowed, {iif: 'eth0'}).firewalld?.reason).toBe('zone public allows protocol vrrp');
		const rich = buildFirewallFacts({firewalldState: state, firewalldListAll: output('firewalld/list-all-zones-rich-rules.documented-format.txt')});
		expect(evaluateVrrpInput(rich, {iif: 'eth1', src: '203.0.113.12'}).firewalld).toMatchObject({verdict: 'accept', zone: 'internal'});
		expect(evaluateVrrpInput(rich, {iif: 'eth1', src: '198.51.100.7'}).firewalld).toMatchObject({verdict: 'drop', zone: 'internal'});
		expect(evaluateVrrpInput(rich, {iif: 'eth1'}).firewalld?.verdict).toBe('maybe');
		expect(evaluateVrrpInput(rich, {iif: 'eth0'}).firewalld).toMatchObject({verdict: 'drop', zone: 'public'});
	});

	it('ignores zone settings when firewalld is not running', () => {
		const facts = buildFirewallFacts({firewalldState: 'not running\n', firewalldListAll: output('firewalld/list-all-no-vrrp.documented-format.txt')});
		expect(facts.backends).toEqual([]);
		expect(evaluateVrrpInput(facts, {iif: 'eth0'}).verdict).toBe('accept');
	});
});

describe('addressIn', () => {
	it.each([
		['203.0.113.11', '203.0.113.0/24', 'yes'],
		['203.0.113.11', '203.0.113.11', 'yes'],
		['203.0.113.11', '203.0.113.12/32', 'no'],
		['224.0.0.18', '224.0.0.0/4', 'yes'],
		['203.0.113.11', '0.0.0.0/0', 'yes'],
		['203.0.113.11', '203.0.113.10-203.0.113.20', 'yes'],
		['203.0.113.11', 'lb-peers', 'maybe'],
		['203.0.113.11', '2001:db8::/32', 'no'],
	])('%s in %s → %s', (ip, spec, expected) => {
		expect(addressIn(ip, spec)).toBe(expected);
	});
});
