import check from './stats-default-credentials.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const cfg = (auth: string) => `listen stats\n\tbind *:8404\n\tmode http\n\tstats enable\n\tstats uri /stats\n\tstats auth ${auth}\n`;

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'a generated password', bundle: () => fromConfigs({hap1: {haproxy: cfg('admin:Vb8Qz2kLr0')}})}],
	invalid: [
		{name: "seed 004's admin:admin (redacted bundle)", bundle: () => fromConfigs({hap1: {haproxy: cfg('admin:admin')}}), findings: [{messageId: 'wellKnown', host: 'hap1', message: /admin:<5 characters/}]},
		{name: 'haproxy:haproxy collected with --no-redact', bundle: () => fromConfigs({hap1: {haproxy: cfg('haproxy:haproxy')}}, {redact: false}), findings: [{messageId: 'wellKnown', host: 'hap1'}]},
	],
});
