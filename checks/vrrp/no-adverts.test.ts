import check from './no-adverts.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', 'vrrp-blocked', {name: 'lb2 hears lb1', bundle: () => fromConfigs(pairInputs())}, {name: 'capture shorter than 3 adverts', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {tcpdump: '', captureSeconds: 2}}}))}],
	invalid: [
		{name: "lb2 captured nothing from lb1 although lb1's adverts leave it", bundle: () => fromConfigs(pairInputs({hosts: {lb2: {tcpdump: ''}}})), findings: [{messageId: 'missing', host: 'lb2', message: /although lb1's own capture shows 4 advert/}]},
	],
});
