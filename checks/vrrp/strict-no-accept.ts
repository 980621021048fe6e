import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';

/**
vrrp_strict (and no_accept) make keepalived install firewall rules that drop traffic addressed to the VIP
unless the node is the address owner (priority 255): the VIP is bound, ARP answers, but ping, HTTP and
LVS traffic to it die — the "cannot ping the virtual IP" reports.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.strict-no-accept',
		title: 'vrrp_strict / no_accept drops traffic to the VIP',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['firewall.ruleset', 'http.probes', 'net.addresses'],
		explains: ['vip.unreachable'],
		messages: {
			dropping: 'vrrp_instance {{instance}} runs with {{reason}} and priority {{priority}}: keepalived drops traffic to {{vips}} on {{host}}{{effect}}',
		},
		explanation:
			'In strict mode (vrrp_strict) keepalived follows RFC 5798 literally: a node that is not the address owner must not accept packets for the VIP, so it installs drop rules (nft table `keepalived` or iptables + ipset). The VIP is configured and answers ARP, but TCP, ICMP and IPVS traffic to it is dropped. vrrp_strict also disables authentication and unicast. Unless you need strict RFC behaviour, remove vrrp_strict, or add `accept` to the instance.',
	},
	evaluate({facts, host, report}) {
		const view = facts.keepalived(host!);
		if (!view) return;
		const ruleset = facts.get(host!, 'firewall.ruleset');
		const dropTable = ruleset?.rules.find(r => r.table.includes('keepalived') && (r.verdict === 'drop' || r.verdict === 'reject'));
		for (const instance of view.instances) {
			if (!(instance.strict || instance.noAccept) || instance.priority === 255 || instance.keywords.accept) continue;
			const holds = instance.vips.filter(v => facts.vipHolders(v.address).some(h => h.host === host));
			const failedProbe = (facts.get(host!, 'http.probes') ?? []).find(p => p.target === 'vip' && !p.ok && instance.vips.some(v => p.url.includes(v.address)));
			const evidence = [facts.configRef(host!, instance.strict ? view.strictPos : instance.keywords.no_accept, instance.strict ? 'vrrp_strict' : 'no_accept')];
			if (dropTable) evidence.push(...facts.refs(host!, 'firewall.ruleset', line => line.includes('keepalived'), {max: 3, note: `drop rule: ${dropTable.text}`}));
			evidence.push(...facts.refs(host!, 'config.validation', line => /strict mode|address owner/i.test(line), {max: 3}).filter(r => r.excerpt));
			if (failedProbe) evidence.push(...facts.refs(host!, 'http.probes', line => line.includes(failedProbe.url), {max: 2, note: `probe ${failedProbe.url}: ${failedProbe.error ?? failedProbe.status ?? 'failed'}`}));
			report({
				messageId: 'dropping',
				severity: holds.length > 0 && (dropTable || failedProbe) ? 'critical' : 'warning',
				key: instance.vips[0] ? `vip:${instance.vips[0].address}` : undefined,
				explainsKeys: instance.vips.map(v => `vip:${v.address}`),
				data: {instance: instance.name, reason: instance.strict ? 'vrrp_strict' : 'no_accept', priority: instance.priority, vips: instance.vips.map(v => v.address).join(', ') || '(no VIP)', host: host!, effect: holds.length > 0 ? ' while it holds them: the VIP is bound but does not answer' : ' whenever it becomes MASTER'},
				evidence,
				fix: [configFix(host!, instance.strict ? view.strictPos : instance.keywords.no_accept, instance.strict ? `remove vrrp_strict from global_defs (or add \`accept\` to vrrp_instance ${instance.name})` : `replace no_accept with accept`, 'let the MASTER accept traffic for its VIPs, then reload keepalived (it removes its drop rules)', keepalivedReloadCommands(facts, host!))],
			});
		}
	},
});
