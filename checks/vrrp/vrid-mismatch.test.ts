import check from './vrid-mismatch.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'same VRID', bundle: () => fromConfigs(pairInputs())}, {name: 'another cluster with its own VRID and VIP', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {tcpdump: tcpdumpAdverts('203.0.113.11') + tcpdumpAdverts('203.0.113.99', {vrid: 60, addrs: ['203.0.113.200']})}}}))}],
	invalid: [
		{name: 'recorded vrid-mismatch', bundle: 'vrid-mismatch', findings: [{messageId: 'differs', host: 'lb2'}]},
		{name: 'virtual_router_id 52 on lb2', bundle: () => fromConfigs(pairInputs({lb2: {vrid: 52}})), findings: [{messageId: 'differs', host: 'lb2', message: /uses virtual_router_id 52 but lb1\/VI_1 uses 51/}]},
		{name: 'a foreign router uses our VRID with another VIP', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {tcpdump: tcpdumpAdverts('203.0.113.11') + tcpdumpAdverts('203.0.113.99', {addrs: ['198.51.100.7']})}}})), findings: [{messageId: 'foreign', host: 'lb1', message: /203\.0\.113\.99/}]},
		{name: 'only lb2 collected: the peer advertises our VIP under VRID 52', bundle: () => fromConfigs({lb2: {...pairInputs().lb2, tcpdump: tcpdumpAdverts('203.0.113.11', {vrid: 52})}}), findings: [{messageId: 'peerDiffers', host: 'lb2'}]},
	],
});
