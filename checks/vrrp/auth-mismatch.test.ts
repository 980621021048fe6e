import check from './auth-mismatch.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: [
		'healthy-keepalived-haproxy',
		{name: 'same password on both directors', bundle: () => fromConfigs(pairInputs())},
		{name: 'passwords differing after the 8th character agree on the wire', bundle: () => fromConfigs(pairInputs({lb1: {authPass: 'secret-01'}, lb2: {authPass: 'secret-02'}}))},
		{name: 'VRRPv3 ignores authentication', bundle: () => fromConfigs(pairInputs({lb1: {extra: ['version 3']}, lb2: {authPass: 'other', extra: ['version 3']}}))},
		{
			name: 'a stopped keepalived\'s log of an earlier auth failure is history, not a current mismatch',
			bundle: () => fromConfigs({lb2: {...pairInputs().lb2, systemctl: {keepalived: 'inactive'}, log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\nThu Jan  1 00:00:05 2025: (VI_1) received an invalid passwd!\nThu Jan  1 00:00:09 2025: Stopped Keepalived v2.2.7 (01/16,2022)\n'}}),
		},
		{name: 'no authentication anywhere', bundle: () => fromConfigs(pairInputs({lb1: {authPass: null}, lb2: {authPass: null}, hosts: {lb2: {tcpdump: tcpdumpAdverts('203.0.113.11', {pass: null})}}}))},
	],
	invalid: [
		{name: 'recorded auth-mismatch', bundle: 'auth-mismatch', findings: [{messageId: 'passDiffers', host: 'lb2'}]},
		{name: 'different auth_pass', bundle: () => fromConfigs(pairInputs({lb2: {authPass: 'wrong'}})), findings: [{messageId: 'passDiffers', host: 'lb2', severity: 'critical'}]},
		{name: 'PASS on one side only', bundle: () => fromConfigs(pairInputs({lb2: {authPass: null}})), findings: [{messageId: 'typeDiffers', host: 'lb2', message: /none.*PASS/}]},
		{name: 'vrrp_strict on one side drops authentication', bundle: () => fromConfigs(pairInputs({lb2: {globals: ['vrrp_strict']}})), findings: [{messageId: 'typeDiffers', host: 'lb2', message: /vrrp_strict/}]},
		{
			name: 'only this director collected: a peer advertises another password',
			bundle: () => fromConfigs({lb2: {...pairInputs().lb2, tcpdump: tcpdumpAdverts('203.0.113.11', {pass: 'other'})}}),
			findings: [{messageId: 'advertDiffers', host: 'lb2', message: /203\.0\.113\.11/}],
		},
		{
			name: 'only the log shows it',
			bundle: () => fromConfigs({lb2: {...pairInputs().lb2, log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\nThu Jan  1 00:00:05 2025: (VI_1) received an invalid passwd!\n'}}),
			findings: [{messageId: 'logOnly', host: 'lb2'}],
		},
	],
});
