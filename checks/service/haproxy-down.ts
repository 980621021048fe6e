import {defineCheck} from '../../src/doctor/define-check.js';
import {startServiceFix} from '../../src/doctor/fixes.js';

/**
An HAProxy node without HAProxy drops every connection that reaches it. On the VIP holder that is an
outage (unless a tracked script moved the VIP away); on a backup node it is lost redundancy.
*/
export default defineCheck({
	meta: {
		id: 'service.haproxy-down',
		title: 'HAProxy is not running',
		severity: 'critical',
		scope: 'host',
		appliesTo: ['haproxy'],
		needs: [],
		uses: ['service.state', 'process.list', 'haproxy.config', 'net.addresses'],
		explains: ['vip.unexpected-holder', 'vip.unreachable', 'vip.not-held', 'haproxy.backend-down'],
		messages: {
			down: 'HAProxy is not running on {{host}}{{state}}: {{impact}}',
		},
		explanation:
			'HAProxy accepts the connections sent to the VIP (or, in a three-tier setup, forwarded by LVS) and spreads them over the backends. When it is down on the node that holds the VIP, clients get "connection refused" until a tracked vrrp_script moves the VIP away; on other nodes there is no spare left. A non-local VIP bind without ip_nonlocal_bind is a common reason it refuses to start on a BACKUP.',
	},
	evaluate({facts, host, report, skip}) {
		const running = facts.processRunning(host!, 'haproxy');
		if (running === undefined) {
			skip(`cannot tell whether HAProxy runs: ${facts.missingReason(host!, 'service.state')}; ${facts.missingReason(host!, 'process.list')}`);
			return;
		}
		if (running) return;
		const holds = facts.allVips().filter(vip => facts.vipHolders(vip).some(h => h.host === host));
		const others = facts.hostsWithRole('haproxy').filter(h => h !== host && facts.processRunning(h, 'haproxy') === true);
		const service = facts.get(host!, 'service.state')?.find(s => s.name === 'haproxy');
		report({
			messageId: 'down',
			severity: holds.length > 0 || others.length === 0 ? 'critical' : 'warning',
			key: `haproxy:${host}`,
			explainsKeys: [...holds.map(vip => `vip:${vip}`), `haproxy:${host}`],
			data: {host: host!, state: service?.active ? ` (${service.init} state: ${service.active})` : '', impact: holds.length > 0 ? `it holds ${holds.join(', ')}, so connections to the VIP are refused` : others.length === 0 ? 'no HAProxy node is running' : `${others.join(', ')} still serve${others.length === 1 ? 's' : ''} traffic, but there is no spare`},
			evidence: facts.daemonRefs(host!, 'haproxy'),
			fix: [startServiceFix(facts, host!, 'haproxy')],
		});
	},
});
