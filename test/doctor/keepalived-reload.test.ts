import {describe, expect, it} from 'vitest';
import {loadBundle} from '../../src/collect/bundle.js';
import type {Bundle} from '../../src/collect/types.js';
import {Facts} from '../../src/doctor/facts.js';
import {keepalivedReloadCommands} from '../../src/doctor/fixes.js';

// config-typo was recorded in the lab: no init system; lb2 runs keepalived as a parent and its VRRP child
const recorded = () => loadBundle('fixtures/bundles/config-typo/bundle.json');
const VALIDATE = ['keepalived', '-t', '-f', '/etc/keepalived/keepalived.conf'];

/** lb2's keepalived processes: the parent (ppid outside keepalived) and its child. */
function lb2Keepalived(bundle: Bundle) {
	const list = bundle.hosts.find(h => h.name === 'lb2')!.facts['process.list'];
	if (list?.status !== 'ok') throw new Error('recorded lb2 has no process.list');
	const procs = list.value.filter(p => p.comm === 'keepalived');
	const parent = procs.find(p => !procs.some(q => q.pid === p.ppid));
	const child = procs.find(p => p.ppid === parent?.pid);
	expect(parent && child).toBeTruthy();
	return {parent: parent!, child: child!};
}

describe('keepalivedReloadCommands without an init system', () => {
	it('SIGHUP to the parent keepalived (recorded lab)', async () => {
		const bundle = await recorded();
		const {parent} = lb2Keepalived(bundle);
		expect(new Facts(bundle).init('lb2', 'keepalived')).toBe('none');
		expect(keepalivedReloadCommands(new Facts(bundle), 'lb2')).toEqual([VALIDATE, ['kill', '-HUP', String(parent.pid)]]);
	});

	it('also when the child comes first in the process list (/proc glob order: pid 10001 before 9990)', async () => {
		const bundle = await recorded();
		const {parent} = lb2Keepalived(bundle);
		const reordered: Bundle = {
			...bundle,
			hosts: bundle.hosts.map(h => {
				const list = h.facts['process.list'];
				if (h.name !== 'lb2' || list?.status !== 'ok') return h;
				return {...h, facts: {...h.facts, 'process.list': {...list, value: [...list.value].reverse()}}};
			}),
		};
		const facts = new Facts(reordered);
		expect(facts.get('lb2', 'process.list')?.find(p => p.comm === 'keepalived')?.pid).not.toBe(parent.pid);
		expect(keepalivedReloadCommands(facts, 'lb2')).toEqual([VALIDATE, ['kill', '-HUP', String(parent.pid)]]);
	});

	it('keepalived not running: only validation', async () => {
		const facts = new Facts(await loadBundle('fixtures/bundles/keepalived-stopped/bundle.json'));
		expect(facts.processRunning('lb1', 'keepalived')).toBe(false);
		expect(keepalivedReloadCommands(facts, 'lb1')).toEqual([VALIDATE]);
	});
});
