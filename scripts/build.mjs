#!/usr/bin/env node
/**
Builds dist/lbwiz.mjs: a tiny ESM entry (cli.ts, the version and the command registry) that runs with
only `node` ≥ 20 and no node_modules. Every command and the Ink UI sit in lazily loaded chunks beside
it (dist/chunks/), so `--version` parses a few kilobytes and `lint`/`doctor --json` never parse React.
The data read at run time (the demo bundle, the lab topologies, the check docs) is copied under dist/,
with a dist/package.json naming lbwiz so code that looks for its package root finds dist/ itself.

Usage: node scripts/build.mjs [--outdir DIR] [--allow-missing] [--no-minify] [--metafile FILE]
  --allow-missing   build even when a command module of the registry does not exist yet (the command
                    then says so at run time); without it a missing command fails the build
*/
import {build} from 'esbuild';
import {chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Directories copied under the output directory: read at run time, found relative to the bundle. */
export const DATA_DIRS = ['fixtures/bundles/split-brain-firewall', 'fixtures/topologies', 'docs/checks'];

/** Packages that draw a terminal UI: no chunk loaded by a non-UI command may contain them. */
export const UI_PACKAGES = ['ink', 'react', 'react-reconciler', 'scheduler', 'yoga-layout', '@inkjs/ui', 'enquirer'];

const BANNER = "import {createRequire as __lbwizCreateRequire} from 'node:module'; const require = __lbwizCreateRequire(import.meta.url);";

/** Replaces a command module the registry names but the tree lacks (work in progress) with a clear message. */
const missingCommands = (missing) => ({
	name: 'lbwiz-missing-commands',
	setup(b) {
		b.onResolve({filter: /^\.\/commands\/[a-z-]+\.js$/}, args => {
			const source = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
			if (existsSync(source) || existsSync(source.replace(/\.ts$/, '.tsx'))) return undefined;
			const name = args.path.slice('./commands/'.length, -'.js'.length);
			missing.push(name);
			return {path: name, namespace: 'lbwiz-missing'};
		});
		b.onLoad({filter: /.*/, namespace: 'lbwiz-missing'}, args => ({
			loader: 'js',
			contents: `export default {name: ${JSON.stringify(args.path)}, summary: '', help: 'Usage: lbwiz ${args.path}\\n(not part of this build)\\n',
				async run(argv, io) { io.stderr.write('lbwiz ${args.path}: this command is not part of this build (rebuild lbwiz from a tree that has src/commands/${args.path}.ts)\\n'); return 70; }};`,
		}));
	},
});

/**
Resolves our relative `./x.js` imports to the `.ts`/`.tsx` source with the exact case. esbuild's own
lookup is case-insensitive for warnings and picks the wrong file when two differ only in case
(src/ui/components/Rows.tsx beside rows.ts).
*/
const exactCaseSources = () => ({
	name: 'lbwiz-exact-case',
	setup(b) {
		b.onResolve({filter: /^\.\.?\/.*\.js$/}, args => {
			if (args.resolveDir.includes('/node_modules/')) return undefined;
			const base = join(args.resolveDir, args.path.slice(0, -'.js'.length));
			for (const ext of ['.ts', '.tsx']) {
				const dir = dirname(base + ext);
				if (existsSync(dir) && readdirSync(dir).includes((base + ext).slice(dir.length + 1))) return {path: base + ext};
			}
			return undefined;
		});
	},
});

/**
Gives src/cli.ts its own copy of src/version.ts (one exported constant), so esbuild keeps it in the
entry instead of a shared chunk the entry would have to load: `--version` then reads one file.
*/
const versionInEntry = () => ({
	name: 'lbwiz-version-in-entry',
	setup(b) {
		b.onResolve({filter: /^\.\/version\.js$/}, args => (resolve(args.importer) === join(root, 'src/cli.ts') ? {path: join(root, 'src/version.ts'), namespace: 'lbwiz-entry-copy'} : undefined));
		b.onLoad({filter: /.*/, namespace: 'lbwiz-entry-copy'}, args => ({contents: readFileSync(args.path, 'utf8'), loader: 'ts', resolveDir: dirname(args.path)}));
	},
});

/** The npm package a metafile input path belongs to, or undefined for our own sources. */
export function packageOf(input) {
	const at = input.lastIndexOf('node_modules/');
	if (at < 0) return undefined;
	const parts = input.slice(at + 'node_modules/'.length).split('/');
	return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
The output files a chunk loads before it runs: itself and everything it imports statically,
transitively (dynamic imports excluded). `outputs` is esbuild's metafile.outputs; keys are paths
relative to the working directory, as esbuild writes them.
*/
export function staticClosure(outputs, start) {
	const seen = new Set();
	const queue = [start];
	while (queue.length > 0) {
		const file = queue.pop();
		if (seen.has(file) || !outputs[file]) continue;
		seen.add(file);
		for (const imp of outputs[file].imports) if (imp.kind === 'import-statement' && !imp.external) queue.push(imp.path);
	}
	return [...seen];
}

/** npm packages inside the given output files. */
export function packagesIn(outputs, files) {
	const found = new Set();
	for (const file of files) for (const input of Object.keys(outputs[file]?.inputs ?? {})) {
		const name = packageOf(input);
		if (name) found.add(name);
	}
	return [...found].sort();
}

/**
Checks the fast-start rule on a metafile: the entry and every command's chunk, with everything they
import statically, contain none of UI_PACKAGES (the UI is `import()`ed where it is drawn). Returns
one line per violation (empty when the rule holds).
*/
export function fastStartViolations(metafile, entryFile) {
	const outputs = metafile.outputs;
	const problems = [];
	const roots = [['the entry', entryFile]];
	for (const [file, output] of Object.entries(outputs)) {
		const command = /^src\/commands\/([a-z-]+)\.ts$/.exec(output.entryPoint ?? '');
		if (command) roots.push([`lbwiz ${command[1]}`, file]);
	}
	for (const [label, file] of roots) {
		const ui = packagesIn(outputs, staticClosure(outputs, file)).filter(p => UI_PACKAGES.includes(p));
		if (ui.length > 0) problems.push(`${label} (${file}) loads ${ui.join(', ')} statically`);
	}
	return problems;
}

/** The esbuild options every lbwiz bundle shares (the product and the benchmark's helpers). */
const productionOptions = quiet => ({
	absWorkingDir: root,
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	jsx: 'automatic',
	define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"'},
	alias: {'react-devtools-core': join(root, 'scripts/stubs/react-devtools-core.mjs')},
	banner: {js: BANNER},
	logLevel: quiet ? 'error' : 'warning',
});

/** Bundles one script (e.g. a benchmark helper) into one file with the options the product uses. */
export async function bundleScript(entry, outfile) {
	await build({...productionOptions(true), entryPoints: [resolve(root, entry)], outfile, plugins: [exactCaseSources()]});
	return outfile;
}

/**
esbuild makes every entry import the chunk of its runtime helpers (`__require`, `__commonJS`…) for
its side effects, although that chunk has none and the chunks that use a helper import it by name.
Dropping that bare import from the entry leaves `--version` one file to read. Only chunks built from
no input file at all (pure esbuild runtime) are dropped; the result is checked by test/build.
*/
export function withoutRuntimeImports(code, metafile, entryFile) {
	const dir = dirname(entryFile);
	let out = code;
	for (const imp of metafile.outputs[entryFile].imports) {
		if (imp.kind !== 'import-statement' || imp.external || Object.keys(metafile.outputs[imp.path]?.inputs ?? {x: 1}).length > 0) continue;
		const specifier = `./${relative(dir, imp.path)}`;
		out = out.replace(`import"${specifier}";`, '').replace(`import "${specifier}";`, '');
	}
	return out;
}

/**
Builds lbwiz into `outdir` (wiped first). Returns {entry, metafile, missing, bytes}; throws when esbuild
fails, when a command module is missing and `allowMissing` is false, or when a non-UI command would
load React/Ink at start-up.
*/
export async function buildBundle({outdir = join(root, 'dist'), allowMissing = false, minify = true, quiet = false} = {}) {
	rmSync(outdir, {recursive: true, force: true});
	const missing = [];
	const result = await build({
		...productionOptions(quiet),
		entryPoints: {lbwiz: join(root, 'src/cli.ts')},
		outdir,
		outExtension: {'.js': '.mjs'},
		chunkNames: 'chunks/[name]-[hash]',
		splitting: true,
		minify,
		metafile: true,
		plugins: [versionInEntry(), missingCommands(missing), exactCaseSources()],
	});
	if (missing.length > 0 && !allowMissing) {
		throw new Error(`src/commands/{${missing.join(',')}}.ts named in src/cli.ts do not exist (rerun with --allow-missing to build the rest)`);
	}
	const entry = relative(root, join(outdir, 'lbwiz.mjs'));
	const violations = fastStartViolations(result.metafile, entry);
	if (violations.length > 0) {
		throw new Error(`fast start broken — a command that draws no UI would load it:\n  ${violations.join('\n  ')}\n(make that import lazy: await import(...) where the UI is drawn)`);
	}
	// an executable entry: `./lbwiz.mjs doctor`, or a symlink in /usr/local/bin (node follows it to the chunks)
	const entryPath = join(outdir, 'lbwiz.mjs');
	writeFileSync(entryPath, `#!/usr/bin/env node\n${withoutRuntimeImports(readFileSync(entryPath, 'utf8'), result.metafile, entry)}`);
	chmodSync(entryPath, 0o755);
	for (const rel of DATA_DIRS) {
		const from = join(root, rel);
		if (existsSync(from)) cpSync(from, join(outdir, rel), {recursive: true});
	}
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({name: pkg.name, version: pkg.version, type: 'module', private: true, bin: {lbwiz: 'lbwiz.mjs'}, engines: pkg.engines}, null, 2)}\n`);
	const bytes = {entry: statSync(join(outdir, 'lbwiz.mjs')).size, total: 0};
	for (const file of Object.keys(result.metafile.outputs)) bytes.total += result.metafile.outputs[file].bytes;
	return {entry: join(outdir, 'lbwiz.mjs'), metafile: result.metafile, missing, bytes};
}

const isMain = process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
	const {values} = parseArgs({options: {outdir: {type: 'string'}, 'allow-missing': {type: 'boolean'}, 'no-minify': {type: 'boolean'}, metafile: {type: 'string'}}});
	try {
		const outdir = resolve(values.outdir ?? join(root, 'dist'));
		const built = await buildBundle({outdir, allowMissing: Boolean(values['allow-missing'] || process.env.LBWIZ_BUILD_ALLOW_MISSING), minify: !values['no-minify']});
		if (values.metafile) {
			mkdirSync(dirname(resolve(values.metafile)), {recursive: true});
			writeFileSync(resolve(values.metafile), JSON.stringify(built.metafile));
		}
		const chunks = existsSync(join(outdir, 'chunks')) ? readdirSync(join(outdir, 'chunks')).length : 0;
		const kb = n => `${(n / 1024).toFixed(0)} kB`;
		console.log(`built ${relative(process.cwd(), built.entry)} (${kb(built.bytes.entry)}) + ${chunks} lazy chunks (${kb(built.bytes.total)} in all)`);
		if (built.missing.length > 0) console.warn(`warning: not in this build (source missing): ${built.missing.join(', ')}`);
	} catch (error) {
		console.error(`build failed: ${error.message}`);
		process.exitCode = 1;
	}
}
