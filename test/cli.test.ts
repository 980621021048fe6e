import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {commands, main} from '../src/cli.js';
import {VERSION} from '../src/version.js';
import {captureIo} from './helpers/io.js';

describe('lbwiz CLI', () => {
	it('prints the version that package.json declares', async () => {
		const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
		expect(VERSION).toBe(pkg.version);
		const c = captureIo();
		expect(await main(['--version'], c.io)).toBe(0);
		expect(c.stdout()).toBe(`${pkg.version}\n`);
	});

	it('lists every command with examples in --help', async () => {
		const c = captureIo();
		expect(await main(['--help'], c.io)).toBe(0);
		for (const name of Object.keys(commands)) expect(c.stdout()).toContain(`  ${name} `);
		expect(c.stdout()).toContain('Examples:');
	});

	it('rejects an unknown command with a suggestion and exit 2', async () => {
		const c = captureIo();
		expect(await main(['docter'], c.io)).toBe(2);
		expect(c.stderr()).toContain("did you mean 'doctor'?");
	});

	it.each(Object.keys(commands))('lbwiz %s --help prints usage with examples', async name => {
		const c = captureIo();
		expect(await main([name, '--help'], c.io)).toBe(0);
		expect(c.stdout()).toMatch(/Usage:\s+lbwiz /);
		expect(c.stdout()).toMatch(/Example/);
	});
});

describe('README', () => {
	it("its topology example is a valid lbwiz.yaml", async () => {
		const {parseTopology} = await import('../src/model/index.js');
		const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
		const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
		expect(yaml).toBeTruthy();
		const {topology} = parseTopology(yaml!, 'README.md');
		expect(topology.directors.map(d => d.name)).toEqual(['lb1', 'lb2']);
	});
});
