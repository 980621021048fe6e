import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {startsAsMaster} from '../../src/doctor/vrrp.js';

/**
`nopreempt` is honoured only on an instance that starts in `state BACKUP`: on a `state MASTER` instance (or
an address owner, priority 255) keepalived ignores it, so the node still grabs the VIP back when it returns.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.nopreempt-ineffective',
		title: 'nopreempt is ignored on this instance',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		messages: {
			master: 'vrrp_instance {{instance}} sets nopreempt with state MASTER: keepalived ignores nopreempt there, so {{host}} takes the VIP back whenever it returns',
			owner: 'vrrp_instance {{instance}} sets nopreempt with priority 255 (address owner): keepalived resets nopreempt',
		},
		explanation:
			'nopreempt tells a BACKUP not to take the VIP from a lower-priority MASTER. keepalived applies it only when the instance\'s initial state is BACKUP; with state MASTER the instance transitions to MASTER at start regardless, and with priority 255 keepalived logs "nopreempt is incompatible with priority 255. resetting nopreempt". To stop a recovered node from taking the VIP back, set state BACKUP on every director (priorities still decide the first election).',
	},
	evaluate({facts, host, report}) {
		for (const instance of facts.keepalived(host!)?.instances ?? []) {
			if (!instance.nopreempt) continue;
			const owner = instance.priority === 255;
			const master = startsAsMaster(instance);
			if (!owner && !master) continue;
			report({
				messageId: owner ? 'owner' : 'master',
				data: {instance: instance.name, host: host!},
				evidence: [facts.configRef(host!, instance.keywords.nopreempt ?? instance.pos), facts.configRef(host!, owner ? (instance.keywords.priority ?? instance.pos) : (instance.keywords.state ?? instance.pos))],
				fix: [configFix(host!, owner ? instance.keywords.priority : instance.keywords.state, owner ? 'priority 254 (or drop nopreempt)' : 'state BACKUP', owner ? 'an address owner always preempts: lower the priority or remove nopreempt' : 'set state BACKUP on this instance (and on its peers) so nopreempt takes effect, then reload keepalived', keepalivedReloadCommands(facts, host!))],
			});
		}
	},
});
