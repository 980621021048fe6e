import type {DoctorReport} from '../../src/doctor/report-model.js';
import type {Evidence} from '../../src/collect/types.js';

/**
A small DoctorReport for the formatters' unit tests (escaping, grouping, redaction edge cases the lab
cannot produce). Golden tests use recorded bundles through the real doctor instead.
*/
export function sampleReport(overrides: Partial<DoctorReport> = {}): DoctorReport {
	const evidence = (id: string, host: string, argv: string[], stdout: string, extra: Partial<Evidence> = {}): Evidence => ({
		id,
		host,
		argv,
		exitCode: 0,
		timedOut: false,
		durationMs: 12,
		startedAt: '2024-05-01T10:00:00.000Z',
		stdout,
		stderr: '',
		truncated: false,
		...extra,
	});
	return {
		schemaVersion: 1,
		tool: {name: 'lbwiz', version: '0.1.0'},
		generatedAt: '2024-05-01T10:00:05.000Z',
		cluster: {name: 'web', vips: ['203.0.113.10']},
		source: {kind: 'bundle', bundle: 'bundle.json', scenario: 'split-brain-firewall', captureSeconds: 4},
		hosts: [
			{name: 'lb1', spec: 'netns:lb1', roles: ['director', 'haproxy'], reachable: true, health: 'warning', vips: ['203.0.113.10'], vrrpState: 'MASTER', keepalivedVersion: '2.2.7', haproxyVersion: '2.6.12'},
			{name: 'lb2', spec: 'netns:lb2', roles: ['director', 'haproxy'], reachable: true, health: 'critical', vips: ['203.0.113.10'], vrrpState: 'MASTER', keepalivedVersion: '2.2.7', haproxyVersion: '2.6.12'},
			{name: 'rs1', spec: 'netns:rs1', roles: ['realserver'], reachable: true, health: 'ok'},
			{name: 'rs2', spec: 'netns:rs2', roles: ['realserver'], reachable: false, health: 'unknown'},
		],
		findings: [
			{
				id: 'F1',
				check: 'firewall.vrrp-blocked',
				severity: 'critical',
				host: 'lb2',
				title: 'The firewall drops VRRP',
				message: 'nftables on lb2 drops protocol 112 (rule `ip protocol vrrp drop` in inet filter input)',
				explanation: 'Directors that cannot hear each other each believe they are alone and become MASTER.',
				evidence: [{evidenceId: 'lb2#3', excerpt: 'ip protocol vrrp drop', note: 'the dropping rule'}],
				fix: [{host: 'lb2', description: 'accept VRRP before the drop rule', commands: [['nft', 'insert', 'rule', 'inet', 'filter', 'input', 'ip', 'protocol', 'vrrp', 'accept']], safe: true}],
				caused_by: [],
				explains: ['F2'],
				doc: 'docs/checks/firewall.vrrp-blocked.md',
			},
			{
				id: 'F2',
				check: 'vip.split-brain',
				severity: 'critical',
				title: 'Both directors hold 203.0.113.10',
				message: 'lb1 and lb2 both hold 203.0.113.10',
				explanation: 'Two MASTERs answer ARP for the VIP; clients reach either at random.',
				evidence: [
					{evidenceId: 'lb1#1', excerpt: 'inet 203.0.113.10/24 scope global secondary eth0'},
					{evidenceId: 'lb2#1'},
				],
				fix: [],
				caused_by: ['F1'],
				doc: 'docs/checks/vip.split-brain.md',
			},
			{
				id: 'F3',
				check: 'vrrp.failover-time',
				severity: 'info',
				title: 'Failover takes about 3.6 s',
				message: 'advert_int 1 → a BACKUP takes over after 3 × 1 s + skew',
				explanation: 'The failover time follows from advert_int.',
				evidence: [{host: 'lb1', file: '/etc/keepalived/keepalived.conf', line: 12, excerpt: 'advert_int 1'}],
				fix: [{host: 'lb1', description: 'lower advert_int for faster failover', file: '/etc/keepalived/keepalived.conf', line: 12, change: 'advert_int 0.5 (VRRPv3)'}],
				caused_by: [],
				doc: 'docs/checks/vrrp.failover-time.md',
			},
			{
				id: 'F4',
				check: 'haproxy.stats-default-credentials',
				severity: 'warning',
				host: 'lb1',
				title: 'HAProxy stats page uses well-known credentials',
				message: 'stats auth admin:… on lb1',
				explanation: 'Anyone who reaches the stats page can disable servers.',
				evidence: [{evidenceId: 'lb1#2', excerpt: 'stats auth admin:lbwiz-redacted:0123456789ab:5:0123456789ab'}],
				fix: [{host: 'lb1', description: 'set a strong stats password', file: '/etc/haproxy/haproxy.cfg', line: 30, change: 'stats auth admin:<new password>'}],
				caused_by: [],
				doc: 'docs/checks/haproxy.stats-default-credentials.md',
			},
		],
		skipped: [{check: 'lvs.realserver-missing', host: 'lb1', reason: 'IPVS not available: ipvsadm says "Protocol not available"'}],
		evidence: {
			'lb1#1': evidence('lb1#1', 'lb1', ['ip', '-j', 'addr', 'show'], '2: eth0: <BROADCAST,MULTICAST,UP>\n    inet 198.51.100.11/24 scope global eth0\n    inet 203.0.113.10/24 scope global secondary eth0\n'),
			'lb1#2': evidence('lb1#2', 'lb1', ['cat', '/etc/haproxy/haproxy.cfg'], 'listen stats\n    bind :8404\n    stats enable\n    stats auth admin:lbwiz-redacted:0123456789ab:5:0123456789ab\n'),
			'lb2#1': evidence('lb2#1', 'lb2', ['ip', '-j', 'addr', 'show'], '2: eth0\n    inet 203.0.113.10/24 scope global secondary eth0\n'),
			'lb2#3': evidence('lb2#3', 'lb2', ['nft', 'list', 'ruleset'], 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tip protocol vrrp drop\n\t}\n}\n'),
		},
		timeline: [
			{host: 'lb2', time: '2024-05-01T09:59:58.000Z', instance: 'VI_1', state: 'MASTER', reason: 'Receive advertisement timeout', raw: 'Keepalived_vrrp[212]: (VI_1) Entering MASTER STATE'},
			{host: 'lb1', time: '2024-05-01T09:59:50.000Z', instance: 'VI_1', state: 'MASTER', raw: 'Keepalived_vrrp[201]: (VI_1) Entering MASTER STATE'},
			{host: 'lb2', time: '2024-05-01T09:59:51.000Z', instance: 'VI_1', state: 'BACKUP', raw: 'Keepalived_vrrp[212]: (VI_1) Entering BACKUP STATE (init)'},
		],
		adverts: [
			{host: 'lb2', time: '10:00:01.1', src: '198.51.100.11', dst: '224.0.0.18', version: 2, vrid: 51, priority: 150, intervalCs: 100, authType: 'simple', authFingerprint: '0a1b2c3d4e5f', addrs: ['203.0.113.10']},
			{host: 'lb2', time: '10:00:02.1', src: '198.51.100.11', dst: '224.0.0.18', version: 2, vrid: 51, priority: 150, intervalCs: 100, authType: 'simple', authFingerprint: '0a1b2c3d4e5f', addrs: ['203.0.113.10']},
			{host: 'lb1', time: '10:00:01.5', src: '198.51.100.12', dst: '224.0.0.18', version: 2, vrid: 51, priority: 100, intervalCs: 100, authType: 'simple', authFingerprint: '0a1b2c3d4e5f', addrs: ['203.0.113.10']},
		],
		haproxy: [
			{
				host: 'lb1',
				rows: [
					{pxname: 'fe_web', svname: 'FRONTEND', status: 'OPEN'},
					{pxname: 'be_web', svname: 'rs1', status: 'UP', check_status: 'L7OK', addr: '198.51.100.21:80', weight: '1'},
					{pxname: 'be_web', svname: 'rs2', status: 'DOWN', check_status: 'L4CON', check_desc: 'Layer4 connection problem', addr: '198.51.100.22:80', weight: '1'},
					{pxname: 'be_web', svname: 'BACKEND', status: 'UP'},
				],
			},
		],
		ipvs: [
			{
				host: 'lb1',
				services: [{protocol: 'TCP', address: '203.0.113.10', port: 80, scheduler: 'wrr', flags: [], reals: [{address: '198.51.100.21', port: 80, forward: 'Route', weight: 1, activeConn: 3, inactConn: 7}]}],
			},
		],
		summary: {critical: 2, warning: 1, info: 1, rootCauses: ['F1'], exitCode: 2},
		...overrides,
	};
}
