import check from './packet-errors.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'counters did not move', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {stats: toolOutput('keepalived/stats-end.txt').replace(/: [1-9]\d*$/gm, ': 0')}}}))},
		{name: 'a stopped keepalived\'s logged TTL errors are history', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {systemctl: {keepalived: 'inactive'}, log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\nThu Jan  1 00:00:05 2025: (VI_1) invalid TTL/HL from 203.0.113.12. Received 254 and expect 255\n'}}}))},
	],
	invalid: [
		{name: 'authentication failures counted in the window', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {stats: toolOutput('keepalived/stats-backup-auth-failures.txt')}}})), findings: [{messageId: 'counters', host: 'lb2', message: /Authentication Errors\.Failure \+9/}]},
		{name: 'TTL errors in the log', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\nThu Jan  1 00:00:05 2025: (VI_1) invalid TTL/HL from 203.0.113.12. Received 254 and expect 255\n'}}})), findings: [{messageId: 'logged', host: 'lb1', message: /TTL/}]},
	],
});
