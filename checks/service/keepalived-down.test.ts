import check from './keepalived-down.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'keepalived active on both', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'recorded keepalived-stopped (lb1)', bundle: 'keepalived-stopped', findings: [{messageId: 'down', host: 'lb1'}]},
		{name: 'recorded keepalived-stopped-both', bundle: 'keepalived-stopped-both', findings: [{messageId: 'down', host: 'lb1', severity: 'critical'}, {messageId: 'down', host: 'lb2', severity: 'critical'}]},
		{name: 'stopped on the BACKUP: redundancy lost', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {systemctl: {keepalived: 'inactive'}}}})), findings: [{messageId: 'down', host: 'lb2', severity: 'warning', message: /no failover left/}]},
		{name: 'stopped on both', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {systemctl: {keepalived: 'failed'}, addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24']}}, lb2: {systemctl: {keepalived: 'inactive'}}}})), findings: [{messageId: 'down', host: 'lb1', severity: 'critical'}, {messageId: 'down', host: 'lb2', severity: 'critical'}]},
	],
	skipped: [{name: 'neither service state nor processes collected', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {systemctl: undefined}}})), reason: /cannot tell whether keepalived runs/}],
});
