import check from './foreign-vrid.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'only our adverts', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'another cluster with VRID 60', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {tcpdump: tcpdumpAdverts('203.0.113.11') + tcpdumpAdverts('203.0.113.99', {vrid: 60, addrs: ['203.0.113.200']})}}})), findings: [{messageId: 'other', severity: 'info', message: /VRID 60/}]},
		{name: 'a foreign router advertises our VIP', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {tcpdump: tcpdumpAdverts('203.0.113.11') + tcpdumpAdverts('203.0.113.99', {vrid: 61})}}})), findings: [{messageId: 'ourVip', severity: 'warning'}]},
	],
});
