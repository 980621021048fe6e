import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {vipText} from '../../src/doctor/facts.js';
import {advertsFromOthers, memberName, referenceMember, versionAtLeast} from '../../src/doctor/vrrp.js';

/**
Peers must advertise the same virtual_ipaddress list. keepalived up to 2.3.2 drops an advert whose
address list differs from its own (the backup times out: two masters); from 2.3.3 it only logs and counts
it. The check reads each director's keepalived version and says which behaviour applies.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.vip-list-mismatch',
		title: 'VRRP peers advertise different VIP lists',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['keepalived.version', 'vrrp.adverts', 'keepalived.log'],
		explains: ['vip.split-brain', 'vrrp.packet-errors'],
		messages: {
			differs: '{{member}} has VIPs {{vips}} but {{peer}} has {{peerVips}} (VRID {{vrid}}); {{behaviour}}',
			advertDiffers: '{{member}} has VIPs {{vips}} but {{src}} advertises {{advertVips}} for VRID {{vrid}}; {{behaviour}}',
		},
		explanation:
			'Each advert carries the instance\'s VIP list. keepalived ≤ 2.3.2 rejects adverts whose list differs ("ip address associated with VRID not present in MASTER advert"), so the backup never hears a valid master and takes the VIPs too. keepalived ≥ 2.3.3 accepts the advert, logs the difference once and counts it (Address List errors). Either way the VIPs that are not on both lists do not fail over as expected.',
	},
	evaluate({facts, report}) {
		const behaviour = (versions: Array<string | undefined>) => {
			const old = versions.filter(v => versionAtLeast(v, '2.3.3') === false);
			if (old.length > 0) return {text: `keepalived ${old[0]} (≤ 2.3.2) drops such adverts, so both directors become MASTER`, severity: 'critical' as const};
			if (versions.every(v => versionAtLeast(v, '2.3.3') === true)) return {text: `keepalived ${versions[0]} (≥ 2.3.3) accepts the adverts but logs and counts the difference; the extra VIPs do not fail over with the others`, severity: 'warning' as const};
			return {text: 'keepalived version unknown: ≤ 2.3.2 drops such adverts (two masters), ≥ 2.3.3 only logs them', severity: 'critical' as const};
		};
		const key = (list: string[]) => [...list].sort().join(',');
		for (const group of facts.vrrpGroups()) {
			const ref = referenceMember(group);
			const refVips = ref.vips.map(v => v.address);
			const flagged = new Set<string>();
			for (const member of group.members) {
				const vips = member.vips.map(v => v.address);
				if (member.host === ref.host || key(vips) === key(refVips)) continue;
				flagged.add(member.host);
				const b = behaviour([member.keepalivedVersion, ref.keepalivedVersion]);
				const missing = refVips.filter(v => !vips.includes(v));
				report({
					messageId: 'differs',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					severity: b.severity,
					data: {member: memberName(member), vips: member.vips.map(vipText).join(', ') || '(none)', peer: memberName(ref), peerVips: ref.vips.map(vipText).join(', ') || '(none)', vrid: member.vrid ?? '?', behaviour: b.text},
					evidence: [facts.configRef(member.host, member.keywords.virtual_ipaddress ?? member.pos), facts.configRef(ref.host, ref.keywords.virtual_ipaddress ?? ref.pos), ...[facts.logRef(member.host, /not present in|expected \d+ VIPs|unexpected ip number count|VIP associated with VRID mismatch/)].filter(r => r !== undefined)],
					fix: [configFix(member.host, member.keywords.virtual_ipaddress ?? member.pos, `virtual_ipaddress { ${ref.vips.map(v => v.text).join('; ')} }${missing.length ? ` (missing here: ${missing.join(', ')})` : ''}`, `list the same VIPs on ${member.host} as on ${ref.host}, then reload keepalived`, keepalivedReloadCommands(facts, member.host))],
				});
			}
			for (const member of group.members) {
				if (flagged.has(member.host)) continue;
				const vips = member.vips.map(v => v.address);
				const other = advertsFromOthers(facts, member).find(a => a.addrs.length > 0 && key(a.addrs) !== key(vips) && !group.members.some(m => m.host === facts.hostByAddress(a.src)));
				if (!other || !other.addrs.some(a => vips.includes(a))) continue;
				const b = behaviour([member.keepalivedVersion]);
				report({
					messageId: 'advertDiffers',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					severity: b.severity,
					data: {member: memberName(member), vips: vips.join(', '), src: other.src, advertVips: other.addrs.join(', '), vrid: other.vrid, behaviour: b.text},
					evidence: [facts.configRef(member.host, member.keywords.virtual_ipaddress ?? member.pos), ...facts.refs(member.host, 'vrrp.adverts', line => line.includes(other.src), {max: 3})],
					fix: [configFix(member.host, member.keywords.virtual_ipaddress ?? member.pos, `list the same VIPs as the peer ${other.src} (${other.addrs.join(', ')})`, 'align virtual_ipaddress on every director, then reload keepalived')],
				});
			}
		}
	},
});
