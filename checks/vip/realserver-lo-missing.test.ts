import check from './realserver-lo-missing.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

const dr = ['virtual_server 203.0.113.100 80 {', '    lb_algo rr', '    lb_kind DR', '    protocol TCP', '    real_server 203.0.113.21 80 {', '        TCP_CHECK {', '            connect_timeout 3', '        }', '    }', '    real_server 203.0.113.22 80 {', '    }', '}'].join('\n');
const hosts = (web1Lo: string[], web2Lo: string[]) => ({web1: {addresses: {lo: ['127.0.0.1/8', ...web1Lo], eth0: ['203.0.113.21/24']}}, web2: {addresses: {lo: ['127.0.0.1/8', ...web2Lo], eth0: ['203.0.113.22/24']}}});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'DR real servers with the VIP on lo', bundle: () => fromConfigs({...pairInputs({lb1: {virtualServers: dr}, lb2: {virtualServers: dr}}), ...hosts(['203.0.113.100/32'], ['203.0.113.100/32'])})}, {name: 'HAProxy backends without LVS need no VIP', bundle: () => fromConfigs({...pairInputs(), ...hosts([], [])})}],
	invalid: [
		{name: 'recorded realserver-lo-missing', bundle: 'realserver-lo-missing', findings: [{messageId: 'inconsistent', host: 'web1'}]},
		{name: 'keepalived lb_kind DR, web1 lacks the VIP', bundle: () => fromConfigs({...pairInputs({lb1: {virtualServers: dr}, lb2: {virtualServers: dr}}), ...hosts([], ['203.0.113.100/32'])}), findings: [{messageId: 'missing', host: 'web1'}]},
		{name: 'no LVS config, but web2 carries the VIP on lo and web1 does not', bundle: () => fromConfigs({...pairInputs({lb1: {}, lb2: {}}), ...hosts([], ['203.0.113.100/32']), lb1: {...pairInputs().lb1, haproxy: 'frontend f\n\tbind 203.0.113.100:80\n\tdefault_backend web\nbackend web\n\tserver web1 203.0.113.21:80 check\n\tserver web2 203.0.113.22:80 check\n'}}), findings: [{messageId: 'inconsistent', host: 'web1'}]},
	],
});
