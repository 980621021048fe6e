import check from './track-weight-ineffective.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

const script = (weight: number) => ['vrrp_script chk_http_port {', '    script "/etc/keepalived/check.sh"', '    interval 3', `    weight ${weight}`, '}'].join('\n');
const tracked = ['track_script {', '    chk_http_port', '}'];

checkTester.run(check, {
	valid: [
		'healthy-keepalived-haproxy',
		{name: 'weight -20 takes 100 below 90', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script(-20), extra: tracked}}))},
		{name: 'no weight: a failure means FAULT', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script(0), extra: tracked}}))},
		{name: 'positive weight on both: the backup overtakes', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script(20), extra: tracked}, lb2: {scripts: script(20), extra: tracked}}))},
	],
	invalid: [
		{name: "seed 001's weight -5 with 100/90", bundle: () => fromConfigs(pairInputs({lb1: {scripts: script(-5), extra: tracked}})), findings: [{messageId: 'negative', host: 'lb1', message: /drops to 95 \(100 -5\), still above lb2\/VI_1's 90/}]},
		{name: 'track_script overrides the weight with -10 (tie, lb1 has the lower IP: lb2 wins)', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script(-30), extra: ['track_script {', '    chk_http_port weight -9', '}']}})), findings: [{messageId: 'negative', message: /91/}]},
		{name: 'positive weight only on the MASTER that still outranks', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script(5), extra: tracked}})), findings: [{messageId: 'positive', host: 'lb1'}]},
	],
});
