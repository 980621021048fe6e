/** A split-brain report as the doctor would produce it (firewall drops VRRP on lb2), and its collect events. */
import type {DoctorEvent} from '../../src/doctor/run-doctor.js';
import type {DoctorReport} from '../../src/doctor/report-model.js';

export const splitBrainReport: DoctorReport = {
	schemaVersion: 1,
	tool: {name: 'lbwiz', version: '0.1.0'},
	generatedAt: '2025-11-23T16:00:00.000Z',
	cluster: {name: 'lab', vips: ['203.0.113.100']},
	source: {kind: 'live', captureSeconds: 4},
	hosts: [
		{name: 'lb1', spec: 'netns:lbt-lb1', roles: ['director', 'haproxy'], reachable: true, health: 'critical', vips: ['203.0.113.100'], vrrpState: 'MASTER'},
		{name: 'lb2', spec: 'netns:lbt-lb2', roles: ['director', 'haproxy'], reachable: true, health: 'critical', vips: ['203.0.113.100'], vrrpState: 'MASTER'},
	],
	findings: [
		{
			id: 'F1',
			check: 'firewall.vrrp-blocked',
			severity: 'critical',
			host: 'lb2',
			title: 'nftables drops VRRP (IP protocol 112) on lb2',
			message: 'lb2 drops incoming VRRP adverts from lb1: rule `ip protocol vrrp drop` in table inet filter, chain input.',
			explanation: 'A BACKUP that hears no adverts believes the MASTER is dead and takes the VIP: both hold it.',
			evidence: [{evidenceId: 'lb2#7', excerpt: 'table inet filter {\n  chain input {\n    ip protocol vrrp drop\n  }\n}'}],
			fix: [{host: 'lb2', description: 'accept VRRP before the drop rule', commands: [['nft', 'insert', 'rule', 'inet', 'filter', 'input', 'ip', 'protocol', 'vrrp', 'accept']], safe: true}],
			caused_by: [],
			explains: ['F2'],
			doc: 'docs/checks/firewall.vrrp-blocked.md',
		},
		{
			id: 'F2',
			check: 'vip.split-brain',
			severity: 'critical',
			title: 'Both directors hold 203.0.113.100',
			message: 'lb1 and lb2 both have 203.0.113.100 on eth0.',
			explanation: 'Clients reach whichever answered ARP last; connections break.',
			evidence: [{host: 'lb1', note: 'ip -j addr'}, {host: 'lb2', note: 'ip -j addr'}],
			fix: [],
			caused_by: ['F1'],
			doc: 'docs/checks/vip.split-brain.md',
		},
		{
			id: 'F3',
			check: 'haproxy.stats-default-credentials',
			severity: 'warning',
			host: 'lb1',
			title: 'The HAProxy stats page accepts admin:admin',
			message: 'stats auth admin:admin in /etc/haproxy/haproxy.cfg:12.',
			explanation: 'Anyone on the network can see and disable servers.',
			evidence: [{host: 'lb1', file: '/etc/haproxy/haproxy.cfg', line: 12}],
			fix: [{host: 'lb1', description: 'choose a real password', file: '/etc/haproxy/haproxy.cfg', line: 12, change: 'stats auth admin:<a new password>'}],
			caused_by: [],
			doc: 'docs/checks/haproxy.stats-default-credentials.md',
		},
	],
	skipped: [{check: 'lvs.ipvs-unavailable', reason: 'no lvs section'}],
	evidence: {
		'lb2#7': {id: 'lb2#7', host: 'lb2', argv: ['nft', '-j', 'list', 'ruleset'], exitCode: 0, timedOut: false, durationMs: 12, startedAt: '2025-11-23T15:59:58.000Z', stdout: '{}', stderr: '', truncated: false},
	},
	timeline: [],
	adverts: [],
	haproxy: [],
	ipvs: [],
	summary: {critical: 2, warning: 1, info: 0, rootCauses: ['F1'], exitCode: 2},
};

/** What collection of lb1 and lb2 reports, in order. */
export const collectEvents: DoctorEvent[] = [
	{type: 'host:start', host: 'lb1'},
	{type: 'host:start', host: 'lb2'},
	{type: 'collector:start', host: 'lb1', fact: 'net.addresses'},
	{type: 'collector:start', host: 'lb2', fact: 'vrrp.adverts'},
	{type: 'capture:tick', host: 'lb2', remainingSeconds: 3},
	{type: 'collector:done', host: 'lb1', fact: 'net.addresses', status: 'ok', durationMs: 20},
	{type: 'host:done', host: 'lb1', durationMs: 800},
];

/** The rest: lb2 finishes, then the checks run. */
export const finishEvents: DoctorEvent[] = [
	{type: 'capture:tick', host: 'lb2', remainingSeconds: 0},
	{type: 'collector:done', host: 'lb2', fact: 'vrrp.adverts', status: 'ok', durationMs: 4000},
	{type: 'host:done', host: 'lb2', durationMs: 4100},
	{type: 'evaluate:start'},
	{type: 'check:done', check: 'firewall.vrrp-blocked', host: 'lb2', findings: 1},
];
