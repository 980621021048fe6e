import check from './unreachable.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const probe = (url: string, kind: 'ok' | 'timeout' | 'refused') => ({url, target: 'realserver' as const, stdout: toolOutput(`curl/${kind}.stdout.txt`), stderr: toolOutput(`curl/${kind}.stderr.txt`), exitCode: Number(toolOutput(`curl/${kind}.exit.txt`).trim())});
const cfg = 'frontend f\n\tbind 203.0.113.100:80\n\tdefault_backend web\nbackend web\n\tserver web1 203.0.113.21:80 check\n\tserver web2 203.0.113.22:80 check\n';
const web = {web1: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.21/24']}}, web2: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.22/24']}}};

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'both answer', bundle: () => fromConfigs({...pairInputs({hosts: {lb1: {haproxy: cfg, probes: [probe('http://203.0.113.21:80/', 'ok'), probe('http://203.0.113.22:80/', 'ok')]}}}), ...web})}],
	invalid: [
		{name: 'recorded realserver-down', bundle: 'realserver-down', findings: [{messageId: 'down', host: 'web1', severity: 'warning'}]},
		{name: 'web1 refuses, web2 answers', bundle: () => fromConfigs({...pairInputs({hosts: {lb1: {haproxy: cfg, probes: [probe('http://203.0.113.21:80/', 'refused'), probe('http://203.0.113.22:80/', 'ok')]}}}), ...web}), findings: [{messageId: 'down', host: 'web1', severity: 'warning', message: /Couldn't connect/}]},
		{name: 'no real server answers', bundle: () => fromConfigs({...pairInputs({hosts: {lb1: {haproxy: cfg, probes: [probe('http://203.0.113.21:80/', 'timeout'), probe('http://203.0.113.22:80/', 'refused')]}}}), ...web}), findings: [{messageId: 'down', host: 'web1', severity: 'critical'}, {messageId: 'down', host: 'web2', severity: 'critical', message: /service is down/}]},
	],
});
