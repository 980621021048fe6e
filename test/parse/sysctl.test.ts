import {describe, expect, it} from 'vitest';
import {parseSysctl, sysctlKeys} from '../../src/parse/sysctl.js';
import {output} from './fixtures.js';

describe('parseSysctl (recorded: sysctl -e in a namespace)', () => {
	it('reads every key, and skips a missing interface silently (-e)', () => {
		const values = parseSysctl(output('sysctl/master.txt'));
		expect(values['net.ipv4.conf.all.arp_ignore']).toBe('0');
		expect(values['net.ipv4.conf.ka0.arp_announce']).toBe('0');
		expect(values['net.ipv4.ip_nonlocal_bind']).toBe('0');
		expect(values['net.ipv4.conf.nosuch0.arp_ignore']).toBeUndefined();
		expect(Object.keys(values)).toHaveLength(10);
	});

	it('keeps values with spaces and skips error lines', () => {
		expect(parseSysctl('net.ipv4.ip_local_port_range = 32768\t60999\nsysctl: cannot stat /proc/sys/x: No such file or directory\n')).toEqual({'net.ipv4.ip_local_port_range': '32768\t60999'});
	});
});

describe('sysctlKeys', () => {
	it('asks for all, default, lo and each interface, with the slash form for VLAN names', () => {
		const keys = sysctlKeys(['lo', 'eth0', 'eth0.100', 'bad name']);
		expect(keys).toEqual(expect.arrayContaining(['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.lo.arp_announce', 'net.ipv4.conf.eth0.rp_filter', 'net/ipv4/conf/eth0.100/arp_ignore', 'net.ipv4.ip_nonlocal_bind', 'net.ipv4.ip_forward']));
		expect(keys.filter(k => k.includes('.lo.'))).toHaveLength(5);
		expect(keys.some(k => k.includes('bad name'))).toBe(false);
	});
});
