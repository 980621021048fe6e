import {describe, expect, it} from 'vitest';
import {loadBundle} from '../../src/collect/bundle.js';
import {evaluateBundle} from '../../src/doctor/evaluate.js';
import {Facts} from '../../src/doctor/facts.js';
import {arpingFlavour, garpArgv, neighbourVerdict, orderFixes, safeFixCandidates} from '../../src/doctor/fix-apply.js';
import {advertIntervals, hostPriority} from '../../src/doctor/vrrp.js';

describe('orderFixes', () => {
	it('recorded split-brain-firewall: lb1 (priority 100, keeps the VIP) first, then a pause of 2 × advert_int, then lb2', async () => {
		const bundle = await loadBundle('fixtures/bundles/split-brain-firewall/bundle.json');
		const report = evaluateBundle(bundle);
		const facts = new Facts(bundle);
		const candidates = safeFixCandidates(report);
		const split = report.findings.find(f => f.check === 'vip.split-brain')!;
		const causes = candidates.filter(c => split.caused_by.includes(c.finding.id));
		expect(new Set(causes.map(c => c.fix.host))).toEqual(new Set(['lb1', 'lb2']));
		// the report may list lb2 first; the order must not depend on it
		const reversed = [...candidates].reverse();
		for (const input of [candidates, reversed]) {
			const ordered = orderFixes(report, input, {priority: host => hostPriority(facts, host), advertInt: Math.max(...advertIntervals(facts))});
			const hosts = ordered.filter(c => split.caused_by.includes(c.finding.id)).map(c => c.fix.host);
			expect(hosts).toEqual(['lb1', 'lb2']);
			expect(ordered.filter(c => c.pause).map(c => [c.fix.host, c.pause!.seconds])).toEqual([['lb1', 2]]);
			expect(ordered).toHaveLength(input.length);
		}
	});

	it('leaves fixes alone when no split brain is explained by them (recorded vrrp-blocked: one host)', async () => {
		const bundle = await loadBundle('fixtures/bundles/vrrp-blocked/bundle.json');
		const report = evaluateBundle(bundle);
		const candidates = safeFixCandidates(report);
		expect(candidates.length).toBeGreaterThan(0);
		expect(orderFixes(report, candidates, {priority: () => 1, advertInt: 1})).toEqual(candidates);
	});
});

describe('gratuitous ARP', () => {
	it('knows iputils and busybox arping, not others', () => {
		expect(arpingFlavour('arping from iputils 20221126\nlibcap: yes', '')).toBe('arping');
		expect(arpingFlavour('', 'BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: arping [-fqbDUA] [-c CNT] [-w TIMEOUT] [-I IFACE] [-s SRC_IP] DST_IP\n\t-U\t\tUnsolicited ARP mode, update your neighbors')).toBe('busybox');
		expect(arpingFlavour('exec of "arping" failed: No such file or directory', 'exec of "busybox" failed: No such file or directory')).toBeUndefined();
		expect(arpingFlavour('ARPing 2.21, by Thomas Habets <thomas@habets.se>', 'busybox: applet not found')).toBeUndefined();
	});

	it('sends unsolicited ARP from the VIP on the holding interface', () => {
		expect(garpArgv('busybox', 'eth0', '203.0.113.100')).toEqual(['busybox', 'arping', '-U', '-c', '3', '-I', 'eth0', '-s', '203.0.113.100', '203.0.113.100']);
		expect(garpArgv('arping', 'bond0.12', '198.51.100.5')[0]).toBe('arping');
	});
});

describe('neighbourVerdict', () => {
	const entry = (lladdr: string, state: string) => JSON.stringify([{dst: '203.0.113.100', dev: 'eth0', lladdr, state: [state]}]);
	it('stale when a usable entry holds another MAC', () => {
		expect(neighbourVerdict(entry('aa:bb:cc:00:00:02', 'REACHABLE'), '203.0.113.100', 'aa:bb:cc:00:00:01')).toEqual({verdict: 'stale', mac: 'aa:bb:cc:00:00:02', state: 'REACHABLE'});
		expect(neighbourVerdict(entry('aa:bb:cc:00:00:02', 'STALE'), '203.0.113.100', 'aa:bb:cc:00:00:01').verdict).toBe('stale');
	});
	it('ok with the holder MAC (any case), none without a usable entry', () => {
		expect(neighbourVerdict(entry('AA:BB:CC:00:00:01', 'REACHABLE'), '203.0.113.100', 'aa:bb:cc:00:00:01').verdict).toBe('ok');
		expect(neighbourVerdict('[]', '203.0.113.100', 'aa:bb:cc:00:00:01').verdict).toBe('none');
		expect(neighbourVerdict(JSON.stringify([{dst: '203.0.113.100', dev: 'eth0', state: ['FAILED']}]), '203.0.113.100', 'x').verdict).toBe('none');
		expect(neighbourVerdict('not json', '203.0.113.100', 'x').verdict).toBe('none');
	});
});
