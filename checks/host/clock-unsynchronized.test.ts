import check from './clock-unsynchronized.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'NTP synchronized', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {timedatectl: 'NTP=yes\nNTPSynchronized=yes\n'}}}))}],
	invalid: [{name: 'not synchronized', bundle: () => fromConfigs(pairInputs({hosts: {lb1: {timedatectl: toolOutput('clock/timedatectl-show-unsynced.documented-format.txt')}}})), findings: [{messageId: 'unsynchronized', host: 'lb1', severity: 'info'}]}],
});
