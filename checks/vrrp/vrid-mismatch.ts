import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {advertsFromOthers, memberName, referenceMember} from '../../src/doctor/vrrp.js';

/**
Peers of one VIP must use the same virtual_router_id: with different VRIDs each ignores the other's
adverts (silently — keepalived logs nothing without log_unknown_vrids) and both hold the VIP. Another
cluster using our VRID on the same segment disturbs the election the same way.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.vrid-mismatch',
		title: 'Peers of a VIP use different virtual_router_id, or another cluster uses ours',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['vrrp.adverts'],
		explains: ['vip.split-brain', 'vrrp.no-adverts', 'vrrp.vip-list-mismatch', 'vrrp.packet-errors', 'vrrp.foreign-vrid'],
		messages: {
			differs: '{{member}} uses virtual_router_id {{vrid}} but {{peer}} uses {{peerVrid}} for {{vips}}: they ignore each other\'s adverts',
			peerDiffers: '{{member}} (VRID {{vrid}}) receives adverts for {{vips}} from {{src}} with VRID {{advertVrid}}: the peer is configured with another virtual_router_id',
			foreign: 'another router {{src}} (not one of the known directors) sends VRID {{vrid}} adverts for {{addrs}} on the segment of {{member}}: a second cluster uses our VRID',
		},
		explanation:
			'A VRRP router is identified by its VRID on a segment. Instances that should back each other up but use different VRIDs are two separate routers, each alone, each MASTER. keepalived drops adverts for VRIDs it does not know without logging (unless log_unknown_vrids is set), so only the configs and a capture show it. Two clusters sharing one VRID on one L2 segment fight over the same router: adverts with another VIP list are rejected and elections flap.',
	},
	evaluate({facts, report}) {
		for (const group of facts.vrrpGroups()) {
			const ref = referenceMember(group);
			const flagged = new Set<string>();
			for (const member of group.members) {
				if (member.host === ref.host || member.vrid === undefined || ref.vrid === undefined || member.vrid === ref.vrid) continue;
				flagged.add(member.host);
				report({
					messageId: 'differs',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					data: {member: memberName(member), vrid: member.vrid, peer: memberName(ref), peerVrid: ref.vrid, vips: group.vips.join(', ')},
					evidence: [facts.configRef(ref.host, ref.keywords.virtual_router_id ?? ref.pos), facts.configRef(member.host, member.keywords.virtual_router_id ?? member.pos), ...facts.refs(member.host, 'vrrp.adverts', line => /vrid \d+/.test(line), {max: 3, note: 'adverts captured'})],
					fix: [configFix(member.host, member.keywords.virtual_router_id ?? member.pos, `virtual_router_id ${ref.vrid}`, `use ${ref.host}'s virtual_router_id on ${member.host}, then reload keepalived`, keepalivedReloadCommands(facts, member.host))],
				});
			}
			const vips = new Set(group.vips);
			for (const member of group.members) {
				if (flagged.has(member.host)) continue;
				for (const advert of advertsFromOthers(facts, member).concat(facts.adverts().filter(a => a.seenBy === member.host && a.vrid !== member.vrid && a.addrs.some(x => vips.has(x))))) {
					const knownHost = facts.hostByAddress(advert.src);
					if (knownHost && group.members.some(m => m.host === knownHost)) continue;
					if (advert.vrid === member.vrid) {
						const sameVips = advert.addrs.length > 0 && advert.addrs.every(a => vips.has(a));
						if (sameVips || knownHost) continue;
						flagged.add(member.host);
						report({
							messageId: 'foreign',
							host: member.host,
					explainsHosts: group.members.map(m => m.host),
							data: {src: advert.src, vrid: advert.vrid, addrs: advert.addrs.join(', ') || '(none)', member: memberName(member)},
							evidence: facts.refs(member.host, 'vrrp.adverts', line => line.includes(advert.src), {max: 3}),
							fix: [configFix(member.host, member.keywords.virtual_router_id ?? member.pos, 'choose a virtual_router_id no other router on this segment uses (the same on every director of this cluster)', 'move this cluster to a free VRID (see vrrp.foreign-vrid for the VRIDs in use)')],
						});
						break;
					}
					if (advert.addrs.some(a => vips.has(a)) && !knownHost && group.members.length === 1) {
						flagged.add(member.host);
						report({
							messageId: 'peerDiffers',
							host: member.host,
					explainsHosts: group.members.map(m => m.host),
							data: {member: memberName(member), vrid: member.vrid ?? '?', vips: group.vips.join(', '), src: advert.src, advertVrid: advert.vrid},
							evidence: [facts.configRef(member.host, member.keywords.virtual_router_id ?? member.pos), ...facts.refs(member.host, 'vrrp.adverts', line => line.includes(advert.src), {max: 3})],
							fix: [configFix(member.host, member.keywords.virtual_router_id ?? member.pos, `use one virtual_router_id on both (${member.vrid} here, ${advert.vrid} on ${advert.src})`, 'align virtual_router_id on every director of this VIP, then reload keepalived')],
						});
						break;
					}
				}
			}
		}
	},
});
