import {describe, expect, it} from 'vitest';
import {parseIpvsadm, parseIpvsadmList, splitAddressPort} from '../../src/parse/ipvsadm.js';
import {output} from './fixtures.js';

describe('ipvsadm (documented-format fixtures; no IPVS in the recording kernel)', () => {
	it('reads services, schedulers, flags and real servers', () => {
		const table = parseIpvsadmList(output('ipvsadm/list-dr-nat.documented-format.txt'));
		expect(table.available).toBe(true);
		expect(table.services.map(s => [s.protocol, s.address, s.port, s.scheduler, s.persistent, s.flags])).toEqual([
			['TCP', '203.0.113.100', 80, 'wlc', undefined, []],
			['TCP', '203.0.113.100', 443, 'wrr', 300, []],
			['UDP', '203.0.113.100', 53, 'rr', undefined, ['ops']],
			['FWM', '7', undefined, 'sh', undefined, []],
			['TCP', '2001:db8::100', 80, 'rr', undefined, []],
		]);
		expect(table.services[0].reals).toEqual([
			{address: '203.0.113.21', port: 80, forward: 'Route', weight: 1, activeConn: 3, inactConn: 12},
			{address: '203.0.113.22', port: 80, forward: 'Route', weight: 1, activeConn: 2, inactConn: 9},
		]);
		expect(table.services[1].reals.map(r => [r.forward, r.weight])).toEqual([
			['Masq', 3],
			['Masq', 0],
		]);
	});

	it('merges --stats and --rate by service and real server', () => {
		const table = parseIpvsadm(output('ipvsadm/list-dr-nat.documented-format.txt'), output('ipvsadm/stats.documented-format.txt'), output('ipvsadm/rate.documented-format.txt'));
		expect(table.services[0].stats).toEqual({conns: 1234, inPkts: 56789, outPkts: 0, inBytes: 4567890, outBytes: 0});
		expect(table.services[0].reals[0].stats?.conns).toBe(700);
		expect(table.services[0].rate).toEqual({cps: 5, inPps: 40, outPps: 0, inBps: 3200, outBps: 0});
		expect(table.services[4].reals[0].stats?.conns).toBe(0);
	});

	it('turns "Can\'t initialize ipvs" (recorded on this machine) into a fact', () => {
		const table = parseIpvsadm(output('ipvsadm-not-available.txt'));
		expect(table).toEqual({available: false, reason: expect.stringMatching(/^IPVS is not available: Protocol not available/), services: []});
	});

	it('splits addresses', () => {
		expect(splitAddressPort('[2001:db8::1]:443')).toEqual({address: '2001:db8::1', port: 443});
		expect(splitAddressPort('10.0.0.1:80')).toEqual({address: '10.0.0.1', port: 80});
	});
});
