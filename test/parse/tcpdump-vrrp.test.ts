import {describe, expect, it} from 'vitest';
import {parseTcpdumpCounters, parseTcpdumpVrrp} from '../../src/parse/tcpdump-vrrp.js';
import {fingerprintSecret, redactText, secretToken} from '../../src/collect/redact.js';
import {output} from './fixtures.js';

describe('parseTcpdumpVrrp (recorded: tcpdump 4.99.3, keepalived 2.2.7 adverts between two namespaces)', () => {
	const collector = parseTcpdumpVrrp(output('tcpdump/vrrp-collector-tt.txt'), {interface: 'kb0'});

	it('reads VRRPv2 multicast adverts with PASS auth and the TTL from the -v header', () => {
		const v2 = collector.find(a => a.vrid === 51 && a.src === '203.0.113.11')!;
		expect(v2).toMatchObject({interface: 'kb0', dst: '224.0.0.18', version: 2, priority: 100, intervalCs: 100, authType: 'simple', addrs: ['203.0.113.100'], ttl: 255});
		expect(v2.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		expect(v2.auth).toEqual({...fingerprintSecret('fixture1'), value: 'fixture1'});
	});

	it('reads VRRPv3 unicast adverts (interval in centiseconds, several addresses, no auth)', () => {
		const v3 = collector.find(a => a.vrid === 53)!;
		expect(v3).toMatchObject({src: '203.0.113.11', dst: '203.0.113.12', version: 3, priority: 150, intervalCs: 100, addrs: ['203.0.113.103', '203.0.113.104']});
		expect(v3.auth).toBeUndefined();
		expect(v3.authType).toBeUndefined();
	});

	it('sees both masters of the password-mismatch split brain and the priority-0 resignation', () => {
		const sources = new Set(collector.filter(a => a.vrid === 51).map(a => a.src));
		expect(sources).toEqual(new Set(['203.0.113.11', '203.0.113.12']));
		const backup = collector.find(a => a.src === '203.0.113.12')!;
		expect(backup.auth?.fingerprint).not.toBe(collector.find(a => a.src === '203.0.113.11' && a.vrid === 51)!.auth?.fingerprint);
		expect(collector.some(a => a.priority === 0)).toBe(true);
	});

	it('reads redacted text to the same fingerprint, without the value', () => {
		const redacted = redactText(output('tcpdump/vrrp-collector-tt.txt'));
		expect(redacted).not.toContain('fixture1');
		expect(redacted).toContain(`auth "${secretToken('fixture1')}"`);
		const advert = parseTcpdumpVrrp(redacted).find(a => a.vrid === 51 && a.src === '203.0.113.11')!;
		expect(advert.auth).toEqual(fingerprintSecret('fixture1'));
	});

	it('reads the -tttt and the plain (one line) forms', () => {
		const tttt = parseTcpdumpVrrp(output('tcpdump/vrrp-v-tttt.txt'));
		expect(tttt[0].time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+$/);
		expect(tttt.length).toBeGreaterThan(10);
		const plain = parseTcpdumpVrrp(output('tcpdump/vrrp-plain.txt'));
		expect(plain[0]).toMatchObject({version: expect.any(Number), addrs: []});
		expect(plain.map(a => a.vrid)).toEqual(tttt.map(a => a.vrid));
	});

	it('reads the upstream samples of FIELD-NOTES §2.8 (tcpdump tests/vrrp-v.out, IPv6, TTL, checksum, 4.9 prefix)', () => {
		const text = [
			'IP (tos 0x0, ttl 255, id 4660, offset 0, flags [none], proto VRRP (112), length 48)',
			'    10.0.0.91 > 224.0.0.18: VRRPv2, Advertisement, vrid 42, prio 191, authtype simple, intvl 10s, length 28, addrs(3): 10.4.42.1,10.4.42.2,10.4.42.3 auth "abcdefgh"',
			'IP6 (hlim 255, next-header VRRP (112), payload length 40) fe80::d6ca:6dff:fe66:cf60 > ff02::12: VRRPv3, Advertisement, vrid 45, prio 191, intvl 1000cs, length 40, addrs(2): fe80::200:5eff:fe00:22d,2001::abcd:a',
			'IP 10.0.0.92 > 224.0.0.18: VRRPv2, Advertisement, vrid 42, prio 0, authtype none, intvl 1s, length 20, addrs: 10.4.42.1, (ttl 64)',
			'IP (tos 0x0, ttl 255, id 1, offset 0, flags [none], proto VRRP (112), length 40)',
			'    10.0.0.93 > 224.0.0.18: vrrp 10.0.0.93 > 224.0.0.18: VRRPv2, Advertisement, vrid 7, prio 100, authtype none, intvl 1s, length 20, addrs: 10.7.0.1, (bad vrrp cksum 1234)',
		].join('\n');
		const adverts = parseTcpdumpVrrp(text);
		expect(adverts.map(a => [a.src, a.vrid, a.priority, a.intervalCs, a.addrs.length, a.ttl])).toEqual([
			['10.0.0.91', 42, 191, 1000, 3, 255],
			['fe80::d6ca:6dff:fe66:cf60', 45, 191, 1000, 2, 255],
			['10.0.0.92', 42, 0, 100, 1, 64],
			['10.0.0.93', 7, 100, 100, 1, 255],
		]);
		expect(adverts[0].auth?.value).toBe('abcdefgh');
		expect(adverts[3].badChecksum).toBe(true);
	});

	it('reads the capture counters from stderr', () => {
		expect(parseTcpdumpCounters(output('tcpdump/vrrp-v-tttt.stderr.txt'))).toMatchObject({captured: expect.any(Number), dropped: 0});
	});
});
