import check from './syntax.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const typo = () => pairInputs({lb2: {priority: null, extra: ['priorty 90']}, hosts: {lb2: {log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\nThu Jan  1 00:00:01 2025: (Line 12) Unknown keyword \'priorty\'\n'}}});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'clean configs', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'recorded config-typo', bundle: 'config-typo', findings: [{host: 'lb2', severity: 'critical', message: /priorty/}]},
		{name: "'priorty 90' (the lab's typo)", bundle: () => fromConfigs(typo()), findings: [{messageId: 'lint', host: 'lb2', severity: 'critical', message: /priorty.*did you mean 'priority'/}]},
		{name: "seed 000's missing space before the address", bundle: () => fromConfigs({lb1: {...pairInputs().lb1, keepalived: keepalivedConf({routerId: 'lb1', virtualServers: 'virtual_server192.168.10.30 80 {\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n    real_server 192.168.10.21 80 {\n        weight 1\n    }\n}'})}}), findings: [{messageId: 'lint', host: 'lb1', severity: 'critical', message: /virtual_server192.*did you mean 'virtual_server 192\.168\.10\.30'/}]},
	],
});
