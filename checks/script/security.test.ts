import check from './security.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const script = ['vrrp_script chk_haproxy {', '    script "/etc/keepalived/check_haproxy.sh"', '    interval 2', '    weight -20', '}'].join('\n');
const tracked = ['track_script {', '    chk_haproxy', '}'];
const start = 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\n';

checkTester.run(check, {
	valid: [
		'healthy-keepalived-haproxy',
		{name: 'root-owned 755 script (stat)', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script, extra: tracked, globals: ['enable_script_security', 'script_user root']}, hosts: {lb1: {stat: '/etc/keepalived/check_haproxy.sh|755|0|0|regular file\n/etc/keepalived|755|0|0|directory\n/etc|755|0|0|directory\n/|755|0|0|directory\n', executable: ['/etc/keepalived/check_haproxy.sh']}}}))}, {name: 'script security enabled, no complaint', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script, extra: tracked, globals: ['enable_script_security', 'script_user root']}}))}, {name: 'no scripts at all', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'scripts without enable_script_security', bundle: () => fromConfigs(pairInputs({lb1: {scripts: script, extra: tracked}})), findings: [{messageId: 'noSecurity', host: 'lb1', message: /check_haproxy\.sh/}]},
		{
			name: 'keepalived disabled an unsafe tracked script',
			bundle: () => fromConfigs(pairInputs({lb1: {scripts: script, extra: tracked, globals: ['enable_script_security']}, hosts: {lb1: {log: `${start}Thu Jan  1 00:00:01 2025: Unsafe permissions found for script '/etc/keepalived/check_haproxy.sh' - disabling.\nThu Jan  1 00:00:01 2025: Disabling track script chk_haproxy due to insecure\n`}}})),
			findings: [{messageId: 'disabled', host: 'lb1', severity: 'critical', message: /unsafe permissions/}],
		},
		{
			name: 'a group-writable tracked script (stat)',
			bundle: () =>
				fromConfigs(
					pairInputs({
						lb1: {scripts: script, extra: tracked, globals: ['enable_script_security', 'script_user root']},
						hosts: {lb1: {stat: '/etc/keepalived/check_haproxy.sh|775|1000|1000|regular file\n/etc/keepalived|755|0|0|directory\n/etc|755|0|0|directory\n/|755|0|0|directory\n', executable: ['/etc/keepalived/check_haproxy.sh']}},
					}),
				),
			findings: [{messageId: 'file', host: 'lb1', severity: 'critical', message: /is unsafe: \/etc\/keepalived\/check_haproxy\.sh \(owner uid 1000, mode 775\)/}],
		},
		{
			name: 'a tracked script that does not exist (stat)',
			bundle: () => fromConfigs(pairInputs({lb1: {scripts: script, extra: tracked, globals: ['enable_script_security']}, hosts: {lb1: {stat: '/etc/keepalived/check_haproxy.sh|-\n/etc/keepalived|755|0|0|directory\n/etc|755|0|0|directory\n/|755|0|0|directory\n'}}})),
			findings: [{messageId: 'file', host: 'lb1', severity: 'critical', message: /does not exist/}],
		},
		{
			name: 'a missing script',
			bundle: () => fromConfigs(pairInputs({lb1: {scripts: script, extra: tracked, globals: ['enable_script_security']}, hosts: {lb1: {log: `${start}Thu Jan  1 00:00:01 2025: Disabling track script chk_haproxy since not found/accessible\n`}}})),
			findings: [{messageId: 'disabled', host: 'lb1', message: /not found/}],
		},
	],
});
