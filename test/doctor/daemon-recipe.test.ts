import {describe, expect, it} from 'vitest';
import {loadBundle} from '../../src/collect/bundle.js';
import type {Bundle, ServiceDefaults} from '../../src/collect/types.js';
import {backgroundArgv, daemonRecipe, foregroundArgv, startServiceFix} from '../../src/doctor/fixes.js';
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

	it('with start-stop-daemon --output: detached, output kept, matched by the pid file only', () => {
		expect(backgroundArgv(ka, {startStopDaemon: true})).toEqual(['start-stop-daemon', '--start', '--background', '--output', '/var/log/l/keepalived.log', '--pidfile', '/run/l/lb1/keepalived.pid', '--startas', '/usr/bin/env', '--', 'TMPDIR=/run/l/lb1/tmp', 'KA_TMP_DIR=/run/l/lb1/tmp', 'keepalived', '-n', ...ka.args]);
		expect(backgroundArgv(hap, {startStopDaemon: true})).toEqual(['start-stop-daemon', '--start', '--background', '--output', '/var/log/l/haproxy.log', '--pidfile', '/run/l/lb1/haproxy.pid', '--make-pidfile', '--startas', '/usr/bin/env', '--', 'haproxy', '-db', '-f', '/etc/haproxy/haproxy.cfg']);
	});

	it('without it the daemons fork by themselves', () => {
		expect(backgroundArgv(ka, {startStopDaemon: false})).toEqual(['env', 'TMPDIR=/run/l/lb1/tmp', 'KA_TMP_DIR=/run/l/lb1/tmp', 'keepalived', ...ka.args]);
		expect(backgroundArgv(hap, {})).toEqual(['haproxy', '-D', '-p', '/run/l/lb1/haproxy.pid', '-f', '/etc/haproxy/haproxy.cfg']);
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
			['start-stop-daemon', '--start', '--background', '--output', recipe.output, '--pidfile', recipe.pidFile, '--startas', '/usr/bin/env', '--', ...recipe.env.map(([k, v]) => `${k}=${v}`), 'keepalived', '-n', '-l', '-D', '-G', '-f', '/etc/keepalived/keepalived.conf', '-p', recipe.pidFile, '-r', expect.stringMatching(/\/lb1\/keepalived-vrrp\.pid$/), '-c', expect.stringMatching(/\/lb1\/keepalived-checkers\.pid$/)],
		]);
	});

	it('with /etc/default/keepalived: validate, then start from it (safe)', async () => {
		const facts = new Facts(withDefaults(await loadBundle('fixtures/bundles/keepalived-stopped/bundle.json'), [defaults('keepalived', LAB_KEEPALIVED), defaults('haproxy', LAB_HAPROXY)]));
		const fix = startServiceFix(facts, 'lb1', 'keepalived');
		expect(fix.safe).toBe(true);
		expect(fix.commands?.[0]).toEqual(['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf']);
		expect(fix.commands?.[1]).toContain('start-stop-daemon');
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
