import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {memberName} from '../../src/doctor/vrrp.js';

/**
Unicast VRRP only works when every director lists every other director's source address in
unicast_peer, uses a unicast_src_ip it owns, and all of them use unicast: a missing peer, a one-sided
unicast setup or vrrp_strict (which rejects unicast) each leave two masters.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.unicast-peers',
		title: 'Unicast VRRP peers are missing or do not match the other directors',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['net.addresses', 'keepalived.log'],
		explains: ['vip.split-brain', 'vip.not-held', 'vrrp.no-adverts', 'vrrp.packet-errors'],
		messages: {
			mixed: '{{member}} uses {{mode}} but {{peer}} uses {{peerMode}}: their adverts never meet',
			noPeers: '{{member}} sets a unicast keyword but no unicast_peer: keepalived falls back to multicast (deprecated) while its peers may expect unicast',
			missingPeer: '{{member}}\'s unicast_peer list ({{peers}}) lacks {{peer}}\'s address {{address}}: {{peer}} never receives its adverts',
			srcNotLocal: '{{member}} sets unicast_src_ip {{address}}, which is not an address of {{host}}: the instance enters FAULT ("src address not configured")',
			strict: '{{member}} uses unicast peers with vrrp_strict: keepalived rejects the instance ("Unicast peers are not supported in strict mode")',
		},
		explanation:
			'With unicast_peer keepalived sends each advert to the listed addresses only, from unicast_src_ip (default: the interface\'s primary address). Every director must list all others; a peer missing from the list never hears that director and becomes MASTER as well. A director without unicast settings sends multicast that unicast peers ignore ("Expected unicast packet but received multicast"). vrrp_strict forbids unicast altogether.',
	},
	evaluate({facts, report}) {
		for (const group of facts.vrrpGroups()) {
			const unicast = group.members.filter(m => m.unicast);
			if (unicast.length === 0) continue;
			for (const member of unicast) {
				const pos = member.keywords.unicast_peer ?? member.keywords.unicast_src_ip ?? member.pos;
				if (member.strict) {
					report({messageId: 'strict', host: member.host, data: {member: memberName(member)}, evidence: [facts.configRef(member.host, pos), facts.configRef(member.host, facts.keepalived(member.host)?.strictPos)], fix: [configFix(member.host, facts.keepalived(member.host)?.strictPos, 'remove vrrp_strict (or use multicast)', 'unicast and vrrp_strict cannot be combined', keepalivedReloadCommands(facts, member.host))]});
					continue;
				}
				if (member.unicastPeers.length === 0) {
					report({messageId: 'noPeers', host: member.host, data: {member: memberName(member)}, evidence: [facts.configRef(member.host, pos), ...[facts.logRef(member.host, /without any unicast peers|Cannot use unicast without any peers/)].filter(r => r !== undefined)], fix: [configFix(member.host, pos, `unicast_peer { ${group.members.filter(m => m.host !== member.host).map(m => m.sourceAddress ?? '?').join(' ')} }`, 'list every other director in unicast_peer', keepalivedReloadCommands(facts, member.host))]});
					continue;
				}
				if (member.unicastSrcIp && facts.get(member.host, 'net.addresses') && !facts.addresses(member.host).some(a => a.address === member.unicastSrcIp)) {
					report({messageId: 'srcNotLocal', host: member.host, data: {member: memberName(member), address: member.unicastSrcIp, host: member.host}, evidence: [facts.configRef(member.host, member.keywords.unicast_src_ip ?? pos), facts.addressRef(member.host, 'addresses of the host', i => i.ifname !== 'lo')], fix: [configFix(member.host, member.keywords.unicast_src_ip ?? pos, `unicast_src_ip ${facts.ownAddresses(member.host)[0] ?? 'ADDRESS'}`, 'use an address this director owns', keepalivedReloadCommands(facts, member.host))]});
				}
				for (const peer of group.members) {
					if (peer.host === member.host) continue;
					if (!peer.unicast) {
						report({messageId: 'mixed', host: peer.host, data: {member: memberName(peer), mode: 'multicast', peer: memberName(member), peerMode: 'unicast'}, evidence: [facts.configRef(member.host, pos), facts.configRef(peer.host, peer.pos, 'no unicast_peer')], fix: [configFix(peer.host, peer.pos, `add unicast_src_ip ${peer.sourceAddress ?? 'ADDRESS'} and unicast_peer { ${member.sourceAddress ?? '?'} }`, `use unicast on ${peer.host} too (or multicast everywhere)`, keepalivedReloadCommands(facts, peer.host))]});
						continue;
					}
					const addresses = new Set([peer.unicastSrcIp, peer.sourceAddress, ...facts.ownAddresses(peer.host)].filter((a): a is string => Boolean(a)));
					if (member.unicastPeers.some(p => addresses.has(p.address))) continue;
					const address = peer.unicastSrcIp ?? peer.sourceAddress;
					if (!address) continue;
					report({messageId: 'missingPeer', host: member.host, explainsHosts: [member.host, peer.host], data: {member: memberName(member), peers: member.unicastPeers.map(p => p.address).join(', '), peer: peer.host, address}, evidence: [facts.configRef(member.host, pos), facts.configRef(peer.host, peer.keywords.unicast_src_ip ?? peer.pos, `${peer.host} sends from ${address}`)], fix: [configFix(member.host, pos, `add ${address} to unicast_peer`, `list ${peer.host} (${address}) in ${member.host}'s unicast_peer`, keepalivedReloadCommands(facts, member.host))]});
				}
			}
		}
	},
});
