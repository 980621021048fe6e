import {describe, expect, it} from 'vitest';
import {diffKeepalivedStats, parseKeepalivedData, parseKeepalivedStats} from '../../src/parse/keepalived-dump.js';
import {fingerprintSecret, redactText} from '../../src/collect/redact.js';
import {output} from './fixtures.js';

describe('parseKeepalivedData (recorded: keepalived 2.2.7 SIGUSR1)', () => {
	it('reads each instance: state, VRID, priorities, interval, auth, VIPs, unicast peers', () => {
		const {instances} = parseKeepalivedData(output('keepalived/data-master.txt'));
		expect(instances.map(i => i.name)).toEqual(['VI_1', 'VI_3']);
		expect(instances[0]).toMatchObject({state: 'MASTER', interface: 'ka0', vrid: 51, priority: 100, effectivePriority: 100, advertIntervalMs: 1000, authType: 'SIMPLE_PASSWORD', vips: ['203.0.113.100/24']});
		expect(instances[0].auth).toEqual({...fingerprintSecret('fixture1'), value: 'fixture1'});
		expect(instances[1]).toMatchObject({vrid: 53, priority: 150, advertIntervalMs: 1000, vips: ['203.0.113.103/24', '203.0.113.104/24'], unicastPeers: ['203.0.113.12']});
		expect(instances[1].auth).toBeUndefined();
	});

	it('keeps only the fingerprint of the password once redacted', () => {
		const redacted = redactText(output('keepalived/data-backup.txt'));
		expect(redacted).not.toContain('wrongpw2');
		expect(parseKeepalivedData(redacted).instances[0].auth).toEqual(fingerprintSecret('wrongpw2'));
	});
});

describe('keepalived.stats (recorded: SIGUSR2 at the start and end of a window)', () => {
	it('reads counters per instance, nested ones as Group.Counter', () => {
		const stats = parseKeepalivedStats(output('keepalived/stats-end.txt'));
		expect(Object.keys(stats.instances)).toEqual(['VI_1', 'VI_3']);
		expect(stats.instances.VI_1).toMatchObject({'Advertisements.Received': 0, 'Advertisements.Sent': 9, 'Became master': 1, 'Released master': 0, 'Packet Errors.Address List': 0, 'Authentication Errors.Failure': 2, 'Priority Zero.Sent': 0});
		expect(Object.keys(stats.instances.VI_1)).toHaveLength(14);
	});

	it('keeps the difference over the window', () => {
		const diff = diffKeepalivedStats(parseKeepalivedStats(output('keepalived/stats-start.txt')), parseKeepalivedStats(output('keepalived/stats-end.txt')));
		expect(diff.instances.VI_1['Advertisements.Sent']).toBe(4);
		expect(diff.instances.VI_1['Became master']).toBe(0);
	});

	it('shows the BACKUP counting the auth failures of the mismatch', () => {
		expect(parseKeepalivedStats(output('keepalived/stats-backup-auth-failures.txt')).instances.VI_1['Authentication Errors.Failure']).toBeGreaterThan(3);
	});
});
