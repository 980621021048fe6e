import {defineCheck} from '../../src/doctor/define-check.js';

/**
The VIP is where it should be but does not answer: HTTP probes to it fail. This is what users feel; the
cause is usually listed above it (strict mode drop rules, HAProxy down or with no backend, real servers
without the VIP on lo).
*/
export default defineCheck({
	meta: {
		id: 'vip.unreachable',
		title: 'The VIP is held but does not answer',
		severity: 'critical',
		scope: 'cluster',
		needs: ['http.probes'],
		uses: ['net.addresses'],
		messages: {
			failing: 'HTTP probes to {{url}} fail from {{from}} ({{error}}) while {{holder}} holds {{vip}}',
		},
		explanation:
			'A VIP on the right director is only half the job: something must accept connections on it (HAProxy bound to it, or IPVS forwarding to real servers that accept it), and nothing may drop them (vrrp_strict\'s rules, a firewall). The probe result says how it failed: a timeout points at a drop, a refusal at no listener, a 503 at HAProxy with no backend.',
	},
	evaluate({facts, report}) {
		const byUrl = new Map<string, Array<{from: string; probe: NonNullable<ReturnType<typeof facts.get<'http.probes'>>>[number]}>>();
		for (const host of facts.hostNames()) for (const probe of facts.get(host, 'http.probes') ?? []) if (probe.target === 'vip') byUrl.set(probe.url, [...(byUrl.get(probe.url) ?? []), {from: host, probe}]);
		for (const [url, probes] of byUrl) {
			if (probes.some(p => p.probe.ok) || probes.length === 0) continue;
			const vip = facts.allVips().find(v => url.includes(`//${v}`)) ?? /\/\/([^/:]+)/.exec(url)?.[1] ?? url;
			const holders = [...new Set(facts.vipHolders(vip).map(h => h.host))];
			if (holders.length === 0) continue;
			const first = probes[0].probe;
			report({
				messageId: 'failing',
				key: `vip:${vip}`,
				data: {url, from: probes.map(p => p.from).join(', '), error: first.error ?? (first.status ? `HTTP ${first.status}` : 'failed'), holder: holders.join(', '), vip},
				evidence: probes.flatMap(p => facts.refs(p.from, 'http.probes', line => line.includes(url) || line.includes(vip), {max: 3, note: `probe from ${p.from}: ${p.probe.error ?? p.probe.status ?? 'failed'}`})),
				fix: holders.map(holder => ({host: holder, description: `see what listens on ${vip} on ${holder} and what drops traffic to it`, commands: [['ss', '-ltn'], ['nft', 'list', 'ruleset']]})),
			});
		}
	},
});
