import {describe, expect, it} from 'vitest';
import {defineCheck, type Check} from '../../src/doctor/define-check.js';
import {evaluateBundle} from '../../src/doctor/evaluate.js';
import {exitCodeFor} from '../../src/doctor/exit-code.js';
import {Facts} from '../../src/doctor/facts.js';
import {applyFix, mergeBundles, recheckPlan, safeFixCandidates} from '../../src/doctor/fix-apply.js';
import {linkFindings} from '../../src/doctor/root-cause.js';
import {runChecks, selectChecks, unknownPatterns} from '../../src/doctor/run-checks.js';
import {fillTemplate} from '../../src/doctor/template.js';
import {checks} from '../../checks/index.js';
import {ReplayTransport} from '../../src/transport/replay.js';
import {formatText} from '../../src/report/format-text.js';
import {fromConfigs, pairInputs} from '../helpers/from-configs.js';

/** Tiny checks wired like real ones, to test the engine's rules in isolation. */
const probe = (id: string, severity: 'critical' | 'warning' | 'info', options: {explains?: string[]; scope?: 'host' | 'cluster'; hosts?: string[]; throws?: boolean; explainsHosts?: string[]} = {}): Check =>
	defineCheck({
		meta: {id, title: id, severity, scope: options.scope ?? 'cluster', needs: [], explains: options.explains ?? [], messages: {m: '{{id}} on {{host}}'}, explanation: 'x'.repeat(90)},
		evaluate({report, host}) {
			if (options.throws) throw new Error('boom');
			for (const h of options.hosts ?? [host ?? 'lb1']) report({messageId: 'm', host: h, data: {id, host: h}, evidence: [{note: 'n'}], fix: [], ...(options.explainsHosts ? {explainsHosts: options.explainsHosts} : {})});
		},
	});

const bundle = () => fromConfigs(pairInputs());

describe('root-cause linking', () => {
	it('puts a warning-level cause of a critical symptom first and links both ways', () => {
		const registry = [probe('vip.symptom', 'critical', {hosts: ['lb1']}), probe('vrrp.cause', 'warning', {explains: ['vip.symptom'], hosts: ['lb1']}), probe('vrrp.other', 'warning', {hosts: ['lb2']})];
		const report = evaluateBundle(bundle(), {checks: registry});
		expect(report.findings.map(f => f.check)).toEqual(['vrrp.cause', 'vrrp.other', 'vip.symptom']);
		const [cause, , symptom] = report.findings;
		expect(symptom.caused_by).toEqual([cause.id]);
		expect(cause.explains).toEqual([symptom.id]);
		expect(report.summary.rootCauses).toEqual([cause.id, report.findings[1].id]);
	});

	it('links only host-compatible findings unless explainsHosts widens it', () => {
		const registry = [probe('a.cause', 'critical', {explains: ['b.symptom'], hosts: ['lb2']}), probe('b.symptom', 'critical', {hosts: ['lb1']})];
		expect(evaluateBundle(bundle(), {checks: registry}).findings.every(f => f.caused_by.length === 0)).toBe(true);
		const widened = [probe('a.cause', 'critical', {explains: ['b.symptom'], hosts: ['lb2'], explainsHosts: ['lb1', 'lb2']}), probe('b.symptom', 'critical', {hosts: ['lb1']})];
		expect(evaluateBundle(bundle(), {checks: widened}).findings.find(f => f.check === 'b.symptom')!.caused_by).toHaveLength(1);
	});

	it('numbers findings F1… in report order, deterministically', () => {
		const raw = runChecks([probe('x.one', 'info'), probe('x.two', 'critical')], new Facts(bundle())).findings;
		const first = linkFindings(raw).map(f => `${f.id}:${f.check}`);
		expect(first).toEqual(['F1:x.two', 'F2:x.one']);
		expect(linkFindings(raw).map(f => `${f.id}:${f.check}`)).toEqual(first);
	});
});

describe('running checks', () => {
	it('runs host checks once per host and turns a crash into a skip with the reason', () => {
		const result = runChecks([probe('x.host', 'info', {scope: 'host'}), probe('x.crash', 'critical', {throws: true})], new Facts(bundle()));
		expect(result.findings.map(f => f.host)).toEqual(['lb1', 'lb2']);
		expect(result.skipped).toEqual([{check: 'x.crash', reason: 'internal error in check: boom'}]);
	});

	it('skips a check whose needed fact is missing, with the collector reason', () => {
		const b = fromConfigs({lb1: {...pairInputs().lb1}, lb2: {unreachable: 'ssh: connect to host lb2 port 22: Connection refused'}});
		const check = checks.find(c => c.meta.id === 'firewall.vrrp-blocked')!;
		const result = runChecks([check], new Facts(b));
		expect(result.skipped).toEqual([{check: 'firewall.vrrp-blocked', host: 'lb1', reason: 'firewall.ruleset was not collected on lb1'}]);
	});

	it('selects by id, area and glob, and suggests ids for typos', () => {
		const ids = (only: string[], skip: string[] = []) => selectChecks(checks, {only, skip}).map(c => c.meta.id);
		expect(ids(['vip'])).toEqual(checks.map(c => c.meta.id).filter(id => id.startsWith('vip.')));
		expect(ids(['vrrp.*'], ['vrrp.failover-time'])).not.toContain('vrrp.failover-time');
		expect(ids(['*-mismatch'])).toContain('vrrp.auth-mismatch');
		expect(unknownPatterns(checks, ['vip', 'vrp.auth-mismatch'])).toEqual([{pattern: 'vrp.auth-mismatch', suggestion: 'vrrp.auth-mismatch'}]);
	});

	it('fills message placeholders and leaves unknown ones visible', () => {
		expect(fillTemplate('{{a}} and {{ b }} and {{c}}', {a: 1, b: 'two'})).toBe('1 and two and {{c}}');
	});

	it('maps severities to exit codes', () => {
		expect(exitCodeFor([])).toBe(0);
		expect(exitCodeFor([{severity: 'info'}])).toBe(0);
		expect(exitCodeFor([{severity: 'info'}, {severity: 'warning'}])).toBe(1);
		expect(exitCodeFor([{severity: 'warning'}, {severity: 'critical'}])).toBe(2);
		expect(exitCodeFor([{severity: 'critical'}], true)).toBe(3);
	});
});

describe('report', () => {
	it('merges every director\'s VRRP transitions by time and keeps adverts without passwords', () => {
		const log = (lines: string[]) => lines.map(l => `Thu Jan  1 ${l}`).join('\n') + '\n';
		const b = fromConfigs(pairInputs({hosts: {lb1: {log: log(['00:00:03 2025: (VI_1) Entering MASTER STATE'])}, lb2: {log: log(['00:00:01 2025: (VI_1) Entering MASTER STATE', '00:00:05 2025: (VI_1) Entering BACKUP STATE'])}}}));
		const report = evaluateBundle(b);
		expect(report.timeline.map(t => `${t.host} ${t.state}`)).toEqual(['lb2 MASTER', 'lb1 MASTER', 'lb2 BACKUP']);
		expect(report.adverts.length).toBeGreaterThan(0);
		expect(report.adverts.every(a => !('auth' in a) && a.authFingerprint)).toBe(true);
		expect(report.hosts.find(h => h.name === 'lb1')).toMatchObject({roles: ['director'], vips: ['203.0.113.100'], keepalivedVersion: '2.2.7', health: 'ok', vrrpState: 'MASTER'});
	});

	it('cites only the evidence findings use', () => {
		const b = fromConfigs(pairInputs({lb2: {authPass: 'other'}}));
		const report = evaluateBundle(b);
		const cited = new Set(report.findings.flatMap(f => f.evidence.map(e => e.evidenceId).filter(Boolean)));
		expect(Object.keys(report.evidence).sort()).toEqual([...cited].sort());
	});

	it('formats plain text without control characters from hostile output', () => {
		const b = fromConfigs(pairInputs({lb2: {authPass: 'other'}, hosts: {lb2: {log: 'Thu Jan  1 00:00:01 2025: Starting Keepalived v2.2.7\nThu Jan  1 00:00:02 2025: (VI_1) received an invalid passwd! \u001B[2J\n'}}}));
		const text = formatText(evaluateBundle(b));
		expect(text).not.toContain('\u001B');
		expect(text).toContain('␛[2J');
	});
});

describe('--fix plumbing', () => {
	const split = () => evaluateBundle(fromConfigs(pairInputs({hosts: {lb2: {iptables: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p vrrp -j DROP\nCOMMIT\n'}}})));

	it('offers safe fixes root causes first, each once', () => {
		const candidates = safeFixCandidates(split());
		expect(candidates.map(c => [c.finding.check, c.fix.host, c.fix.commands])).toEqual([['firewall.vrrp-blocked', 'lb2', [['iptables', '-I', 'INPUT', '1', '-i', 'eth0', '-s', '203.0.113.11', '-p', 'vrrp', '-j', 'ACCEPT']]]]);
	});

	it('applies writes then commands through the transport and stops at the first failure', async () => {
		const transport = new ReplayTransport('netns:lb2', [
			{argv: ['sysctl', '-w', 'a=1'], stdout: 'a = 1\n'},
			{argv: ['sysctl', '-w', 'b=2'], stderr: 'sysctl: permission denied on key "b"\n', exitCode: 255},
		]);
		const result = await applyFix({host: 'lb2', description: 'd', commands: [['sysctl', '-w', 'a=1'], ['sysctl', '-w', 'b=2'], ['sysctl', '-w', 'c=3']], safe: true}, transport);
		expect(result.ok).toBe(false);
		expect(result.steps.map(s => [s.what, s.ok])).toEqual([['sysctl -w a=1', true], ['sysctl -w b=2', false]]);
		expect(transport.calls.map(c => c.argv.join(' '))).toEqual(['sysctl -w a=1', 'sysctl -w b=2']);
	});

	it('re-checks the fixed checks and their symptoms from fresh facts, without a second capture', () => {
		const report = split();
		const cause = report.findings.find(f => f.check === 'firewall.vrrp-blocked')!;
		const plan = recheckPlan(report, [cause], checks);
		expect(plan.checks).toContain('firewall.vrrp-blocked');
		expect(plan.facts).toContain('firewall.ruleset');
		expect(plan.facts).not.toContain('vrrp.adverts');
		const before = fromConfigs(pairInputs({hosts: {lb2: {iptables: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p vrrp -j DROP\nCOMMIT\n'}}}));
		const after = fromConfigs({lb2: {iptables: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 203.0.113.11 -p vrrp -j ACCEPT\n-A INPUT -p vrrp -j DROP\nCOMMIT\n'}});
		const merged = mergeBundles(before, after);
		expect(merged.hosts.find(h => h.name === 'lb2')!.facts['firewall.ruleset']!.evidence[0]).toMatch(/~fix$/);
		expect(evaluateBundle(merged, {only: plan.checks}).findings.some(f => f.check === 'firewall.vrrp-blocked')).toBe(false);
	});
});
