import {defineCheck} from '../../src/doctor/define-check.js';

/**
Adverts from routers that are not part of this cluster share the segment with it. Their VRIDs are taken:
reusing one later means a VRID clash. If one of them advertises our VIP, two clusters claim one address.
keepalived stays silent about foreign VRIDs unless log_unknown_vrids is set, so only a capture shows them.
*/
export default defineCheck({
	meta: {
		id: 'vrrp.foreign-vrid',
		title: 'Other VRRP routers share the segment',
		severity: 'info',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['vrrp.adverts'],
		uses: ['keepalived.config'],
		messages: {
			other: '{{src}} sends VRRP adverts for VRID {{vrid}} ({{addrs}}) on the segment of {{hosts}}: this VRID is taken, do not reuse it',
			ourVip: '{{src}} advertises our VIP {{vip}} under VRID {{vrid}}, which no director of this cluster uses: two clusters claim the same address',
		},
		explanation:
			'Every VRRP router on a layer-2 segment needs its own VRID. Routers outside this cluster (another keepalived pair, a hardware router) are invisible to keepalived unless log_unknown_vrids is set, but they appear in a capture. Their VRIDs must not be reused here; one that advertises one of our VIPs under another VRID is a conflicting configuration somewhere else.',
	},
	evaluate({facts, report}) {
		const ours = new Set(facts.vrrpGroups().flatMap(g => g.vrids));
		const vips = new Set(facts.allVips());
		const known = (src: string) => facts.hostByAddress(src) !== undefined || facts.hostNames().some(h => facts.addresses(h).some(a => a.address === src));
		const peersOfLocal = new Set(facts.vrrpGroups().flatMap(g => g.members.flatMap(m => m.unicastPeers.map(p => p.address))));
		const seen = new Set<string>();
		for (const source of facts.advertsBySource()) {
			if (known(source.src) || peersOfLocal.has(source.src)) continue;
			for (const vrid of new Set(source.adverts.map(a => a.vrid))) {
				if (ours.has(vrid) || seen.has(`${source.src}|${vrid}`)) continue;
				seen.add(`${source.src}|${vrid}`);
				const advert = source.adverts.find(a => a.vrid === vrid)!;
				const clash = advert.addrs.find(a => vips.has(a));
				report({
					messageId: clash ? 'ourVip' : 'other',
					severity: clash ? 'warning' : 'info',
					...(clash ? {key: `vip:${clash}`} : {}),
					data: {src: source.src, vrid, addrs: advert.addrs.join(', ') || 'no addresses', hosts: source.seenBy.join(', '), vip: clash ?? ''},
					evidence: source.seenBy.flatMap(host => facts.refs(host, 'vrrp.adverts', line => line.includes(source.src), {max: 2})),
					fix: clash ? [{host: source.seenBy[0], description: `find who runs ${source.src} and remove ${clash} from its configuration (or give this cluster another VIP)`}] : [],
				});
			}
		}
	},
});
