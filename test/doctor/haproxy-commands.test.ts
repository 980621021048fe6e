import {describe, expect, it} from 'vitest';
import {loadBundle} from '../../src/collect/bundle.js';
import type {Bundle, FactKey, FactResult, ServiceDefaults} from '../../src/collect/types.js';
import {Facts} from '../../src/doctor/facts.js';
import {haproxyReloadCommands} from '../../src/doctor/haproxy-commands.js';
import {parseDefaultsFile} from '../../src/parse/service-defaults.js';

// config-typo was recorded in the lab: no init system; lb1's HAProxy was started from /etc/default/haproxy
// (`haproxy -db -f /etc/haproxy/haproxy.cfg`, its pid written to the file's PIDFILE, a per-host path)
const recorded = () => loadBundle('fixtures/bundles/config-typo/bundle.json');
const CFG = '/etc/haproxy/haproxy.cfg';
const VALIDATE = ['haproxy', '-c', '-f', CFG];

/** The recorded lb1: its running HAProxy's pid and the PIDFILE of its /etc/default/haproxy. */
function lb1(bundle: Bundle): {pid: string; pidFile: string} {
	const facts = bundle.hosts.find(h => h.name === 'lb1')!.facts;
	const list = facts['process.list'];
	const defaults = facts['service.defaults'];
	if (list?.status !== 'ok' || defaults?.status !== 'ok') throw new Error('recorded lb1 has no process.list or service.defaults');
	const haproxy = list.value.filter(p => p.comm === 'haproxy');
	expect(haproxy.map(p => p.args)).toEqual([['haproxy', '-db', '-f', CFG]]);
	const pidFile = defaults.value.files.find(f => f.name === 'haproxy')?.vars.PIDFILE;
	expect(pidFile).toMatch(/\/lb1\/haproxy\.pid$/);
	return {pid: String(haproxy[0].pid), pidFile: pidFile!};
}

/** The recorded bundle as an older lbwiz (or a host without /etc/default/haproxy) collected it: no service.defaults on lb1. */
function withoutDefaults(bundle: Bundle): Bundle {
	return {...bundle, hosts: bundle.hosts.map(h => (h.name === 'lb1' ? {...h, facts: Object.fromEntries(Object.entries(h.facts).filter(([key]) => key !== 'service.defaults'))} : h))} as Bundle;
}

/** lb1's facts with some replaced (each built from text, as the collectors do). */
function onLb1(bundle: Bundle, facts: Partial<Record<FactKey, FactResult<unknown>>>): Facts {
	return new Facts({...bundle, hosts: bundle.hosts.map(h => (h.name === 'lb1' ? {...h, facts: {...h.facts, ...facts}} : h))} as Bundle);
}

/** lb1's haproxy.cfg with `edit` applied to its text. */
function editConfig(bundle: Bundle, edit: (text: string) => string): Partial<Record<FactKey, FactResult<unknown>>> {
	const config = bundle.hosts.find(h => h.name === 'lb1')!.facts['haproxy.config']!;
	if (config.status !== 'ok') throw new Error('recorded lb1 has no haproxy.config');
	return {'haproxy.config': {...config, value: {...config.value, files: config.value.files.map(f => ({...f, content: edit(f.content)}))}}};
}

/** lb1's process list with haproxy's argv replaced. */
function haproxyArgs(bundle: Bundle, args: string[]): Partial<Record<FactKey, FactResult<unknown>>> {
	const list = bundle.hosts.find(h => h.name === 'lb1')!.facts['process.list']!;
	if (list.status !== 'ok') throw new Error('recorded lb1 has no process.list');
	return {'process.list': {...list, value: list.value.map(p => (p.comm === 'haproxy' ? {...p, args} : p))}};
}

describe('haproxyReloadCommands', () => {
	it('no init system, started from /etc/default/haproxy: a new daemon takes over from the running pid, with the file\'s PIDFILE (argv, no $(cat PIDFILE))', async () => {
		const bundle = await recorded();
		const {pid, pidFile} = lb1(bundle);
		const facts = new Facts(bundle);
		expect(facts.init('lb1', 'haproxy')).toBe('none');
		expect(haproxyReloadCommands(facts, 'lb1', CFG)).toEqual([VALIDATE, ['haproxy', '-D', '-p', pidFile, '-f', CFG, '-sf', pid]]);
	});

	it('no init system and no defaults file: -p left out when no pid file is known', async () => {
		const bundle = await recorded();
		const {pid} = lb1(bundle);
		const facts = new Facts(withoutDefaults(bundle));
		expect(facts.init('lb1', 'haproxy')).toBe('none');
		expect(haproxyReloadCommands(facts, 'lb1', CFG)).toEqual([VALIDATE, ['haproxy', '-D', '-f', CFG, '-sf', pid]]);
	});

	it('without a defaults file: keeps the pid file the running HAProxy was started with, else the config names', async () => {
		const bundle = withoutDefaults(await recorded());
		const {pid} = lb1(await recorded());
		expect(haproxyReloadCommands(onLb1(bundle, haproxyArgs(bundle, ['haproxy', '-D', '-f', CFG, '-p', '/run/lb1/haproxy.pid'])), 'lb1', CFG)[1]).toEqual(['haproxy', '-D', '-f', CFG, '-p', '/run/lb1/haproxy.pid', '-sf', pid]);
		const pidfile = editConfig(bundle, text => text.replace('global\n', 'global\n    pidfile /run/lb1/from-config.pid\n'));
		expect(haproxyReloadCommands(onLb1(bundle, pidfile), 'lb1', CFG)[1]).toEqual(['haproxy', '-D', '-f', CFG, '-p', '/run/lb1/from-config.pid', '-sf', pid]);
	});

	it('master-worker (argv -W or `master-worker` in global): SIGUSR2 to the master, also with a defaults file', async () => {
		const bundle = await recorded();
		const {pid} = lb1(bundle);
		expect(haproxyReloadCommands(onLb1(bundle, haproxyArgs(bundle, ['haproxy', '-Ws', '-f', CFG])), 'lb1', CFG)).toEqual([VALIDATE, ['kill', '-USR2', pid]]);
		const masterWorker = editConfig(bundle, text => text.replace('global\n', 'global\n    master-worker\n'));
		expect(haproxyReloadCommands(onLb1(bundle, masterWorker), 'lb1', CFG)).toEqual([VALIDATE, ['kill', '-USR2', pid]]);
		const plain = withoutDefaults(bundle);
		expect(haproxyReloadCommands(onLb1(plain, haproxyArgs(plain, ['haproxy', '-W', '-f', CFG])), 'lb1', CFG)).toEqual([VALIDATE, ['kill', '-USR2', pid]]);
	});

	it('runs it as the defaults file does, when there is one (its EXTRAOPTS too)', async () => {
		const bundle = await recorded();
		const {pid} = lb1(bundle);
		const text = 'CONFIG="/etc/haproxy/haproxy.cfg"\nPIDFILE="/run/l/lb1/haproxy.pid"\nEXTRAOPTS="-L lb1"\nLBWIZ_HAPROXY_LOG="/var/log/l/haproxy.log"\n';
		const parsed = parseDefaultsFile(text);
		const file: ServiceDefaults = {name: 'haproxy', path: '/etc/default/haproxy', vars: parsed.vars};
		const facts = onLb1(bundle, {'service.defaults': {status: 'ok', value: {files: [file], startStopDaemon: true}, evidence: []}});
		expect(haproxyReloadCommands(facts, 'lb1', CFG)[1]).toEqual(['haproxy', '-D', '-p', '/run/l/lb1/haproxy.pid', '-f', CFG, '-L', 'lb1', '-sf', pid]);
		// a defaults file for another config: not the HAProxy being reloaded
		expect(haproxyReloadCommands(facts, 'lb1', '/etc/haproxy/other.cfg')[1]).toEqual(['haproxy', '-D', '-f', '/etc/haproxy/other.cfg', '-sf', pid]);
	});

	it('EXTRAOPTS with the foreground options -db / -d: left out of the -D reload (the other -d… options kept)', async () => {
		const bundle = await recorded();
		const {pid} = lb1(bundle);
		const parsed = parseDefaultsFile('PIDFILE="/run/l/lb1/haproxy.pid"\nEXTRAOPTS="-db -de -d -dV -L lb1"\n');
		const file: ServiceDefaults = {name: 'haproxy', path: '/etc/default/haproxy', vars: parsed.vars};
		const facts = onLb1(bundle, {'service.defaults': {status: 'ok', value: {files: [file], startStopDaemon: true}, evidence: []}});
		expect(haproxyReloadCommands(facts, 'lb1', CFG)[1]).toEqual(['haproxy', '-D', '-p', '/run/l/lb1/haproxy.pid', '-f', CFG, '-de', '-dV', '-L', 'lb1', '-sf', pid]);
	});

	it('not running: only validation (starting it is service.haproxy-down\'s fix)', async () => {
		const facts = new Facts(await loadBundle('fixtures/bundles/haproxy-stopped/bundle.json'));
		expect(facts.processRunning('lb1', 'haproxy')).toBe(false);
		expect(haproxyReloadCommands(facts, 'lb1', CFG)).toEqual([VALIDATE]);
	});
});
