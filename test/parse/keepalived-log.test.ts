import {describe, expect, it} from 'vitest';
import {parseKeepalivedLog, splitInstance, splitLogLine} from '../../src/parse/keepalived-log.js';
import {output} from './fixtures.js';

describe('parseKeepalivedLog: console -l -D (recorded: keepalived 2.2.7)', () => {
	const master = parseKeepalivedLog(output('keepalived/log-console-master.txt'));
	const backup = parseKeepalivedLog(output('keepalived/log-console-backup.txt'));

	it('extracts the state timeline with the reason for each move', () => {
		expect(master.transitions.filter(t => t.instance === 'VI_1').map(t => [t.state, t.reason])).toEqual([
			['BACKUP', 'init'],
			['MASTER', 'advert-timeout'],
			['STOP', 'keepalived stopping (priority 0 sent)'],
		]);
		expect(master.transitions[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
	});

	it('finds the password mismatch on both sides of the split brain', () => {
		expect(backup.events.filter(e => e.kind === 'invalid-passwd').length).toBeGreaterThan(3);
		expect(master.events.some(e => e.kind === 'invalid-passwd' && e.instance === 'VI_1')).toBe(true);
		expect(backup.transitions.map(t => t.state)).toEqual(['BACKUP', 'MASTER', 'STOP']);
	});

	it('records -D detail: VIPs set/removed, gratuitous ARPs, daemon start/stop', () => {
		const kinds = new Set(master.events.map(e => e.kind));
		for (const kind of ['daemon-start', 'daemon-stop', 'vips-set', 'vips-removed', 'garp', 'advert-timeout', 'priority-zero-sent', 'script-user-missing']) expect(kinds).toContain(kind);
		expect(master.events.find(e => e.kind === 'garp')?.data).toEqual({interface: 'ka0', address: '203.0.113.103'});
		expect(master.events.find(e => e.kind === 'daemon-start')?.data).toEqual({version: '2.2.7'});
	});
});

describe('parseKeepalivedLog: journald short-iso, ≥ 2.3.3 strings (documented format)', () => {
	const log = parseKeepalivedLog(output('keepalived/log-journald-short-iso.documented-format.txt'));

	it('keeps only keepalived lines and converts times to UTC', () => {
		expect(log.lines.some(l => l.includes('sshd'))).toBe(false);
		expect(log.lines.some(l => l.includes('systemd[1]'))).toBe(false);
		expect(log.transitions[0]).toMatchObject({time: '2026-11-23T09:00:01.000Z', instance: 'VI_1', state: 'BACKUP', reason: 'init'});
	});

	it('reads the ` from <ip>` suffix and the event data', () => {
		expect(log.events.find(e => e.kind === 'invalid-passwd')).toMatchObject({instance: 'VI_1', from: '203.0.113.11'});
		expect(log.events.find(e => e.kind === 'higher-priority-advert')).toMatchObject({from: '203.0.113.11', data: {from: '203.0.113.11', priority: 100, ours: 90}});
		expect(log.events.find(e => e.kind === 'vip-missing-in-advert')?.data).toEqual({vrid: 51, from: '203.0.113.11', address: '203.0.113.101'});
		expect(log.events.find(e => e.kind === 'advert-interval-mismatch')?.data).toEqual({from: '203.0.113.11', ours: 1, received: 2});
		expect(log.events.find(e => e.kind === 'script-failed')?.data).toEqual({script: 'chk_haproxy', status: 1});
		expect(log.events.find(e => e.kind === 'priority-change')?.data).toEqual({from: 90, to: 70});
	});

	it('gives the cause of each transition', () => {
		expect(log.transitions.map(t => [t.state, t.reason])).toEqual([
			['BACKUP', 'init'],
			['MASTER', 'advert-timeout'],
			['BACKUP', 'higher-priority-advert'],
			['FAULT', 'interface eth0 down; priority-change'],
			['FAULT', undefined],
			['STOP', 'keepalived stopping (priority 0 sent)'],
		]);
	});
});

describe('parseKeepalivedLog: 1.x syslog and RFC 3339 syslog (documented format)', () => {
	it('reads 1.x instance names and messages', () => {
		const log = parseKeepalivedLog(output('keepalived/log-syslog-1x.documented-format.txt'), {year: 2026});
		expect(log.transitions.map(t => [t.time, t.state])).toEqual([
			['2026-03-03T07:15:20', 'MASTER'],
			['2026-03-03T07:15:21', 'MASTER'],
		]);
		const kinds = log.events.map(e => e.kind);
		expect(kinds).toEqual(['bogus-packet', 'ignoring-advert', 'lower-priority-advert', 'invalid-passwd', 'vip-missing-in-advert', 'vip-missing-in-advert', 'checker-failed', 'checker-failed', 'real-server-removed']);
		expect(log.events[1].instance).toBe('VI_1');
		expect(log.lines.some(l => l.includes('kernel:'))).toBe(false);
	});

	it('reads auth type, version, TTL, unknown VRID, equal priority, script security, netlink, truncation', () => {
		const log = parseKeepalivedLog(output('keepalived/log-rsyslog-rfc3339.documented-format.txt'));
		expect(log.events.map(e => e.kind)).toEqual(['auth-type-mismatch', 'wrong-version', 'invalid-ttl', 'unknown-vrid', 'equal-priority-higher-ip', 'script-security', 'netlink-error', 'auth-pass-truncated', 'lower-priority-advert']);
		expect(log.events[0]).toMatchObject({time: '2026-11-23T09:00:00.123Z', from: '203.0.113.12', data: {received: 1, expected: 0}});
		expect(log.events[3].data).toEqual({vrid: 52, interface: 'eth0'});
		expect(log.events[7].data).toEqual({line: 8, length: 8});
	});

	it('reads keepalived -t output (recorded) as config errors with file and line', () => {
		const log = parseKeepalivedLog(output('keepalived/config-test-errors.txt'));
		const unknown = log.events.find(e => e.kind === 'config-error');
		expect(unknown?.data).toEqual({file: '/tmp/lbwc-rec/bad.conf', line: 6, problem: "Unknown keyword 'authentcation'"});
		expect(log.events.filter(e => e.kind === 'no-vip')).toHaveLength(2);
	});
});

describe('line splitting', () => {
	it('splits the prefixes', () => {
		expect(splitLogLine('Nov  3 07:15:20 lb1 Keepalived_vrrp[1]: x', {year: 2025})).toMatchObject({time: '2025-11-03T07:15:20', host: 'lb1', ident: 'Keepalived_vrrp', pid: 1, message: 'x'});
		expect(splitLogLine('2026-01-01T00:00:00+00:00 h Keepalived[2]: y').time).toBe('2026-01-01T00:00:00.000Z');
		expect(splitLogLine('no prefix here')).toEqual({message: 'no prefix here', raw: 'no prefix here'});
		expect(splitInstance('VRRP_Instance(VI_9) Entering MASTER STATE')).toEqual({instance: 'VI_9', text: 'Entering MASTER STATE'});
		expect(splitInstance('(VI_1): entering FAULT state')).toEqual({instance: 'VI_1', text: 'entering FAULT state'});
	});
});
