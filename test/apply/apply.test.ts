import {mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {applyHost, applyPlan, validateFile} from '../../src/apply/apply.js';
import {listJournals, readJournal} from '../../src/apply/journal.js';
import {planApply, TransportPool} from '../../src/apply/plan.js';
import {findRollback, rollbackHosts} from '../../src/apply/rollback.js';
import type {ApplyPlan, WriteFileStep} from '../../src/apply/types.js';
import {runSetupApply} from '../../src/apply/run-apply.js';
import {planSetup} from '../../src/generate/setup-plan.js';
import {captureIo} from '../helpers/io.js';
import {RootedHost, type RootedHostOptions} from './helpers/rooted-host.js';

// Given: a MASTER/BACKUP pair reached over ssh, systemd hosts; HAProxy binds the VIP (ip_nonlocal_bind).
const TOPOLOGY = `name: pair
directors:
  - {name: lb1, address: 203.0.113.11, state: MASTER, priority: 100, transport: "ssh://root@lb1"}
  - {name: lb2, address: 203.0.113.12, state: BACKUP, priority: 90, transport: "ssh://root@lb2"}
vrrp:
  virtual_router_id: 51
  auth_pass: "s3cret"
  vips: [203.0.113.100/24]
  track_haproxy: {weight: -20}
haproxy:
  frontends: [{name: web, bind: "203.0.113.100:80", default_backend: app}]
  backends: [{name: app, servers: [{server: web1}]}]
real_servers:
  - {name: web1, address: 203.0.113.21, transport: "ssh://root@web1"}
`;
const OLD_HAPROXY = '# the operator\'s own haproxy.cfg\nglobal\n    maxconn 10\n';

let dir: string;
let hosts: Record<string, RootedHost>;
let answers: string;

function makeHosts(options: Partial<Record<string, RootedHostOptions>> = {}) {
	hosts = {};
	for (const name of ['lb1', 'lb2', 'web1']) {
		const root = join(dir, name);
		for (const sub of ['etc/keepalived', 'etc/haproxy', 'etc/sysctl.d', 'tmp', 'var/lib']) mkdirSync(join(root, sub), {recursive: true});
		writeFileSync(join(root, 'etc/haproxy/haproxy.cfg'), OLD_HAPROXY, {mode: 0o600});
		hosts[name] = new RootedHost(root, {
			sysctls: {'net.ipv4.ip_nonlocal_bind': '0'},
			units: {haproxy: {running: true, enabled: true}, keepalived: {running: false, enabled: false}},
			...options[name],
		}, `ssh://root@${name}`);
	}
}

const pool = () => new TransportPool(spec => hosts[spec.replace('ssh://root@', '')]);
const plan = async (options: {hosts?: string[]} = {}) => (await planApply({answers, transports: pool(), version: '9.9.9', runId: `20251123T1630${String(runs++).padStart(2, '0')}Z-abcd`, ...options})).plan;
let runs = 0;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'lbwiz-apply-test-'));
	answers = join(dir, 'lbwiz.yaml');
	writeFileSync(answers, TOPOLOGY);
	makeHosts();
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('apply', () => {
	it('writes, backs up, journals, starts and reloads; a second plan has nothing to do', async () => {
		// When
		const first = await plan();
		const result = await applyPlan(first, {transports: pool()});
		// Then
		expect(result.ok).toBe(true);
		expect(result.hosts.map(h => `${h.host}:${h.status}`)).toEqual(['web1:unchanged', 'lb2:applied', 'lb1:applied']);
		const lb1 = hosts.lb1;
		expect(lb1.read('/etc/keepalived/keepalived.conf')).toContain('state MASTER');
		expect(statSync(lb1.path('/etc/keepalived/check_haproxy.sh')).mode & 0o777).toBe(0o755);
		expect(statSync(lb1.path('/etc/haproxy/haproxy.cfg')).mode & 0o777).toBe(0o600); // kept
		expect(lb1.read(`/var/lib/lbwiz/backups/lb1/${first.runId}/etc/haproxy/haproxy.cfg`)).toBe(OLD_HAPROXY);
		expect(lb1.sysctls['net.ipv4.ip_nonlocal_bind']).toBe('1');
		expect(lb1.units.keepalived).toEqual({running: true, enabled: true});
		const commands = lb1.commands();
		expect(commands).toContain('systemctl reload haproxy');
		expect(commands.indexOf('systemctl start haproxy')).toBe(-1);
		expect(commands.findIndex(c => c.startsWith('haproxy -c -f /etc/haproxy/.lbwiz-new.'))).toBeLessThan(commands.findIndex(c => c.startsWith('lbwiz-commit /etc/haproxy/.lbwiz-new.')));
		const journal = await readJournal(lb1, 'lb1', first.runId);
		expect(journal).toMatchObject({status: 'applied', role: 'master', runId: first.runId});
		expect(journal.steps.every(s => s.status === 'done')).toBe(true);
		expect(statSync(lb1.path(`/var/lib/lbwiz/journal/lb1/${first.runId}.json`)).mode & 0o777).toBe(0o600);
		// BACKUP first, MASTER last
		expect(result.hosts.findIndex(h => h.host === 'lb2')).toBeLessThan(result.hosts.findIndex(h => h.host === 'lb1'));

		const before = {log: lb1.log.length, journals: await listJournals(lb1, 'lb1')};
		const second = await plan();
		expect(second.hosts.map(h => h.steps.length)).toEqual([0, 0, 0]);
		const again = await applyPlan(second, {transports: pool()});
		expect(again.hosts.every(h => h.status === 'unchanged')).toBe(true);
		const touched = lb1.commands().slice(before.log).filter(c => /^(systemctl (start|reload|enable)|lbwiz-commit|lbwiz-backup|sysctl -w)/.test(c));
		expect(touched).toEqual([]);
		expect(await listJournals(lb1, 'lb1')).toEqual(before.journals);
	});

	it('rollback restores every file byte for byte, the sysctl, and the services', async () => {
		const applied = await plan();
		await applyPlan(applied, {transports: pool()});
		// When
		const candidates = await Promise.all(['lb1', 'lb2', 'web1'].map(h => findRollback(hosts[h], {host: h, transport: `ssh://root@${h}`})));
		expect(candidates.map(c => c.undo.length > 0)).toEqual([true, true, false]);
		const results = await rollbackHosts(candidates, {transports: pool()});
		// Then
		expect(results.map(r => `${r.host}:${r.status}`)).toEqual(['lb2:rolled-back', 'lb1:rolled-back', 'web1:nothing']);
		for (const name of ['lb1', 'lb2']) {
			const host = hosts[name];
			expect(host.read('/etc/haproxy/haproxy.cfg')).toBe(OLD_HAPROXY);
			expect(statSync(host.path('/etc/haproxy/haproxy.cfg')).mode & 0o777).toBe(0o600);
			expect(host.read('/etc/keepalived/keepalived.conf')).toBeUndefined();
			expect(host.read('/etc/keepalived/check_haproxy.sh')).toBeUndefined();
			expect(host.read('/etc/sysctl.d/90-lbwiz.conf')).toBeUndefined();
			expect(host.sysctls['net.ipv4.ip_nonlocal_bind']).toBe('0');
			expect(host.units).toEqual({haproxy: {running: true, enabled: true}, keepalived: {running: false, enabled: false}});
			const commands = host.commands();
			// HAProxy is reloaded after its file is back, never before
			expect(commands.lastIndexOf('systemctl reload haproxy')).toBeGreaterThan(commands.findIndex(c => c.startsWith('lbwiz-restore')));
			expect((await readJournal(host, name, applied.runId)).status).toBe('rolled-back');
		}
		// a second rollback finds nothing newer to undo
		const again = await findRollback(hosts.lb1, {host: 'lb1', transport: 'ssh://root@lb1'});
		expect(again.undo).toEqual([]);
		expect(again.reason).toMatch(/already rolled back/);
	});

	it('a failing step rolls its host back in reverse and stops the run before the MASTER', async () => {
		makeHosts({lb2: {sysctls: {'net.ipv4.ip_nonlocal_bind': '0'}, units: {haproxy: {running: true, enabled: true}}, override: argv => (argv.join(' ') === 'systemctl start keepalived' ? {exitCode: 1, stderr: 'Job for keepalived.service failed because the control process exited with error code.\n'} : undefined)}});
		// When
		const result = await applyPlan(await plan(), {transports: pool()});
		// Then
		expect(result.ok).toBe(false);
		expect(result.hosts.map(h => `${h.host}:${h.status}`)).toEqual(['web1:unchanged', 'lb2:failed', 'lb1:skipped']);
		const failed = result.hosts[1];
		expect(failed.failure).toMatchObject({argv: ['systemctl', 'start', 'keepalived'], exitCode: 1, output: expect.stringContaining('Job for keepalived.service failed')});
		const lb2 = hosts.lb2;
		expect(lb2.read('/etc/haproxy/haproxy.cfg')).toBe(OLD_HAPROXY);
		expect(lb2.read('/etc/keepalived/keepalived.conf')).toBeUndefined();
		expect(lb2.sysctls['net.ipv4.ip_nonlocal_bind']).toBe('0');
		expect(lb2.units.keepalived).toEqual({running: false, enabled: false});
		const journal = await readJournal(lb2, 'lb2', (await listJournals(lb2, 'lb2'))[0]);
		expect(journal.status).toBe('rolled-back');
		expect(journal.steps.map(s => s.status)).toEqual(['undone', 'undone', 'undone', 'undone', 'undone', 'undone', 'undone', 'failed']);
		// the MASTER was never touched
		expect(hosts.lb1.commands().filter(c => !/^(lbwiz-probe|lbwiz-stat|cat|sysctl -e|systemctl is-|iptables-save|mktemp|lbwiz-write|keepalived -t|haproxy -c|test -s|rm -rf)/.test(c))).toEqual([]);
	});

	it('a config the host\'s validator rejects stops everything before any change (preflight)', async () => {
		const p = await plan();
		const conf = p.hosts.find(h => h.host === 'lb1')!.steps.find((s): s is WriteFileStep => s.kind === 'write-file' && s.path === '/etc/haproxy/haproxy.cfg')!;
		conf.content += 'INVALID keyword\n';
		// When
		const result = await applyPlan(p, {transports: pool()});
		// Then
		expect(result.ok).toBe(false);
		expect(result.preflight).toEqual([expect.objectContaining({step: conf.id, argv: ['haproxy', '-c', '-f', '/etc/haproxy/haproxy.cfg'], output: expect.stringContaining("parsing [/etc/haproxy/haproxy.cfg:")})]);
		for (const host of Object.values(hosts)) {
			expect(host.read('/etc/haproxy/haproxy.cfg')).toBe(OLD_HAPROXY);
			expect(host.read('/etc/keepalived/keepalived.conf')).toBeUndefined();
			expect(host.read('/var/lib/lbwiz/journal')).toBeUndefined();
			expect(host.commands().some(c => c.startsWith('lbwiz-commit') || c.startsWith('systemctl reload'))).toBe(false);
		}
		// the scratch copies are gone
		expect(hosts.lb1.commands().filter(c => c.startsWith('rm -rf -- /tmp/lbwiz-validate.'))).toHaveLength(1);
	});

	it('a config rejected at its step leaves the old file intact and undoes the steps before it', async () => {
		const p: ApplyPlan = await plan({hosts: ['lb1']});
		const host = p.hosts[0];
		const conf = host.steps.find((s): s is WriteFileStep => s.kind === 'write-file' && s.path === '/etc/haproxy/haproxy.cfg')!;
		conf.content += 'INVALID keyword\n';
		// When (no preflight: the host's own step must catch it)
		const result = await applyHost(p, host, hosts.lb1, () => new Date(), () => {});
		// Then
		expect(result.status).toBe('failed');
		expect(result.failure?.description).toMatch(/rejected by haproxy -c; the old file is untouched/);
		expect(hosts.lb1.read('/etc/haproxy/haproxy.cfg')).toBe(OLD_HAPROXY);
		expect(hosts.lb1.read('/etc/keepalived/keepalived.conf')).toBeUndefined();
		expect(hosts.lb1.read('/etc/keepalived/check_haproxy.sh')).toBeUndefined();
		const leftovers = (await hosts.lb1.run(['ls', '-A', '/etc/haproxy'], {timeoutMs: 5000})).stdout.trim().split('\n');
		expect(leftovers).toEqual(['haproxy.cfg']);
	});
});

describe('runSetupApply (the --apply flow)', () => {
	const tty = (answer: string) => {
		const cap = captureIo({input: answer});
		Object.assign(cap.io.stdin, {isTTY: true});
		return cap;
	};

	it('asks on a terminal; anything but y changes nothing', async () => {
		const cap = tty('n\n');
		const setup = await planSetup({answers, version: '9.9.9'});
		expect(await runSetupApply(cap.io, {setup, transports: pool(), verify: false})).toBe(0);
		expect(cap.stdout()).toMatch(/Apply these \d+ steps now\? \[y\/N\] Nothing was changed\./);
		expect(hosts.lb1.read('/etc/keepalived/keepalived.conf')).toBeUndefined();
	});

	it('y applies, and prints each host\'s result with its journal', async () => {
		const cap = tty('y\n');
		const setup = await planSetup({answers, version: '9.9.9'});
		expect(await runSetupApply(cap.io, {setup, transports: pool(), verify: false})).toBe(0);
		expect(cap.stdout()).toMatch(/^lb1 \(MASTER, priority 100\): applied \d+ steps in [\d.]+ s; journal \/var\/lib\/lbwiz\/journal\/lb1\/\S+\.json$/m);
		expect(hosts.lb1.read('/etc/keepalived/keepalived.conf')).toContain('state MASTER');
	});

	it('without a terminal and without --yes it is a dry run', async () => {
		const cap = captureIo();
		const setup = await planSetup({answers, version: '9.9.9'});
		expect(await runSetupApply(cap.io, {setup, transports: pool(), verify: false})).toBe(0);
		expect(cap.stdout()).toContain('Dry run: nothing was changed. Run again with --yes to apply.');
		expect(cap.stdout()).not.toContain('s3cret');
		expect(hosts.lb1.commands().some(c => c.startsWith('lbwiz-commit'))).toBe(false);
	});
});

describe('validateFile', () => {
	it('does not trust keepalived -t\'s exit 0 for a missing file', async () => {
		const host = new RootedHost(dir);
		const exec = (argv: readonly [string, ...string[]]) => host.run(argv, {timeoutMs: 5000});
		const missing = await validateFile(exec, 'keepalived', '/etc/keepalived/nope.conf');
		expect(missing.ok).toBe(false);
		expect(missing.output).toMatch(/missing or empty[\s\S]*Config files missing/);
		writeFileSync(join(dir, 'ok.conf'), 'global_defs {\n}\n');
		expect((await validateFile(exec, 'keepalived', '/ok.conf')).ok).toBe(true);
	});
});
