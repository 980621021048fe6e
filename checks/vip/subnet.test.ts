import check from './subnet.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'VIP in the subnet', bundle: () => fromConfigs(pairInputs({lb1: {vips: ['203.0.113.100']}}))}, {name: 'explicit prefix and device', bundle: () => fromConfigs(pairInputs({lb1: {vips: ['198.51.100.100/24 dev eth0']}}))}],
	invalid: [{name: 'bare VIP outside eth0\'s subnet', bundle: () => fromConfigs(pairInputs({lb1: {vips: ['198.51.100.100']}})), findings: [{messageId: 'outside', host: 'lb1', message: /198\.51\.100\.100/}]}],
});
