import check from './strict-no-accept.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'no vrrp_strict', bundle: () => fromConfigs(pairInputs())}, {name: 'strict with accept', bundle: () => fromConfigs(pairInputs({lb1: {globals: ['vrrp_strict'], extra: ['accept']}}))}, {name: 'address owner (priority 255)', bundle: () => fromConfigs(pairInputs({lb1: {globals: ['vrrp_strict'], priority: 255}}))}],
	invalid: [
		{name: 'recorded vrrp-strict', bundle: 'vrrp-strict', findings: [{messageId: 'dropping', host: 'lb1', severity: 'critical'}, {messageId: 'dropping', host: 'lb2', severity: 'warning'}]},
		{name: 'strict on the holder', bundle: () => fromConfigs(pairInputs({lb1: {globals: ['vrrp_strict']}})), findings: [{messageId: 'dropping', host: 'lb1', severity: 'warning', message: /while it holds them/}]},
		{name: 'strict on the holder, probes to the VIP time out', bundle: () => fromConfigs(pairInputs({lb1: {globals: ['vrrp_strict']}, hosts: {lb1: {probes: [{url: 'http://203.0.113.100/', target: 'vip', stdout: toolOutput('curl/timeout.stdout.txt'), stderr: toolOutput('curl/timeout.stderr.txt'), exitCode: 28}]}}})), findings: [{messageId: 'dropping', host: 'lb1', severity: 'critical'}]},
		{name: 'no_accept on the backup', bundle: () => fromConfigs(pairInputs({lb2: {extra: ['no_accept']}})), findings: [{messageId: 'dropping', host: 'lb2', message: /whenever it becomes MASTER/}]},
	],
});
