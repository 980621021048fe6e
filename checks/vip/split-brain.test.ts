import check from './split-brain.js';
import {describe, expect, it} from 'vitest';
import {checkTester, evaluateCheck} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

const both = () => pairInputs({hosts: {lb2: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.12/24', '203.0.113.100/24']}}}});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', 'keepalived-stopped', {name: 'the VIP on lb1 only', bundle: () => fromConfigs(pairInputs())}, {name: 'a real server with the VIP on lo is not a holder', bundle: () => fromConfigs({...pairInputs(), web1: {addresses: {lo: ['127.0.0.1/8', '203.0.113.100/32'], eth0: ['203.0.113.21/24']}}})}],
	invalid: [
		{name: 'recorded split-brain-firewall', bundle: 'split-brain-firewall', findings: [{messageId: 'held', message: /lb1 and lb2/}]},
		{name: 'recorded vrrp-blocked', bundle: 'vrrp-blocked', findings: [{messageId: 'held'}]},
		{name: 'recorded auth-mismatch', bundle: 'auth-mismatch', findings: [{messageId: 'held'}]},
		{name: 'recorded vrid-mismatch', bundle: 'vrid-mismatch', findings: [{messageId: 'held'}]},
		{name: 'both directors hold 203.0.113.100', bundle: () => fromConfigs(both()), findings: [{messageId: 'held', message: /203\.0\.113\.100 is held by lb1 and lb2/}]},
	],
	skipped: [{name: 'no VIP anywhere', bundle: () => fromConfigs({web1: {addresses: {eth0: ['203.0.113.21/24']}, haproxy: 'global\n\tmaxconn 10\n\ndefaults\n\tmode http\n\ttimeout client 1s\n\ttimeout server 1s\n\ttimeout connect 1s\n\nfrontend f\n\tbind *:80\n\tdefault_backend b\n\nbackend b\n\tserver s1 203.0.113.31:80 check\n'}}), reason: /no director/}],
});

describe('vip.split-brain log evidence', () => {
	// lb2's log holds an earlier incident (MASTER at 17:08:41, back to BACKUP at 17:08:50) before this one (17:09:03)
	const earlier = [
		'Mon Nov 23 17:08:30 2026: Starting Keepalived v2.2.7 (01/16,2022)',
		'Mon Nov 23 17:08:30 2026: (VI_1) Entering BACKUP STATE (init)',
		'Mon Nov 23 17:08:41 2026: (VI_1) Receive advertisement timeout',
		'Mon Nov 23 17:08:41 2026: (VI_1) Entering MASTER STATE',
		'Mon Nov 23 17:08:41 2026: (VI_1) setting VIPs.',
		'Mon Nov 23 17:08:50 2026: (VI_1) Master received advert from 203.0.113.11 with higher priority 100, ours 90',
		'Mon Nov 23 17:08:50 2026: (VI_1) Entering BACKUP STATE',
		'Mon Nov 23 17:08:50 2026: (VI_1) removing VIPs.',
		'Mon Nov 23 17:09:03 2026: (VI_1) Receive advertisement timeout',
		'Mon Nov 23 17:09:03 2026: (VI_1) Entering MASTER STATE',
		'Mon Nov 23 17:09:03 2026: (VI_1) setting VIPs.',
		'',
	].join('\n');
	const lb1Log = ['Mon Nov 23 17:08:29 2026: Starting Keepalived v2.2.7 (01/16,2022)', 'Mon Nov 23 17:08:29 2026: (VI_1) Entering BACKUP STATE (init)', 'Mon Nov 23 17:08:33 2026: (VI_1) Receive advertisement timeout', 'Mon Nov 23 17:08:33 2026: (VI_1) Entering MASTER STATE', ''].join('\n');
	const logEvidence = (bundle: ReturnType<typeof fromConfigs>) => evaluateCheck(check, bundle).findings[0].evidence.filter(e => e.note && /transition/.test(e.note));

	it('quotes only the last transition and its cause, not an earlier incident', () => {
		const inputs = both();
		inputs.lb1.log = lb1Log;
		inputs.lb2.log = earlier;
		const refs = logEvidence(fromConfigs(inputs));
		const lb2 = refs.find(r => r.host === 'lb2');
		expect(lb2?.excerpt).toBe('Mon Nov 23 17:09:03 2026: (VI_1) Receive advertisement timeout\nMon Nov 23 17:09:03 2026: (VI_1) Entering MASTER STATE');
		expect(lb2?.note).toBe('lb2/VI_1 became MASTER at 2026-11-23 17:09:03 (its last transition)');
		expect(lb2?.evidenceId).toBeTruthy();
		expect(refs.find(r => r.host === 'lb1')?.excerpt).toContain('17:08:33 2026: (VI_1) Entering MASTER STATE');
	});

	it('says so when the last logged state is not MASTER although the host holds the VIP', () => {
		const inputs = both();
		inputs.lb2.log = earlier.split('\n').slice(0, 8).join('\n');
		const lb2 = logEvidence(fromConfigs(inputs)).find(r => r.host === 'lb2');
		expect(lb2?.excerpt).toBe('Mon Nov 23 17:08:50 2026: (VI_1) Master received advert from 203.0.113.11 with higher priority 100, ours 90\nMon Nov 23 17:08:50 2026: (VI_1) Entering BACKUP STATE');
		expect(lb2?.note).toMatch(/last logged transition is BACKUP at 2026-11-23 17:08:50, yet 203\.0\.113\.100 is on lb2/);
	});
});
