import {defineCheck} from '../../src/doctor/define-check.js';
import type {EvidenceRef} from '../../src/doctor/report-model.js';
import {startServiceFix} from '../../src/doctor/fixes.js';

/**
A director whose keepalived is not running neither holds nor defends its VIPs: if it was the MASTER the
VIP moved (or vanished), if it was the BACKUP there is no failover left. The fix is safe: validate the
config, start the daemon.
*/
export default defineCheck({
	meta: {
		id: 'service.keepalived-down',
		title: 'keepalived is not running on a director',
		severity: 'critical',
		scope: 'host',
		appliesTo: ['director'],
		needs: [],
		uses: ['service.state', 'process.list', 'keepalived.log', 'keepalived.config'],
		explains: ['vip.not-held', 'vrrp.no-adverts', 'vip.unexpected-holder', 'vip.unreachable', 'lvs.realserver-missing'],
		messages: {
			down: 'keepalived is not running on {{host}}{{state}}: {{impact}}',
		},
		explanation:
			'keepalived runs VRRP (and, for LVS, the IPVS table and health checks). Stopped on the MASTER, its VIPs move to the BACKUP — or disappear if none is left; stopped on a BACKUP, nothing takes over when the MASTER fails. Its last log lines say whether it was stopped, crashed or refused its configuration.',
	},
	evaluate({facts, host, report, skip}) {
		const running = facts.processRunning(host!, 'keepalived');
		if (running === undefined) {
			skip(`cannot tell whether keepalived runs: ${facts.missingReason(host!, 'service.state')}; ${facts.missingReason(host!, 'process.list')}`);
			return;
		}
		if (running) return;
		const view = facts.keepalived(host!);
		if (view && view.instances.length === 0 && view.virtualServers.length === 0) return;
		const groups = facts.vrrpGroups().filter(g => g.members.some(m => m.host === host));
		const vips = groups.flatMap(g => g.vips);
		const otherRunning = groups.some(g => g.members.some(m => m.host !== host && m.running === true));
		const heldElsewhere = vips.length > 0 && vips.every(vip => facts.vipHolders(vip).some(h => h.host !== host));
		const critical = !otherRunning || (vips.length > 0 && !heldElsewhere);
		const service = facts.get(host!, 'service.state')?.find(s => s.name === 'keepalived');
		const evidence: EvidenceRef[] = facts.daemonRefs(host!, 'keepalived');
		const log = facts.logRef(host!, /Stopping|Stopped|exited|terminated|Keepalived_vrrp.*exited|CONFIGURATION ERROR|SECURITY VIOLATION/i, 'last keepalived log lines');
		if (log) evidence.push(log);
		report({
			messageId: 'down',
			severity: critical ? 'critical' : 'warning',
			explainsKeys: vips.map(vip => `vip:${vip}`),
			data: {host: host!, state: service?.active ? ` (${service.init} state: ${service.active})` : '', impact: !otherRunning ? 'no director runs keepalived, nothing holds or moves the VIPs' : heldElsewhere ? `the VIPs are on another director, but there is no failover left if it fails` : 'its VIPs are not held by another director'},
			evidence,
			fix: [startServiceFix(facts, host!, 'keepalived')],
		});
	},
});
