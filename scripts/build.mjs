#!/usr/bin/env node
// Builds dist/lbwiz.mjs: one ESM entry that runs with only `node` (no node_modules). Commands and the
// Ink UI are split into lazily loaded chunks beside it (dist/chunks/), so `--version` parses little.
import {build} from 'esbuild';
import {cpSync, mkdirSync, rmSync, existsSync, readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, {recursive: true, force: true});

await build({
	entryPoints: {lbwiz: join(root, 'src/cli.ts')},
	outdir: dist,
	outExtension: {'.js': '.mjs'},
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	jsx: 'automatic',
	define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"'},
	alias: {'react-devtools-core': join(root, 'scripts/stubs/react-devtools-core.mjs')},
	banner: {js: "import {createRequire as __lbwizCreateRequire} from 'node:module'; const require = __lbwizCreateRequire(import.meta.url);"},
	logLevel: 'warning',
});

// Data the commands read at run time: the demo incident bundle and the lab topology.
for (const rel of ['fixtures/bundles/split-brain-firewall', 'fixtures/topologies', 'docs/checks']) {
	const from = join(root, rel);
	if (existsSync(from)) {
		mkdirSync(join(dist, rel), {recursive: true});
		cpSync(from, join(dist, rel), {recursive: true});
	}
}
const chunks = existsSync(join(dist, 'chunks')) ? readdirSync(join(dist, 'chunks')).length : 0;
console.log(`built dist/lbwiz.mjs (+${chunks} lazy chunks)`);
