import {describe, expect, it} from 'vitest';
import {lastTransitionLines, parseKeepalivedLog, splitInstance, splitLogLine} from '../../src/parse/keepalived-log.js';
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
			// the priority change of 09:04:30 does not explain a FAULT; the interface does
			['FAULT', 'interface eth0 down'],
			['FAULT', undefined],
			['STOP', 'keepalived stopping (priority 0 sent)'],
		]);
	});
});

describe('parseKeepalivedLog: a tracked script and a sync group (recorded: keepalived 2.2.7)', () => {
	// fixtures/outputs/keepalived/record-script-fault.sh: chk_ok (weight 0) tracked by VI_1, sync group G1 = VI_1 + VI_2, VI_3 alone
	const log = parseKeepalivedLog(output('keepalived/log-console-script-fault.txt'));
	const of = (instance: string) => log.transitions.filter(t => t.instance === instance).map(t => [t.state, t.reason]);

	it('gives a FAULT caused by a failed check script that reason, and the group member the group\'s', () => {
		expect(of('VI_1')).toEqual([
			['BACKUP', 'script chk_ok succeeded'],
			['MASTER', 'advert-timeout; sync group G1'],
			['FAULT', 'script chk_ok failed (exit status 1)'],
			['BACKUP', 'script chk_ok succeeded'],
			['MASTER', 'advert-timeout; sync group G1'],
			['STOP', 'keepalived stopping (priority 0 sent)'],
		]);
		expect(of('VI_2')).toEqual([
			['BACKUP', 'sync group G1 (script chk_ok succeeded)'],
			['MASTER', 'advert-timeout'],
			['FAULT', 'sync group G1 (script chk_ok failed (exit status 1))'],
			['BACKUP', 'sync group G1 (script chk_ok succeeded)'],
			['MASTER', 'advert-timeout'],
			['STOP', 'keepalived stopping (priority 0 sent)'],
		]);
	});

	it('does not lend the script to an instance that did not move, nor read the FAULT\'s priority 0 as a stop', () => {
		expect(of('VI_3').map(([state, reason]) => `${state} ${reason}`)).toEqual(['BACKUP init', 'MASTER advert-timeout', 'STOP keepalived stopping (priority 0 sent)']);
		expect(log.events.filter(e => e.kind === 'sync-group').map(e => e.data?.state)).toEqual(['BACKUP', 'MASTER', 'FAULT', 'BACKUP', 'MASTER']);
	});

	it('quotes the script line with the FAULT it caused (lastTransitionLines)', () => {
		const logOf = (lines: string[]) => ({lines, transitions: parseKeepalivedLog(lines.join('\n')).transitions});
		const untilFault = log.lines.slice(0, log.lines.findIndex(l => l.includes('(VI_2) removing VIPs.') && l.includes(':07:54')) + 1);
		expect(untilFault.length).toBeGreaterThan(0);
		const vi1 = lastTransitionLines(logOf(untilFault), 'VI_1');
		expect(vi1?.lines.map(l => l.slice(26))).toEqual(['VRRP_Script(chk_ok) failed (exited with status 1)', '(VI_1) Entering FAULT STATE']);
		expect(vi1?.reason).toBe('script chk_ok failed (exit status 1)');
		const vi2 = lastTransitionLines(logOf(untilFault), 'VI_2');
		expect(vi2?.lines.map(l => l.slice(26))).toEqual(['VRRP_Script(chk_ok) failed (exited with status 1)', 'VRRP_Group(G1) Syncing instances to FAULT state', '(VI_2) Entering FAULT STATE']);
	});
});

describe('parseKeepalivedLog: global causes stay with their burst', () => {
	const at = (second: number, message: string) => `Thu Jan  1 00:00:${String(second).padStart(2, '0')} 2025: ${message}`;

	it('a FAULT long after a script failed is not put on the script', () => {
		const log = parseKeepalivedLog([at(1, 'VRRP_Script(chk_a) failed (exited with status 2)'), at(1, '(VI_1) Changing effective priority from 100 to 80'), at(40, '(VI_2) Entering FAULT STATE')].join('\n'));
		expect(log.transitions).toMatchObject([{instance: 'VI_2', state: 'FAULT'}]);
		expect(log.transitions[0].reason).toBeUndefined();
	});

	it('without times, the next unrelated event ends the burst', () => {
		const log = parseKeepalivedLog(['VRRP_Script(chk_a) timed_out', '(VI_1) Entering FAULT STATE', '(VI_2) Receive advertisement timeout', '(VI_3) Entering FAULT STATE'].join('\n'));
		expect(log.transitions.map(t => [t.instance, t.reason])).toEqual([
			['VI_1', 'script chk_a timed out'],
			['VI_3', undefined],
		]);
	});

	it('an instance\'s own cause does not explain its FAULT', () => {
		const log = parseKeepalivedLog([at(1, '(VI_1) Receive advertisement timeout'), at(5, '(VI_1) Entering FAULT STATE')].join('\n'));
		expect(log.transitions[0].reason).toBeUndefined();
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
