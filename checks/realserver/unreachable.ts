import {defineCheck} from '../../src/doctor/define-check.js';
import type {HttpProbe} from '../../src/collect/types.js';

/**
The director (or HAProxy node) cannot get an answer from a real server on its service port — what
keepalived's checker or HAProxy's health check then reports as DOWN. `curl -I http://REAL:PORT` from the
director is seed 002's first step; the probe did it and recorded how it failed.
*/
export default defineCheck({
	meta: {
		id: 'realserver.unreachable',
		title: 'A real server does not answer the director\'s probe',
		severity: 'critical',
		scope: 'cluster',
		needs: ['http.probes'],
		uses: ['net.listening'],
		explains: ['haproxy.backend-down', 'lvs.realserver-missing', 'vip.unreachable'],
		messages: {
			down: '{{server}} ({{url}}) does not answer probes from {{from}}: {{error}}{{impact}}',
		},
		explanation:
			'Each director probed each real server on its service port. A refused connection means nothing listens there (the service is stopped or on another port); a timeout means a firewall or routing problem; an HTTP error status means the application answers but fails. Health checks on the load balancer see the same thing and take the server out of the pool; when all servers fail, the VIP answers 503 or nothing.',
	},
	evaluate({facts, report}) {
		const byUrl = new Map<string, Array<{from: string; probe: HttpProbe}>>();
		for (const host of facts.hostNames()) for (const probe of facts.get(host, 'http.probes') ?? []) if (probe.target === 'realserver') byUrl.set(probe.url, [...(byUrl.get(probe.url) ?? []), {from: host, probe}]);
		const failing = [...byUrl].filter(([, probes]) => probes.length > 0 && probes.every(p => !p.probe.ok));
		const allDown = failing.length === byUrl.size && byUrl.size > 0;
		for (const [url, probes] of failing) {
			const address = /\/\/([^/:]+)(?::(\d+))?/.exec(url);
			const ip = address?.[1] ?? url;
			const port = address?.[2] ?? (url.startsWith('https') ? '443' : '80');
			const host = facts.hostByAddress(ip) ?? (facts.hostNames().includes(probes[0].probe.name ?? '') ? probes[0].probe.name : undefined);
			const first = probes[0].probe;
			const error = first.error ?? (first.status ? `HTTP ${first.status}` : 'no answer');
			const refused = /refused|couldn't connect/i.test(error);
			const listening = host ? facts.get(host, 'net.listening') : undefined;
			const listener = listening?.find(l => l.proto === 'tcp' && String(l.port) === port);
			report({
				messageId: 'down',
				severity: allDown ? 'critical' : 'warning',
				...(host ? {host} : {}),
				key: `server:${ip}`,
				explainsKeys: [`server:${ip}`, `server:${ip}:${port}`, ...(allDown ? facts.allVips().map(v => `vip:${v}`) : [])],
				data: {server: host ?? first.name ?? ip, url, from: probes.map(p => p.from).join(', '), error, impact: `${listening && !listener ? ` — nothing listens on port ${port} on ${host}` : ''}${allDown ? ' — no real server answers, so the service is down' : ''}`},
				evidence: [
					...probes.flatMap(p => facts.refs(p.from, 'http.probes', line => line.includes(url), {max: 2, lines: line => /^curl: |^HTTP\/\S+ \d/.test(line), note: `probe from ${p.from}`})),
					...(host && listening ? facts.refs(host, 'net.listening', undefined, {max: 6, note: listener ? `${listener.process ?? 'a process'} listens on ${listener.address}:${port}` : `nothing listens on TCP port ${port} on ${host}`}) : []),
				],
				fix: [
					{
						host: host ?? probes[0].from,
						description: (listening && !listener) || (refused && !listening) ? `nothing listens on port ${port} of ${host ?? ip}: start the web service there (and check it listens on ${port})` : `check the path from ${probes[0].from} to ${ip}:${port} (firewall, route) and the service on ${host ?? ip}`,
						commands: host ? [['ss', '-ltn']] : [['curl', '-sS', '-I', '--max-time', '3', url]],
					},
				],
			});
		}
	},
});
