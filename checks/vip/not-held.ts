import {defineCheck} from '../../src/doctor/define-check.js';
import type {EvidenceRef} from '../../src/doctor/report-model.js';
import {keepalivedLogCommand, transitionRefs} from '../../src/doctor/log-evidence.js';

/**
A VIP that no director holds is an outage: clients get no ARP answer. keepalived being stopped
everywhere, every instance in FAULT (interface down, tracked script failing with weight 0) or a config
keepalived rejected are the usual causes.
*/
export default defineCheck({
	meta: {
		id: 'vip.not-held',
		title: 'No director holds a VIP',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['net.addresses'],
		uses: ['keepalived.config', 'keepalived.log', 'service.state'],
		messages: {
			notHeld: 'no director holds {{vip}} ({{checked}} checked): clients cannot reach it',
		},
		explanation:
			'Exactly one director should carry each VIP. When none does, nothing answers ARP for it and every connection to it fails. keepalived removes the VIP when it stops, when its instance enters FAULT (interface down, a tracked script failing without a weight) or when it rejects the instance at start; the log says which.',
	},
	evaluate({facts, report, skip}) {
		const directors = facts.directors();
		for (const vip of facts.allVips()) {
			const members = facts.vrrpGroups().find(g => g.vips.includes(vip))?.members.map(m => m.host) ?? directors;
			const unknown = facts.hostNames().filter(host => (members.includes(host) || facts.roles(host).length === 0) && facts.missingReason(host, 'net.addresses'));
			if (facts.vipHolders(vip).some(h => members.includes(h.host) || directors.includes(h.host))) continue;
			const advertising = facts.advertsBySource().filter(source => !source.host && source.adverts.some(a => a.priority > 0 && a.addrs.includes(vip)));
			if (advertising.length > 0) {
				skip(`${vip} is not on the collected directors, but ${advertising.map(a => a.src).join(', ')} (not collected) advertise${advertising.length === 1 ? 's' : ''} it as MASTER`);
				continue;
			}
			const uncollectedPeers = facts.vrrpGroups().filter(g => g.vips.includes(vip)).flatMap(g => g.members.flatMap(m => m.unicastPeers.map(p => p.address))).filter(address => !facts.hostByAddress(address));
			if (uncollectedPeers.length > 0) {
				skip(`cannot tell whether ${vip} is held: its unicast peers ${[...new Set(uncollectedPeers)].join(', ')} were not collected`);
				continue;
			}
			if (unknown.length > 0) {
				skip(`cannot tell whether ${vip} is held: ${unknown.map(host => facts.missingReason(host, 'net.addresses')).join('; ')}`);
				continue;
			}
			const evidence: EvidenceRef[] = [];
			const group = facts.vrrpGroups().find(g => g.vips.includes(vip));
			for (const host of members) {
				evidence.push(facts.addressRef(host, `${vip} absent on ${host}`, iface => iface.ifname !== 'lo'));
				const instances = group ? group.members.filter(m => m.host === host).map(m => m.name) : undefined;
				const states = transitionRefs(facts, host, instances, ({instance, transition, reason, when}) => `${host}/${instance}: last VRRP state ${transition.state}${when}${reason ? ` (${reason})` : ''}`);
				// no transition logged for the instance (keepalived rejected it, or never ran it): its last start or stop
				const daemon = states.length === 0 ? facts.logRef(host, /Starting Keepalived v|Stopping$|Stopped Keepalived v/, `${host}: keepalived's last start and stop (no VRRP state logged${instances ? ` for ${instances.join(', ')}` : ''})`) : undefined;
				evidence.push(...states, ...(daemon ? [daemon] : []));
			}
			report({
				messageId: 'notHeld',
				data: {vip, checked: members.join(', ')},
				key: `vip:${vip}`,
				evidence,
				fix: members.map(host => {
					const log = keepalivedLogCommand(facts, host);
					const missing = facts.missingReason(host, 'keepalived.log')?.replace(`keepalived.log on ${host}: `, '') ?? `no keepalived log collected on ${host}`;
					const source = facts.get(host, 'keepalived.log')?.source;
					const where = log ? 'its state and recent log' : source ? `its state and the log lbwiz read (${source})` : `its state; ${missing}`;
					return {host, description: `see why keepalived on ${host} does not take ${vip}: ${where}`, commands: [['ip', '-br', 'addr'], ...(log ? [log] : [])]};
				}),
			});
		}
	},
});
