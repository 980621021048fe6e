import check from './haproxy-down.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const cfg = 'frontend f\n\tbind 203.0.113.100:80\n\tdefault_backend web\nbackend web\n\tserver web1 203.0.113.21:80 check\n';
const both = (lb1: string, lb2: string) => pairInputs({hosts: {lb1: {haproxy: cfg, systemctl: {keepalived: 'active', haproxy: lb1}}, lb2: {haproxy: cfg, systemctl: {keepalived: 'active', haproxy: lb2}}}});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'HAProxy active on both', bundle: () => fromConfigs(both('active', 'active'))}],
	invalid: [
		{name: 'recorded haproxy-stopped', bundle: 'haproxy-stopped', findings: [{messageId: 'down', host: 'lb1'}]},
		{name: 'stopped on the VIP holder', bundle: () => fromConfigs(both('inactive', 'active')), findings: [{messageId: 'down', host: 'lb1', severity: 'critical', message: /holds 203\.0\.113\.100/}]},
		{name: 'stopped on the spare', bundle: () => fromConfigs(both('active', 'failed')), findings: [{messageId: 'down', host: 'lb2', severity: 'warning'}]},
	],
});
