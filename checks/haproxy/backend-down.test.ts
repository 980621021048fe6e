import check from './backend-down.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const stat = toolOutput('haproxy/show-stat-one-up-one-down.csv');
const allDown = stat.replace(/^be_web,web-up,(.*?),UP,/m, 'be_web,web-up,$1,DOWN,').replace(/^be_web,BACKEND,(.*?),UP,/m, 'be_web,BACKEND,$1,DOWN,');

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'every server UP', bundle: () => fromConfigs({hap1: {haproxy: toolOutput('haproxy/show-stat-one-up-one-down.haproxy.cfg'), haproxyStat: stat.replace(/,DOWN,/g, ',UP,')}})}],
	invalid: [
		{name: 'recorded realserver-down', bundle: 'realserver-down', findings: [{messageId: 'server', host: 'lb1', severity: 'warning'}, {messageId: 'server', host: 'lb2', severity: 'warning'}]},
		{name: 'one of two servers DOWN (L4CON)', bundle: () => fromConfigs({hap1: {haproxy: toolOutput('haproxy/show-stat-one-up-one-down.haproxy.cfg'), haproxyStat: stat}}), findings: [{messageId: 'server', host: 'hap1', severity: 'warning', message: /web-down .*DOWN on hap1: L4CON Layer4 connection problem/}]},
		{name: 'the whole backend DOWN', bundle: () => fromConfigs({hap1: {haproxy: toolOutput('haproxy/show-stat-one-up-one-down.haproxy.cfg'), haproxyStat: allDown}}), findings: [{messageId: 'server', severity: 'critical'}, {messageId: 'server', severity: 'critical'}]},
	],
});
