import {describe, expect, it} from 'vitest';
import {collectBundle} from '../../src/collect/collect-hosts.js';
import type {CollectEvent} from '../../src/collect/engine-types.js';
import {fingerprintSecret} from '../../src/collect/redact.js';
import {ReplayTransport} from '../../src/transport/replay.js';
import type {RunOptions, RunResult, Transport} from '../../src/transport/transport.js';
import {directorReplay} from './replay-hosts.js';

/** Wraps a transport and counts commands in flight (captures excluded: they bypass the limit). */
class Counting implements Transport {
	inFlight = 0;
	maxInFlight = 0;
	constructor(readonly inner: Transport) {}
	get spec() {
		return this.inner.spec;
	}
	async run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult> {
		const counted = argv[0] !== 'timeout';
		if (counted) this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
		try {
			return await this.inner.run(argv, options);
		} finally {
			if (counted) this.inFlight--;
		}
	}
	readFile(path: string, options?: {maxBytes?: number}) {
		return this.inner.readFile.call(this, path, options);
	}
	writeFile(path: string, data: string) {
		return this.inner.writeFile.call(this, path, data);
	}
	async close() {}
}

describe('collectBundle with replayed hosts', () => {
	it('collects every fact of a director from recorded outputs, with evidence for each', async () => {
		const lb1 = directorReplay('lb1');
		const events: CollectEvent[] = [];
		const bundle = await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 1, redact: true, transport: () => lb1, onEvent: e => events.push(e)});
		expect(bundle).toMatchObject({schemaVersion: 1, tool: {name: 'lbwiz'}, redacted: true, capture: {seconds: 1}});
		const host = bundle.hosts[0];
		expect(host.reachable).toBe(true);
		const facts = host.facts;
		expect(facts['host.info']).toMatchObject({status: 'ok', value: {hostname: 'lb1', isRoot: true, os: 'Debian GNU/Linux 12 (bookworm)'}});
		// where the probe's `command -v` found the daemons (start-stop-daemon --exec in start fixes)
		expect(facts['host.info']).toMatchObject({value: {paths: {keepalived: '/usr/sbin/keepalived'}}});
		// the other namespace's keepalived and the zombie haproxy are not this host's
		expect(facts['process.list']).toMatchObject({status: 'ok', value: [{pid: 700, tmpdir: '/run/test/lb1/tmp', stderr: '/var/log/lbwiz-test/keepalived.log'}, {pid: 701}, {pid: 950, state: 'Z'}]});
		expect(facts['service.state']).toMatchObject({status: 'ok', value: [{name: 'keepalived', running: true, pids: [700, 701]}, {name: 'haproxy', running: false, pids: []}]});
		expect(facts['keepalived.config']).toMatchObject({status: 'ok', value: {mainPath: '/etc/keepalived/keepalived.conf', source: 'process-args', files: [{path: '/etc/keepalived/keepalived.conf'}, {path: '/etc/keepalived/conf.d/vi_1.conf'}]}});
		expect(facts['vrrp.adverts']).toMatchObject({status: 'ok', value: {interfaces: ['ka0'], interfacesFrom: 'keepalived.conf', seconds: 1}});
		const adverts = facts['vrrp.adverts']?.status === 'ok' ? facts['vrrp.adverts'].value.adverts : [];
		expect(adverts.find(a => a.vrid === 51 && a.src === '203.0.113.11')?.auth).toEqual(fingerprintSecret('fixture1'));
		expect(facts['keepalived.log']).toMatchObject({status: 'ok', value: {source: '/var/log/lbwiz-test/keepalived.log'}});
		expect(facts['keepalived.data']).toMatchObject({status: 'ok', value: {instances: [{name: 'VI_1', state: 'MASTER', vrid: 51, auth: fingerprintSecret('fixture1')}, {name: 'VI_3'}]}});
		expect(facts['keepalived.stats']).toMatchObject({status: 'ok', value: {instances: {VI_1: {'Advertisements.Sent': 4}}}});
		expect(facts['net.sysctl']).toMatchObject({status: 'ok', value: {'net.ipv4.conf.all.arp_ignore': '0'}});
		expect(facts['firewall.ruleset']).toMatchObject({status: 'ok', value: {backends: ['nftables']}});
		expect(facts['keepalived.version']).toMatchObject({status: 'ok', value: {version: '2.2.7'}});
		expect(facts['config.validation']).toMatchObject({status: 'ok', value: [{tool: 'keepalived', exitCode: 0}]});
		expect(facts['ipvs.table']).toMatchObject({status: 'ok', value: {available: false}});
		// every evidence id a fact cites exists
		for (const [key, fact] of Object.entries(facts)) for (const id of fact!.evidence) expect(bundle.evidence[id], `${key} cites ${id}`).toBeDefined();
		expect(events[0]).toEqual({type: 'host:start', host: 'lb1'});
		expect(events.at(-1)).toMatchObject({type: 'host:done', host: 'lb1'});
		expect(events.some(e => e.type === 'capture:tick')).toBe(true);
	});

	it('dumps keepalived.stats when the capture window opens and again when it closes', async () => {
		const lb1 = directorReplay('lb1');
		await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 1, redact: true, transport: () => lb1, only: ['keepalived.stats', 'vrrp.adverts']});
		const argvs = lb1.calls.map(c => c.argv.join(' '));
		const capture = argvs.findIndex(a => a.startsWith('timeout 1 tcpdump'));
		const usr2 = argvs.flatMap((a, i) => (a.startsWith('kill -s USR2') ? [i] : []));
		expect(capture).toBeGreaterThanOrEqual(0);
		expect(usr2).toHaveLength(2);
		expect(usr2[0]).toBeGreaterThan(capture);
	});

	it('keeps no secret anywhere in a redacted bundle, and keeps them with --no-redact', async () => {
		const redacted = await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 1, redact: true, transport: () => directorReplay('lb1')});
		const text = JSON.stringify(redacted);
		expect(text).not.toContain('fixture1');
		expect(text).not.toContain('wrongpw2');
		expect(text).toContain('lbwiz-redacted:');
		const clear = await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 1, redact: false, transport: () => directorReplay('lb1'), only: ['keepalived.config', 'keepalived.data']});
		expect(clear.redacted).toBe(false);
		expect(JSON.stringify(clear)).toContain('auth_pass fixture1');
		const data = clear.hosts[0].facts['keepalived.data'];
		expect(data?.status === 'ok' && data.value.instances[0].auth?.value).toBe('fixture1');
	});

	it('goes on when one host is unreachable and another lacks tools', async () => {
		const down = new ReplayTransport('replay:lb3', [{match: () => true, exitCode: 255, stderr: 'ssh: connect to host lb3 port 22: No route to host\r\n', spawnError: 'UNREACHABLE'}]);
		const events: CollectEvent[] = [];
		const bundle = await collectBundle({
			hosts: [
				{name: 'lb1', spec: 'replay:lb1'},
				{name: 'lb2', spec: 'replay:lb2'},
				{name: 'lb3', spec: 'ssh://lb3'},
			],
			captureSeconds: 1,
			redact: true,
			transport: h => (h.name === 'lb3' ? down : directorReplay(h.name, {tools: h.name === 'lb2' ? ['ip', 'sysctl', 'keepalived', 'tail', 'stat', 'kill'] : undefined})),
			onEvent: e => events.push(e),
		});
		expect(bundle.hosts.map(h => [h.name, h.reachable])).toEqual([
			['lb1', true],
			['lb2', true],
			['lb3', false],
		]);
		expect(bundle.hosts[2].unreachableReason).toBe('ssh: connect to host lb3 port 22: No route to host');
		expect(events).toContainEqual({type: 'host:unreachable', host: 'lb3', reason: 'ssh: connect to host lb3 port 22: No route to host'});
		expect(bundle.hosts[1].facts['vrrp.adverts']).toEqual({status: 'unavailable', reason: 'tcpdump is not installed on lb2; install it with `apt-get install tcpdump` / `dnf install tcpdump`', evidence: []});
		expect(bundle.hosts[1].facts['firewall.ruleset']?.status).toBe('unavailable');
		// lb2 has no tcpdump, so its window opens without a capture and its counters are still diffed
		expect(bundle.hosts[1].facts['keepalived.stats']?.status).toBe('ok');
		expect(bundle.hosts[0].facts['vrrp.adverts']?.status).toBe('ok');
	});

	it('keeps commands in flight per host within the limit', async () => {
		const counting = new Counting(directorReplay('lb1', {delayMs: 30}));
		await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 1, redact: true, transport: () => counting, perHostConcurrency: 2});
		expect(counting.maxInFlight).toBeLessThanOrEqual(2);
		expect(counting.maxInFlight).toBeGreaterThan(0);
	});

	it('collects only what is asked, plus what that needs', async () => {
		const bundle = await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 1, redact: true, transport: () => directorReplay('lb1'), only: ['net.sysctl']});
		expect(Object.keys(bundle.hosts[0].facts).sort()).toEqual(['net.addresses', 'net.sysctl']);
	});
});

describe('replaying a bundle', () => {
	it('gives the same facts when the collectors run again on a bundle\'s own evidence', async () => {
		const {replayRecordings} = await import('../../src/collect/bundle.js');
		const first = await collectBundle({hosts: [{name: 'lb1', spec: 'replay:lb1'}], captureSeconds: 1, redact: true, transport: () => directorReplay('lb1'), only: ['net.sysctl', 'keepalived.config', 'firewall.ruleset']});
		const replay = new ReplayTransport('replay:bundle', replayRecordings(first, 'lb1'));
		const second = await collectBundle({hosts: [{name: 'lb1', spec: 'replay:bundle'}], captureSeconds: 1, redact: true, transport: () => replay, only: ['net.sysctl', 'keepalived.config', 'firewall.ruleset']});
		for (const key of ['net.sysctl', 'keepalived.config', 'firewall.ruleset'] as const) expect(second.hosts[0].facts[key]).toMatchObject({status: 'ok', value: (first.hosts[0].facts[key] as {value: unknown}).value});
	});
});
