import check from './split-brain.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

const both = () => pairInputs({hosts: {lb2: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.12/24', '203.0.113.100/24']}}}});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', 'keepalived-stopped', {name: 'the VIP on lb1 only', bundle: () => fromConfigs(pairInputs())}, {name: 'a real server with the VIP on lo is not a holder', bundle: () => fromConfigs({...pairInputs(), web1: {addresses: {lo: ['127.0.0.1/8', '203.0.113.100/32'], eth0: ['203.0.113.21/24']}}})}],
	invalid: [
		{name: 'recorded split-brain-firewall', bundle: 'split-brain-firewall', findings: [{messageId: 'held', message: /lb1 and lb2/}]},
		{name: 'recorded vrrp-blocked', bundle: 'vrrp-blocked', findings: [{messageId: 'held'}]},
		{name: 'recorded auth-mismatch', bundle: 'auth-mismatch', findings: [{messageId: 'held'}]},
		{name: 'recorded vrid-mismatch', bundle: 'vrid-mismatch', findings: [{messageId: 'held'}]},
		{name: 'both directors hold 203.0.113.100', bundle: () => fromConfigs(both()), findings: [{messageId: 'held', message: /203\.0\.113\.100 is held by lb1 and lb2/}]},
	],
	skipped: [{name: 'no VIP anywhere', bundle: () => fromConfigs({web1: {addresses: {eth0: ['203.0.113.21/24']}, haproxy: 'global\n\tmaxconn 10\n\ndefaults\n\tmode http\n\ttimeout client 1s\n\ttimeout server 1s\n\ttimeout connect 1s\n\nfrontend f\n\tbind *:80\n\tdefault_backend b\n\nbackend b\n\tserver s1 203.0.113.31:80 check\n'}}), reason: /no director/}],
});
