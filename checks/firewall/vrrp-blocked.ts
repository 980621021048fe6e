import {defineCheck} from '../../src/doctor/define-check.js';
import type {FirewallRule} from '../../src/collect/types.js';
import type {EvidenceRef, Fix} from '../../src/doctor/report-model.js';

/**
VRRP is IP protocol 112 to 224.0.0.18 (or to the unicast peers). A firewall that drops it on a director
makes that director deaf to the MASTER: after 3 × advert_int it takes the VIP too — split brain. tcpdump
still shows the adverts (it captures before netfilter), so only the ruleset tells.
*/
export default defineCheck({
	meta: {
		id: 'firewall.vrrp-blocked',
		title: 'The firewall drops VRRP on a director',
		severity: 'critical',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['firewall.ruleset', 'keepalived.config'],
		uses: ['vrrp.adverts', 'net.addresses'],
		explains: ['vip.split-brain', 'vrrp.no-adverts', 'vip.unexpected-holder'],
		messages: {
			dropped: '{{host}} drops incoming VRRP ({{packet}}) for vrrp_instance {{instance}}: {{rule}}{{seen}}',
			maybe: '{{host}} may drop incoming VRRP ({{packet}}) for vrrp_instance {{instance}}: {{explanation}}',
		},
		explanation:
			'keepalived needs to receive its peers\' adverts: IP protocol 112 (`vrrp`) to the multicast group 224.0.0.18, or to its own address with unicast_peer. A default-deny INPUT policy, a firewalld zone without the vrrp protocol or an explicit drop rule discards them after tcpdump has seen them, so the capture looks fine while keepalived hears nothing, declares the MASTER dead and takes the VIP. Allow protocol 112 from the other directors on the VRRP interface.',
	},
	evaluate({facts, host, report}) {
		const ruleset = facts.get(host!, 'firewall.ruleset')!;
		const [evidenceId] = facts.evidenceOf(host!, 'firewall.ruleset');
		for (const group of facts.vrrpGroups()) {
			for (const member of group.members.filter(m => m.host === host)) {
				const peers = group.members.filter(m => m.host !== host).map(m => m.sourceAddress).filter((a): a is string => Boolean(a));
				const unicastTo = member.unicast && member.unicastPeers.length > 0 ? (member.unicastSrcIp ?? member.sourceAddress) : undefined;
				const verdict = facts.vrrpVerdict(host!, {interface: member.interface, peers, ...(unicastTo ? {unicastTo} : {})});
				if (!verdict || verdict.accepted === true) continue;
				const packet = `protocol 112 to ${unicastTo ?? '224.0.0.18'}${peers.length ? ` from ${peers.join(', ')}` : ''}${member.interface ? ` on ${member.interface}` : ''}`;
				const seen = facts.adverts().filter(a => a.seenBy === host && peers.includes(a.src) && a.vrid === member.vrid).length;
				const evidence: EvidenceRef[] = [{host, ...(evidenceId ? {evidenceId} : {}), excerpt: verdict.rule ? describe(verdict.rule) : verdict.explanation, ...(verdict.rule ? {} : {note: 'the firewall evaluator could not tell for sure'})}];
				if (seen > 0) evidence.push(...facts.refs(host!, 'vrrp.adverts', line => peers.some(p => line.includes(p)), {max: 2, note: `tcpdump on ${host} captured ${seen} advert(s) from the peers: they arrive and are dropped after capture`}));
				if (verdict.accepted === false) {
					report({
						messageId: 'dropped',
						explainsHosts: group.members.map(m => m.host),
						data: {host: host!, packet, instance: member.name, rule: verdict.rule ? describe(verdict.rule) : verdict.explanation, seen: seen > 0 ? ` — ${seen} advert(s) from the peers reached the interface in the window and were dropped` : ''},
						evidence,
						fix: fixes(host!, verdict.rule, peers, member.interface, ruleset.firewalld?.running === true),
					});
				} else {
					report({messageId: 'maybe', severity: 'info', data: {host: host!, packet, instance: member.name, explanation: verdict.explanation}, evidence, fix: []});
				}
			}
		}
	},
});

function describe(rule: FirewallRule): string {
	return `${rule.backend} ${rule.family ? `${rule.family} ` : ''}table ${rule.table}, chain ${rule.chain}: ${rule.text}`;
}

/** Runtime commands that accept VRRP before the deciding rule (safe: they only add an accept), plus persistence advice. */
function fixes(host: string, rule: FirewallRule | undefined, peers: string[], iface: string | undefined, firewalld: boolean): Fix[] {
	const sources = peers.length > 0 ? peers : [undefined];
	if (firewalld && (!rule || rule.backend === 'firewalld')) {
		const rich = (src?: string) => `rule family="ipv4"${src ? ` source address="${src}"` : ''} protocol value="vrrp" accept`;
		return [
			{host, description: 'allow VRRP in firewalld now', commands: sources.map(src => ['firewall-cmd', `--add-rich-rule=${rich(src)}`]), safe: true},
			{host, description: 'and permanently', commands: sources.map(src => ['firewall-cmd', '--permanent', `--add-rich-rule=${rich(src)}`])},
		];
	}
	if (rule && rule.backend === 'nftables') {
		const family = rule.family ?? 'ip';
		const commands = sources.map(src => ['nft', 'insert', 'rule', family, rule.table, rule.chain, ...(iface && family !== 'netdev' ? ['iifname', iface] : []), ...(src ? ['ip', 'saddr', src] : []), 'ip', 'protocol', 'vrrp', 'accept']);
		return [
			{host, description: `accept VRRP at the top of ${family} ${rule.table} ${rule.chain}, before the rule that drops it`, commands, safe: true},
			{host, description: 'make it permanent', change: `add the same accept rule to the file that defines table ${family} ${rule.table} (usually /etc/nftables.conf), or remove the drop rule there: ${rule.text}`},
		];
	}
	if (rule && (rule.backend === 'iptables' || rule.backend === 'ip6tables')) {
		const legacy = rule.table.startsWith('legacy:');
		const table = rule.table.replace(/^legacy:/, '');
		const tool = legacy ? 'iptables-legacy' : 'iptables';
		const commands = sources.map(src => [tool, ...(table !== 'filter' ? ['-t', table] : []), '-I', rule.chain, '1', ...(iface ? ['-i', iface] : []), ...(src ? ['-s', src] : []), '-p', 'vrrp', '-j', 'ACCEPT']);
		return [
			{host, description: `accept VRRP at the top of ${table}/${rule.chain}, before the rule that drops it`, commands, safe: true},
			{host, description: 'make it permanent', change: 'save the rules the way this host loads them (e.g. `iptables-save > /etc/iptables/rules.v4`, or /etc/sysconfig/iptables on RHEL)'},
		];
	}
	return [{host, description: 'allow IP protocol 112 from the other directors in the firewall in use', change: 'e.g. nft insert rule inet filter input ip protocol vrrp accept'}];
}
