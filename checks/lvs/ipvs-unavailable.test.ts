import check from './ipvs-unavailable.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const vs = ['virtual_server 203.0.113.100 80 {', '    lb_algo rr', '    lb_kind DR', '    protocol TCP', '    real_server 203.0.113.21 80 {', '        weight 1', '    }', '}'].join('\n');

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'IPVS available', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs}, hosts: {lb1: {ipvsadm: toolOutput('ipvsadm/list-dr-nat.documented-format.txt')}}}))}, {name: 'no virtual servers, no IPVS needed', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {ipvsError: toolOutput('ipvsadm-not-available.txt')}}}))}],
	invalid: [{name: 'virtual servers without IPVS', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs}, hosts: {lb1: {ipvsError: toolOutput('ipvsadm-not-available.txt')}}})), findings: [{messageId: 'unavailable', host: 'lb1', severity: 'critical'}]}],
});
