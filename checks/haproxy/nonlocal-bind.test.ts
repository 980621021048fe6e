import check from './nonlocal-bind.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const cfg = 'frontend f\n\tbind 203.0.113.100:80\n\tdefault_backend web\nbackend web\n\tserver web1 203.0.113.21:80 check\n';
const pair = (value: number, lb2Haproxy: string) => pairInputs({hosts: {lb1: {haproxy: cfg, sysctl: {'net.ipv4.ip_nonlocal_bind': value}, systemctl: {keepalived: 'active', haproxy: 'active'}}, lb2: {haproxy: cfg, sysctl: {'net.ipv4.ip_nonlocal_bind': value}, systemctl: {keepalived: 'active', haproxy: lb2Haproxy}}}});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'ip_nonlocal_bind=1 on both', bundle: () => fromConfigs(pair(1, 'active'))}, {name: 'bind *:80 needs nothing', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {haproxy: cfg.replace('203.0.113.100:80', '*:80'), sysctl: {'net.ipv4.ip_nonlocal_bind': 0}}}}))}],
	invalid: [
		{name: 'HAProxy cannot start on the BACKUP', bundle: () => fromConfigs(pair(0, 'failed')), findings: [{messageId: 'latent', host: 'lb1', severity: 'warning'}, {messageId: 'cannotStart', host: 'lb2', severity: 'critical'}]},
		{name: 'transparent is enough', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {haproxy: cfg.replace('203.0.113.100:80', '203.0.113.100:81 transparent\n\tbind 203.0.113.100:80'), sysctl: {'net.ipv4.ip_nonlocal_bind': 0}, systemctl: {keepalived: 'active', haproxy: 'failed'}}}})), findings: [{messageId: 'cannotStart', host: 'lb2', message: /203\.0\.113\.100:80\b/}]},
	],
});
