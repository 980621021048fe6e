#!/usr/bin/env node
// Runs the bundled build when present (dist/lbwiz.mjs), otherwise the TypeScript sources through tsx.
import {existsSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {dirname, join} from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'lbwiz.mjs');
if (existsSync(bundle) && process.env.LBWIZ_FROM_SOURCE !== '1') {
	await import(pathToFileURL(bundle).href);
} else {
	const {register} = await import('tsx/esm/api');
	register();
	await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
