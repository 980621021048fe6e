import check from './not-held.js';
import {describe, expect, it} from 'vitest';
import type {Bundle} from '../../src/collect/types.js';
import {checkTester, evaluateCheck, loadBundle} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', 'haproxy-stopped', {name: 'lb1 holds the VIP', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'recorded keepalived-stopped-both', bundle: 'keepalived-stopped-both', findings: [{messageId: 'notHeld'}]},
		{name: 'nobody holds 203.0.113.100', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24']}}}})), findings: [{messageId: 'notHeld', message: /no director holds 203\.0\.113\.100/}]},
	],
	skipped: [
		{name: 'only the BACKUP collected: the MASTER advertises the VIP', bundle: () => fromConfigs({lb2: pairInputs().lb2}), reason: /203\.0\.113\.11 \(not collected\) advertises it as MASTER/},{name: 'a director could not be reached', bundle: () => fromConfigs({lb1: {...pairInputs().lb1, addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24']}}, lb2: {unreachable: 'ssh: connect to host lb2 port 22: Connection timed out'}}), reason: /cannot tell whether 203\.0\.113\.100 is held/}],
});

describe('vip.not-held evidence and fix', () => {
	const nobody = {lb1: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24']}}};
	const at = (time: string, message: string) => `Mon Nov 23 ${time} 2026: ${message}`;
	// lb1 faulted through its check script at 17:00, recovered at 17:01, faulted again at 17:30 (this incident)
	const lb1Log = [
		at('16:59:00', 'Starting Keepalived v2.2.7 (01/16,2022)'),
		at('16:59:00', '(VI_1) Entering BACKUP STATE (init)'),
		at('16:59:03', '(VI_1) Receive advertisement timeout'),
		at('16:59:03', '(VI_1) Entering MASTER STATE'),
		at('17:00:00', 'VRRP_Script(chk_haproxy) failed (exited with status 1)'),
		at('17:00:00', '(VI_1) Entering FAULT STATE'),
		at('17:00:00', '(VI_1) removing VIPs.'),
		at('17:01:00', 'VRRP_Script(chk_haproxy) succeeded'),
		at('17:01:00', '(VI_1) Entering BACKUP STATE'),
		at('17:01:03', '(VI_1) Receive advertisement timeout'),
		at('17:01:03', '(VI_1) Entering MASTER STATE'),
		at('17:30:00', 'VRRP_Script(chk_haproxy) failed (exited with status 1)'),
		at('17:30:00', '(VI_1) Entering FAULT STATE'),
		at('17:30:00', '(VI_1) sent 0 priority'),
		at('17:30:00', '(VI_1) removing VIPs.'),
		'',
	].join('\n');
	const finding = (bundle: Bundle) => evaluateCheck(check, bundle).findings[0];

	it('quotes the last transition with the script that caused it, not the earlier incident', () => {
		const {evidence} = finding(fromConfigs(pairInputs({hosts: {lb1: {...nobody.lb1, log: lb1Log}}})));
		const lb1 = evidence.find(e => e.host === 'lb1' && e.note?.includes('VI_1'));
		expect(lb1?.excerpt).toBe(`${at('17:30:00', 'VRRP_Script(chk_haproxy) failed (exited with status 1)')}\n${at('17:30:00', '(VI_1) Entering FAULT STATE')}`);
		expect(lb1?.note).toBe('lb1/VI_1: last VRRP state FAULT at 2026-11-23 17:30:00 (script chk_haproxy failed (exit status 1))');
		expect(lb1?.evidenceId).toBeTruthy();
	});

	it('reads the log where it was found: the file, journald, or journald on a systemd host without one', () => {
		const withLog = fromConfigs(pairInputs({hosts: {lb1: {...nobody.lb1, log: lb1Log}}}));
		expect(finding(withLog).fix.find(f => f.host === 'lb1')?.commands).toEqual([['ip', '-br', 'addr'], ['tail', '-n', '50', '/var/log/keepalived.log']]);
		const journald = structuredClone(withLog);
		const fact = journald.hosts[0].facts['keepalived.log'];
		if (fact?.status === 'ok') fact.value.source = 'journald (keepalived.service)';
		expect(finding(journald).fix.find(f => f.host === 'lb1')?.commands?.[1]).toEqual(['journalctl', '-u', 'keepalived', '-n', '50', '--no-pager']);
		expect(finding(withLog).fix.find(f => f.host === 'lb2')?.commands?.[1]).toEqual(['journalctl', '-u', 'keepalived', '-n', '50', '--no-pager']);
	});

	it('no init system, log named by /etc/default/keepalived (recorded lab): tail of that file, keepalived stopped', () => {
		const bundle = loadBundle('keepalived-stopped-both')!;
		const {fix} = finding(bundle);
		expect(fix.map(f => f.host).sort()).toEqual(['lb1', 'lb2']);
		for (const f of fix) {
			const facts = bundle.hosts.find(h => h.name === f.host)!.facts;
			const defaults = facts['service.defaults']?.status === 'ok' ? facts['service.defaults'].value.files.find(d => d.name === 'keepalived') : undefined;
			const logFile = defaults?.vars.LBWIZ_KEEPALIVED_LOG;
			expect(logFile).toMatch(new RegExp(`${f.host}/keepalived\\.log$`));
			expect(facts['keepalived.log']?.status === 'ok' && facts['keepalived.log'].value.source).toBe(`${logFile} (LBWIZ_KEEPALIVED_LOG in /etc/default/keepalived)`);
			expect(f.commands).toEqual([['ip', '-br', 'addr'], ['tail', '-n', '50', logFile]]);
			expect(f.description).toMatch(/its state and recent log$/);
		}
	});

	it('no init system and no log found (recorded lab, its log left out): no journalctl, the description says where lbwiz looked', () => {
		const recorded = loadBundle('keepalived-stopped-both')!;
		const looked = '/var/log/keepalived.log, /var/log/syslog, /var/log/messages';
		const bundle: Bundle = {
			...recorded,
			hosts: recorded.hosts.map(h => (h.name.startsWith('lb') ? {...h, facts: {...h.facts, 'keepalived.log': {status: 'unavailable', reason: `no keepalived log found on ${h.name} (looked at: ${looked})`, evidence: []}}} : h)),
		};
		const {fix} = finding(bundle);
		expect(fix.map(f => f.host).sort()).toEqual(['lb1', 'lb2']);
		for (const f of fix) {
			expect(f.commands).toEqual([['ip', '-br', 'addr']]);
			expect(f.description).toBe(`see why keepalived on ${f.host} does not take 203.0.113.100: its state; no keepalived log found on ${f.host} (looked at: ${looked})`);
		}
	});
});
