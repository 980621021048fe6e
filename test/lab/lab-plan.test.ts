import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {main} from '../../src/cli.js';
import {parseSysctlConf} from '../../src/lab/daemons.js';
import {FAULTS} from '../../src/lab/faults.js';
import {switchPortName} from '../../src/lab/network.js';
import {prefixProblem} from '../../src/lab/paths.js';
import {defaultLabTopologyPath, planLab} from '../../src/lab/topology.js';
import {TopologyError} from '../../src/model/diagnostics.js';
import {haproxySocketPath} from '../../src/model/hosts.js';
import {captureIo} from '../helpers/io.js';

// The parts of `lbwiz lab` that need no root: planning the effective topology, names, the CLI's messages.

describe('planLab', () => {
	it('rewrites every transport to the lab namespaces and gives each HAProxy node its own socket', () => {
		const plan = planLab(defaultLabTopologyPath(), 'lbtq1-');
		expect(plan.hosts.map(h => [h.name, h.transport])).toEqual([
			['lb1', 'netns:lbtq1-lb1'],
			['lb2', 'netns:lbtq1-lb2'],
			['web1', 'netns:lbtq1-web1'],
			['web2', 'netns:lbtq1-web2'],
			['client', 'netns:lbtq1-client'],
		]);
		expect(haproxySocketPath(plan.topology, 'lb1')).toBe('/run/lbwiz-lab/lbtq1-/lb1/haproxy.sock');
		expect(haproxySocketPath(plan.topology, 'lb2')).not.toBe(haproxySocketPath(plan.topology, 'lb1'));
		expect(plan.vips).toEqual(['203.0.113.100']);
		expect(plan.prefixLength).toBe(24);
		// The effective file keeps the source's comments and says where it came from.
		expect(plan.text).toMatch(/^# The lbwiz lab 'lbtq1-'/);
		expect(plan.text).toContain('100 - 20 = 80 < 90');
	});

	describe('with a topology of its own', () => {
		let dir: string;
		afterEach(() => rmSync(dir, {recursive: true, force: true}));

		it('adds a client on a free address when the topology names none', () => {
			dir = mkdtempSync(join(tmpdir(), 'lbwiz-lab-plan-'));
			const source = readFileSync(defaultLabTopologyPath(), 'utf8').replace(/^clients:\n(?: {2}- .*\n)+/m, '').replace('203.0.113.21', '203.0.113.50');
			const file = join(dir, 'lab.yaml');
			writeFileSync(file, source);
			const plan = planLab(file, 'lbtq2-');
			const client = plan.hosts.find(h => h.kind === 'client');
			expect(client).toMatchObject({name: 'client', transport: 'netns:lbtq2-client'});
			expect(client?.address).toBe('203.0.113.51');
		});

		it('reports an invalid topology with file:line, not a stack', () => {
			dir = mkdtempSync(join(tmpdir(), 'lbwiz-lab-plan-'));
			const file = join(dir, 'bad.yaml');
			writeFileSync(file, readFileSync(defaultLabTopologyPath(), 'utf8').replace('virtual_router_id: 51', 'virtual_router_id: 300'));
			expect(() => planLab(file, 'lbtq3-')).toThrow(TopologyError);
			expect(() => planLab(file, 'lbtq3-')).toThrow(/bad\.yaml:\d+:\d+/);
		});
	});
});

describe('names', () => {
	it('accepts short lowercase prefixes and explains the rule otherwise', () => {
		for (const ok of ['lbwiz-', 'lbtx9a-', 'lab2', 'a-']) expect(prefixProblem(ok)).toBeUndefined();
		for (const bad of ['', '-x', 'LB-', 'lb_1-', 'averyverylongprefix-', 'a b']) expect(prefixProblem(bad)).toMatch(/invalid lab prefix/);
	});

	it('keeps switch-side interface names within 15 characters', () => {
		expect(switchPortName('lb1', 0)).toBe('v-lb1');
		expect(switchPortName('a-very-long-hostname', 3)).toBe('v-h3');
	});
});

describe('fault registry', () => {
	it('has unique names, including those the issue asks for', () => {
		const names = FAULTS.map(f => f.name);
		expect(new Set(names).size).toBe(names.length);
		for (const required of ['vrrp-blocked', 'auth-mismatch', 'vrid-mismatch', 'priority-inversion', 'keepalived-stopped', 'haproxy-stopped', 'realserver-down', 'arp-sysctl', 'realserver-lo-missing', 'config-typo', 'split-brain-firewall']) {
			expect(names).toContain(required);
		}
	});
});

describe('parseSysctlConf', () => {
	it('reads key = value lines, skipping comments and the ignore-errors dash', () => {
		expect(parseSysctlConf('# c\n; c\n\nnet.ipv4.ip_nonlocal_bind = 1\n-net.ipv4.conf.all.arp_ignore=1\n')).toEqual([
			['net.ipv4.ip_nonlocal_bind', '1'],
			['net.ipv4.conf.all.arp_ignore', '1'],
		]);
	});
});

describe('lbwiz lab (CLI messages)', () => {
	afterEach(() => vi.restoreAllMocks());

	it('says root is needed, without a stack trace', async () => {
		vi.spyOn(process, 'getuid').mockReturnValue(1000);
		const {io, stderr} = captureIo();
		expect(await main(['lab', 'up'], io)).toBe(1);
		expect(stderr()).toMatch(/^lbwiz lab up: lbwiz lab needs root .*sudo\n$/);
	});

	it('rejects a missing or unknown action, and break without a fault', async () => {
		for (const [argv, pattern] of [
			[['lab'], /which lab action\?/],
			[['lab', 'explode'], /unknown lab action 'explode'/],
			[['lab', 'break'], /which fault\? one of: vrrp-blocked/],
			[['lab', 'up', '--timeout', 'soon'], /--timeout takes a number of seconds/],
		] as const) {
			const {io, stderr} = captureIo();
			expect(await main([...argv], io)).toBe(2);
			expect(stderr()).toMatch(pattern);
		}
	});

	it('lists the faults, and documents them in --help', async () => {
		const listed = captureIo();
		expect(await main(['lab', 'faults'], listed.io)).toBe(0);
		const help = captureIo();
		expect(await main(['lab', '--help'], help.io)).toBe(0);
		for (const fault of FAULTS) {
			expect(listed.stdout()).toContain(fault.name);
			expect(help.stdout()).toContain(fault.name);
		}
		expect(help.stdout()).toMatch(/Examples:/);
	});
});
