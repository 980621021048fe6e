import {expect, it, vi} from 'vitest';
import type {DoctorReport} from '../../src/doctor/report-model.js';
import {FAULTS, labBreak, labHeal} from '../../src/lab/lab.js';
import {doctorCli, doctorLabPrefix, expectOneCaptureWindow, findingLines, firstRootCause, useSuiteLab} from '../helpers/lab-fixture.js';
import {describeLab} from '../lab/lab-helpers.js';

vi.mock('../../src/collect/collect-hosts.js', async importOriginal => (await import('../helpers/lab-fixture.js')).recordingCollectModule(await importOriginal<typeof import('../../src/collect/collect-hosts.js')>()));

/**
The doctor against the real lab (root only): the healthy lab gives no warning and no critical; for every
lab fault, `lbwiz doctor --topology <lab> --json` through netns transports, in one capture window, names
the injected fault's check as the first root cause, on the host the fault was injected on, with evidence
and a fix for that host.

Where two checks could claim a fault, the root cause is the one whose fix removes the fault:
- priority-inversion → vrrp.priority-order: the VIP on lb2 (vip.unexpected-holder) is the symptom; the
  cause is lb2's priority configured above the MASTER's, and the fix is that priority line on lb2.
- realserver-down → realserver.unreachable on web1: HAProxy marking web1 DOWN (haproxy.backend-down on the
  directors) is the symptom of web1 not answering on its port; the fix is on web1.
*/
type Expectation = {check: string; host: string | string[]};
const EXPECTED: Record<string, Expectation> = {
	'vrrp-blocked': {check: 'firewall.vrrp-blocked', host: 'lb2'},
	'split-brain-firewall': {check: 'firewall.vrrp-blocked', host: ['lb1', 'lb2']},
	'auth-mismatch': {check: 'vrrp.auth-mismatch', host: 'lb2'},
	'vrid-mismatch': {check: 'vrrp.vrid-mismatch', host: 'lb2'},
	'priority-inversion': {check: 'vrrp.priority-order', host: 'lb2'},
	'keepalived-stopped': {check: 'service.keepalived-down', host: 'lb1'},
	'haproxy-stopped': {check: 'service.haproxy-down', host: 'lb1'},
	'realserver-down': {check: 'realserver.unreachable', host: 'web1'},
	'arp-sysctl': {check: 'arp.realserver-sysctl', host: 'web1'},
	'realserver-lo-missing': {check: 'vip.realserver-lo-missing', host: 'web1'},
	'config-typo': {check: 'config.syntax', host: 'lb2'},
	'vrrp-strict': {check: 'vrrp.strict-no-accept', host: ['lb1', 'lb2']},
};

const prefix = doctorLabPrefix();

/** Asserts the report names `expected` first (and, for faults on several hosts, as the root cause on each). */
function expectFirstRootCause(report: DoctorReport, expected: Expectation): void {
	const lines = findingLines(report).join('\n');
	const first = firstRootCause(report);
	expect(report.findings[0]?.id, `findings[0] is the first root cause\n${lines}`).toBe(report.summary.rootCauses[0]);
	expect(first?.check, `first root cause\n${lines}`).toBe(expected.check);
	const hosts = typeof expected.host === 'string' ? [expected.host] : expected.host;
	expect(hosts, `first root cause's host\n${lines}`).toContain(first!.host);
	const causes = report.summary.rootCauses.map(id => report.findings.find(f => f.id === id)!);
	for (const host of hosts) expect(causes.some(c => c.check === expected.check && c.host === host), `${expected.check} on ${host} is a root cause\n${lines}`).toBe(true);
	// Evidence: what it relied on, resolvable in the report.
	expect(first!.evidence.length, 'evidence').toBeGreaterThan(0);
	for (const ref of first!.evidence) if (ref.evidenceId) expect(report.evidence[ref.evidenceId], `evidence ${ref.evidenceId}`).toBeDefined();
	expect(first!.evidence.some(ref => ref.excerpt || ref.evidenceId || ref.file), 'evidence cites output or a config line').toBe(true);
	// A fix for the host the fault is on: commands or a config change.
	expect(first!.fix.filter(f => f.host === first!.host && ((f.commands?.length ?? 0) > 0 || f.change || (f.writes?.length ?? 0) > 0)), `a fix on ${first!.host}`).not.toEqual([]);
	expect(report.summary.exitCode).toBe(report.summary.critical > 0 ? 2 : 1);
}

describeLab('lbwiz doctor on the lab: healthy, then every lab fault', () => {
	const suite = useSuiteLab('lab-faults', prefix);

	it('has an expected root cause for every lab fault', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual(FAULTS.map(f => f.name).sort());
	});

	it('finds no warning and no critical on the healthy lab, in one capture window', async () => {
		const started = Date.now();
		const run = await doctorCli(suite.lab.topologyPath, '--json');
		suite.timings.push(`healthy doctor ${Date.now() - started} ms`);
		const report = run.report!;
		expect(run.stderr).toBe('');
		expect(report.hosts.map(h => h.name)).toEqual(['lb1', 'lb2', 'web1', 'web2', 'client']);
		expect(report.hosts.every(h => h.reachable)).toBe(true);
		expect(expectOneCaptureWindow(run, suite.seconds).sort()).toEqual(['lb1', 'lb2']);
		const info = report.findings.filter(f => f.severity === 'info');
		console.log(`[lab-faults] healthy lab, info findings:\n  ${info.map(f => `${f.check}@${f.host ?? '-'}: ${f.message}`).join('\n  ') || '(none)'}`);
		expect(report.findings.filter(f => f.severity !== 'info').map(f => `${f.check}@${f.host ?? '-'}: ${f.message}`)).toEqual([]);
		expect(report.summary.exitCode).toBe(0);
		expect(run.code).toBe(0);
	}, 60_000);

	for (const fault of FAULTS.map(f => f.name)) {
		const expected = EXPECTED[fault] ?? {check: '(none)', host: '-'};
		it(`${fault}: the first root cause is ${expected.check} on ${[expected.host].flat().join(' and ')}`, async () => {
			const started = Date.now();
			const broken = await labBreak({prefix, fault});
			const brokeAt = Date.now();
			try {
				expect(broken.effect?.seen ?? true, `the lab shows ${fault}: ${broken.effect?.describe ?? ''}`).toBe(true);
				const run = await doctorCli(suite.lab.topologyPath, '--json');
				const doneAt = Date.now();
				suite.timings.push(`${fault}: break ${brokeAt - started} ms, doctor ${doneAt - brokeAt} ms`);
				console.log(`[lab-faults] ${fault}:\n  ${findingLines(run.report!).join('\n  ')}`);
				expectOneCaptureWindow(run, suite.seconds);
				expectFirstRootCause(run.report!, expected);
				expect(run.code).toBe(run.report!.summary.exitCode);
			} finally {
				const healStarted = Date.now();
				const healed = await labHeal({prefix});
				suite.timings.push(`${fault}: heal ${Date.now() - healStarted} ms`);
				expect(healed.healthy, `the lab is healthy again after ${fault}: ${healed.problems.join('; ')}`).toBe(true);
			}
		}, 120_000);
	}
});
