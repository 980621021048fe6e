import {defineCheck} from '../../src/doctor/define-check.js';
import type {EvidenceRef} from '../../src/doctor/report-model.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {advertAuthLabel, advertsFromOthers, authLabel, effectiveAuth, memberName, referenceMember} from '../../src/doctor/vrrp.js';

/**
Peers of one VRRP instance must agree on auth_type and (for PASS) on the first 8 characters of auth_pass,
or each drops the other's adverts, believes it is alone and becomes MASTER: split brain. keepalived -t is
silent about it; the only runtime trace is `received an invalid passwd` (once per instance from 2.3.3).
*/
export default defineCheck({
	meta: {
		id: 'vrrp.auth-mismatch',
		title: 'VRRP peers disagree on authentication',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['vrrp.adverts', 'keepalived.log', 'keepalived.stats'],
		explains: ['vip.split-brain', 'vip.unexpected-holder', 'vrrp.packet-errors', 'vrrp.no-adverts'],
		messages: {
			typeDiffers: '{{member}} uses authentication {{auth}} but {{peer}} uses {{peerAuth}} (VRID {{vrid}}): each drops the other\'s adverts',
			passDiffers: '{{member}} and {{peer}} use different auth_pass values (VRID {{vrid}}; fingerprints of the first 8 characters {{fp}} vs {{peerFp}}): each drops the other\'s adverts',
			advertDiffers: '{{member}} expects {{auth}} but receives adverts from {{src}} (VRID {{vrid}}) with {{advertAuth}}',
			logOnly: '{{host}} logs authentication failures for {{instance}} ({{count}} line(s) since keepalived started): a peer sends adverts with other credentials',
		},
		explanation:
			'VRRPv2 PASS authentication compares auth_type and the first 8 bytes of auth_pass on every advert. When peers differ, each side discards the other\'s adverts, times out after 3 × advert_int and enters MASTER: both hold the VIP. keepalived -t cannot see it (it checks one host); only the advert contents, `received an invalid passwd` log lines or the Authentication Failure counter show it.',
	},
	evaluate({facts, report}) {
		const authLog = /invalid passwd|auth from|Invalid auth type|AH header|authentication/i;
		const logRefs = (host: string) => [facts.logRef(host, authLog, 'keepalived log since start')].filter((r): r is EvidenceRef => Boolean(r));
		const flagged = new Set<string>();
		for (const group of facts.vrrpGroups()) {
			const ref = referenceMember(group);
			const refAuth = effectiveAuth(ref);
			for (const member of group.members) {
				if (member === ref || member.host === ref.host) continue;
				const auth = effectiveAuth(member);
				const evidence = [
					facts.configRef(ref.host, ref.auth?.passPos ?? ref.auth?.typePos ?? ref.pos, `${memberName(ref)}: ${authLabel(refAuth)}`),
					facts.configRef(member.host, member.auth?.passPos ?? member.auth?.typePos ?? member.pos, `${memberName(member)}: ${authLabel(auth)}`),
					...logRefs(member.host),
					...logRefs(ref.host),
				];
				const fix = [
					configFix(member.host, member.auth?.passPos ?? member.auth?.typePos ?? member.pos, `use the same authentication block as ${ref.host} (${authLabel(refAuth)}) in vrrp_instance ${member.name}`, `make ${member.host}'s authentication match ${ref.host}, then reload keepalived`, keepalivedReloadCommands(facts, member.host)),
				];
				if (auth.type !== refAuth.type) {
					report({messageId: 'typeDiffers', host: member.host, explainsHosts: group.members.map(m => m.host), data: {member: memberName(member), auth: authLabel(auth), peer: memberName(ref), peerAuth: authLabel(refAuth), vrid: member.vrid ?? '?'}, evidence, fix});
					flagged.add(member.host).add(ref.host);
				} else if (auth.type === 'PASS' && auth.secret && refAuth.secret && auth.secret.fingerprint8 !== refAuth.secret.fingerprint8) {
					report({messageId: 'passDiffers', host: member.host, explainsHosts: group.members.map(m => m.host), data: {member: memberName(member), peer: memberName(ref), vrid: member.vrid ?? '?', fp: auth.secret.fingerprint8.slice(0, 6), peerFp: refAuth.secret.fingerprint8.slice(0, 6)}, evidence, fix});
					flagged.add(member.host).add(ref.host);
				}
			}
			for (const member of group.members) {
				if (flagged.has(member.host)) continue;
				const auth = effectiveAuth(member);
				const strangers = advertsFromOthers(facts, member).filter(a => {
					const source = facts.hostByAddress(a.src);
					if (source && group.members.some(m => m.host === source)) return false;
					const type = !a.authType || a.authType === 'none' ? 'none' : a.authType === 'ah' ? 'AH' : 'PASS';
					if (type !== auth.type) return true;
					return type === 'PASS' && Boolean(a.auth && auth.secret && a.auth.fingerprint8 !== auth.secret.fingerprint8);
				});
				const first = strangers[0];
				if (!first) continue;
				flagged.add(member.host);
				report({
					messageId: 'advertDiffers',
					host: member.host,
					explainsHosts: group.members.map(m => m.host),
					data: {member: memberName(member), auth: authLabel(auth), src: first.src, vrid: first.vrid, advertAuth: advertAuthLabel(first)},
					evidence: [facts.configRef(member.host, member.auth?.passPos ?? member.pos), ...facts.refs(member.host, 'vrrp.adverts', line => line.includes(first.src), {max: 3}), ...logRefs(member.host)],
					fix: [configFix(member.host, member.auth?.passPos ?? member.pos, `use the authentication the peer ${first.src} uses (or change the peer to match ${member.host})`, 'align authentication on every member of the instance, then reload keepalived', keepalivedReloadCommands(facts, member.host))],
				});
			}
		}
		for (const host of facts.directors()) {
			if (flagged.has(host)) continue;
			for (const instance of facts.keepalived(host)?.instances ?? []) {
				const lines = facts.logLines(host, new RegExp(`\\(${instance.name}\\).*(invalid passwd|auth from|Invalid auth type|AH header)`));
				if (lines.length === 0) continue;
				// a stopped keepalived's log tells how its last run went, not what its peers send now
				if (facts.processRunning(host, 'keepalived') === false) continue;
				// a log line can be stale (the peer was fixed since): the window's counters decide when they exist
				const counters = facts.get(host, 'keepalived.stats')?.instances[instance.name];
				if (counters && !Object.entries(counters).some(([name, value]) => /^Authentication Errors\./.test(name) && value > 0)) continue;
				report({messageId: 'logOnly', host, data: {host, instance: instance.name, count: lines.length}, evidence: logRefs(host), fix: [configFix(host, instance.auth?.passPos ?? instance.pos, 'compare auth_type/auth_pass with every peer of this instance', 'find the peer with other credentials (tcpdump -nn -v proto 112 shows its source) and align them')]});
			}
		}
	},
});
