import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {Diagnostic} from '../../src/lint/diagnostic.js';
import {lintSyntax, type Report} from '../../src/lint/keepalived-syntax.js';
import {lintKeepalived, parseForLint, RULES} from '../../src/lint/keepalived.js';

const BASE = readFileSync(fileURLToPath(new URL('../../fixtures/configs/keepalived/valid-lvs-dr.conf', import.meta.url)), 'utf8');
const lint = (text: string, path = 'k.conf'): Diagnostic[] => lintKeepalived([{path, text}]);
/** The base config with one piece of text replaced (it must be there). */
const mutate = (from: string, to: string): string => {
	if (!BASE.includes(from)) throw new Error(`fixture has no '${from}'`);
	return BASE.replace(from, to);
};
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;

type Case = {text: string; line?: string; suggestion?: string; message?: RegExp};
/** Per rule: configs that must not trigger it, configs that must (optionally on the line holding `line`). */
const CASES: Record<string, {valid: string[]; invalid: Case[]}> = {
	'unknown-keyword': {
		valid: [BASE],
		invalid: [
			{text: mutate('priority 100', 'priorty 100'), line: 'priorty', suggestion: 'priority'},
			{text: mutate('TCP_CHECK {', 'tcp_check {'), line: 'tcp_check', suggestion: 'TCP_CHECK'},
			{text: mutate('retry 3', 'nb_get_retry 3'), line: 'nb_get_retry', suggestion: 'retry', message: /only accepted .* HTTP_GET\/SSL_GET/},
			{text: `${BASE}\nip addr add 203.0.113.100/24 dev eth0\n`, line: 'ip addr add'},
		],
	},
	'glued-keyword': {
		valid: [BASE],
		invalid: [
			{text: mutate('virtual_server 203.0.113.100 80 {', 'virtual_server203.0.113.100 80 {'), line: 'virtual_server203', suggestion: 'virtual_server 203.0.113.100'},
			{text: mutate('router_id lb1', 'notification_email_fromAlexandre.Cassen@firewall.loc'), line: 'notification_email_from', suggestion: 'notification_email_from Alexandre.Cassen@firewall.loc'},
		],
	},
	'misplaced-keyword': {
		valid: [BASE],
		invalid: [{text: mutate('    advert_int 1', '    advert_int 1\n    vrrp_strict'), line: 'vrrp_strict', message: /belongs in global_defs/}],
	},
	'deprecated-keyword': {
		valid: [BASE],
		invalid: [
			{text: mutate('path /index.html\n                status_code 200\n            }\n            connect_timeout 3', 'path /index.html\n                status_code 200\n            }\n            nb_get_retry 3'), line: 'nb_get_retry', suggestion: 'retry'},
			{text: mutate('router_id lb1', 'router_id lb1\n    lvs_process_name lvs'), line: 'lvs_process_name', suggestion: 'checker_process_name'},
			{text: mutate('vrrp_script chk_port {', 'vrrp_track_file tf {\n    file /tmp/x\n}\nvrrp_script chk_port {'), line: 'vrrp_track_file', suggestion: 'track_file'},
			{text: mutate('203.0.113.100/24 dev eth0 label eth0:1\n    }', '203.0.113.100/24 dev eth0 label eth0:1\n    }\n    virtual_routes {\n        0.0.0.0/0 gw 203.0.113.1\n    }'), line: 'gw 203', suggestion: 'via'},
		],
	},
	'missing-parameter': {
		valid: [BASE],
		invalid: [
			{text: mutate('interface eth0', 'interface'), line: 'interface', message: /stops reading the configuration/},
			{text: mutate('auth_pass 1111', 'auth_pass'), line: 'auth_pass'},
		],
	},
	'missing-name': {valid: [BASE], invalid: [{text: mutate('vrrp_instance VI_1 {', 'vrrp_instance {'), line: 'vrrp_instance'}]},
	'missing-block': {valid: [BASE], invalid: [{text: mutate('authentication {', 'authentication\n    {}'.replace('{}', '')), line: 'authentication'}]},
	'unexpected-block': {
		valid: [BASE],
		invalid: [{text: mutate('delay_loop 6', 'delay_loop 6 {\n    }'), line: 'delay_loop', message: /ends the enclosing virtual_server block early/}],
	},
	'extra-brace': {valid: [BASE], invalid: [{text: `${BASE}}\n`}]},
	// the '}' meant for vrrp_instance closes authentication, so vrrp_instance is the block left open
	'missing-brace': {valid: [BASE], invalid: [{text: mutate('        auth_pass 1111\n    }', '        auth_pass 1111\n'), line: 'vrrp_instance VI_1'}]},
	'duplicate-keyword': {valid: [BASE], invalid: [{text: mutate('priority 100', 'priority 100\n    priority 90'), line: 'priority 90'}]},
	'invalid-number': {valid: [BASE], invalid: [{text: mutate('priority 100', 'priority high'), line: 'priority high'}]},
	'out-of-range': {
		valid: [BASE, mutate('priority 100', 'priority 255'), mutate('virtual_router_id 51', 'virtual_router_id 1')],
		invalid: [
			{text: mutate('virtual_router_id 51', 'virtual_router_id 256'), line: 'virtual_router_id'},
			{text: mutate('virtual_router_id 51', 'virtual_router_id 0'), line: 'virtual_router_id'},
			{text: mutate('priority 100', 'priority 300'), line: 'priority'},
			{text: mutate('router_id lb1', 'router_id lb1\n    vrrp_garp_interval 0'), line: 'vrrp_garp_interval', message: /0\.000001, 4294\.967295/},
			{text: mutate('weight -20', 'weight -300'), line: 'weight -300'},
		],
	},
	'invalid-value': {
		valid: [BASE],
		invalid: [
			{text: mutate('lb_algo rr', 'lb_algo conhash'), line: 'lb_algo', message: /Invalid lvs_scheduler 'conhash'/},
			{text: mutate('lb_kind DR', 'lb_kind FNAT'), line: 'lb_kind', message: /unknown \[FNAT\] routing method/},
			{text: mutate('protocol TCP', 'protocol tcp'), line: 'protocol', suggestion: 'TCP'},
			{text: mutate('status_code 200', 'status_code OK'), line: 'status_code'},
		],
	},
	'invalid-state': {
		valid: [BASE, mutate('state MASTER', 'state BACKUP')],
		invalid: [
			{text: mutate('state MASTER', 'state master'), line: 'state', suggestion: 'MASTER'},
			{text: mutate('state MASTER\n    interface eth0', 'state MASTERinterface eth0'), line: 'state', suggestion: 'MASTER interface'},
		],
	},
	'invalid-auth-type': {valid: [BASE, mutate('auth_type PASS', 'auth_type AH')], invalid: [{text: mutate('auth_type PASS', 'auth_type PASS;'), line: 'auth_type', suggestion: 'PASS', message: /unknown authentication type 'PASS;'.*';' is not a separator/}]},
	'auth-pass-too-long': {
		valid: [BASE, mutate('auth_pass 1111', 'auth_pass 12345678'), mutate('auth_pass 1111', 'auth_pass lbwiz-redacted:ab12cd34ef56:8:0011aabbccdd')],
		invalid: [
			{text: mutate('auth_pass 1111', 'auth_pass secret-01'), line: 'auth_pass', message: /9 characters/},
			{text: mutate('auth_pass 1111', 'auth_pass lbwiz-redacted:ab12cd34ef56:9:0011aabbccdd'), line: 'auth_pass', message: /9 characters \(redacted\)/},
		],
	},
	'invalid-ip': {
		valid: [BASE],
		invalid: [
			{text: mutate('203.0.113.100/24 dev eth0', '203.0.113./24 dev eth0'), line: '203.0.113./24'},
			{text: mutate('real_server 203.0.113.21 80', 'real_server 203.0.113.321 80'), line: '203.0.113.321'},
			{text: mutate('virtual_server 203.0.113.100 80', 'virtual_server x.x.x.90 80'), line: 'x.x.x.90'},
			{text: mutate('advert_int 1', 'advert_int 1\n    unicast_src_ip 203.0.113.11\n    unicast_peer {\n        9.x.x.11\n    }'), line: '9.x.x.11'},
		],
	},
	'invalid-port': {valid: [BASE], invalid: [{text: mutate('real_server 203.0.113.21 80', 'real_server 203.0.113.21 80000'), line: '80000'}]},
	'ipv6-scope': {
		valid: [BASE, mutate('203.0.113.100/24 dev eth0 label eth0:1', '203.0.113.100/24 dev eth0 scope global')],
		invalid: [{text: mutate('203.0.113.100/24 dev eth0 label eth0:1', '203.0.113.100/24 dev eth0\n        fe80::1/64 dev eth0 scope link'), line: 'fe80::1'}],
	},
	'vip-option': {valid: [BASE], invalid: [{text: mutate('203.0.113.100/24 dev eth0 label eth0:1', '203.0.113.100/24 eth0'), line: '203.0.113.100/24 eth0', suggestion: 'dev eth0'}]},
	semicolon: {valid: [BASE], invalid: [{text: mutate('interface eth0', 'interface eth0;'), line: 'interface', suggestion: 'eth0'}]},
	'comment-in-word': {valid: [BASE], invalid: [{text: mutate('auth_pass 1111', 'auth_pass 11#11'), line: 'auth_pass'}]},
	'unicode-space': {valid: [BASE], invalid: [{text: mutate('router_id lb1', 'router_id\u00a0lb1'), line: 'router_id'}]},
	'missing-interface': {valid: [BASE], invalid: [{text: mutate('    interface eth0\n', ''), line: 'vrrp_instance'}]},
	'missing-vrid': {valid: [BASE], invalid: [{text: mutate('    virtual_router_id 51\n', ''), line: 'vrrp_instance', message: /virtual router id must be set/}]},
	'duplicate-vrid': {
		valid: [BASE],
		invalid: [{text: `${BASE}\nvrrp_instance VI_2 {\n    interface eth0\n    virtual_router_id 51\n    virtual_ipaddress {\n        203.0.113.101\n    }\n}\n`, message: /VI_1 and VI_2 both use VRID 51/}],
	},
	'duplicate-name': {valid: [BASE], invalid: [{text: `${BASE}\nvrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 52\n    virtual_ipaddress {\n        203.0.113.101\n    }\n}\n`}]},
	'no-vip': {valid: [BASE], invalid: [{text: mutate('        203.0.113.100/24 dev eth0 label eth0:1\n', ''), line: 'vrrp_instance'}]},
	'unknown-track-script': {valid: [BASE], invalid: [{text: mutate('        chk_port\n    }', '        chk_port\n        chk_missing\n    }'), line: 'chk_missing'}]},
	'unused-script': {valid: [BASE], invalid: [{text: mutate('        chk_port\n    }', '    }'), line: 'vrrp_script'}]},
	'missing-script': {valid: [BASE], invalid: [{text: mutate('    script "/usr/bin/true"\n', ''), line: 'vrrp_script'}]},
	'nopreempt-master': {
		valid: [BASE, mutate('state MASTER', 'state BACKUP\n    nopreempt')],
		invalid: [{text: mutate('state MASTER', 'state MASTER\n    nopreempt'), line: 'nopreempt', message: /nopreempt will not work with initial state MASTER/}],
	},
	'strict-auth': {valid: [BASE], invalid: [{text: mutate('router_id lb1', 'router_id lb1\n    vrrp_strict'), line: 'authentication'}]},
	'strict-master-priority': {valid: [BASE, mutate('router_id lb1', 'router_id lb1\n    vrrp_strict').replace('priority 100', 'priority 255')], invalid: [{text: mutate('router_id lb1', 'router_id lb1\n    vrrp_strict'), line: 'state MASTER'}]},
	'strict-unicast': {
		valid: [mutate('advert_int 1', 'advert_int 1\n    unicast_src_ip 203.0.113.11\n    unicast_peer {\n        203.0.113.12\n    }')],
		invalid: [{text: mutate('advert_int 1', 'advert_int 1\n    strict_mode\n    unicast_src_ip 203.0.113.11\n    unicast_peer {\n        203.0.113.12\n    }')}],
	},
	'unicast-without-peers': {valid: [BASE], invalid: [{text: mutate('advert_int 1', 'advert_int 1\n    unicast_src_ip 203.0.113.11'), line: 'unicast_src_ip'}]},
	'advert-int-fraction': {valid: [BASE, mutate('advert_int 1', 'advert_int 0.5\n    version 3')], invalid: [{text: mutate('advert_int 1', 'advert_int 0.5'), line: 'advert_int'}]},
	'ah-master': {valid: [BASE], invalid: [{text: mutate('auth_type PASS', 'auth_type AH'), line: 'auth_type'}]},
	'script-security': {valid: [BASE], invalid: [{text: mutate('    enable_script_security\n', ''), line: 'script "/usr/bin/true"'}]},
	'unknown-sync-member': {valid: [`${BASE}\nvrrp_sync_group G {\n    group {\n        VI_1\n    }\n}\n`], invalid: [{text: `${BASE}\nvrrp_sync_group G {\n    group {\n        VI_1\n        VI_9\n    }\n}\n`, line: 'VI_9'}]},
	'no-protocol': {valid: [BASE], invalid: [{text: mutate('    protocol TCP\n', ''), line: 'virtual_server', suggestion: 'protocol TCP', message: /defaults to UDP/}]},
	'no-scheduler': {valid: [BASE], invalid: [{text: mutate('    lb_algo rr\n', ''), line: 'virtual_server'}]},
	'no-forwarding-method': {valid: [BASE], invalid: [{text: mutate('    lb_kind DR\n', ''), line: 'virtual_server'}]},
	'port-mismatch': {valid: [BASE, mutate('lb_kind DR', 'lb_kind NAT').replace('real_server 203.0.113.21 80', 'real_server 203.0.113.21 8080')], invalid: [{text: mutate('real_server 203.0.113.21 80', 'real_server 203.0.113.21 8080'), line: '8080'}]},
	'missing-url': {valid: [BASE], invalid: [{text: mutate('            url {\n                path /index.html\n                status_code 200\n            }\n', ''), line: 'HTTP_GET', message: /crashes/}]},
	'quorum-exceeds-weight': {valid: [mutate('protocol TCP', 'protocol TCP\n    quorum 2')], invalid: [{text: mutate('protocol TCP', 'protocol TCP\n    quorum 3'), line: 'quorum'}]},
	'unknown-vs-group': {valid: [BASE], invalid: [{text: `${BASE}\nvirtual_server group NOPE {\n    protocol TCP\n    lb_algo rr\n    lb_kind NAT\n    real_server 203.0.113.23 80 {\n    }\n}\n`, line: 'group NOPE'}]},
	'template-placeholder': {valid: [BASE], invalid: [{text: mutate('router_id lb1', 'router_id ${router_id}'), line: 'router_id'}]},
	'undefined-parameter': {valid: [`$P=100\n${BASE.replace('priority 100', 'priority $P')}`], invalid: [{text: mutate('priority 100', 'priority $PRIORITY'), line: 'priority'}]},
};

describe('keepalived lint rules', () => {
	it('the clean fixture has no findings at all', () => {
		expect(lint(BASE)).toEqual([]);
	});

	for (const [rule, {valid, invalid}] of Object.entries(CASES)) {
		describe(rule, () => {
			valid.forEach((text, i) =>
				it(`valid #${i + 1}`, () => {
					expect(lint(text).filter(d => d.code === `keepalived/${rule}`)).toEqual([]);
				}),
			);
			invalid.forEach((c, i) =>
				it(`invalid #${i + 1}${c.line ? ` (${c.line.split('\n')[0]})` : ''}`, () => {
					const found = lint(c.text).filter(d => d.code === `keepalived/${rule}`);
					expect(found.length).toBeGreaterThan(0);
					const at = c.line ? found.filter(d => d.line === lineOf(c.text, c.line!)) : found;
					expect(at.length, `${rule} at line ${c.line ? lineOf(c.text, c.line) : '?'}; got ${JSON.stringify(found)}`).toBeGreaterThan(0);
					if (c.suggestion) expect(at.map(d => d.suggestion)).toContain(c.suggestion);
					if (c.message) expect(at.map(d => d.message).join('\n')).toMatch(c.message);
					expect(at[0].severity).toBe(RULES[rule].severity);
				}),
			);
		});
	}

	it('lints the children of a typo-ed block keyword as the block it meant', () => {
		const text = mutate('vrrp_instance VI_1 {', 'vrrp_instanse VI_1 {').replace('priority 100', 'priorty 100');
		const found = lint(text).map(d => [d.code, d.line, d.suggestion]);
		expect(found).toContainEqual(['keepalived/unknown-keyword', lineOf(text, 'vrrp_instanse'), 'vrrp_instance']);
		expect(found).toContainEqual(['keepalived/unknown-keyword', lineOf(text, 'priorty'), 'priority']);
	});

	it('documents every code it emits', () => {
		const texts = Object.values(CASES).flatMap(c => [...c.valid, ...c.invalid.map(i => i.text)]);
		for (const text of texts) for (const d of lint(text)) expect(RULES[d.code.replace('keepalived/', '')], d.code).toBeDefined();
	});
});

describe('keepalived syntax rules run while the model is built', () => {
	it('report what they report over the finished tree, in the same order', () => {
		const texts = [BASE, mutate('lb_algo', 'lb_algox'), mutate('weight', 'weight x'), `${BASE}\n}\n{\n  priority 300\n}\nvirtual_server192.168.10.30 80 {\n  delay_loop 0\n  delay_loop 1\n}\n`];
		for (const text of texts) {
			const [linted] = parseForLint([{path: 'k.conf', text}]);
			const after: Array<Parameters<Report>> = [];
			lintSyntax(linted.parsed.ast, (...args) => after.push(args));
			expect(linted.syntax?.reports).toEqual(after);
			expect(linted.syntax?.error).toBeUndefined();
		}
		expect(parseForLint([{path: 'k.conf', text: texts[3]}])[0].syntax?.reports.length).toBeGreaterThan(3);
	});
});
