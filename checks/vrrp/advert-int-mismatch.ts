import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {advertsFromOthers, memberName, referenceMember} from '../../src/doctor/vrrp.js';

/**
With VRRPv2, keepalived drops adverts whose interval differs from its own advert_int ("to prevent
concurrent VRID running => multiple master"): peers that disagree both become MASTER. With VRRPv3 the
backup adopts the master's interval and only logs a warning.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.advert-int-mismatch',
		title: 'VRRP peers use different advert_int',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['vrrp.adverts', 'keepalived.log'],
		explains: ['vip.split-brain', 'vrrp.packet-errors'],
		messages: {
			differs: '{{member}} uses advert_int {{interval}} s but {{peer}} uses {{peerInterval}} s (VRID {{vrid}}, VRRPv{{version}}): {{effect}}',
			advertDiffers: '{{member}} (advert_int {{interval}} s) receives adverts from {{src}} every {{advertInterval}} s for VRID {{vrid}}: {{effect}}',
		},
		explanation:
			'keepalived VRRPv2 compares the advert interval of every received advert with its own advert_int and drops the advert when they differ ("advertisement interval mismatch"), so the backup times out and takes the VIP as well. VRRPv3 backups adopt the master\'s interval and log a warning; the timers then differ from what the configs say.',
	},
	evaluate({facts, report}) {
		const effect = (version: number) => (version === 2 ? 'VRRPv2 drops these adverts, so both directors become MASTER' : 'VRRPv3 adopts the master\'s interval and only logs it');
		for (const group of facts.vrrpGroups()) {
			const ref = referenceMember(group);
			const flagged = new Set<string>();
			for (const member of group.members) {
				if (member.host === ref.host || member.advertInt === ref.advertInt) continue;
				flagged.add(member.host);
				report({
					messageId: 'differs',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					severity: member.version === 2 && ref.version === 2 ? 'critical' : 'warning',
					data: {member: memberName(member), interval: member.advertInt, peer: memberName(ref), peerInterval: ref.advertInt, vrid: member.vrid ?? '?', version: member.version, effect: effect(member.version)},
					evidence: [facts.configRef(member.host, member.keywords.advert_int ?? member.pos, `advert_int ${member.advertInt}`), facts.configRef(ref.host, ref.keywords.advert_int ?? ref.pos, `advert_int ${ref.advertInt}`), ...[facts.logRef(member.host, /advertisement interval mismatch/)].filter(r => r !== undefined)],
					fix: [configFix(member.host, member.keywords.advert_int ?? member.pos, `advert_int ${ref.advertInt}`, `use ${ref.host}'s advert_int on ${member.host}, then reload keepalived`, keepalivedReloadCommands(facts, member.host))],
				});
			}
			for (const member of group.members) {
				if (flagged.has(member.host)) continue;
				const other = advertsFromOthers(facts, member).find(a => Math.abs(a.intervalCs - member.advertInt * 100) >= 1 && !group.members.some(m => m.host === facts.hostByAddress(a.src)));
				if (!other) continue;
				report({
					messageId: 'advertDiffers',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					severity: member.version === 2 ? 'critical' : 'warning',
					data: {member: memberName(member), interval: member.advertInt, src: other.src, advertInterval: other.intervalCs / 100, vrid: other.vrid, effect: effect(member.version)},
					evidence: [facts.configRef(member.host, member.keywords.advert_int ?? member.pos), ...facts.refs(member.host, 'vrrp.adverts', line => line.includes(other.src), {max: 3})],
					fix: [configFix(member.host, member.keywords.advert_int ?? member.pos, `use one advert_int on every peer (${other.src} sends every ${other.intervalCs / 100} s)`, 'align advert_int on every director, then reload keepalived')],
				});
			}
		}
	},
});
