import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {clampPriority, healthyPriority, memberName, referenceMember, trackWeights} from '../../src/doctor/vrrp.js';
import {ipv4ToNumber} from '../../src/model/ipv4.js';

/**
A tracked vrrp_script only moves the VIP if its weight changes the MASTER's priority past the best
BACKUP's (seed 001's arithmetic): a negative weight must take MASTER below the BACKUP, a positive one must
be what keeps it above. Otherwise the service dies and the VIP stays on the dead node.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.track-weight-ineffective',
		title: 'A tracked script\'s weight cannot move the VIP',
		severity: 'warning',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		explains: ['vip.unexpected-holder'],
		messages: {
			negative: '{{script}} on {{master}} has weight {{weight}}: when it fails {{master}} drops to {{failed}} ({{priority}} {{weight}}), still {{relation}} {{backup}}\'s {{backupPriority}}, so the VIP stays on a node whose check failed',
			positive: '{{script}} on {{master}} has weight +{{weight}}: when it fails {{master}} falls back to {{failed}}, still {{relation}} {{backup}}\'s {{backupPriority}}, so the VIP does not move',
		},
		explanation:
			'keepalived adds a positive weight while the script succeeds and subtracts a negative weight while it fails, clamping the result to 1–254; the VIP moves only when the MASTER\'s effective priority falls below a BACKUP\'s (equal priorities fall to the higher IP). With MASTER 100, BACKUP 90 and weight -5, a failed check leaves MASTER at 95: nothing happens. A script without weight puts the instance in FAULT instead, which always moves the VIP.',
	},
	evaluate({facts, report}) {
		for (const group of facts.vrrpGroups()) {
			if (group.members.length < 2) continue;
			const master = referenceMember(group);
			const others = group.members.filter(m => m.host !== master.host);
			const best = others.reduce((b, m) => (healthyPriority(facts, m) > healthyPriority(facts, b) ? m : b), others[0]);
			const backupPriority = healthyPriority(facts, best);
			const masterAddress = master.sourceAddress;
			const backupAddress = best.sourceAddress;
			const masterWinsTie = masterAddress && backupAddress ? ipv4ToNumber(masterAddress) > ipv4ToNumber(backupAddress) : true;
			const weights = trackWeights(facts, master);
			const positives = weights.filter(t => t.weight > 0).reduce((sum, t) => sum + t.weight, 0);
			for (const track of weights) {
				if (track.weight === 0 || master.priority === 255) continue;
				const failed = track.weight < 0 ? clampPriority(master.priority + positives + track.weight) : clampPriority(master.priority + positives - track.weight);
				const stays = failed > backupPriority || (failed === backupPriority && masterWinsTie);
				if (!stays) continue;
				const needed = track.weight < 0 ? -(master.priority + positives - backupPriority + 1) : master.priority + positives - backupPriority + 1;
				report({
					messageId: track.weight < 0 ? 'negative' : 'positive',
					host: master.host,
					data: {script: track.name, master: memberName(master), weight: track.weight, failed, priority: master.priority, relation: failed === backupPriority ? 'equal to' : 'above', backup: memberName(best), backupPriority},
					evidence: [facts.configRef(master.host, track.pos, `weight ${track.weight}`), facts.configRef(master.host, master.keywords.priority ?? master.pos, `priority ${master.priority}`), facts.configRef(best.host, best.keywords.priority ?? best.pos, `${best.host}: priority ${best.priority}${backupPriority !== best.priority ? ` (${backupPriority} with its scripts succeeding)` : ''}`)],
					fix: [configFix(master.host, track.pos, `weight ${needed}`, `make the weight move the VIP: |weight| must exceed ${master.priority + positives - backupPriority} (MASTER ${master.priority + positives} − BACKUP ${backupPriority}); or drop the weight so a failure puts the instance in FAULT`, keepalivedReloadCommands(facts, master.host))],
				});
			}
		}
	},
});
