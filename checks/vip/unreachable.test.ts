import check from './unreachable.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

const probe = (kind: 'ok' | 'timeout' | 'refused') => ({url: 'http://203.0.113.100/', target: 'vip' as const, stdout: toolOutput(`curl/${kind}.stdout.txt`), stderr: toolOutput(`curl/${kind}.stderr.txt`), exitCode: Number(toolOutput(`curl/${kind}.exit.txt`).trim())});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'the VIP answers', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {probes: [probe('ok')]}}}))}],
	invalid: [
		{name: 'recorded vrrp-strict', bundle: 'vrrp-strict', findings: [{messageId: 'failing'}]},
		{name: 'probes to the held VIP time out', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {probes: [probe('timeout')]}, lb2: {probes: [probe('timeout')]}}})), findings: [{messageId: 'failing', message: /from lb1, lb2 .*while lb1 holds 203\.0\.113\.100/}]},
	],
});
