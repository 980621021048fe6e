import check from './router-id-duplicate.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'lb1 and lb2', bundle: () => fromConfigs(pairInputs())}],
	invalid: [{name: 'LVS_DEVEL on both (the upstream sample)', bundle: () => fromConfigs(pairInputs({lb1: {routerId: 'LVS_DEVEL'}, lb2: {routerId: 'LVS_DEVEL'}})), findings: [{messageId: 'duplicate', host: 'lb2', message: /LVS_DEVEL/}]}],
});
