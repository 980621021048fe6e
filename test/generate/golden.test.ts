import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {renderTopology} from '../../src/generate/index.js';
import {formatPlan} from '../../src/generate/setup-plan.js';
import {loadTopology} from '../../src/model/load-topology.js';

/** Golden files pin the version so a release does not rewrite them. */
const GOLDEN_VERSION = '0.0.0-golden';
const TOPOLOGIES = 'fixtures/topologies';
const GOLDEN = 'fixtures/golden/render';
const update = process.env.UPDATE_GOLDEN === '1';

async function walk(dir: string): Promise<string[]> {
	const entries = await readdir(dir, {withFileTypes: true}).catch(() => []);
	const files: string[] = [];
	for (const entry of entries) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) files.push(...(await walk(path)));
		else files.push(path);
	}
	return files;
}

/** `<host>/<absolute path>` → content for every rendered file, plus `plan.txt`. */
async function renderFixture(file: string): Promise<Record<string, string>> {
	const source = `${TOPOLOGIES}/${file}`;
	const {topology, warnings} = await loadTopology(source);
	const hosts = renderTopology(topology, {source, version: GOLDEN_VERSION});
	const out: Record<string, string> = {'plan.txt': formatPlan({file: source, topology, warnings, hosts})};
	for (const host of hosts) for (const f of host.files) out[`${host.host}${f.path}`] = f.content;
	return out;
}

const fixtures = (await readdir(TOPOLOGIES)).filter(f => f.endsWith('.yaml')).sort();

describe('rendered fixtures match fixtures/golden/render (UPDATE_GOLDEN=1 rewrites them)', () => {
	it('has the six topologies', () => {
		expect(fixtures).toEqual(['haproxy-standalone.yaml', 'keepalived-haproxy-pair.yaml', 'lab.yaml', 'lvs-dr-multiport.yaml', 'lvs-dr-pair.yaml', 'three-tier.yaml']);
	});

	for (const file of fixtures) {
		it(file, async () => {
			const name = file.replace(/\.yaml$/, '');
			const dir = join(GOLDEN, name);
			const actual = await renderFixture(file);
			if (update) {
				await rm(dir, {recursive: true, force: true});
				for (const [path, content] of Object.entries(actual)) {
					await mkdir(join(dir, path, '..'), {recursive: true});
					await writeFile(join(dir, path), content);
				}
			}
			const expected: Record<string, string> = {};
			for (const path of await walk(dir)) expected[relative(dir, path)] = await readFile(path, 'utf8');
			expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
			for (const [path, content] of Object.entries(actual)) expect(content, `${name}/${path}`).toBe(expected[path]);
		});
	}
});
