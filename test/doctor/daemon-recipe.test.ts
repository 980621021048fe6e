import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadBundle} from '../../src/collect/bundle.js';
import type {Bundle, ServiceDefaults} from '../../src/collect/types.js';
import {backgroundArgv, daemonRecipe, foregroundArgv, keepalivedPidFiles, STALE_PIDFILES_SCRIPT, startServiceFix} from '../../src/doctor/fixes.js';
import {Facts} from '../../src/doctor/facts.js';
import {parseDefaultsFile} from '../../src/parse/service-defaults.js';

/** A defaults file as the collector reads it (through the parser, from text). */
function defaults(name: ServiceDefaults['name'], text: string, path = `/etc/default/${name}`): ServiceDefaults {
	const parsed = parseDefaultsFile(text);
	return {name, path, vars: parsed.vars, ...(parsed.unparsed.length ? {unparsed: parsed.unparsed} : {})};
}

const LAB_KEEPALIVED = 'DAEMON_ARGS="-l -D -G -n -f /etc/keepalived/keepalived.conf -p /run/l/lb1/keepalived.pid -r /run/l/lb1/vrrp.pid -c /run/l/lb1/c.pid -P"\nTMPDIR="/run/l/lb1/tmp"\nKA_TMP_DIR="/run/l/lb1/tmp"\nLBWIZ_KEEPALIVED_LOG="/var/log/l/keepalived.log"\n';
const LAB_HAPROXY = 'CONFIG="/etc/haproxy/haproxy.cfg"\nPIDFILE="/run/l/lb1/haproxy.pid"\nEXTRAOPTS=""\nLBWIZ_HAPROXY_LOG="/var/log/l/haproxy.log"\n';

describe('daemonRecipe', () => {
	it('keepalived: DAEMON_ARGS without -n, pid file and config from it, the rest as environment', () => {
		const recipe = daemonRecipe(defaults('keepalived', LAB_KEEPALIVED));
		expect(recipe).toEqual({
			name: 'keepalived',
			path: '/etc/default/keepalived',
			args: ['-l', '-D', '-G', '-f', '/etc/keepalived/keepalived.conf', '-p', '/run/l/lb1/keepalived.pid', '-r', '/run/l/lb1/vrrp.pid', '-c', '/run/l/lb1/c.pid', '-P'],
			env: [['TMPDIR', '/run/l/lb1/tmp'], ['KA_TMP_DIR', '/run/l/lb1/tmp']],
			output: '/var/log/l/keepalived.log',
			pidFile: '/run/l/lb1/keepalived.pid',
			configPath: '/etc/keepalived/keepalived.conf',
		});
	});

	it("Debian's shipped files: keepalived's defaults, haproxy's CONFIG/PIDFILE defaults", () => {
		expect(daemonRecipe(defaults('keepalived', 'DAEMON_ARGS=""\n'))).toEqual({name: 'keepalived', path: '/etc/default/keepalived', args: [], env: [], pidFile: '/run/keepalived.pid'});
		expect(daemonRecipe(defaults('haproxy', '#EXTRAOPTS="-de -m 16"\n'))).toMatchObject({args: ['-f', '/etc/haproxy/haproxy.cfg'], pidFile: '/run/haproxy.pid', env: []});
		expect(daemonRecipe(defaults('keepalived', 'KEEPALIVED_OPTIONS="-D --pid=/run/k.pid --use-file=/etc/k.conf"\n', '/etc/sysconfig/keepalived'))).toMatchObject({pidFile: '/run/k.pid', configPath: '/etc/k.conf'});
	});

	it('refuses a file that needs a shell', () => {
		expect(daemonRecipe(defaults('keepalived', 'DAEMON_ARGS="$EXTRA -D"\n'))).toEqual({problem: expect.stringMatching(/line 1: DAEMON_ARGS="\$EXTRA -D"/)});
	});
});

describe('foregroundArgv / backgroundArgv', () => {
	const ka = daemonRecipe(defaults('keepalived', LAB_KEEPALIVED));
	const hap = daemonRecipe(defaults('haproxy', LAB_HAPROXY));
	if ('problem' in ka || 'problem' in hap) throw new Error('recipes expected');

	it('the foreground daemon (what the lab runs)', () => {
		expect(foregroundArgv(ka).slice(0, 3)).toEqual(['keepalived', '-n', '-l']);
		expect(foregroundArgv(hap)).toEqual(['haproxy', '-db', '-f', '/etc/haproxy/haproxy.cfg']);
	});

	it('with start-stop-daemon --output: detached, output kept, matched by the pid file and the program (--exec where the probe found it)', () => {
		expect(backgroundArgv(ka, {startStopDaemon: true, program: '/usr/sbin/keepalived'})).toEqual(['start-stop-daemon', '--start', '--background', '--output', '/var/log/l/keepalived.log', '--pidfile', '/run/l/lb1/keepalived.pid', '--exec', '/usr/sbin/keepalived', '--startas', '/usr/bin/env', '--', 'TMPDIR=/run/l/lb1/tmp', 'KA_TMP_DIR=/run/l/lb1/tmp', '/usr/sbin/keepalived', '-n', ...ka.args]);
		expect(backgroundArgv(hap, {startStopDaemon: true, program: '/usr/sbin/haproxy'})).toEqual(['start-stop-daemon', '--start', '--background', '--output', '/var/log/l/haproxy.log', '--pidfile', '/run/l/lb1/haproxy.pid', '--make-pidfile', '--exec', '/usr/sbin/haproxy', '--startas', '/usr/bin/env', '--', '/usr/sbin/haproxy', '-db', '-f', '/etc/haproxy/haproxy.cfg']);
	});

	it('program path unknown (or not absolute): matched by the pid file and the process name, found on PATH', () => {
		for (const program of [undefined, 'keepalived']) {
			expect(backgroundArgv(ka, {startStopDaemon: true, ...(program ? {program} : {})})).toEqual(['start-stop-daemon', '--start', '--background', '--output', '/var/log/l/keepalived.log', '--pidfile', '/run/l/lb1/keepalived.pid', '--name', 'keepalived', '--startas', '/usr/bin/env', '--', 'TMPDIR=/run/l/lb1/tmp', 'KA_TMP_DIR=/run/l/lb1/tmp', 'keepalived', '-n', ...ka.args]);
		}
		expect(backgroundArgv(hap, {startStopDaemon: true})).toEqual(['start-stop-daemon', '--start', '--background', '--output', '/var/log/l/haproxy.log', '--pidfile', '/run/l/lb1/haproxy.pid', '--make-pidfile', '--name', 'haproxy', '--startas', '/usr/bin/env', '--', 'haproxy', '-db', '-f', '/etc/haproxy/haproxy.cfg']);
	});

	it('without it the daemons fork by themselves', () => {
		expect(backgroundArgv(ka, {startStopDaemon: false})).toEqual(['env', 'TMPDIR=/run/l/lb1/tmp', 'KA_TMP_DIR=/run/l/lb1/tmp', 'keepalived', ...ka.args]);
		expect(backgroundArgv(hap, {})).toEqual(['haproxy', '-D', '-p', '/run/l/lb1/haproxy.pid', '-f', '/etc/haproxy/haproxy.cfg']);
	});

	it('haproxy forking by itself: EXTRAOPTS -db / -d left out, -D alone says how it runs', () => {
		const debug = daemonRecipe(defaults('haproxy', 'PIDFILE="/run/h.pid"\nEXTRAOPTS="-d -db -dr"\n'));
		if ('problem' in debug) throw new Error(debug.problem);
		expect(backgroundArgv(debug, {})).toEqual(['haproxy', '-D', '-p', '/run/h.pid', '-f', '/etc/haproxy/haproxy.cfg', '-dr']);
	});
});

describe('startServiceFix on a host without an init system (recorded keepalived-stopped: lab namespaces)', () => {
	const withDefaults = (bundle: Bundle, files: ServiceDefaults[]): Bundle => ({
		...bundle,
		hosts: bundle.hosts.map(h => (h.name === 'lb1' ? {...h, facts: {...h.facts, 'service.defaults': {status: 'ok', value: {files, startStopDaemon: true}, evidence: []}}} : h)),
	});

	it('without the defaults fact (older bundles): a suggestion, not applied', async () => {
		const recorded = await loadBundle('fixtures/bundles/keepalived-stopped/bundle.json');
		const older: Bundle = {...recorded, hosts: recorded.hosts.map(h => (h.name === 'lb1' ? {...h, facts: Object.fromEntries(Object.entries(h.facts).filter(([key]) => key !== 'service.defaults'))} : h))} as Bundle;
		const facts = new Facts(older);
		expect(facts.init('lb1', 'keepalived')).toBe('none');
		const fix = startServiceFix(facts, 'lb1', 'keepalived');
		expect(fix.safe).toBe(false);
		expect(fix.description).toMatch(/no \/etc\/default\/keepalived or \/etc\/sysconfig\/keepalived says how/);
		expect(fix.commands).toEqual([['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf'], ['keepalived', '-f', '/etc/keepalived/keepalived.conf']]);
	});

	it('as recorded (the lab writes /etc/default/keepalived): started the way the lab started it, detached, output to its log (safe)', async () => {
		const bundle = await loadBundle('fixtures/bundles/keepalived-stopped/bundle.json');
		const lb1 = bundle.hosts.find(h => h.name === 'lb1')!.facts;
		const file = lb1['service.defaults']?.status === 'ok' ? lb1['service.defaults'].value.files.find(f => f.name === 'keepalived') : undefined;
		expect(file?.path).toBe('/etc/default/keepalived');
		const recipe = daemonRecipe(file!);
		if ('problem' in recipe) throw new Error(recipe.problem);
		expect(recipe.pidFile).toMatch(/\/lb1\/keepalived\.pid$/);
		const facts = new Facts(bundle);
		expect(facts.processRunning('lb1', 'keepalived')).toBe(false);
		const fix = startServiceFix(facts, 'lb1', 'keepalived');
		expect(fix.safe).toBe(true);
		expect(fix.description).toBe(`no init system manages keepalived on lb1: check the configuration, then start keepalived as /etc/default/keepalived describes, output to ${recipe.output}`);
		expect(fix.commands).toEqual([
			['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf'],
			['sh', '-c', STALE_PIDFILES_SCRIPT, 'lbwiz-pidfiles', 'keepalived', recipe.pidFile, expect.stringMatching(/\/lb1\/keepalived-vrrp\.pid$/), expect.stringMatching(/\/lb1\/keepalived-checkers\.pid$/), '/run/bfd.pid'],
			// host.info recorded where keepalived is (`command -v`): matched by that executable, and that file started
			['start-stop-daemon', '--start', '--background', '--output', recipe.output, '--pidfile', recipe.pidFile, '--exec', '/usr/sbin/keepalived', '--startas', '/usr/bin/env', '--', ...recipe.env.map(([k, v]) => `${k}=${v}`), '/usr/sbin/keepalived', '-n', '-l', '-D', '-G', '-f', '/etc/keepalived/keepalived.conf', '-p', recipe.pidFile, '-r', expect.stringMatching(/\/lb1\/keepalived-vrrp\.pid$/), '-c', expect.stringMatching(/\/lb1\/keepalived-checkers\.pid$/)],
		]);
	});

	it('with the path the probe found (host.info paths): --exec that file, and that file started', async () => {
		const recorded = await loadBundle('fixtures/bundles/keepalived-stopped/bundle.json');
		const bundle = withDefaults(recorded, [defaults('keepalived', LAB_KEEPALIVED), defaults('haproxy', LAB_HAPROXY)]);
		const withPaths: Bundle = {
			...bundle,
			hosts: bundle.hosts.map(h => {
				const info = h.facts['host.info'];
				return h.name === 'lb1' && info?.status === 'ok' ? {...h, facts: {...h.facts, 'host.info': {...info, value: {...info.value, paths: {keepalived: '/usr/sbin/keepalived', haproxy: '/opt/haproxy/sbin/haproxy'}}}}} : h;
			}),
		};
		const facts = new Facts(withPaths);
		const ka = startServiceFix(facts, 'lb1', 'keepalived').commands?.[2] ?? [];
		expect(ka.slice(ka.indexOf('--pidfile'), ka.indexOf('--') + 4)).toEqual(['--pidfile', '/run/l/lb1/keepalived.pid', '--exec', '/usr/sbin/keepalived', '--startas', '/usr/bin/env', '--', 'TMPDIR=/run/l/lb1/tmp', 'KA_TMP_DIR=/run/l/lb1/tmp', '/usr/sbin/keepalived']);
		const hap = startServiceFix(facts, 'lb1', 'haproxy').commands?.[1] ?? [];
		expect(hap.slice(hap.indexOf('--exec'))).toEqual(['--exec', '/opt/haproxy/sbin/haproxy', '--startas', '/usr/bin/env', '--', '/opt/haproxy/sbin/haproxy', '-db', '-f', '/etc/haproxy/haproxy.cfg']);
	});

	it('with /etc/default/keepalived: validate, then start from it (safe)', async () => {
		const facts = new Facts(withDefaults(await loadBundle('fixtures/bundles/keepalived-stopped/bundle.json'), [defaults('keepalived', LAB_KEEPALIVED), defaults('haproxy', LAB_HAPROXY)]));
		const fix = startServiceFix(facts, 'lb1', 'keepalived');
		expect(fix.safe).toBe(true);
		expect(fix.commands?.[0]).toEqual(['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf']);
		expect(fix.commands?.[1]?.slice(3)).toEqual(['lbwiz-pidfiles', 'keepalived', '/run/l/lb1/keepalived.pid', '/run/l/lb1/vrrp.pid', '/run/l/lb1/c.pid', '/run/bfd.pid']);
		expect(fix.commands?.[2]).toContain('start-stop-daemon');
		expect(fix.description).toMatch(/as \/etc\/default\/keepalived describes, output to \/var\/log\/l\/keepalived\.log/);
		expect(startServiceFix(facts, 'lb1', 'haproxy').commands?.[0]).toEqual(['haproxy', '-c', '-f', '/etc/haproxy/haproxy.cfg']);
	});

	it('a defaults file that needs a shell stays a suggestion, with the line named', async () => {
		const facts = new Facts(withDefaults(await loadBundle('fixtures/bundles/keepalived-stopped/bundle.json'), [defaults('keepalived', '. /etc/keepalived/env\nDAEMON_ARGS="-D"\n')]));
		const fix = startServiceFix(facts, 'lb1', 'keepalived');
		expect(fix.safe).toBe(false);
		expect(fix.description).toMatch(/line 1: \. \/etc\/keepalived\/env/);
	});
});

/** Where `command -v` finds a program here (what the probe records in host.info's paths). */
const found = (program: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], {encoding: 'utf8'}).stdout.trim();
const HAPROXY = found('haproxy');
const SSD = found('start-stop-daemon');

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise(resolve => server.close(resolve));
	return port;
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

describe.skipIf(!HAPROXY.startsWith('/') || !SSD || !/--output/.test(spawnSync(SSD, ['--help'], {encoding: 'utf8'}).stdout))('the start command for real: a stale pid file whose pid another program now has (loopback HAProxy)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'lbwiz-ssd-'));
	const started: number[] = [];
	afterAll(() => {
		for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
		rmSync(dir, {recursive: true, force: true});
	});

	it('start-stop-daemon starts HAProxy (the pid file alone would say "already running")', async () => {
		const cfg = join(dir, 'haproxy.cfg');
		writeFileSync(cfg, `global\ndefaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\nfrontend f\n    bind 127.0.0.1:${await freePort()}\n    default_backend b\nbackend b\n    server s1 127.0.0.1:9\n`);
		const pidFile = join(dir, 'haproxy.pid');
		const defaultsFile = defaults('haproxy', `CONFIG="${cfg}"\nPIDFILE="${pidFile}"\nLBWIZ_HAPROXY_LOG="${join(dir, 'haproxy.log')}"\n`);
		const recipe = daemonRecipe(defaultsFile);
		if ('problem' in recipe) throw new Error(recipe.problem);
		const sleeper = spawn('sleep', ['300'], {stdio: 'ignore'});
		started.push(sleeper.pid!);
		writeFileSync(pidFile, `${sleeper.pid}\n`);
		const argv = backgroundArgv(recipe, {startStopDaemon: true, program: HAPROXY});
		// the control: matched by the pid file only, the sleeper counts as a running HAProxy
		const pidFileOnly = argv.filter((arg, i) => arg !== '--exec' && argv[i - 1] !== '--exec');
		const refused = spawnSync(pidFileOnly[0], pidFileOnly.slice(1), {encoding: 'utf8', timeout: 10_000});
		expect(`${refused.status} ${refused.stdout}${refused.stderr}`).toMatch(/^1 .*already running/);
		const run = spawnSync(argv[0], argv.slice(1), {encoding: 'utf8', timeout: 10_000});
		expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
		const pid = Number(readFileSync(pidFile, 'utf8').trim());
		started.push(pid);
		expect(pid).not.toBe(sleeper.pid);
		// the pid file now names HAProxy (once env has exec'd it), and it stays up
		let exe = '';
		for (let i = 0; i < 50 && exe !== HAPROXY; i++) {
			try {
				exe = readlinkSync(`/proc/${pid}/exe`);
			} catch {
				exe = '';
			}
			if (exe !== HAPROXY) await new Promise(resolve => setTimeout(resolve, 100));
		}
		expect(exe).toBe(HAPROXY);
		expect(alive(sleeper.pid!)).toBe(true);
		// run again while it runs: start-stop-daemon now finds it, and starts nothing
		const again = spawnSync(argv[0], argv.slice(1), {encoding: 'utf8', timeout: 10_000});
		expect(`${again.status} ${again.stdout}${again.stderr}`).toMatch(/^1 .*already running/);
		expect(Number(readFileSync(pidFile, 'utf8').trim())).toBe(pid);
	});
});

describe('keepalived\'s stale pid files', () => {
	it('its four pid files: from its options, else keepalived\'s defaults', () => {
		const recipe = daemonRecipe(defaults('keepalived', 'DAEMON_ARGS="-D --vrrp_pid=/run/k/v.pid -c/run/k/c.pid"\n'));
		if ('problem' in recipe) throw new Error(recipe.problem);
		expect(keepalivedPidFiles(recipe)).toEqual(['/run/keepalived.pid', '/run/k/v.pid', '/run/k/c.pid', '/run/bfd.pid']);
	});

	it('the script removes the files naming no live keepalived (pid gone, reused, unreadable), keeps the others and files it was not given', () => {
		const dir = mkdtempSync(join(tmpdir(), 'lbwiz-pidfiles-'));
		const sleeper = spawn('sleep', ['300'], {stdio: 'ignore'});
		try {
			const file = (name: string, content: string) => {
				writeFileSync(join(dir, name), content);
				return join(dir, name);
			};
			// a "keepalived" here is this test's own process seen under the name its /proc/PID/comm has
			const self = readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim();
			const reused = file('reused.pid', `${sleeper.pid}\n`);
			const garbage = file('garbage.pid', 'x');
			const gone = file('gone.pid', '2147483646\n');
			const ours = file('ours.pid', `${process.pid}`);
			file('other.pid', `${sleeper.pid}\n`);
			const run = spawnSync('sh', ['-c', STALE_PIDFILES_SCRIPT, 'lbwiz-pidfiles', self, reused, garbage, gone, ours, join(dir, 'absent.pid')], {encoding: 'utf8'});
			expect(run.status).toBe(0);
			expect(run.stdout).toContain(`removed ${reused}: pid ${sleeper.pid} is not ${self} (it is sleep)`);
			expect(run.stdout).toContain(`removed ${garbage}: pid x is not ${self}`);
			// other.pid was not passed: kept although its pid is not ours either
			expect(readdirSync(dir).sort()).toEqual(['other.pid', 'ours.pid']);
		} finally {
			sleeper.kill('SIGKILL');
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
