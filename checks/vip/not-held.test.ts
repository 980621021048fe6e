import check from './not-held.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', 'haproxy-stopped', {name: 'lb1 holds the VIP', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'recorded keepalived-stopped-both', bundle: 'keepalived-stopped-both', findings: [{messageId: 'notHeld'}]},
		{name: 'nobody holds 203.0.113.100', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24']}}}})), findings: [{messageId: 'notHeld', message: /no director holds 203\.0\.113\.100/}]},
	],
	skipped: [
		{name: 'only the BACKUP collected: the MASTER advertises the VIP', bundle: () => fromConfigs({lb2: pairInputs().lb2}), reason: /203\.0\.113\.11 \(not collected\) advertises it as MASTER/},{name: 'a director could not be reached', bundle: () => fromConfigs({lb1: {...pairInputs().lb1, addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24']}}, lb2: {unreachable: 'ssh: connect to host lb2 port 22: Connection timed out'}}), reason: /cannot tell whether 203\.0\.113\.100 is held/}],
});
