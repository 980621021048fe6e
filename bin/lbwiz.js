#!/usr/bin/env node
// Runs the bundled build when present (dist/lbwiz.mjs), otherwise the TypeScript sources through tsx.
// In a source checkout a bundle older than any file of src/ or checks/ is stale: the sources run instead,
// so an edit is never hidden behind an old build (LBWIZ_FROM_SOURCE=1 forces the sources).
import {existsSync, readdirSync, statSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {dirname, join} from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'lbwiz.mjs');

function newerThan(dir, time) {
	if (!existsSync(dir)) return false;
	for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
		if (entry.isFile() && statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > time) return true;
	}
	return false;
}

function bundleIsCurrent() {
	if (!existsSync(bundle) || process.env.LBWIZ_FROM_SOURCE === '1') return false;
	if (!existsSync(join(root, 'src', 'cli.ts'))) return true;
	const built = statSync(bundle).mtimeMs;
	return !newerThan(join(root, 'src'), built) && !newerThan(join(root, 'checks'), built);
}

if (bundleIsCurrent()) {
	await import(pathToFileURL(bundle).href);
} else {
	const {register} = await import('tsx/esm/api');
	register();
	await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
