import check from './version-mismatch.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'both VRRPv2', bundle: () => fromConfigs(pairInputs())}, {name: 'both VRRPv3 (global vrrp_version)', bundle: () => fromConfigs(pairInputs({lb1: {globals: ['vrrp_version 3']}, lb2: {globals: ['vrrp_version 3']}, hosts: {lb2: {tcpdump: ''}}}))}],
	invalid: [{name: 'version 3 on lb2 only', bundle: () => fromConfigs(pairInputs({lb2: {extra: ['version 3']}})), findings: [{messageId: 'differs', host: 'lb2', message: /VRRPv3 but lb1\/VI_1 speaks VRRPv2/}]}],
});
