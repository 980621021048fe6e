/**
End to end in real network namespaces (root only): bare hosts — the lab's namespaces and addresses,
keepalived and HAProxy installed, no configuration (empty /etc/netns/<ns>/{keepalived,haproxy,sysctl.d})
— set up by `lbwiz setup --apply --yes` through netns: transports, with the "no init system" path.
Host names carry a random tag, so the journals, pid files and logs under /var/lib/lbwiz, /run/lbwiz
and /var/log/lbwiz are this run's alone; everything is removed in afterAll.
*/
import {createHash, randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseDocument} from 'yaml';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {startHttpd} from '../../src/lab/daemons.js';
import {labDown, labUp} from '../../src/lab/lab.js';
import {defaultLabTopologyPath} from '../../src/lab/topology.js';
import {namespacePids, processComm, spawnDaemon, terminate} from '../../src/lab/system.js';
import {captureIo} from '../helpers/io.js';
import {addressesOf, curlBodies, describeLab, inNs} from '../lab/lab-helpers.js';

const VIP = '203.0.113.100';

describeLab('setup --apply on bare network-namespace hosts', () => {
	const tag = randomBytes(3).toString('hex').replace(/\d/g, d => 'ghijklmnop'[Number(d)]).slice(0, 3);
	const prefix = `lba${tag}-`;
	const name = (host: string) => `${host}${tag}`;
	const ns = (host: string) => `${prefix}${name(host)}`;
	const work = mkdtempSync(join(tmpdir(), 'lbwiz-apply-e2e-'));
	const answers = join(work, 'lbwiz.yaml');
	let original = '';
	const timings: Record<string, number> = {};

	const lbwiz = async (...argv: string[]) => {
		const io = captureIo();
		const started = Date.now();
		const code = await main(argv, io.io);
		return {code, out: io.stdout(), err: io.stderr(), ms: Date.now() - started};
	};
	const overlay = (host: string, path: string) => join('/etc/netns', ns(host), path.replace(/^\/etc\//, ''));
	const sha = (path: string) => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'missing');
	const pidOf = (host: string, daemon: string) => {
		const file = `/run/lbwiz/${name(host)}/${daemon}.pid`;
		return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
	};
	const daemonsIn = async (host: string) => (await namespacePids(ns(host))).map(pid => processComm(pid)).filter(c => c === 'keepalived' || c === 'haproxy').sort();
	const vipHolders = () => ['lb1', 'lb2'].filter(h => (addressesOf(ns(h)).eth0 ?? []).includes(VIP));
	const waitFor = async (what: () => boolean, ms: number) => {
		const end = Date.now() + ms;
		while (!what() && Date.now() < end) await new Promise(r => setTimeout(r, 250));
		return what();
	};
	const withTopology = (edit: (text: string) => string) => writeFileSync(answers, edit(original));

	beforeAll(async () => {
		// The lab topology with tagged host names; labUp rewrites its transports to netns:<prefix><host>.
		const doc = parseDocument(readFileSync(defaultLabTopologyPath(), 'utf8'));
		for (const [list, count] of [['directors', 2], ['real_servers', 2], ['clients', 1]] as const) {
			for (let i = 0; i < count; i++) doc.setIn([list, i, 'name'], name(String(doc.getIn([list, i, 'name']))));
		}
		doc.setIn(['haproxy', 'backends', 0, 'servers', 0, 'server'], name('web1'));
		doc.setIn(['haproxy', 'backends', 0, 'servers', 1, 'server'], name('web2'));
		const source = join(work, 'lab-source.yaml');
		writeFileSync(source, doc.toString({lineWidth: 0}));
		const started = Date.now();
		const lab = await labUp({prefix, topologyPath: source, services: false});
		timings.labUp = Date.now() - started;
		// Bare hosts: keepalived and HAProxy are installed on this machine; each director gets empty
		// /etc overlays so it sees no configuration (and never the machine's own /etc/sysctl.d).
		for (const host of lab.state.hosts.filter(h => h.kind === 'director')) {
			for (const dir of ['keepalived', 'haproxy', 'sysctl.d']) mkdirSync(join('/etc/netns', host.ns, dir), {recursive: true});
		}
		// The application on the real servers (lbwiz installs nothing there).
		for (const host of lab.state.hosts.filter(h => h.kind === 'real-server')) await startHttpd(lab.state, host, 80);
		original = readFileSync(lab.topologyPath, 'utf8');
		writeFileSync(answers, original);
	}, 120_000);

	afterAll(async () => {
		await labDown({prefix});
		for (const host of ['lb1', 'lb2', 'web1', 'web2']) {
			for (const dir of [`/run/lbwiz/${name(host)}`, `/var/log/lbwiz/${name(host)}`, `/var/lib/lbwiz/journal/${name(host)}`, `/var/lib/lbwiz/backups/${name(host)}`]) rmSync(dir, {recursive: true, force: true});
		}
		for (const dir of ['/run/lbwiz', '/var/log/lbwiz', '/var/lib/lbwiz/journal', '/var/lib/lbwiz/backups', '/var/lib/lbwiz']) {
			try {
				if (readdirSync(dir).length === 0) rmdirSync(dir);
			} catch {}
		}
		rmSync(work, {recursive: true, force: true});
		process.stderr.write(`[apply-netns] timings (ms): ${JSON.stringify(timings)}\n`);
	}, 120_000);

	it('without --yes (no terminal) shows every change with diffs and changes nothing', async () => {
		const run = await lbwiz('setup', '--answers', answers, '--apply');
		expect(run.code).toBe(0);
		expect(run.out).toContain('Dry run: nothing was changed');
		expect(run.out).toContain(`Order: ${name('web1')} (real server) → ${name('web2')} (real server) → ${name('lb2')} (BACKUP, priority 90) → ${name('lb1')} (MASTER, priority 100)`);
		expect(run.out).toContain('+++ b/etc/keepalived/keepalived.conf');
		expect(run.out).not.toContain('lab-pass'); // secrets redacted in diffs
		for (const host of ['lb1', 'lb2']) expect(readdirSync(overlay(host, '/etc/keepalived'))).toEqual([]);
	}, 60_000);

	it('a step failing on the BACKUP rolls that host back and leaves the MASTER untouched', async () => {
		// Given: something already listens on the stats port of lb2
		const squatter = spawnDaemon(ns('lb2'), ['busybox', 'httpd', '-f', '-p', '8404', '-h', '/tmp'], {logFile: join(work, 'squatter.log')});
		try {
			await new Promise(r => setTimeout(r, 300));
			// When
			const run = await lbwiz('setup', '--answers', answers, '--apply', '--yes');
			timings.failedApply = run.ms;
			// Then
			expect(run.code).toBe(1);
			expect(run.out).toMatch(new RegExp(`${name('lb2')} \\(BACKUP, priority 90\\): FAILED — its completed steps were rolled back`));
			expect(run.out).toContain('command: haproxy -f /etc/haproxy/haproxy.cfg');
			expect(run.out).toContain('Address already in use');
			expect(run.out).toContain(`${name('lb1')} (MASTER, priority 100): not touched`);
			for (const host of ['lb1', 'lb2']) {
				for (const dir of ['/etc/keepalived', '/etc/haproxy', '/etc/sysctl.d']) expect(readdirSync(overlay(host, dir))).toEqual([]);
				expect(inNs(ns(host), ['sysctl', '-n', 'net.ipv4.ip_nonlocal_bind']).trim()).toBe('0');
				expect(await daemonsIn(host)).toEqual([]);
			}
			const journals = readdirSync(`/var/lib/lbwiz/journal/${name('lb2')}`);
			expect(journals).toHaveLength(1);
			expect(JSON.parse(readFileSync(`/var/lib/lbwiz/journal/${name('lb2')}/${journals[0]}`, 'utf8')).status).toBe('rolled-back');
		} finally {
			await terminate([squatter]);
		}
	}, 90_000);

	it('applies to bare hosts: VIP on the MASTER only, both real servers answer, the doctor says healthy', async () => {
		const run = await lbwiz('setup', '--answers', answers, '--apply', '--yes');
		timings.apply = run.ms;
		expect(run.code, run.out + run.err).toBe(0);
		expect(run.out).toContain('Cluster healthy');
		expect(vipHolders()).toEqual(['lb1']);
		expect(new Set(curlBodies(ns('client'), `http://${VIP}/`, 6))).toEqual(new Set([name('web1'), name('web2')]));
		for (const host of ['lb1', 'lb2']) {
			// keepalived: the parent and its VRRP child (no checker child without virtual_server blocks)
			expect(await daemonsIn(host)).toEqual(['haproxy', 'keepalived', 'keepalived']);
			expect(existsSync(`/var/log/lbwiz/${name(host)}/keepalived.log`)).toBe(true);
			expect(readdirSync(`/run/lbwiz/${name(host)}/tmp`)).toBeDefined();
		}
	}, 90_000);

	it('a second apply changes nothing: no step, no backup, no journal, same daemons', async () => {
		const before = {pids: ['lb1', 'lb2'].flatMap(h => [pidOf(h, 'keepalived'), pidOf(h, 'haproxy')]), journals: readdirSync(`/var/lib/lbwiz/journal/${name('lb1')}`)};
		const run = await lbwiz('setup', '--answers', answers, '--apply', '--yes');
		timings.secondApply = run.ms;
		expect(run.code).toBe(0);
		expect(run.out).toContain('No changes on any host.');
		for (const host of ['lb1', 'lb2', 'web1', 'web2']) expect(run.out).toMatch(new RegExp(`^${name(host)} .* — no changes$`, 'm'));
		expect(['lb1', 'lb2'].flatMap(h => [pidOf(h, 'keepalived'), pidOf(h, 'haproxy')])).toEqual(before.pids);
		expect(readdirSync(`/var/lib/lbwiz/journal/${name('lb1')}`)).toEqual(before.journals);
		expect(existsSync(`/var/lib/lbwiz/backups/${name('lb1')}`)).toBe(false);
	}, 60_000);

	it('a config that fails validation on its host leaves every old file byte for byte', async () => {
		const files = ['lb1', 'lb2'].flatMap(h => ['/etc/haproxy/haproxy.cfg', '/etc/keepalived/keepalived.conf'].map(p => overlay(h, p)));
		const before = files.map(sha);
		const pids = ['lb1', 'lb2'].map(h => pidOf(h, 'haproxy'));
		withTopology(text => text.replace(/^haproxy:\n/m, 'haproxy:\n  user: lbwizmissing\n  group: lbwizmissing\n'));
		try {
			const run = await lbwiz('setup', '--answers', answers, '--apply', '--yes');
			expect(run.code).toBe(1);
			expect(run.out).toContain('Nothing was changed: a config failed validation on its host.');
			expect(run.out).toContain("cannot find user id for 'lbwizmissing'");
			expect(files.map(sha)).toEqual(before);
			expect(['lb1', 'lb2'].map(h => pidOf(h, 'haproxy'))).toEqual(pids);
		} finally {
			writeFileSync(answers, original);
		}
	}, 60_000);

	it('a change reloads HAProxy, keepalived keeps running, a VRRP drop gets an accept in its chain; rollback undoes both', async () => {
		const cfg = overlay('lb1', '/etc/haproxy/haproxy.cfg');
		const applied = readFileSync(cfg, 'utf8');
		const keepalived = ['lb1', 'lb2'].map(h => pidOf(h, 'keepalived'));
		const haproxy = ['lb1', 'lb2'].map(h => pidOf(h, 'haproxy'));
		// Given: lb2's own firewall drops VRRP (lb2 stops hearing lb1 and takes the VIP too)
		inNs(ns('lb2'), ['nft', 'add', 'table', 'inet', 'site']);
		inNs(ns('lb2'), ['nft', 'add', 'chain', 'inet', 'site', 'input', '{ type filter hook input priority 0; policy accept; }']);
		inNs(ns('lb2'), ['nft', 'add', 'rule', 'inet', 'site', 'input', 'ip', 'protocol', 'vrrp', 'drop']);
		withTopology(text => text.replace('balance: roundrobin', 'balance: leastconn'));
		try {
			const run = await lbwiz('setup', '--answers', answers, '--apply', '--yes');
			timings.changeApply = run.ms;
			expect(run.code, run.out).toBe(0);
			expect(run.out).toMatch(/haproxy reloaded: pid \d+ took over from \d+/);
			expect(run.out).not.toContain('reload keepalived');
			expect(run.out).toContain('accept VRRP from 203.0.113.11 to 224.0.0.18 at the top of nft chain inet site input');
			expect(inNs(ns('lb2'), ['nft', 'list', 'chain', 'inet', 'site', 'input'])).toMatch(/ip protocol vrrp ip saddr 203\.0\.113\.11 ip daddr 224\.0\.0\.18 counter packets \d+ bytes \d+ accept comment "lbwiz"\n\s+ip protocol vrrp drop/);
			expect(vipHolders()).toEqual(['lb1']);
			expect(readFileSync(cfg, 'utf8')).toContain('balance leastconn');
			expect(['lb1', 'lb2'].map(h => pidOf(h, 'keepalived'))).toEqual(keepalived);
			const reloaded = ['lb1', 'lb2'].map(h => pidOf(h, 'haproxy'));
			reloaded.forEach((pid, i) => expect(pid).not.toBe(haproxy[i]));

			const back = await lbwiz('rollback', '--answers', answers, '--yes');
			timings.rollback = back.ms;
			expect(back.code, back.out).toBe(0);
			expect(back.out).toMatch(new RegExp(`${name('lb1')}: run \\S+ rolled back`));
			expect(readFileSync(cfg, 'utf8')).toBe(applied);
			expect(['lb1', 'lb2'].map(h => pidOf(h, 'keepalived'))).toEqual(keepalived);
			expect(inNs(ns('lb2'), ['nft', 'list', 'chain', 'inet', 'site', 'input'])).not.toContain('lbwiz');
			expect(new Set(curlBodies(ns('client'), `http://${VIP}/`, 4))).toEqual(new Set([name('web1'), name('web2')]));
		} finally {
			writeFileSync(answers, original);
			inNs(ns('lb2'), ['nft', 'delete', 'table', 'inet', 'site'], {allowFail: true});
		}
		expect(await waitFor(() => vipHolders().join() === 'lb1', 10_000)).toBe(true);
	}, 90_000);

	it('stopping keepalived on the MASTER moves the VIP to the BACKUP', async () => {
		const pid = pidOf('lb1', 'keepalived')!;
		expect(processComm(pid)).toBe('keepalived');
		const started = Date.now();
		await terminate([pid]);
		expect(await waitFor(() => vipHolders().join() === 'lb2', 15_000)).toBe(true);
		timings.failover = Date.now() - started;
		expect(new Set(curlBodies(ns('client'), `http://${VIP}/`, 4))).toEqual(new Set([name('web1'), name('web2')]));
	}, 60_000);
});
