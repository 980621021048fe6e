import {defineCheck} from '../../src/doctor/define-check.js';
import {sysctlFixes} from '../../src/doctor/fixes.js';

/**
HAProxy binding the VIP can only start on the node that currently holds it — unless
net.ipv4.ip_nonlocal_bind=1 (or `transparent`). Without it HAProxy on the BACKUP fails with "cannot bind
socket (Cannot assign requested address)", so a failover moves the VIP to a node with no HAProxy.
*/
export default defineCheck({
	meta: {
		id: 'haproxy.nonlocal-bind',
		title: 'HAProxy binds a VIP on a node without ip_nonlocal_bind',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['haproxy'],
		needs: ['haproxy.config', 'net.sysctl'],
		uses: ['net.addresses', 'service.state', 'process.list'],
		explains: ['service.haproxy-down', 'vip.unreachable'],
		messages: {
			cannotStart: 'HAProxy on {{host}} binds {{binds}}, which {{host}} does not hold, and net.ipv4.ip_nonlocal_bind is {{value}}: HAProxy cannot start here ("cannot bind socket")',
			latent: 'HAProxy on {{host}} binds {{binds}} with net.ipv4.ip_nonlocal_bind {{value}}: it runs only because {{host}} holds the VIP now; after a failover HAProxy fails to (re)start here',
		},
		explanation:
			'A process can bind an address only if the host owns it, unless the kernel allows non-local binds (net.ipv4.ip_nonlocal_bind=1) or the bind uses `transparent`. With keepalived the VIP lives on one node at a time, so HAProxy on the other node fails at start ("Binding [VIP:80] … cannot bind socket (Cannot assign requested address)", then "Some protocols failed to start their listeners! Exiting."). Setting ip_nonlocal_bind=1 on every HAProxy node fixes it; HAProxy\'s management guide recommends exactly this for keepalived setups.',
	},
	evaluate({facts, host, report}) {
		const value = facts.sysctl(host!, 'net.ipv4.ip_nonlocal_bind') ?? '0';
		if (value === '1') return;
		const local = new Set(facts.addresses(host!).map(a => a.address));
		const binds = (facts.haproxy(host!)?.binds ?? []).filter(b => b.address && b.address !== '0.0.0.0' && b.address !== '::' && !b.options.some(o => o === 'transparent' || o === 'freebind'));
		const foreign = binds.filter(b => !local.has(b.address!) || facts.allVips().includes(b.address!));
		if (foreign.length === 0) return;
		const notHeld = foreign.filter(b => !local.has(b.address!));
		const running = facts.processRunning(host!, 'haproxy');
		const cannotStart = notHeld.length > 0 && running !== true;
		const listed = [...new Set((cannotStart ? notHeld : foreign).map(b => `${b.address}:${b.port ?? '*'}`))].join(', ');
		report({
			messageId: cannotStart ? 'cannotStart' : 'latent',
			severity: cannotStart ? 'critical' : 'warning',
			explainsKeys: [`haproxy:${host}`, ...foreign.map(b => `vip:${b.address}`)],
			data: {host: host!, binds: listed, value},
			evidence: [...foreign.slice(0, 3).map(b => facts.configRef(host!, b.pos)), ...facts.refs(host!, 'net.sysctl', line => line.includes('ip_nonlocal_bind'), {max: 1, note: `net.ipv4.ip_nonlocal_bind = ${value}`})],
			fix: sysctlFixes(host!, [['net.ipv4.ip_nonlocal_bind', '1']], '90-lbwiz-nonlocal-bind.conf', 'let HAProxy bind the VIP before this node holds it'),
		});
	},
});
