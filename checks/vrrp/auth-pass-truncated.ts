import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix} from '../../src/doctor/fixes.js';
import {effectiveAuth, memberName} from '../../src/doctor/vrrp.js';

/**
VRRPv2 PASS authentication carries 8 bytes: keepalived truncates a longer auth_pass ("Truncating auth_pass
to 8 characters", `keepalived -t` exits 5), so `secret-01` and `secret-02` are the same password on the wire.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.auth-pass-truncated',
		title: 'auth_pass is longer than 8 characters',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['keepalived.log'],
		messages: {
			truncated: 'auth_pass of {{member}} has {{length}} characters; keepalived uses only the first 8{{note}}',
		},
		explanation:
			'The VRRPv2 authentication field is 8 bytes. keepalived cuts auth_pass there and logs "Truncating auth_pass to 8 characters"; `keepalived -t` exits 5 on it. Peers whose passwords share the first 8 characters agree on the wire even if the configs differ, which hides mistakes and gives a false sense of a longer secret. Use at most 8 characters.',
	},
	evaluate({facts, host, report}) {
		for (const group of facts.vrrpGroups()) {
			for (const member of group.members.filter(m => m.host === host)) {
				const auth = effectiveAuth(member);
				if (auth.type !== 'PASS' || !auth.secret || auth.secret.length <= 8) continue;
				const peers = group.members.filter(m => m.host !== host && effectiveAuth(m).secret);
				const sameFirst8 = peers.filter(p => effectiveAuth(p).secret!.fingerprint8 === auth.secret!.fingerprint8 && effectiveAuth(p).secret!.fingerprint !== auth.secret!.fingerprint);
				report({
					messageId: 'truncated',
					data: {member: memberName(member), length: auth.secret.length, note: sameFirst8.length > 0 ? ` — ${sameFirst8.map(p => p.host).join(', ')} ha${sameFirst8.length > 1 ? 've' : 's'} a different password with the same first 8 characters, so they agree on the wire` : ''},
					evidence: [facts.configRef(host!, member.auth?.passPos ?? member.pos, `${auth.secret.length} characters`), ...[facts.logRef(host!, /Truncating auth_pass/)].filter(r => r !== undefined)],
					fix: [configFix(host!, member.auth?.passPos ?? member.pos, 'auth_pass <at most 8 characters, the same on every peer>', 'shorten auth_pass to 8 characters on every member of the instance (change all members together)')],
				});
			}
		}
	},
});
