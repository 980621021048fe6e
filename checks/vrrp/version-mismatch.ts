import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {advertsFromOthers, memberName, referenceMember} from '../../src/doctor/vrrp.js';

/**
VRRPv2 and VRRPv3 adverts are not interchangeable: keepalived rejects an advert of the other version
(`wrong VRRP version`), so peers configured with different `version` / `vrrp_version` each become MASTER.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.version-mismatch',
		title: 'VRRP peers use different protocol versions',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['vrrp.adverts', 'keepalived.log'],
		explains: ['vip.split-brain', 'vrrp.packet-errors', 'vrrp.auth-mismatch'],
		messages: {
			differs: '{{member}} speaks VRRPv{{version}} but {{peer}} speaks VRRPv{{peerVersion}} (VRID {{vrid}}): each rejects the other\'s adverts',
			advertDiffers: '{{member}} (VRRPv{{version}}) receives VRRPv{{advertVersion}} adverts from {{src}} for VRID {{vrid}}',
		},
		explanation:
			'keepalived checks the version field of every advert and drops adverts of the other version ("wrong VRRP version"). Peers that disagree never hear each other and both become MASTER. The version comes from the instance\'s `version`, else global_defs `vrrp_version`, else 2; VRRPv3 also ignores authentication.',
	},
	evaluate({facts, report}) {
		for (const group of facts.vrrpGroups()) {
			const ref = referenceMember(group);
			const flagged = new Set<string>();
			for (const member of group.members) {
				if (member.host === ref.host || member.version === ref.version) continue;
				flagged.add(member.host);
				report({
					messageId: 'differs',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					data: {member: memberName(member), version: member.version, peer: memberName(ref), peerVersion: ref.version, vrid: member.vrid ?? '?'},
					evidence: [facts.configRef(member.host, member.keywords.version ?? member.pos, `VRRPv${member.version}`), facts.configRef(ref.host, ref.keywords.version ?? ref.pos, `VRRPv${ref.version}`), ...[facts.logRef(member.host, /wrong VRRP version/)].filter(r => r !== undefined)],
					fix: [configFix(member.host, member.keywords.version ?? member.pos, `version ${ref.version}`, `use VRRPv${ref.version} on ${member.host} like ${ref.host}, then reload keepalived`, keepalivedReloadCommands(facts, member.host))],
				});
			}
			for (const member of group.members) {
				if (flagged.has(member.host)) continue;
				const other = advertsFromOthers(facts, member).find(a => a.version !== member.version && !group.members.some(m => m.host === facts.hostByAddress(a.src) && m.host !== member.host && m.version !== a.version));
				if (!other) continue;
				report({
					messageId: 'advertDiffers',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					data: {member: memberName(member), version: member.version, advertVersion: other.version, src: other.src, vrid: other.vrid},
					evidence: facts.refs(member.host, 'vrrp.adverts', line => line.includes(other.src), {max: 3}),
					fix: [configFix(member.host, member.keywords.version ?? member.pos, `use one VRRP version on every peer (here ${member.version}, ${other.src} sends ${other.version})`, 'align the VRRP version on every director, then reload keepalived')],
				});
			}
		}
	},
});
