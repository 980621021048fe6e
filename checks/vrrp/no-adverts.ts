import {defineCheck} from '../../src/doctor/define-check.js';
import type {VrrpMember} from '../../src/doctor/facts.js';
import {isOwnAdvert, memberName} from '../../src/doctor/vrrp.js';

/**
Only the MASTER sends adverts; every other director must hear them within the capture window or it
takes the VIP after 3 × advert_int. A capture that shows a peer's adverts leaving it but never arriving
points at the path between them (firewall, unicast list, multicast filtering).
*/
export default defineCheck({
	meta: {
		id: 'vrrp.no-adverts',
		title: 'No VRRP adverts from a peer within the capture window',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['vrrp.adverts'],
		uses: ['keepalived.config', 'keepalived.data', 'keepalived.log'],
		explains: ['vip.split-brain'],
		messages: {
			missing: '{{receiver}} captured no advert from {{sender}} ({{address}}, VRID {{vrid}}) in {{seconds}} s{{sent}}',
			silent: 'no director sent adverts for VRID {{vrid}} in {{seconds}} s although keepalived runs on {{running}}',
		},
		explanation:
			'The MASTER multicasts (or unicasts) an advert every advert_int; BACKUPs that hear none for 3 × advert_int + skew become MASTER. The capture on each director shows which adverts arrive. When the sender\'s own capture shows its adverts leaving but a peer sees nothing, the path drops them: an OUTPUT/INPUT firewall rule, a unicast_peer list without the peer, a switch or cloud network that filters multicast (224.0.0.18), or different interfaces.',
	},
	evaluate({facts, report, skip}) {
		for (const group of facts.vrrpGroups()) {
			const running = group.members.filter(m => m.running !== false);
			const senders = running.filter(m => m.running === true && (m.runtimeState?.toUpperCase() === 'MASTER' || m.holds.length > 0));
			const seconds = facts.captureSeconds();
			for (const sender of senders) {
				const addresses = new Set([sender.sourceAddress, sender.unicastSrcIp, ...facts.ownAddresses(sender.host)].filter((a): a is string => Boolean(a)));
				for (const receiver of running) {
					if (receiver.host === sender.host || receiver.running !== true) continue;
					const capture = facts.get(receiver.host, 'vrrp.adverts');
					if (!capture) {
						skip(`no capture on ${receiver.host}: ${facts.missingReason(receiver.host, 'vrrp.adverts')}`, receiver.host);
						continue;
					}
					if (capture.seconds < 3 * sender.advertInt) continue;
					const heard = capture.adverts.some(a => addresses.has(a.src) && (sender.vrid === undefined || a.vrid === sender.vrid));
					if (heard) continue;
					const own = facts.get(sender.host, 'vrrp.adverts')?.adverts.filter(a => addresses.has(a.src) && a.vrid === sender.vrid) ?? [];
					report({
						messageId: 'missing',
						host: receiver.host,
						explainsHosts: [receiver.host, sender.host],
						data: {receiver: receiver.host, sender: memberName(sender), address: [...addresses][0] ?? '?', vrid: sender.vrid ?? '?', seconds: capture.seconds, sent: own.length > 0 ? `, although ${sender.host}'s own capture shows ${own.length} advert(s) leaving it` : ''},
						evidence: [...facts.refs(receiver.host, 'vrrp.adverts', line => /vrid/.test(line), {max: 4, note: `${capture.adverts.length} advert(s) captured on ${receiver.host}, none from ${[...addresses].join('/')}`}), ...(own.length > 0 ? facts.refs(sender.host, 'vrrp.adverts', line => line.includes([...addresses][0]), {max: 2, note: `${sender.host} sends`}) : [])],
						fix: [{host: receiver.host, description: `find where ${sender.host}'s adverts are lost: capture on both ends, check firewalls (protocol 112) and the unicast_peer lists`, commands: [['tcpdump', '-nn', '-c', '5', '-i', receiver.interface ?? 'any', 'ip', 'proto', '112']]}],
					});
				}
			}
			if (senders.length === 0 && running.some(m => m.running === true)) {
				const captured = running.filter(m => facts.get(m.host, 'vrrp.adverts'));
				if (captured.length === 0) continue;
				const vrids = new Set(group.vrids);
				const anyAdvert = captured.some(m => facts.get(m.host, 'vrrp.adverts')!.adverts.some(a => vrids.has(a.vrid) && !isOwnAdvert(facts, {...a, seenBy: m.host})));
				const anyOwn = captured.some(m => facts.get(m.host, 'vrrp.adverts')!.adverts.some(a => vrids.has(a.vrid)));
				if (anyAdvert || anyOwn || captured.some((m: VrrpMember) => (facts.get(m.host, 'vrrp.adverts')?.seconds ?? 0) < 3 * m.advertInt)) continue;
				report({
					messageId: 'silent',
					data: {vrid: group.vrids.join('/') || '?', seconds: facts.captureSeconds(), running: running.filter(m => m.running === true).map(m => m.host).join(', ')},
					evidence: captured.flatMap(m => facts.refs(m.host, 'vrrp.adverts', undefined, {max: 2, note: `capture on ${m.host}`})),
					fix: captured.map(m => ({host: m.host, description: 'see why keepalived does not advertise: its state (FAULT?) and log', commands: [['tcpdump', '-nn', '-c', '5', '-i', m.interface ?? 'any', 'ip', 'proto', '112']]})),
				});
			}
		}
	},
});
