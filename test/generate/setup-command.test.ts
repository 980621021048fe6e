import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {planSetup} from '../../src/generate/setup-plan.js';
import {captureIo} from '../helpers/io.js';

let dir = '';
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'lbwiz-setup-'));
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('lbwiz setup --answers', () => {
	it('prints the plan per host without writing anything', async () => {
		const cap = captureIo();
		expect(await main(['setup', '--answers', 'fixtures/topologies/lab.yaml'], cap.io)).toBe(0);
		expect(cap.stdout()).toContain('Plan for lab (fixtures/topologies/lab.yaml): 4 hosts, 8 files, 6 commands');
		expect(cap.stdout()).toMatch(/lb1 {2}vrrp, haproxy {2}via netns:lbwiz-lb1\n {2}files:\n {4}0640 +\d+ B {2}\/etc\/keepalived\/keepalived.conf/);
		expect(cap.stdout()).toContain('$ keepalived -t -f /etc/keepalived/keepalived.conf');
		expect(cap.stderr()).toBe('');
	});

	it('--out writes DIR/<host>/<absolute path> with the modes', async () => {
		const cap = captureIo();
		expect(await main(['setup', '--answers', 'fixtures/topologies/lvs-dr-multiport.yaml', '--out', dir], cap.io)).toBe(0);
		const conf = await readFile(join(dir, 'lvs-200-104/etc/keepalived/keepalived.conf'), 'utf8');
		expect(conf).toContain('router_id LVS_200_104');
		expect((await stat(join(dir, 'rs-200-101/etc/init.d/lvs-realsvr'))).mode & 0o777).toBe(0o755);
		expect((await stat(join(dir, 'lvs-200-105/etc/keepalived/keepalived.conf'))).mode & 0o777).toBe(0o640);
		expect(cap.stdout()).toContain(`Wrote 6 files under ${dir}/<host>/`);
	});

	it('--host restricts the plan and the files', async () => {
		const cap = captureIo();
		expect(await main(['setup', '--answers', 'fixtures/topologies/three-tier.yaml', '--host', 'ha1', '--host', 'lvs2', '--out', dir], cap.io)).toBe(0);
		expect(cap.stdout()).toContain('2 hosts');
		await expect(stat(join(dir, 'lvs1'))).rejects.toThrow();
		expect(await readFile(join(dir, 'ha1/etc/sysconfig/network-scripts/ifcfg-lo:0'), 'utf8')).toContain('DEVICE=lo:0');
	});

	it('an unknown --host is a usage error with a suggestion', async () => {
		const cap = captureIo();
		expect(await main(['setup', '--answers', 'fixtures/topologies/lab.yaml', '--host', 'lb3'], cap.io)).toBe(2);
		expect(cap.stderr()).toContain("no host 'lb3' in the topology; did you mean 'lb1'?");
	});

	it('an invalid topology prints file:line:col diagnostics, no stack, exit 1', async () => {
		const file = join(dir, 'bad.yaml');
		await writeFile(file, 'name: bad\ndirectors:\n  - {name: lb1, address: 203.0.113.11, state: MASTER, priority: 100}\nvrrp:\n  virtual_router_id: 256\n  vips: [203.0.113.100/24]\n');
		const cap = captureIo();
		expect(await main(['setup', '--answers', file, '--out', dir], cap.io)).toBe(1);
		expect(cap.stderr()).toContain(`${file}:5:22: error topology/out-of-range vrrp.virtual_router_id: 256 is not allowed; allowed: an integer from 1 to 255`);
		expect(cap.stderr()).not.toMatch(/\n\s+at /);
		expect(cap.stdout()).toBe('');
	});

	it('a missing file is reported, not thrown', async () => {
		const cap = captureIo();
		expect(await main(['setup', '--answers', join(dir, 'nope.yaml')], cap.io)).toBe(1);
		expect(cap.stderr()).toContain('no such file');
	});

	it('warnings go to stderr and do not stop the plan', async () => {
		const file = join(dir, 'warn.yaml');
		await writeFile(file, (await readFile('fixtures/topologies/haproxy-standalone.yaml', 'utf8')).replace('password: "Qm4-stats"', 'password: "admin"'));
		const cap = captureIo();
		expect(await main(['setup', '--answers', file], cap.io)).toBe(0);
		expect(cap.stderr()).toMatch(/warning topology\/stats-default-credentials/);
		expect(cap.stderr()).not.toContain('admin:admin');
	});

	it('without --answers and without a terminal: usage error', async () => {
		const cap = captureIo();
		expect(await main(['setup'], cap.io)).toBe(2);
		expect(cap.stderr()).toContain('--answers');
	});

	it('planSetup is usable without the command', async () => {
		const plan = await planSetup({answers: 'fixtures/topologies/keepalived-haproxy-pair.yaml', hosts: ['haproxy2']});
		expect(plan.hosts.map(h => h.host)).toEqual(['haproxy2']);
		expect(plan.hosts[0].files.map(f => f.path)).toEqual(['/etc/keepalived/keepalived.conf', '/etc/keepalived/check_haproxy.sh', '/etc/haproxy/haproxy.cfg']);
	});
});
