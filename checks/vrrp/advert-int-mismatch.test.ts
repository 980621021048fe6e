import check from './advert-int-mismatch.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'same advert_int', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'advert_int 2 on lb2 (VRRPv2 drops adverts)', bundle: () => fromConfigs(pairInputs({lb2: {advertInt: 2}})), findings: [{messageId: 'differs', host: 'lb2', severity: 'critical'}]},
		{name: 'VRRPv3 only warns', bundle: () => fromConfigs(pairInputs({lb1: {extra: ['version 3']}, lb2: {advertInt: 2, extra: ['version 3']}, hosts: {lb2: {tcpdump: ''}}})), findings: [{messageId: 'differs', host: 'lb2', severity: 'warning'}]},
		{name: 'only lb2 collected: adverts every 2 s', bundle: () => fromConfigs({lb2: {...pairInputs().lb2, tcpdump: tcpdumpAdverts('203.0.113.11', {intervalS: 2})}}), findings: [{messageId: 'advertDiffers', host: 'lb2'}]},
	],
});
