import check from './deprecated.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const httpGet = ['virtual_server 203.0.113.100 80 {', '    lb_algo rr', '    lb_kind DR', '    protocol TCP', '    real_server 203.0.113.21 80 {', '        HTTP_GET {', '            url {', '                path /', '                status_code 200', '            }', '            connect_timeout 3', '            nb_get_retry 3', '        }', '    }', '}'].join('\n');

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'retry instead of nb_get_retry', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: httpGet.replace('nb_get_retry', 'retry')}}))}],
	invalid: [{name: 'nb_get_retry in HTTP_GET', bundle: () => fromConfigs(pairInputs({lb1: {virtualServers: httpGet}})), findings: [{messageId: 'deprecated', host: 'lb1', severity: 'info', message: /nb_get_retry/}]}],
});
