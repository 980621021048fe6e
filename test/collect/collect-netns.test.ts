import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {collectBundle, hostsFromTopology} from '../../src/collect/collect-hosts.js';
import {fingerprintSecret} from '../../src/collect/redact.js';
import type {Bundle} from '../../src/collect/types.js';
import {topologySchema} from '../../src/model/schema.js';
import {evaluateVrrpInput} from '../../src/parse/firewall.js';
import {canUseNetns, nsName, removeNamespaces, sh} from '../transport/netns-helper.js';

const A = nsName('ia');
const B = nsName('ib');
const work = mkdtempSync(join(tmpdir(), 'lbwc-int-'));
const PASSWORD = 'intgpas5';
const children: ChildProcess[] = [];

const checkScript = join(work, 'check.sh');
const keepalivedConf = `global_defs {
	router_id ${A}
}
vrrp_script chk_ok {
	script "${checkScript} --quiet"
	interval 1
}
vrrp_instance VI_7 {
	notify_master "true"
	track_script {
		chk_ok
	}
	state MASTER
	interface ka0
	virtual_router_id 61
	priority 110
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass ${PASSWORD}
	}
	virtual_ipaddress {
		203.0.113.200/24
	}
}
`;

const topology = topologySchema.parse({
	name: 'lbwc-int',
	directors: [{name: 'lb', address: '203.0.113.11', interface: 'ka0', priority: 110, state: 'MASTER', transport: `netns:${A}`}],
	vrrp: {virtual_router_id: 61, auth_pass: PASSWORD, vips: ['203.0.113.200/24']},
	real_servers: [{name: 'web', address: '203.0.113.12', port: 80, transport: `netns:${B}`, interface: 'kb0'}],
});

const waitFor = async (what: string, test: () => boolean, tries = 100) => {
	for (let i = 0; i < tries; i++) {
		if (test()) return;
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}`);
};

let bundle: Bundle;

describe.skipIf(!canUseNetns)('collectBundle against two real namespaces (keepalived MASTER in one)', () => {
	beforeAll(async () => {
		sh(['ip', 'netns', 'add', A]);
		sh(['ip', 'netns', 'add', B]);
		sh(['ip', '-n', A, 'link', 'set', 'lo', 'up']);
		sh(['ip', '-n', B, 'link', 'set', 'lo', 'up']);
		sh(['ip', 'link', 'add', 'lbwc-ka0', 'netns', A, 'type', 'veth', 'peer', 'name', 'lbwc-kb0', 'netns', B]);
		sh(['ip', '-n', A, 'link', 'set', 'lbwc-ka0', 'name', 'ka0']);
		sh(['ip', '-n', B, 'link', 'set', 'lbwc-kb0', 'name', 'kb0']);
		sh(['ip', '-n', A, 'addr', 'add', '203.0.113.11/24', 'dev', 'ka0']);
		sh(['ip', '-n', B, 'addr', 'add', '203.0.113.12/24', 'dev', 'kb0']);
		sh(['ip', '-n', A, 'link', 'set', 'ka0', 'up']);
		sh(['ip', '-n', B, 'link', 'set', 'kb0', 'up']);
		sh(['ip', 'netns', 'exec', A, 'sysctl', '-q', '-w', 'net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.ka0.arp_announce=2']);
		sh(['ip', 'netns', 'exec', A, 'nft', '-f', '-'], 'table inet lbwc {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tip protocol vrrp ip saddr 203.0.113.77 drop\n\t}\n}\n');
		writeFileSync(checkScript, '#!/bin/sh\nexit 0\n', {mode: 0o755});
		mkdirSync(`/etc/netns/${A}/keepalived`, {recursive: true});
		writeFileSync(`/etc/netns/${A}/keepalived/keepalived.conf`, keepalivedConf);
		mkdirSync(join(work, 'a'), {recursive: true});
		mkdirSync(join(work, 'www'), {recursive: true});
		writeFileSync(join(work, 'www', 'index.html'), 'web-b\n');
		const log = openSync(join(work, 'a', 'keepalived.log'), 'a');
		const pid = join(work, 'a', 'keepalived.pid');
		children.push(
			spawn('ip', ['netns', 'exec', A, 'env', `TMPDIR=${join(work, 'a')}`, 'keepalived', '-n', '-P', '-l', '-D', '-f', '/etc/keepalived/keepalived.conf', '-p', pid, '-r', join(work, 'a', 'vrrp.pid')], {stdio: ['ignore', log, log]}),
		);
		closeSync(log);
		children.push(spawn('ip', ['netns', 'exec', B, 'busybox', 'httpd', '-f', '-p', '203.0.113.12:80', '-h', join(work, 'www')], {stdio: 'ignore'}));
		// keepalived 2.2.7 takes the VIP after about three advert intervals
		await waitFor('the VIP on the MASTER', () => sh(['ip', '-n', A, '-o', 'addr', 'show', 'dev', 'ka0']).includes('203.0.113.200'));
		bundle = await collectBundle({hosts: hostsFromTopology(topology), topology, captureSeconds: 3, redact: true});
	}, 60_000);

	afterAll(async () => {
		try {
			const pidFile = join(work, 'a', 'keepalived.pid');
			if (existsSync(pidFile)) {
				try {
					process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
				} catch {}
			}
			// keepalived takes about a second to leave; wait for every child before removing its namespace
			await Promise.all(
				children.map(child =>
					child.exitCode !== null || child.signalCode !== null
						? undefined
						: new Promise<void>(resolve => {
								const timer = setTimeout(() => {
									child.kill('SIGKILL');
									resolve();
								}, 5000);
								child.once('exit', () => {
									clearTimeout(timer);
									resolve();
								});
								child.kill('SIGTERM');
							}),
				),
			);
		} finally {
			removeNamespaces([A, B]);
			rmSync(work, {recursive: true, force: true});
		}
	});

	const facts = (host: string) => bundle.hosts.find(h => h.name === host)!.facts;
	const ok = <T>(fact: {status: string; value?: T} | undefined): T => {
		expect(fact?.status).toBe('ok');
		return (fact as {value: T}).value;
	};

	it('reaches both hosts through netns:', () => {
		expect(bundle.hosts.map(h => [h.name, h.spec, h.reachable])).toEqual([
			['lb', `netns:${A}`, true],
			['web', `netns:${B}`, true],
		]);
	});

	it('sees the VIP on the MASTER only', () => {
		const vip = (host: string) => ok(facts(host)['net.addresses']).some(i => i.addresses.some(a => a.local === '203.0.113.200'));
		expect(vip('lb')).toBe(true);
		expect(vip('web')).toBe(false);
	});

	it('captures the MASTER\'s adverts with the VRID and priority configured, password fingerprinted', () => {
		const capture = ok(facts('lb')['vrrp.adverts']);
		expect(capture.interfaces).toEqual(['ka0']);
		const mine = capture.adverts.filter(a => a.src === '203.0.113.11');
		expect(mine.length).toBeGreaterThan(0);
		expect(mine[0]).toMatchObject({dst: '224.0.0.18', version: 2, vrid: 61, priority: 110, intervalCs: 100, authType: 'simple', addrs: ['203.0.113.200'], auth: fingerprintSecret(PASSWORD)});
	});

	it('reads keepalived\'s own state, counters and log', () => {
		expect(ok(facts('lb')['keepalived.data']).instances[0]).toMatchObject({name: 'VI_7', state: 'MASTER', vrid: 61, priority: 110, effectivePriority: 110, auth: fingerprintSecret(PASSWORD)});
		const stats = ok(facts('lb')['keepalived.stats']);
		expect(stats.instances.VI_7['Advertisements.Sent']).toBeGreaterThan(0);
		const log = ok(facts('lb')['keepalived.log']);
		expect(log.source).toBe(join(work, 'a', 'keepalived.log'));
		expect(log.transitions.map(t => [t.instance, t.state])).toContainEqual(['VI_7', 'MASTER']);
		expect(ok(facts('lb')['keepalived.config']).source).toBe('process-args');
		// keepalived -t (2.2.7) objects to scripts without enable_script_security: exit 6
		expect(ok(facts('lb')['config.validation'])[0]).toEqual({tool: 'keepalived', path: '/etc/keepalived/keepalived.conf', exitCode: 6, output: 'SECURITY VIOLATION - scripts are being executed but script_security not enabled.'});
	});

	it('lists the scripts keepalived runs with owners and modes up to /', () => {
		const scripts = ok(facts('lb')['keepalived.scripts']);
		const check = scripts.find(s => s.usedBy === 'vrrp_script chk_ok')!;
		expect(check).toMatchObject({command: `${checkScript} --quiet`, path: checkScript, executable: true, file: {exists: true, mode: '755', uid: 0, type: 'regular file'}});
		expect(check.parents.map(p => p.path)).toEqual([work, '/tmp', '/']);
		expect(check.parents[1]).toMatchObject({mode: '1777', uid: 0});
		const notify = scripts.find(s => s.usedBy === 'vrrp_instance VI_7 notify_master')!;
		expect(notify.path).toMatch(/^\/(usr\/)?bin\/true$/);
		expect(notify.file.exists).toBe(true);
	});

	it('keeps each host\'s processes apart (shared PID namespace)', () => {
		expect(ok(facts('lb')['process.list']).filter(p => p.comm === 'keepalived').length).toBeGreaterThanOrEqual(2);
		expect(ok(facts('web')['process.list'])).toEqual([]);
		expect(ok(facts('lb')['service.state']).find(s => s.name === 'keepalived')?.running).toBe(true);
	});

	it('reads the namespace\'s own sysctls and firewall', () => {
		const sysctl = ok(facts('lb')['net.sysctl']);
		expect(sysctl['net.ipv4.conf.all.arp_ignore']).toBe('1');
		expect(sysctl['net.ipv4.conf.ka0.arp_announce']).toBe('2');
		expect(ok(facts('web')['net.sysctl'])['net.ipv4.conf.all.arp_ignore']).toBe('0');
		const firewall = ok(facts('lb')['firewall.ruleset']);
		expect(evaluateVrrpInput(firewall, {src: '203.0.113.12', iif: 'ka0'}).verdict).toBe('accept');
		expect(evaluateVrrpInput(firewall, {src: '203.0.113.77', iif: 'ka0'}).verdict).toBe('drop');
	});

	it('sees what listens on the real server', () => {
		expect(ok(facts('web')['net.listening'])).toContainEqual({proto: 'tcp', address: '203.0.113.12', port: 80, process: 'busybox', pid: expect.any(Number)});
	});

	it('probes the real server over HTTP from the director', () => {
		const probes = ok(facts('lb')['http.probes']);
		expect(probes.find(p => p.target === 'realserver')).toMatchObject({from: 'lb', name: 'web', url: 'http://203.0.113.12:80/', ok: true, status: 200, body: 'web-b\n'});
		expect(probes.find(p => p.target === 'vip')).toMatchObject({url: 'http://203.0.113.200:80/', ok: false});
	});

	it('keeps the password out of the whole bundle', () => {
		expect(JSON.stringify(bundle)).not.toContain(PASSWORD);
		expect(bundle.topology?.vrrp?.auth_pass).toMatch(/^lbwiz-redacted:/);
	});
});
