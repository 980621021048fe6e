import check from './syntax.js';
import {describe, expect, it} from 'vitest';
import {checkTester, evaluateCheck, loadBundle} from '../../test/helpers/check-tester.js';
import type {Bundle} from '../../src/collect/types.js';
import {fromConfigs, keepalivedConf, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const typo = () => pairInputs({lb2: {priority: null, extra: ['priorty 90']}, hosts: {lb2: {log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7 (01/16,2022)\nThu Jan  1 00:00:01 2025: (Line 12) Unknown keyword \'priorty\'\n'}}});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'clean configs', bundle: () => fromConfigs(pairInputs())}],
	invalid: [
		{name: 'recorded config-typo', bundle: 'config-typo', findings: [{host: 'lb2', severity: 'critical', message: /priorty/}]},
		{name: "'priorty 90' (the lab's typo)", bundle: () => fromConfigs(typo()), findings: [{messageId: 'lint', host: 'lb2', severity: 'critical', message: /priorty.*did you mean 'priority'/}]},
		{name: "seed 000's missing space before the address", bundle: () => fromConfigs({lb1: {...pairInputs().lb1, keepalived: keepalivedConf({routerId: 'lb1', virtualServers: 'virtual_server192.168.10.30 80 {\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n    real_server 192.168.10.21 80 {\n        weight 1\n    }\n}'})}}), findings: [{messageId: 'lint', host: 'lb1', severity: 'critical', message: /virtual_server192.*did you mean 'virtual_server 192\.168\.10\.30'/}]},
	],
});

describe('config.syntax fixes', () => {
	it('a keepalived typo: validate, then reload keepalived (as the description says)', () => {
		const {findings} = evaluateCheck(check, fromConfigs(typo()));
		expect(findings[0].fix[0].commands).toEqual([
			['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf'],
			['systemctl', 'reload', 'keepalived'],
		]);
	});

	it('a keepalived validator failure: validate and reload too', () => {
		const inputs = pairInputs({hosts: {lb1: {validation: [{tool: 'keepalived', output: 'Thu Jan  1 00:00:01 2025: (Line 3) Fatal: something is missing', exitCode: 1}]}}});
		const {findings} = evaluateCheck(check, fromConfigs(inputs));
		const validator = findings.find(f => f.messageId === 'validator');
		expect(validator?.fix[0].commands).toEqual([
			['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf'],
			['systemctl', 'reload', 'keepalived'],
		]);
	});

	it('an HAProxy error without an init system (recorded lab): haproxy -c, then a new HAProxy takes over from the running pid, as /etc/default/haproxy runs it', () => {
		const bundle = loadBundle('config-typo')!;
		// lb1's HAProxy runs in the foreground, started from /etc/default/haproxy (PIDFILE written for it)
		const lb1 = bundle.hosts.find(h => h.name === 'lb1')!.facts;
		const running = lb1['process.list']?.status === 'ok' ? lb1['process.list'].value.filter(p => p.comm === 'haproxy') : [];
		expect(running.map(p => p.args)).toEqual([['haproxy', '-db', '-f', '/etc/haproxy/haproxy.cfg']]);
		const pidFile = lb1['service.defaults']?.status === 'ok' ? lb1['service.defaults'].value.files.find(f => f.name === 'haproxy')?.vars.PIDFILE : undefined;
		expect(pidFile).toMatch(/\/lb1\/haproxy\.pid$/);
		const typo: Bundle = {
			...bundle,
			hosts: bundle.hosts.map(h => {
				const config = h.facts['haproxy.config'];
				if (h.name !== 'lb1' || config?.status !== 'ok') return h;
				return {...h, facts: {...h.facts, 'haproxy.config': {...config, value: {...config.value, files: config.value.files.map(f => ({...f, content: f.content.replace('balance roundrobin', 'balanse roundrobin')}))}}}};
			}),
		};
		const haproxy = evaluateCheck(check, typo).findings.find(f => f.host === 'lb1' && /balanse/.test(f.message));
		expect(haproxy?.fix[0].commands).toEqual([
			['haproxy', '-c', '-f', '/etc/haproxy/haproxy.cfg'],
			['haproxy', '-D', '-p', pidFile, '-f', '/etc/haproxy/haproxy.cfg', '-sf', String(running[0].pid)],
		]);
	});

	it('an HAProxy error: haproxy -c, then reload haproxy', () => {
		const inputs = {lb1: {...pairInputs().lb1, haproxy: 'global\n\tmaxconn 10\n\ndefaults\n\tmode http\n\ttimeout client 1s\n\ttimeout server 1s\n\ttimeout connect 1s\n\nfrontend f\n\tbind *:80\n\tdefault_backend b\n\nbackend b\n\tbalanse roundrobin\n\tserver s1 203.0.113.31:80 check\n', systemctl: {keepalived: 'active', haproxy: 'active'}}};
		const {findings} = evaluateCheck(check, fromConfigs(inputs));
		const haproxy = findings.find(f => f.fix[0].commands?.[0][0] === 'haproxy');
		expect(haproxy, JSON.stringify(findings.map(f => f.message))).toBeDefined();
		expect(haproxy!.fix[0].commands).toEqual([
			['haproxy', '-c', '-f', '/etc/haproxy/haproxy.cfg'],
			['systemctl', 'reload', 'haproxy'],
		]);
	});
});
