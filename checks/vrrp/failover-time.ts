import {defineCheck} from '../../src/doctor/define-check.js';
import {memberName, referenceMember} from '../../src/doctor/vrrp.js';

/**
Guides promise "sub-second failover"; VRRP's timers say otherwise. A BACKUP declares the MASTER dead
after 3 × advert_int plus a skew of (256 − priority)/256 s, then sends gratuitous ARPs. This info finding
states the figure the configuration implies.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.failover-time',
		title: 'Failover time implied by the VRRP timers',
		severity: 'info',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		messages: {
			time: 'if {{master}} dies, {{backup}} takes {{vips}} after about {{seconds}} s (3 × advert_int {{interval}} s + skew {{skew}} s){{claim}}',
		},
		explanation:
			'A VRRP backup waits the master-down interval, 3 × advert_int + (256 − its priority) / 256 seconds, before it becomes MASTER and announces the VIP with gratuitous ARPs; clients with cached ARP entries may need the GARPs to arrive. With the default advert_int 1 that is about 3.5 s, not the sub-second failover some guides claim. VRRPv3 allows advert_int below one second (e.g. 0.2) when faster failover is needed; a graceful stop is faster (priority 0 advert).',
	},
	evaluate({facts, report}) {
		for (const group of facts.vrrpGroups()) {
			if (new Set(group.members.map(m => m.host)).size < 2) continue;
			const master = referenceMember(group);
			const backups = group.members.filter(m => m.host !== master.host);
			const backup = backups.reduce((b, m) => (m.priority > b.priority ? m : b), backups[0]);
			const skew = (256 - backup.priority) / 256;
			const seconds = 3 * master.advertInt + skew;
			report({
				messageId: 'time',
				data: {master: memberName(master), backup: memberName(backup), vips: group.vips.join(', '), seconds: seconds.toFixed(2), interval: master.advertInt, skew: skew.toFixed(2), claim: seconds >= 1 ? ', not sub-second' : ''},
				evidence: [facts.configRef(master.host, master.keywords.advert_int ?? master.pos, `advert_int ${master.advertInt}${master.keywords.advert_int ? '' : ' (default)'}`), facts.configRef(backup.host, backup.keywords.priority ?? backup.pos, `priority ${backup.priority}`)],
				fix: [],
			});
		}
	},
});
