import check from './nopreempt-ineffective.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'nopreempt with state BACKUP everywhere', bundle: () => fromConfigs(pairInputs({lb1: {state: 'BACKUP', extra: ['nopreempt']}, lb2: {extra: ['nopreempt']}}))}],
	invalid: [
		{name: 'nopreempt with state MASTER', bundle: () => fromConfigs(pairInputs({lb1: {extra: ['nopreempt']}})), findings: [{messageId: 'master', host: 'lb1'}]},
		{name: 'nopreempt with priority 255', bundle: () => fromConfigs(pairInputs({lb1: {state: 'BACKUP', priority: 255, extra: ['nopreempt']}})), findings: [{messageId: 'owner', host: 'lb1'}]},
	],
});
