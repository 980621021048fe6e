import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, expect, it} from 'vitest';
import {labDown} from '../../src/lab/lab.js';
import {labPaths} from '../../src/lab/paths.js';
import {readState} from '../../src/lab/state.js';
import {sleep} from '../../src/lab/system.js';
import {packageRoot} from '../../src/lab/topology.js';
import {describeLab, namespacesWithPrefix, processesMentioning, testPrefix} from './lab-helpers.js';

/** `lbwiz lab up` killed half-way (SIGKILL: no cleanup code runs), then `lbwiz lab down` from the state file alone. */
describeLab('lbwiz lab down after a crashed up', () => {
	const prefix = testPrefix();

	afterAll(async () => {
		await labDown({prefix});
	}, 60_000);

	it('removes the half-built lab: namespaces, daemons already started, files', async () => {
		const root = packageRoot();
		const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'lab', 'up', '--prefix', prefix], {cwd: root, stdio: 'ignore'});
		let state = readState(prefix);
		for (let i = 0; i < 300 && !(state && state.processes.some(p => p.daemon === 'haproxy')); i++) {
			await sleep(100);
			state = readState(prefix);
		}
		child.kill('SIGKILL');
		await new Promise(resolve => child.once('exit', resolve));
		expect(state?.phase).toBe('building');
		expect(state?.processes.length).toBeGreaterThan(0);
		expect(namespacesWithPrefix(prefix).length).toBeGreaterThanOrEqual(6);
		expect(processesMentioning(`/lbwiz-lab/${prefix}/`).length).toBeGreaterThan(0);

		const result = await labDown({prefix});
		expect(result.found).toBe(true);
		expect(result.leftovers).toEqual([]);
		expect(namespacesWithPrefix(prefix)).toEqual([]);
		expect(processesMentioning(`/lbwiz-lab/${prefix}/`)).toEqual([]);
		const paths = labPaths(prefix);
		for (const path of [paths.stateDir, paths.runDir, ...state!.hosts.map(h => paths.overlayDir(h.ns)), ...state!.hosts.map(h => paths.logDir(h.ns))]) expect(existsSync(path), path).toBe(false);
	}, 90_000);
});
