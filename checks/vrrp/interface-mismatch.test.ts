import check from './interface-mismatch.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'both on eth0', bundle: () => fromConfigs(pairInputs())}, {name: 'different names, same subnet', bundle: () => fromConfigs(pairInputs({lb2: {interface: 'ens3', vips: ['203.0.113.100/24 dev ens3']}, hosts: {lb2: {addresses: {lo: ['127.0.0.1/8'], ens3: ['203.0.113.12/24']}}}}))}],
	invalid: [
		{name: 'ens33 copied from another host', bundle: () => fromConfigs(pairInputs({lb2: {interface: 'ens33'}})), findings: [{messageId: 'missing', host: 'lb2', message: /ens33, which does not exist on lb2 \(interfaces: eth0\)/}]},
		{name: 'interface on another subnet', bundle: () => fromConfigs(pairInputs({lb2: {interface: 'eth1'}, hosts: {lb2: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.12/24'], eth1: ['198.51.100.12/24']}}}})), findings: [{messageId: 'subnet', host: 'lb2'}]},
		{name: 'addresses not collected, names differ', bundle: () => fromConfigs(pairInputs({lb2: {interface: 'ens3'}, hosts: {lb1: {addresses: undefined}, lb2: {addresses: undefined}}})), findings: [{messageId: 'namesDiffer', host: 'lb2', severity: 'info'}]},
	],
});
