import {existsSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import type {DoctorReport} from '../../src/doctor/report-model.js';
import {labBreak, labDown, labHeal, labUp} from '../../src/lab/lab.js';
import {captureIo} from '../helpers/io.js';

/**
The doctor against the real lab (root only): for every lab fault, `lbwiz doctor --topology <lab> --json`
through netns transports must name the injected fault's check as the first root cause, with one capture
window; the healthy lab must give no warning and no critical; `--fix --yes` must heal what it can.
*/
const canRun = process.getuid?.() === 0 && ['/usr/sbin/keepalived', '/usr/sbin/haproxy', '/usr/bin/tcpdump'].some(existsSync) && existsSync('/usr/sbin/nft');
const prefix = 'lbtdoc';
let topologyPath = '';

async function doctor(...argv: string[]): Promise<{code: number; report?: DoctorReport; stdout: string; stderr: string}> {
	const c = captureIo();
	const code = await main(['doctor', '--topology', topologyPath, ...argv], c.io);
	const stdout = c.stdout();
	return {code, stdout, stderr: c.stderr(), ...(argv.includes('--json') ? {report: JSON.parse(stdout) as DoctorReport} : {})};
}

const firstRootCause = (report: DoctorReport) => report.findings.find(f => f.id === report.summary.rootCauses[0]);

describe.skipIf(!canRun).sequential('lbwiz doctor on the lab (network namespaces)', () => {
	beforeAll(async () => {
		await labDown({prefix});
		topologyPath = (await labUp({prefix})).topologyPath;
	}, 180_000);
	afterAll(async () => {
		await labDown({prefix});
	}, 180_000);

	it('finds no warning and no critical on the healthy lab, in one capture window', async () => {
		const {code, report, stderr} = await doctor('--json');
		expect(stderr).toBe('');
		expect(report!.findings.filter(f => f.severity !== 'info').map(f => `${f.check}: ${f.message}`)).toEqual([]);
		expect(code).toBe(0);
		expect(report!.source.captureSeconds).toBe(4);
		expect(report!.hosts.map(h => h.name)).toEqual(['lb1', 'lb2', 'web1', 'web2', 'client']);
	}, 60_000);

	it.each([
		['vrrp-blocked', 'firewall.vrrp-blocked', 'lb2'],
		['split-brain-firewall', 'firewall.vrrp-blocked', undefined],
		['auth-mismatch', 'vrrp.auth-mismatch', 'lb2'],
		['vrid-mismatch', 'vrrp.vrid-mismatch', 'lb2'],
		['priority-inversion', 'vrrp.priority-order', 'lb1'],
		['keepalived-stopped', 'service.keepalived-down', 'lb1'],
		['haproxy-stopped', 'service.haproxy-down', 'lb1'],
		['realserver-down', 'realserver.unreachable', 'web1'],
		['arp-sysctl', 'arp.realserver-sysctl', 'web1'],
		['realserver-lo-missing', 'vip.realserver-lo-missing', 'web1'],
		['config-typo', 'config.syntax', 'lb2'],
		['vrrp-strict', 'vrrp.strict-no-accept', 'lb1'],
	])('%s: the first root cause is %s', async (fault, check, host) => {
		await labBreak({prefix, fault});
		try {
			const {code, report} = await doctor('--json');
			const first = firstRootCause(report!);
			expect(first?.check, JSON.stringify(report!.findings.map(f => `${f.id} ${f.check}@${f.host ?? '-'} <${f.caused_by.join(',')}`))).toBe(check);
			if (host) expect(first?.host).toBe(host);
			expect(first!.evidence.length).toBeGreaterThan(0);
			expect(first!.fix.length).toBeGreaterThan(0);
			expect(code).toBe(report!.summary.critical > 0 ? 2 : 1);
		} finally {
			await labHeal({prefix});
		}
	}, 120_000);

	it('--fix --yes heals vrrp-blocked through the netns transport and re-checks', async () => {
		await labBreak({prefix, fault: 'vrrp-blocked'});
		try {
			const {code, stdout} = await doctor('--plain', '--fix', '--yes');
			expect(stdout).toContain('ok   nft insert rule inet lbwiz_fault input');
			expect(stdout).toMatch(/passes now\s+firewall\.vrrp-blocked on lb2/);
			expect(stdout).toMatch(/resolved\s+vip\.split-brain/);
			expect(code).toBe(0);
		} finally {
			await labHeal({prefix});
		}
	}, 120_000);
});
