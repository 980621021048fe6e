import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import type {Bundle} from '../../src/collect/types.js';
import type {DoctorReport} from '../../src/doctor/report-model.js';
import {runDoctor} from '../../src/doctor/run-doctor.js';
import {captureIo} from '../helpers/io.js';
import {fromConfigs, pairInputs, tcpdumpAdverts} from '../helpers/from-configs.js';

const dir = mkdtempSync(join(tmpdir(), 'lbwiz-doctor-test-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const nftDrop = JSON.stringify({nftables: [
	{metainfo: {version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1}},
	{table: {family: 'inet', name: 'lbwiz_fault', handle: 1}},
	{chain: {family: 'inet', table: 'lbwiz_fault', name: 'input', handle: 1, type: 'filter', hook: 'input', prio: -10, policy: 'accept'}},
	{rule: {family: 'inet', table: 'lbwiz_fault', chain: 'input', handle: 2, expr: [{match: {op: '==', left: {payload: {protocol: 'ip', field: 'protocol'}}, right: 'vrrp'}}, {counter: {packets: 4, bytes: 160}}, {drop: null}]}},
]});

/** The lab's vrrp-blocked incident as text: lb2 drops VRRP, both hold the VIP. */
const splitBrain = () =>
	fromConfigs(
		pairInputs({
			hosts: {
				lb1: {tcpdump: tcpdumpAdverts('203.0.113.11') + tcpdumpAdverts('203.0.113.12', {prio: 90})},
				lb2: {nft: nftDrop, addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.12/24', '203.0.113.100/24']}, tcpdump: tcpdumpAdverts('203.0.113.11') + tcpdumpAdverts('203.0.113.12', {prio: 90})},
			},
		}),
		{scenario: 'vrrp-blocked'},
	);

function bundleFile(name: string, bundle: Bundle): string {
	const path = join(dir, `${name}.json`);
	writeFileSync(path, JSON.stringify(bundle));
	return path;
}

async function doctor(...argv: string[]) {
	const c = captureIo({cwd: dir});
	const code = await main(['doctor', ...argv], c.io);
	return {code, stdout: c.stdout(), stderr: c.stderr()};
}

describe('lbwiz doctor --from', () => {
	it('prints the root cause first, its symptom under it, the evidence and the fix, and exits 2', async () => {
		const {code, stdout} = await doctor('--from', bundleFile('split', splitBrain()));
		expect(code).toBe(2);
		const cause = stdout.indexOf('CRITICAL firewall.vrrp-blocked on lb2');
		const symptom = stdout.indexOf('symptom: CRITICAL vip.split-brain');
		expect(cause).toBeGreaterThan(0);
		expect(symptom).toBeGreaterThan(cause);
		expect(stdout).toMatch(/Root cause: firewall\.vrrp-blocked on lb2/);
		expect(stdout).toContain('lbwiz_fault');
		expect(stdout).toContain('$ nft insert rule inet lbwiz_fault input iifname eth0 ip saddr 203.0.113.11 ip protocol vrrp accept');
		expect(stdout).toMatch(/Exit status 2/);
	});

	it('--json prints the documented DoctorReport with caused_by links', async () => {
		const {code, stdout} = await doctor('--from', bundleFile('split-json', splitBrain()), '--json');
		expect(code).toBe(2);
		const report = JSON.parse(stdout) as DoctorReport;
		expect(report.schemaVersion).toBe(1);
		expect(report.tool.name).toBe('lbwiz');
		expect(report.source.kind).toBe('bundle');
		for (const finding of report.findings) {
			for (const key of ['id', 'check', 'severity', 'title', 'message', 'evidence', 'fix', 'caused_by', 'doc']) expect(finding, `${finding.check} lacks ${key}`).toHaveProperty(key);
		}
		const cause = report.findings.find(f => f.check === 'firewall.vrrp-blocked')!;
		const symptom = report.findings.find(f => f.check === 'vip.split-brain')!;
		expect(cause.host).toBe('lb2');
		expect(symptom.caused_by).toContain(cause.id);
		expect(report.summary.rootCauses[0]).toBe(cause.id);
		expect(report.findings[0].id).toBe(cause.id);
		expect(report.summary.exitCode).toBe(2);
		expect(report.findings.map(f => f.check).filter(c => c !== 'vrrp.failover-time')).toEqual(['firewall.vrrp-blocked', 'vip.split-brain']);
		expect(JSON.stringify(report)).not.toContain('lab-pass');
	});

	it('exits 0 on a healthy pair (info findings only) and 1 with warnings only', async () => {
		const healthy = await doctor('--from', bundleFile('healthy', fromConfigs(pairInputs())));
		expect(healthy.stdout).not.toMatch(/CRITICAL|WARNING/);
		expect(healthy.code).toBe(0);
		const warning = await doctor('--from', bundleFile('warn', fromConfigs(pairInputs({lb1: {routerId: 'LVS_DEVEL'}, lb2: {routerId: 'LVS_DEVEL'}}))));
		expect(warning.stdout).toContain('WARNING vrrp.router-id-duplicate on lb2');
		expect(warning.code).toBe(1);
	});

	it('--only and --skip select checks by id, area or glob', async () => {
		const path = bundleFile('split-only', splitBrain());
		const only = JSON.parse((await doctor('--from', path, '--json', '--only', 'vip')).stdout) as DoctorReport;
		expect(only.findings.map(f => f.check)).toEqual(['vip.split-brain']);
		expect(only.checksRun?.every(id => id.startsWith('vip.'))).toBe(true);
		const skipped = JSON.parse((await doctor('--from', path, '--json', '--skip', 'firewall.vrrp-blocked,vrrp.*')).stdout) as DoctorReport;
		expect(skipped.findings.some(f => f.check === 'firewall.vrrp-blocked')).toBe(false);
		expect(skipped.findings.find(f => f.check === 'vip.split-brain')?.caused_by).toEqual([]);
	});

	it('--fix on a bundle prints the safe fixes it would run and changes nothing', async () => {
		const {code, stdout} = await doctor('--from', bundleFile('split-fix', splitBrain()), '--fix');
		expect(code).toBe(2);
		expect(stdout).toMatch(/--fix: 1 safe fix\(es\) \(from a bundle: showing what would run on each host\)/);
		expect(stdout).toContain('lb2$ nft insert rule inet lbwiz_fault input');
	});

	it('--report FILE writes the incident report as well', async () => {
		const {code, stderr} = await doctor('--from', bundleFile('split-report', splitBrain()), '--report', 'incident.md');
		expect(code).toBe(2);
		expect(stderr).toContain('Report written to incident.md');
		const markdown = readFileSync(join(dir, 'incident.md'), 'utf8');
		expect(markdown).toContain('firewall.vrrp-blocked');
		expect(markdown).not.toContain('lab-pass');
	});

	it('exits 3 when no host of the bundle was reachable', async () => {
		const bundle = fromConfigs({lb1: {unreachable: 'ssh: connect to host lb1 port 22: No route to host'}});
		const {code, stdout} = await doctor('--from', bundleFile('unreachable', bundle));
		expect(code).toBe(3);
		expect(stdout).toMatch(/ERROR: no host reachable: lb1 \(ssh: connect to host lb1/);
	});
});

describe('lbwiz doctor on one host', () => {
	it('lists the peers it saw but did not collect, with how to add them', async () => {
		const {code, stdout} = await doctor('--from', bundleFile('single', fromConfigs({lb2: pairInputs().lb2})));
		expect(code).toBe(0);
		expect(stdout).toMatch(/Not collected .*\n  203\.0\.113\.11: VRRP adverts \(VRID 51\) seen by lb2 — e\.g\. --host NAME=ssh:\/\/root@203\.0\.113\.11/);
	});
});

describe('lbwiz doctor --demo', () => {
	it.skipIf(!existsSync(join(import.meta.dirname, '..', '..', 'fixtures', 'bundles', 'split-brain-firewall', 'bundle.json')))('runs on the recorded split-brain incident, root cause first', async () => {
		const {code, stdout} = await doctor('--demo', '--json');
		expect(code).toBe(2);
		const report = JSON.parse(stdout) as DoctorReport;
		expect(report.source.kind).toBe('demo');
		expect(report.findings[0].check).toBe('firewall.vrrp-blocked');
		expect(report.findings.find(f => f.check === 'vip.split-brain')!.caused_by.length).toBe(2);
	});
});

describe('lbwiz doctor: bad input exits 3 with a clear message', () => {
	it.each([
		[['--from', 'missing.json'], /cannot read bundle .*missing\.json: no such file/],
		[['--capture-seconds', 'soon'], /--capture-seconds 'soon': expected a number of seconds/],
		[['--only', 'vrrp.auth-mismatc'], /unknown check 'vrrp\.auth-mismatc' \(did you mean 'vrrp\.auth-mismatch'\?\)/],
		[['--host', 'lb1'], /--host 'lb1': expected NAME=SPEC/],
		[['--host', 'lb1=telnet://x'], /--host lb1=telnet:\/\/x: invalid transport/],
		[['--from', 'a.json', '--topology', 'lbwiz.yaml'], /cannot be combined with --topology or --host/],
		[['--json', '--fix'], /cannot be combined with --json/],
		[['--frobnicate'], /Unknown option '--frobnicate'/],
		[['--from', 'a.json', '--report', 'out.pdf'], /--report: cannot tell the report format of 'out\.pdf'/],
	])('%j', async (argv, message) => {
		const {code, stderr} = await doctor(...argv);
		expect(code).toBe(3);
		expect(stderr).toMatch(message);
		expect(stderr).not.toMatch(/\n\s+at /);
	});

	it('rejects a file that is not a bundle', async () => {
		const path = join(dir, 'not-a-bundle.json');
		writeFileSync(path, '{"hello": 1}\n');
		const {code, stderr} = await doctor('--from', path);
		expect(code).toBe(3);
		expect(stderr).toMatch(/not an lbwiz bundle/);
	});

	it('rejects invalid JSON with its line', async () => {
		const path = join(dir, 'broken.json');
		writeFileSync(path, '{\n  "schemaVersion": 1,\n  "hosts": [\n}\n');
		const {code, stderr} = await doctor('--from', path);
		expect(code).toBe(3);
		expect(stderr).toMatch(/broken\.json:4:1: not JSON \(/);
	});
});

describe('lbwiz doctor --list-checks', () => {
	it('lists every check id', async () => {
		const {code, stdout} = await doctor('--list-checks');
		expect(code).toBe(0);
		expect(stdout).toMatch(/^vrrp\.auth-mismatch\s+critical\s+VRRP peers disagree on authentication$/m);
	});
});

describe('runDoctor', () => {
	it('collects through the collect engine with one capture window of 3 × advert_int + 1 s, then evaluates', async () => {
		const calls: Array<{captureSeconds: number; hosts: string[]}> = [];
		const {report} = await runDoctor({
			targets: [{name: 'lb1', spec: 'netns:lb1'}, {name: 'lb2', spec: 'netns:lb2'}],
			collect: async options => {
				calls.push({captureSeconds: options.captureSeconds, hosts: options.hosts.map(h => h.name)});
				return splitBrain();
			},
		});
		expect(calls).toEqual([{captureSeconds: 4, hosts: ['lb1', 'lb2']}]);
		expect(report.source.kind).toBe('live');
		expect(report.findings[0].check).toBe('firewall.vrrp-blocked');
	});
});
