import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix} from '../../src/doctor/fixes.js';

/**
router_id names a director in notification e-mails, SNMP traps and logs. Configs copied between nodes
often keep the same router_id, so during an incident the alerts do not say which node changed state.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.router-id-duplicate',
		title: 'Two directors share a router_id',
		severity: 'warning',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		messages: {
			duplicate: '{{host}} and {{other}} both set router_id {{routerId}}: notifications and traps from them cannot be told apart',
		},
		explanation:
			'global_defs router_id identifies the machine in keepalived\'s SMTP notifications, SNMP and logs (it defaults to the hostname). Two directors with the same explicit router_id send indistinguishable alerts — exactly when you need to know which one became MASTER. Give each director its own, e.g. its hostname.',
	},
	evaluate({facts, report}) {
		const seen = new Map<string, string>();
		for (const host of facts.directors()) {
			const view = facts.keepalived(host);
			if (!view?.routerId) continue;
			const other = seen.get(view.routerId);
			if (!other) {
				seen.set(view.routerId, host);
				continue;
			}
			report({
				messageId: 'duplicate',
				host,
				data: {host, other, routerId: view.routerId},
				evidence: [facts.configRef(other, facts.keepalived(other)?.routerIdPos), facts.configRef(host, view.routerIdPos)],
				fix: [configFix(host, view.routerIdPos, `router_id ${host}`, `give ${host} its own router_id`)],
			});
		}
	},
});
