import check from './port-mismatch.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const vs = (kind: string, port: number) => ['virtual_server 203.0.113.100 80 {', '    lb_algo rr', `    lb_kind ${kind}`, '    protocol TCP', `    real_server 203.0.113.21 ${port} {`, '        weight 1', '    }', '}'].join('\n');

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'DR on the same port', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs('DR', 80)}}))}, {name: 'NAT may remap ports', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs('NAT', 8080)}}))}],
	invalid: [{name: 'DR 80 → 8080', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs('DR', 8080)}})), findings: [{messageId: 'differs', host: 'lb1', message: /203\.0\.113\.21:8080/}]}],
});
