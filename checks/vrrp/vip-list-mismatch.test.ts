import check from './vip-list-mismatch.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

const twoVips = ['203.0.113.100/24 dev eth0', '203.0.113.101/24 dev eth0'];

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'same VIPs', bundle: () => fromConfigs(pairInputs())}, {name: 'same VIPs in another order', bundle: () => fromConfigs(pairInputs({lb1: {vips: twoVips}, lb2: {vips: [...twoVips].reverse()}, hosts: {lb2: {tcpdump: tcpdumpAdverts('203.0.113.11', {addrs: ['203.0.113.100', '203.0.113.101']})}}}))}],
	invalid: [
		{name: 'keepalived 2.2.7 drops adverts with another VIP list', bundle: () => fromConfigs(pairInputs({lb1: {vips: twoVips}})), findings: [{messageId: 'differs', host: 'lb2', severity: 'critical', message: /2\.2\.7 \(≤ 2\.3\.2\) drops/}]},
		{
			name: 'keepalived 2.3.3 only logs it',
			bundle: () => fromConfigs(pairInputs({lb1: {vips: twoVips}, hosts: {lb1: {keepalivedVersion: 'Keepalived v2.3.3 (03/30,2025)'}, lb2: {keepalivedVersion: 'Keepalived v2.3.3 (03/30,2025)'}}})),
			findings: [{messageId: 'differs', host: 'lb2', severity: 'warning', message: /≥ 2\.3\.3/}],
		},
		{name: 'version unknown', bundle: () => fromConfigs(pairInputs({lb1: {vips: twoVips}, hosts: {lb1: {keepalivedVersion: undefined}, lb2: {keepalivedVersion: undefined}}})), findings: [{messageId: 'differs', message: /version unknown/}]},
	],
});
