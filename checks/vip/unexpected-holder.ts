import {defineCheck} from '../../src/doctor/define-check.js';
import type {VrrpMember} from '../../src/doctor/facts.js';
import {serviceCommands} from '../../src/doctor/fixes.js';
import {healthyPriority, startsAsMaster, trackWeights} from '../../src/doctor/vrrp.js';
import {transitionRefs} from '../../src/doctor/log-evidence.js';
import type {Facts} from '../../src/doctor/facts.js';
import type {EvidenceRef} from '../../src/doctor/report-model.js';

/**
The VIP sits on exactly one director, but not the one that should win: a BACKUP outranks the configured
MASTER, a running higher-priority director does not preempt, or the holder's own service (HAProxy) is
dead while a healthy peer waits. Traffic then flows through the wrong, possibly broken, node.
*/
export default defineCheck({
	meta: {
		id: 'vip.unexpected-holder',
		title: 'The VIP sits on a director that should not win',
		severity: 'warning',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['net.addresses', 'keepalived.config'],
		uses: ['keepalived.data', 'keepalived.log', 'service.state'],
		messages: {
			backupHolds: '{{vip}} is on {{holder}} (state BACKUP, priority {{holderPriority}}) while {{master}} (state MASTER, priority {{masterPriority}}) is running and healthy',
			outranked: '{{vip}} is on {{holder}} (priority {{holderPriority}}) although {{other}} runs with a higher priority ({{otherPriority}}) and does not take it over',
			deadService: '{{vip}} is on {{holder}}, whose HAProxy is not running, while {{other}} runs HAProxy: traffic to the VIP fails',
			notMember: '{{vip}} is on {{holder}}, which has no keepalived instance for it',
		},
		explanation:
			'keepalived gives the VIP to the running instance with the highest effective priority (configured priority plus tracked-script weights); `state` only sets the starting state. The VIP on another node means the priorities do not say what the configuration intends, a preempting node is blocked (nopreempt, preempt_delay, adverts not heard), or a tracked check cannot move the VIP away from a node whose service died.',
	},
	evaluate({facts, report}) {
		const directors = new Set(facts.directors());
		for (const group of facts.vrrpGroups()) {
			for (const vip of group.vips) {
				const holders = [...new Set(facts.vipHolders(vip).map(h => h.host))];
				if (holders.length !== 1) continue;
				const [holderHost] = holders;
				const holder = group.members.find(m => m.host === holderHost && m.vips.some(v => v.address === vip));
				const evidence = [facts.addressRef(holderHost, `${vip} on ${holderHost}`, iface => iface.addresses.some(a => a.startsWith(`${vip}/`)))];
				if (!holder) {
					if (directors.has(holderHost) || facts.hostNames().includes(holderHost)) {
						report({messageId: 'notMember', host: holderHost, key: `vip:${vip}`, data: {vip, holder: holderHost}, evidence, fix: [{host: holderHost, description: `remove the stray ${vip} from ${holderHost}`, commands: [['ip', 'addr', 'del', `${vip}/${facts.vipHolders(vip)[0].prefix}`, 'dev', facts.vipHolders(vip)[0].ifname]]}]});
					}
					continue;
				}
				const running = group.members.filter(m => m.host !== holderHost && m.running === true && m.runtimeState?.toUpperCase() !== 'FAULT');
				const effective = (m: VrrpMember) => m.effectivePriority ?? m.priority;
				// without a runtime effective priority, a member with weighted tracked scripts may be lower than configured
				const known = (m: VrrpMember) => m.effectivePriority !== undefined || trackWeights(facts, m).every(t => t.weight === 0);
				if (holder.state?.toUpperCase() === 'BACKUP') {
					const master = running.find(m => startsAsMaster(m) && known(m) && effective(m) >= m.priority && effective(m) <= effective(holder) && !m.nopreempt);
					if (master) {
						report({
							messageId: 'backupHolds',
							host: holderHost,
							key: `vip:${vip}`,
							data: {vip, holder: holderHost, holderPriority: effective(holder), master: master.host, masterPriority: effective(master)},
							evidence: [...evidence, facts.configRef(holderHost, holder.keywords.priority ?? holder.pos), facts.configRef(master.host, master.keywords.priority ?? master.pos)],
							fix: [{host: holderHost, description: `give ${holderHost} (state BACKUP) a priority below ${master.host}'s (see vrrp.priority-order); the VIP then moves back to ${master.host}`, ...(holder.keywords.priority ? {file: holder.keywords.priority.file, line: holder.keywords.priority.line} : {}), change: `priority ${Math.max(1, Math.min(master.priority, healthyPriority(facts, master)) - 10)}`}],
						});
						continue;
					}
				}
				const stronger = running.find(m => known(m) && known(holder) && effective(m) > effective(holder) && !m.nopreempt && holder.priority !== 255);
				if (stronger) {
					report({
						messageId: 'outranked',
						host: holderHost,
						key: `vip:${vip}`,
						data: {vip, holder: holderHost, holderPriority: effective(holder), other: stronger.host, otherPriority: effective(stronger)},
						evidence: [...evidence, ...electionRefs(facts, stronger)],
						fix: [{host: stronger.host, description: `${stronger.host} should preempt: check that it hears ${holderHost}'s adverts (tcpdump -nn -i ${stronger.interface ?? 'IFACE'} vrrp) and has no preempt_delay/nopreempt`, commands: [['tcpdump', '-nn', '-c', '5', '-i', stronger.interface ?? 'any', 'ip', 'proto', '112']]}],
					});
					continue;
				}
				if (facts.haproxy(holderHost) && facts.processRunning(holderHost, 'haproxy') === false) {
					const other = running.find(m => facts.processRunning(m.host, 'haproxy') === true);
					if (other) {
						report({
							messageId: 'deadService',
							host: holderHost,
							key: `vip:${vip}`,
							data: {vip, holder: holderHost, other: other.host},
							evidence: [...evidence, ...facts.daemonRefs(holderHost, 'haproxy')],
							fix: [{host: holderHost, description: `start HAProxy on ${holderHost} (see service.haproxy-down), and make the tracked check move the VIP when it dies (see vrrp.track-weight-ineffective)`, ...(serviceCommands(facts, holderHost, 'haproxy', 'start') ? {commands: serviceCommands(facts, holderHost, 'haproxy', 'start')} : {})}],
						});
					}
				}
			}
		}
	},
});

/**
The last election of the director that should have won: its last transition with its cause, and the
latest advert it discarded or election it forced since then (not the elections of earlier incidents
still in its log).
*/
function electionRefs(facts: Facts, member: VrrpMember): EvidenceRef[] {
	const refs = transitionRefs(facts, member.host, [member.name], ({instance, transition, reason, when}) => `${member.host}/${instance}: last transition ${transition.state}${when}${reason ? ` (${reason})` : ''}`);
	const log = facts.get(member.host, 'keepalived.log');
	const last = log?.transitions.filter(t => t.instance === member.name).at(-1);
	const pattern = new RegExp(`\\(${member.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) (?:received lower priority .* - discarding|.*forcing new election)`);
	const since = log ? log.lines.slice(last ? log.lines.lastIndexOf(last.raw) + 1 : 0).filter(line => pattern.test(line)).at(-1) : undefined;
	const id = facts.evidenceOf(member.host, 'keepalived.log').find(candidate => since && facts.evidence(candidate)?.stdout.includes(since));
	if (since) refs.push({host: member.host, ...(id ? {evidenceId: id} : {}), excerpt: since, note: `${member.host}/${member.name}: its latest election line${last ? ' since then' : ''}`});
	return refs;
}
