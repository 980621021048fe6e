import check from './realserver-missing.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const vs = (reals: string[]) => ['virtual_server 203.0.113.100 80 {', '    lb_algo wlc', '    lb_kind DR', '    protocol TCP', ...reals.flatMap(r => [`    real_server ${r} 80 {`, '        weight 1', '    }']), '}'].join('\n');
const ipvs = toolOutput('ipvsadm/list-dr-nat.documented-format.txt');

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'both real servers in the table', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs(['203.0.113.21', '203.0.113.22'])}, hosts: {lb1: {ipvsadm: ipvs}}}))}],
	invalid: [
		{name: 'a configured real server is absent', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs(['203.0.113.21', '203.0.113.22', '203.0.113.23'])}, hosts: {lb1: {ipvsadm: ipvs}}})), findings: [{messageId: 'missing', host: 'lb1', message: /203\.0\.113\.23/}]},
		{
			name: 'removed by the checker',
			bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs(['203.0.113.21', '203.0.113.24'])}, hosts: {lb1: {ipvsadm: ipvs, log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\nThu Jan  1 00:00:09 2025: TCP_CHECK on service [203.0.113.24]:tcp:80 failed.\nThu Jan  1 00:00:09 2025: Removing service [203.0.113.24]:tcp:80 from VS [203.0.113.100]:tcp:80\n'}}})),
			findings: [{messageId: 'removed', host: 'lb1'}],
		},
		{name: 'a whole virtual service missing', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: vs(['203.0.113.21']).replace('203.0.113.100 80', '203.0.113.100 8080')}, hosts: {lb1: {ipvsadm: ipvs}}})), findings: [{messageId: 'service', host: 'lb1', severity: 'critical'}]},
	],
});
