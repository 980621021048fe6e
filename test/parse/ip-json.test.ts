import {describe, expect, it} from 'vitest';
import {holdsAddress, parseIpAddr, parseIpRoute} from '../../src/parse/ip-json.js';
import {OutputParseError} from '../../src/parse/parse-error.js';
import {output} from './fixtures.js';

describe('parseIpAddr (recorded: iproute2 ip -j addr, keepalived MASTER holding the VIP)', () => {
	const links = parseIpAddr(output('ip/addr-master.json'));

	it('reads links, state, flags and addresses', () => {
		expect(links.map(l => l.ifname)).toEqual(['lo', 'ka0']);
		const ka0 = links[1];
		expect(ka0).toMatchObject({operstate: 'UP', mtu: 1500});
		expect(ka0.flags).toContain('UP');
		expect(ka0.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
		expect(links[0].mac).toBeUndefined();
	});

	it('shows the VIP as a secondary address of the MASTER', () => {
		expect(holdsAddress(links, '203.0.113.100')?.ifname).toBe('ka0');
		expect(links[1].addresses.filter(a => a.family === 'inet').map(a => `${a.local}/${a.prefixlen}`)).toEqual(expect.arrayContaining(['203.0.113.11/24', '203.0.113.100/24', '203.0.113.103/24', '203.0.113.104/24']));
		// the recording is the auth_pass mismatch: the BACKUP does not accept the adverts and holds the VIP too
		expect(holdsAddress(parseIpAddr(output('ip/addr-backup.json')), '203.0.113.100')?.ifname).toBe('kb0');
		expect(holdsAddress(links, '203.0.113.12')).toBeUndefined();
	});

	it('rejects text that is not ip -j output', () => {
		expect(() => parseIpAddr('1: lo: <LOOPBACK,UP>')).toThrow(OutputParseError);
		expect(() => parseIpAddr('{}')).toThrow(/expected a JSON array/);
		expect(parseIpAddr('')).toEqual([]);
	});
});

describe('parseIpRoute (recorded)', () => {
	it('reads the default route and the connected prefix', () => {
		expect(parseIpRoute(output('ip/route-master.json'))).toEqual([
			{dst: 'default', gateway: '203.0.113.1', dev: 'ka0'},
			{dst: '203.0.113.0/24', dev: 'ka0', protocol: 'kernel', scope: 'link', prefsrc: '203.0.113.11'},
		]);
	});
});
