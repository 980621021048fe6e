import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {memberName, startsAsMaster} from '../../src/doctor/vrrp.js';

/**
`state MASTER` only sets the starting state: the highest priority wins every election. A MASTER whose
priority is not above every BACKUP's loses the VIP to a BACKUP (priority inversion); equal priorities
leave the choice to the higher IP address.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.priority-order',
		title: 'The MASTER\'s priority is not above every BACKUP\'s',
		severity: 'warning',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		explains: ['vip.unexpected-holder'],
		messages: {
			inverted: '{{master}} is state MASTER with priority {{masterPriority}}, but {{backup}} (state BACKUP) has priority {{backupPriority}}: {{winner}} wins the election',
			equal: '{{member}} and {{peer}} both have priority {{priority}} (VRID {{vrid}}): the election falls to the higher IP address',
		},
		explanation:
			'In VRRP the router with the highest priority becomes MASTER; keepalived\'s `state` keyword is only where an instance starts. A BACKUP with a priority equal to or above the MASTER\'s takes the VIP (and keeps it), so the node you think is primary is not. Give the intended MASTER a priority clearly above every BACKUP (e.g. 100 vs 90), and keep the gap larger than any tracked-script weight should not cross.',
	},
	evaluate({facts, report}) {
		for (const group of facts.vrrpGroups()) {
			const masters = group.members.filter(startsAsMaster);
			const backups = group.members.filter(m => !startsAsMaster(m));
			const reported = new Set<string>();
			for (const master of masters) {
				for (const backup of backups) {
					if (backup.host === master.host || backup.priority < master.priority || master.priority === 255) continue;
					reported.add(`${master.host}|${backup.host}`).add(`${backup.host}|${master.host}`);
					report({
						messageId: 'inverted',
						host: backup.host,
						explainsHosts: [master.host, backup.host],
						data: {master: memberName(master), masterPriority: master.priority, backup: memberName(backup), backupPriority: backup.priority, winner: backup.priority > master.priority ? backup.host : 'the higher IP address'},
						evidence: [facts.configRef(backup.host, backup.keywords.priority ?? backup.keywords.state ?? backup.pos, `${backup.host}: state ${backup.state ?? 'BACKUP'}, priority ${backup.priority}${backup.keywords.priority ? '' : ' (default)'}`), facts.configRef(master.host, master.keywords.priority ?? master.keywords.state ?? master.pos, `${master.host}: state ${master.state}, priority ${master.priority}`)],
						fix: [
							configFix(backup.host, backup.keywords.priority ?? backup.pos, `priority ${Math.max(1, master.priority - 10)}`, `give ${backup.host} (state BACKUP) a priority below ${master.host}'s ${master.priority}, then reload keepalived — or, if ${backup.host} should be primary, make it state MASTER and ${master.host} state BACKUP`, keepalivedReloadCommands(facts, backup.host)),
						],
					});
				}
			}
			for (let i = 0; i < group.members.length; i++) {
				for (let j = i + 1; j < group.members.length; j++) {
					const [a, b] = [group.members[i], group.members[j]];
					if (a.host === b.host || a.priority !== b.priority || reported.has(`${a.host}|${b.host}`)) continue;
					report({
						messageId: 'equal',
						host: b.host,
						data: {member: memberName(a), peer: memberName(b), priority: a.priority, vrid: a.vrid ?? '?'},
						evidence: [facts.configRef(a.host, a.keywords.priority ?? a.pos), facts.configRef(b.host, b.keywords.priority ?? b.pos)],
						fix: [configFix(b.host, b.keywords.priority ?? b.pos, `priority ${Math.max(1, b.priority - 10)}`, `give ${b.host} a lower priority than ${a.host} (or the reverse), then reload keepalived`, keepalivedReloadCommands(facts, b.host))],
					});
				}
			}
		}
	},
});
