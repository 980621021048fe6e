import {defineCheck} from '../../src/doctor/define-check.js';

/**
HAProxy's stats socket says which servers its health checks marked DOWN and why (L4CON "Connection
refused", L4TOUT, L7STS …). A backend with no server left answers 503 to every request.
*/
export default defineCheck({
	meta: {
		id: 'haproxy.backend-down',
		title: 'HAProxy reports servers DOWN',
		severity: 'critical',
		scope: 'host',
		appliesTo: ['haproxy'],
		needs: ['haproxy.stats'],
		uses: ['haproxy.config'],
		explains: ['vip.unreachable'],
		messages: {
			server: 'backend {{backend}}: server {{server}} ({{address}}) is {{status}} on {{host}}: {{reason}}{{left}}',
			backend: 'backend {{backend}} on {{host}} has no server UP: every request to it gets 503',
		},
		explanation:
			'HAProxy health-checks each server and takes it out of rotation after `fall` failures. The check status says where it fails: L4CON (connection refused: nothing listens), L4TOUT (no answer: firewall, routing, host down), L7STS/L7RSP (the application answers wrongly — e.g. busybox httpd answers 501 to the default OPTIONS check), SOCKERR. When every server of a backend is DOWN, HAProxy answers 503 "No server is available".',
	},
	evaluate({facts, host, report}) {
		const rows = facts.get(host!, 'haproxy.stats')!.rows;
		const statsId = (h: string) => {
			const id = facts.evidenceIdOf(h, 'haproxy.stats', /show stat/) ?? facts.evidenceOf(h, 'haproxy.stats')[0];
			return id ? {evidenceId: id} : {};
		};
		const describeRow = (r: Record<string, string>) =>
			`${r.pxname}/${r.svname} status=${r.status}${r.check_status ? ` check=${r.check_status}${r.check_desc ? ` (${r.check_desc})` : ''}` : ''}${r.addr ? ` addr=${r.addr}` : ''}${r.lastchg ? ` lastchg=${r.lastchg}s` : ''}${r.chkfail ? ` chkfail=${r.chkfail}` : ''}`;
		const backendsDown = new Set(rows.filter(r => r.svname === 'BACKEND' && (r.status ?? '').toUpperCase().startsWith('DOWN')).map(r => r.pxname));
		for (const row of rows) {
			if (row.svname === 'FRONTEND' || row.svname === 'BACKEND') continue;
			const status = (row.status ?? '').toUpperCase();
			if (!status.startsWith('DOWN')) continue;
			const server = facts.haproxy(host!)?.servers.find(s => s.proxy === row.pxname && s.name === row.svname);
			const address = row.addr || (server?.address ? `${server.address}${server.port ? `:${server.port}` : ''}` : '?');
			const ip = address.split(':')[0];
			const others = rows.filter(r => r.pxname === row.pxname && r.svname !== 'BACKEND' && r.svname !== row.svname && (r.status ?? '').toUpperCase().startsWith('UP'));
			const reason = [row.check_status?.replace(/^\* /, ''), row.check_desc, row.check_code].filter(Boolean).join(' ') || 'no check detail';
			report({
				messageId: 'server',
				severity: backendsDown.has(row.pxname) || others.length === 0 ? 'critical' : 'warning',
				key: `server:${ip}`,
				data: {backend: row.pxname, server: row.svname, address, status: row.status, host: host!, reason, left: others.length === 0 ? ' — no server of this backend is UP' : ` (${others.length} other server(s) UP)`},
				evidence: [
					{host: host!, ...statsId(host!), excerpt: [row, ...rows.filter(r => r.pxname === row.pxname && r.svname === 'BACKEND')].map(describeRow).join('\n'), note: 'HAProxy runtime API: show stat'},
					...(server ? [facts.configRef(host!, server.pos)] : []),
				],
				fix: [{host: host!, description: `check ${row.svname} the way HAProxy does; see realserver.unreachable for the server itself`, commands: [['curl', '-sS', '-I', '--max-time', '3', `http://${address}/`]]}],
			});
		}
		for (const backend of backendsDown) {
			if (rows.some(r => r.pxname === backend && r.svname !== 'BACKEND' && r.svname !== 'FRONTEND')) continue;
			report({messageId: 'backend', data: {backend, host: host!}, evidence: [{host: host!, ...statsId(host!), excerpt: rows.filter(r => r.pxname === backend).map(describeRow).join('\n')}], fix: [{host: host!, description: `add servers to backend ${backend} or fix their addresses`}]});
		}
	},
});
