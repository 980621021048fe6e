import check from './auth-pass-truncated.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: '8 characters', bundle: () => fromConfigs(pairInputs())}, {name: 'VRRPv3 ignores it', bundle: () => fromConfigs(pairInputs({lb1: {authPass: 'much-too-long', extra: ['version 3']}}))}],
	invalid: [
		{name: '13 characters', bundle: () => fromConfigs(pairInputs({lb1: {authPass: 'much-too-long'}})), findings: [{messageId: 'truncated', host: 'lb1', message: /13 characters/}]},
		{name: 'secret-01 / secret-02 agree on the wire', bundle: () => fromConfigs(pairInputs({lb1: {authPass: 'secret-01'}, lb2: {authPass: 'secret-02'}})), findings: [{messageId: 'truncated', host: 'lb1', message: /lb2 has a different password with the same first 8/}, {messageId: 'truncated', host: 'lb2'}]},
	],
});
