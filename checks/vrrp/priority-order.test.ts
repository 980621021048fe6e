import check from './priority-order.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'MASTER 100, BACKUP 90', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'recorded priority-inversion', bundle: 'priority-inversion', findings: [{messageId: 'inverted', host: 'lb2'}]},
		{name: 'recorded config-typo (lb2 falls back to priority 100)', bundle: 'config-typo', findings: [{messageId: 'inverted', host: 'lb2'}]},
		{name: 'BACKUP above MASTER', bundle: () => fromConfigs(pairInputs({lb2: {priority: 110}})), findings: [{messageId: 'inverted', host: 'lb2', message: /lb2 wins the election/}]},
		{name: 'typo leaves the default priority 100', bundle: () => fromConfigs(pairInputs({lb2: {priority: null, extra: ['priorty 90']}})), findings: [{messageId: 'inverted', host: 'lb2', message: /higher IP address/}]},
		{name: 'two BACKUPs with equal priorities', bundle: () => fromConfigs(pairInputs({lb1: {state: 'BACKUP', priority: 90}})), findings: [{messageId: 'equal', host: 'lb2'}]},
	],
});
