import check from './nat-forwarding.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const vs = (kind: string) => ['virtual_server 203.0.113.100 80 {', '    lb_algo rr', ...(kind ? [`    lb_kind ${kind}`] : []), '    protocol TCP', '    real_server 10.0.0.21 8080 {', '        weight 1', '    }', '}'].join('\n');

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'NAT with ip_forward=1', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs('NAT')}, hosts: {lb1: {sysctl: {'net.ipv4.ip_forward': 1}}}}))}, {name: 'DR needs no forwarding', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs('DR')}, hosts: {lb1: {sysctl: {'net.ipv4.ip_forward': 0}}}}))}],
	invalid: [
		{name: 'NAT without forwarding', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs('NAT')}, hosts: {lb1: {sysctl: {'net.ipv4.ip_forward': 0}}}})), findings: [{messageId: 'off', host: 'lb1'}]},
		{name: 'no lb_kind means NAT', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs('')}, hosts: {lb1: {sysctl: {'net.ipv4.ip_forward': 0}}}})), findings: [{messageId: 'off', host: 'lb1'}]},
	],
});
