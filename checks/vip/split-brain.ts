import {defineCheck} from '../../src/doctor/define-check.js';
import type {EvidenceRef} from '../../src/doctor/report-model.js';
import {serviceCommands} from '../../src/doctor/fixes.js';
import {referenceMember} from '../../src/doctor/vrrp.js';
import {transitionRefs} from '../../src/doctor/log-evidence.js';

/**
Two directors holding one VIP is the classic keepalived outage: both answer ARP for it, switches flap
between them, connections break. It is always a symptom — adverts do not get through (firewall, auth,
VRID, unicast) — so this finding sits under its cause.
*/
export default defineCheck({
	meta: {
		id: 'vip.split-brain',
		title: 'More than one director holds a VIP',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['net.addresses'],
		uses: ['keepalived.config', 'keepalived.log', 'keepalived.data'],
		messages: {
			held: '{{vip}} is held by {{holders}} at the same time (split brain)',
		},
		explanation:
			'VRRP elects one MASTER per virtual router by exchanging adverts; a BACKUP that hears none for 3 × advert_int becomes MASTER too. When adverts are blocked or rejected, every director holds the VIP, each answers ARP for it and clients reach whichever announced last. Fix the cause listed above; the directors then re-elect by themselves.',
	},
	evaluate({facts, report, skip}) {
		const directors = new Set(facts.directors());
		const vips = new Map<string, string[]>();
		for (const group of facts.vrrpGroups()) for (const vip of group.vips) vips.set(vip, group.members.map(m => m.host));
		for (const vip of facts.allVips()) if (!vips.has(vip)) vips.set(vip, [...directors]);
		if (vips.size === 0) {
			skip('no VIP found in any keepalived config or the topology');
			return;
		}
		for (const [vip, members] of vips) {
			const holders = facts.vipHolders(vip).filter(h => directors.has(h.host));
			const hosts = [...new Set(holders.map(h => h.host))];
			if (hosts.length < 2) continue;
			const evidence: EvidenceRef[] = [];
			const group = facts.vrrpGroups().find(g => g.vips.includes(vip));
			for (const host of hosts) {
				evidence.push(facts.addressRef(host, `${vip} on ${host}`, iface => iface.addresses.some(a => a.startsWith(`${vip}/`))));
				// per instance, its last transition and the cause logged just before it — never the MASTER transitions of earlier incidents still in the log
				const instances = group ? group.members.filter(m => m.host === host).map(m => m.name) : undefined;
				evidence.push(
					...transitionRefs(facts, host, instances, ({instance, transition, when}) =>
						transition.state === 'MASTER' ? `${host}/${instance} became MASTER${when} (its last transition)` : `${host}/${instance}: last logged transition is ${transition.state}${when}, yet ${vip} is on ${host}`,
					),
				);
			}
			const preferred = group ? referenceMember(group).host : undefined;
			report({
				messageId: 'held',
				data: {vip, holders: hosts.join(' and ')},
				key: `vip:${vip}`,
				evidence,
				fix: hosts
					.filter(host => host !== preferred && members.includes(host))
					.map(host => ({
						host,
						description: `fix the cause above first; ${host} then hears ${preferred ?? 'the MASTER'}'s adverts and returns to BACKUP by itself. If it keeps the VIP afterwards, restart keepalived there`,
						...(serviceCommands(facts, host, 'keepalived', 'restart') ? {commands: serviceCommands(facts, host, 'keepalived', 'restart')} : {}),
					})),
			});
		}
	},
});
