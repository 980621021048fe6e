import check from './unexpected-holder.js';
import {describe, expect, it} from 'vitest';
import {checkTester, evaluateCheck} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

const onLb2 = {lb1: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24']}}, lb2: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.12/24', '203.0.113.100/24']}}};
const log = (lines: string[]) => ['Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)', ...lines.map((l, i) => `Thu Jan  1 00:00:0${i + 2} 2025: ${l}`)].join('\n') + '\n';

checkTester.run(check, {
	valid: [
		'healthy-keepalived-haproxy',
		'haproxy-stopped',
		{name: 'VIP on the MASTER', bundle: () => fromConfigs(pairInputs())},
		{name: 'VIP on lb2 while lb1 is stopped', bundle: () => fromConfigs(pairInputs({hosts: {...onLb2, lb1: {...onLb2.lb1, systemctl: {keepalived: 'inactive'}}}}))},
		{
			name: 'VIP on lb2 because lb1\'s tracked check failed (effective priority 80 < 90)',
			bundle: () => fromConfigs(pairInputs({hosts: {...onLb2, lb1: {...onLb2.lb1, log: log(['(VI_1) Changing effective priority from 100 to 80', '(VI_1) Entering BACKUP STATE'])}}})),
		},
	],
	invalid: [
		{name: 'recorded priority-inversion', bundle: 'priority-inversion', findings: [{messageId: 'backupHolds', host: 'lb2'}]},
		{name: 'BACKUP with the higher priority holds it', bundle: () => fromConfigs(pairInputs({lb1: {priority: 90}, lb2: {priority: 100}, hosts: onLb2})), findings: [{messageId: 'backupHolds', host: 'lb2'}]},
		{name: 'a running higher-priority director does not preempt', bundle: () => fromConfigs(pairInputs({lb1: {state: 'BACKUP'}, hosts: onLb2})), findings: [{messageId: 'outranked', host: 'lb2', message: /lb1 runs with a higher priority \(100\)/}]},
	],
});

describe('vip.unexpected-holder election evidence', () => {
	const at = (time: string, message: string) => `Mon Nov 23 ${time} 2026: ${message}`;
	const lb1Log = [
		at('16:59:00', 'Starting Keepalived v2.2.7 (01/16,2022)'),
		at('16:59:00', '(VI_1) Entering BACKUP STATE (init)'),
		at('16:59:03', '(VI_1) Receive advertisement timeout'),
		at('16:59:03', '(VI_1) Entering MASTER STATE'),
		at('17:10:00', '(VI_1) Master received advert from 203.0.113.12 with higher priority 120, ours 100'),
		at('17:10:00', '(VI_1) Entering BACKUP STATE'),
		at('17:10:01', '(VI_1) received lower priority (90) advert from 203.0.113.12 - discarding'),
		at('17:10:02', '(VI_1) received lower priority (90) advert from 203.0.113.12 - discarding'),
		'',
	].join('\n');

	it('quotes the last transition of the director that should win and what it did since, not its first election', () => {
		const bundle = fromConfigs(pairInputs({lb1: {state: 'BACKUP'}, hosts: {...onLb2, lb1: {...onLb2.lb1, log: lb1Log}}}));
		const refs = evaluateCheck(check, bundle).findings[0].evidence.filter(e => e.host === 'lb1');
		expect(refs.map(r => [r.excerpt, r.note])).toEqual([
			[`${at('17:10:00', '(VI_1) Master received advert from 203.0.113.12 with higher priority 120, ours 100')}\n${at('17:10:00', '(VI_1) Entering BACKUP STATE')}`, 'lb1/VI_1: last transition BACKUP at 2026-11-23 17:10:00 (higher-priority-advert)'],
			[at('17:10:02', '(VI_1) received lower priority (90) advert from 203.0.113.12 - discarding'), 'lb1/VI_1: its latest election line since then'],
		]);
		expect(refs.every(r => r.evidenceId)).toBe(true);
	});
});
