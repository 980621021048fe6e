import {defineCheck} from '../../src/doctor/define-check.js';
import {sysctlFixes, sysctlInterface} from '../../src/doctor/fixes.js';

/**
A DR/TUN real server owns the VIP too; unless ARP is restricted (arp_ignore=1, arp_announce=2) it answers
ARP for the VIP and steals traffic from the director, or announces the VIP as a source address — clients
then bypass the load balancer or lose connections.
*/
export default defineCheck({
	meta: {
		id: 'arp.realserver-sysctl',
		title: 'arp_ignore / arp_announce are wrong on a DR/TUN real server',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['realserver'],
		needs: ['net.sysctl'],
		uses: ['net.addresses'],
		explains: ['vip.unreachable'],
		messages: {
			wrong: '{{host}} is an LVS-{{kind}} real server of {{vip}} but {{settings}}: it {{effect}}',
		},
		explanation:
			'The kernel uses the larger of net.ipv4.conf.all.X and net.ipv4.conf.IFACE.X. arp_ignore=1 makes the real server answer ARP only for addresses on the receiving interface (not the VIP on lo); arp_announce=2 makes it use its own address, never the VIP, as ARP source. Without them the real server competes with the director for the VIP\'s MAC address: traffic reaches a real server directly and the load balancer is bypassed or connections reset.',
	},
	evaluate({facts, report, skip}) {
		const checked = new Set<string>();
		for (const rs of facts.directRealServers()) {
			if (!rs.host || checked.has(rs.host)) {
				if (!rs.host) skip(`real server ${rs.address} of ${rs.vip} is not among the collected hosts`);
				continue;
			}
			checked.add(rs.host);
			const reason = facts.missingReason(rs.host, 'net.sysctl');
			if (reason) {
				skip(reason, rs.host);
				continue;
			}
			const ifaces = [...new Set(facts.addresses(rs.host).filter(a => a.ifname !== 'lo' && a.address !== rs.vip.split('/')[0]).map(a => a.ifname))];
			const value = (key: string) => Number(facts.sysctl(rs.host!, key) ?? 0);
			const problems: string[] = [];
			const effects: string[] = [];
			const settings: Array<[string, string]> = [];
			const targets = ifaces.length > 0 ? ifaces : ['all'];
			const ignore = targets.map(i => Math.max(value('net.ipv4.conf.all.arp_ignore'), i === 'all' ? 0 : value(`net.ipv4.conf.${sysctlInterface(i)}.arp_ignore`)));
			const announce = targets.map(i => Math.max(value('net.ipv4.conf.all.arp_announce'), i === 'all' ? 0 : value(`net.ipv4.conf.${sysctlInterface(i)}.arp_announce`)));
			if (ignore.some(v => v < 1)) {
				problems.push(`arp_ignore is ${Math.min(...ignore)} (needs 1)`);
				effects.push('answers ARP requests for the VIP');
				settings.push(['net.ipv4.conf.all.arp_ignore', '1']);
			}
			if (announce.some(v => v < 2)) {
				problems.push(`arp_announce is ${Math.min(...announce)} (needs 2)`);
				effects.push('may announce the VIP as its ARP source');
				settings.push(['net.ipv4.conf.all.arp_announce', '2']);
			}
			if (problems.length === 0) continue;
			const keys = ['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce', ...ifaces.flatMap(i => [`net.ipv4.conf.${sysctlInterface(i)}.arp_ignore`, `net.ipv4.conf.${sysctlInterface(i)}.arp_announce`])];
			report({
				messageId: 'wrong',
				host: rs.host,
				key: `server:${rs.address}`,
				explainsKeys: [`vip:${rs.vip.split('/')[0]}`],
				data: {host: rs.host, kind: rs.kind, vip: rs.vip.split('/')[0], settings: problems.join(' and '), effect: effects.join(' and ')},
				evidence: facts.refs(rs.host, 'net.sysctl', line => keys.some(k => line.includes(k)), {max: 8}),
				fix: sysctlFixes(rs.host, [...settings, ...(settings.some(([k]) => k.endsWith('arp_ignore')) ? [['net.ipv4.conf.lo.arp_ignore', '1'] as [string, string]] : []), ...(settings.some(([k]) => k.endsWith('arp_announce')) ? [['net.ipv4.conf.lo.arp_announce', '2'] as [string, string]] : [])], '90-lbwiz-lvs-realserver.conf', 'suppress ARP for the VIP on this LVS real server'),
			});
		}
	},
});
