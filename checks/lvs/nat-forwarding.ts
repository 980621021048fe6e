import {defineCheck} from '../../src/doctor/define-check.js';
import {sysctlFixes} from '../../src/doctor/fixes.js';

/**
LVS-NAT rewrites packets on the director in both directions: replies from the real servers must be routed
through it, which needs net.ipv4.ip_forward=1. Without it requests reach the real servers and the replies
die on the director.
*/
export default defineCheck({
	meta: {
		id: 'lvs.nat-forwarding',
		title: 'LVS-NAT without ip_forward',
		severity: 'critical',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config', 'net.sysctl'],
		explains: ['vip.unreachable'],
		messages: {
			off: '{{host}} runs LVS-NAT for {{services}} but net.ipv4.ip_forward is {{value}}: replies from the real servers are not forwarded',
		},
		explanation:
			'In NAT mode (lb_kind NAT, also keepalived\'s default when lb_kind is missing) the director translates the destination on the way in and the source on the way back; the real servers must use the director as their gateway and the director must forward IPv4 (net.ipv4.ip_forward=1). With forwarding off, clients see connection timeouts.',
	},
	evaluate({facts, host, report}) {
		const nat = facts.keepalived(host!)!.virtualServers.filter(vs => vs.lbKind === 'NAT');
		if (nat.length === 0) return;
		const value = facts.sysctl(host!, 'net.ipv4.ip_forward') ?? '0';
		if (value === '1') return;
		report({
			messageId: 'off',
			data: {host: host!, services: nat.map(vs => (vs.fwmark !== undefined ? `fwmark ${vs.fwmark}` : `${vs.address}:${vs.port}`)).join(', '), value},
			evidence: [...nat.slice(0, 2).map(vs => facts.configRef(host!, vs.lbKindPos ?? vs.pos, vs.lbKindPos ? undefined : 'no lb_kind: keepalived defaults to NAT')), ...facts.refs(host!, 'net.sysctl', line => line.includes('ip_forward'), {max: 1, note: `net.ipv4.ip_forward = ${value}`})],
			fix: sysctlFixes(host!, [['net.ipv4.ip_forward', '1']], '90-lbwiz-ip-forward.conf', 'forward IPv4 for LVS-NAT'),
		});
	},
});
