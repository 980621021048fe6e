import {spawnSync, type SpawnSyncReturns} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildBundle, packagesIn, UI_PACKAGES} from '../../scripts/build.mjs';
import {commands} from '../../src/cli.js';
import {VERSION} from '../../src/version.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

let work: string;
let bare: string;
let built: Awaited<ReturnType<typeof buildBundle>>;
let outdir: string;

/** `node lbwiz.mjs …` in the bare directory: no node_modules anywhere up the tree, NODE_PATH empty. */
function lbwiz(args: string[], options: {input?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[]} = {}): SpawnSyncReturns<string> {
	return spawnSync(process.execPath, [...(options.nodeArgs ?? []), join(bare, 'lbwiz.mjs'), ...args], {
		cwd: bare,
		env: {PATH: process.env.PATH, HOME: bare, NODE_PATH: '', LC_ALL: 'C', TERM: 'dumb', ...options.env},
		encoding: 'utf8',
		timeout: 60_000,
		input: options.input ?? '',
	});
}

/** The command on a pseudo-terminal (test/build/pty-run.py): sends `keys` once `waitFor` shows. */
function onTerminal(args: string[], waitFor: string, keys: string, trace?: string): {exit: number | null; output: string; timedOut: boolean} {
	const node = trace ? [process.execPath, '--import', pathToFileURL(join(here, 'trace-loads.mjs')).href] : [process.execPath];
	const result = spawnSync('python3', [join(here, 'pty-run.py'), '100', '40', '20', waitFor, keys, '--', ...node, join(bare, 'lbwiz.mjs'), ...args], {
		cwd: bare,
		env: {PATH: process.env.PATH, HOME: bare, NODE_PATH: '', LC_ALL: 'C.UTF-8', TERM: 'xterm-256color', ...(trace ? {LBWIZ_TRACE_FILE: trace} : {})},
		encoding: 'utf8',
		timeout: 60_000,
	});
	if (result.status !== 0) throw new Error(`pty-run.py failed: ${result.stderr}`);
	return JSON.parse(result.stdout) as {exit: number | null; output: string; timedOut: boolean};
}

const hasPython = spawnSync('python3', ['-c', 'import pty'], {encoding: 'utf8'}).status === 0;

const newTrace = () => {
	const trace = join(work, `trace-${Math.random().toString(36).slice(2)}.txt`);
	writeFileSync(trace, '');
	return trace;
};

/** The bundle files a traced run loaded, mapped through the metafile to the npm packages inside them. */
function loadedFrom(trace: string): {packages: string[]; files: string[]} {
	const files = readFileSync(trace, 'utf8').split('\n').filter(url => url.startsWith(pathToFileURL(bare).href + '/'));
	expect(files.length).toBeGreaterThan(0);
	const outputs = built.metafile.outputs;
	const keys = files.map(url => relative(root, join(outdir, relative(bare, fileURLToPath(url)))));
	for (const key of keys) expect(outputs[key], key).toBeDefined();
	return {packages: packagesIn(outputs, keys), files: keys};
}

/** Runs lbwiz with the module tracer; returns what it loaded. */
function packagesLoaded(args: string[]): {packages: string[]; files: string[]} {
	const trace = newTrace();
	lbwiz(args, {env: {LBWIZ_TRACE_FILE: trace}, nodeArgs: ['--import', pathToFileURL(join(here, 'trace-loads.mjs')).href]});
	return loadedFrom(trace);
}

/** No stack trace in what an operator sees. */
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(async () => {
	work = mkdtempSync(join(tmpdir(), 'lbwiz-build-'));
	outdir = join(work, 'dist');
	built = await buildBundle({outdir, quiet: true});
	bare = mkdtempSync(join(tmpdir(), 'lbwiz-bare-'));
	cpSync(outdir, bare, {recursive: true});
	// inputs the commands read, copied in as an operator would scp them
	cpSync(join(root, 'fixtures/bundles/auth-mismatch/bundle.json'), join(bare, 'auth-mismatch.json'));
	cpSync(join(root, 'fixtures/topologies/keepalived-haproxy-pair.yaml'), join(bare, 'lbwiz.yaml'));
	writeFileSync(
		join(bare, 'keepalived.conf'),
		[
			'vrrp_instance VI_1 {',
			'    state MASTER',
			'    interface eth0',
			'    virtual_router_id 51',
			'    priorty 100',
			'    advert_int 1',
			'    virtual_ipaddress {',
			'        203.0.113.100/24',
			'    }',
			'}',
			'',
		].join('\n'),
	);
}, 180_000);

afterAll(() => {
	if (work) rmSync(work, {recursive: true, force: true});
	if (bare) rmSync(bare, {recursive: true, force: true});
});

describe('dist/ copied to an empty directory', () => {
	it('has no node_modules to lean on', () => {
		for (let dir = bare; ; dir = dirname(dir)) {
			expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false);
			if (dirname(dir) === dir) break;
		}
		expect(existsSync(join(bare, 'lbwiz.mjs'))).toBe(true);
		expect(existsSync(join(bare, 'fixtures/bundles/split-brain-firewall/bundle.json'))).toBe(true);
		expect(existsSync(join(bare, 'fixtures/topologies/lab.yaml'))).toBe(true);
		expect(JSON.parse(readFileSync(join(bare, 'package.json'), 'utf8'))).toMatchObject({name: 'lbwiz', version: VERSION, type: 'module'});
	});

	it('runs as an executable through a symlink from another directory', () => {
		const bin = join(work, 'bin');
		mkdirSync(bin);
		symlinkSync(join(bare, 'lbwiz.mjs'), join(bin, 'lbwiz'));
		const run = (args: string[]) => spawnSync(join(bin, 'lbwiz'), args, {cwd: work, env: {PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: bare, NODE_PATH: ''}, encoding: 'utf8', timeout: 60_000});
		expect(run(['--version']).stdout).toBe(`${VERSION}\n`);
		const demo = run(['doctor', '--demo', '--json']);
		expect(demo.status).toBe(2);
		expect(JSON.parse(demo.stdout)).toMatchObject({source: {kind: 'demo'}});
	});

	it('prints the version', () => {
		const r = lbwiz(['--version']);
		expect(r.status).toBe(0);
		expect(r.stdout).toBe(`${VERSION}\n`);
	});

	it('prints the help with every command', () => {
		const r = lbwiz(['--help']);
		expect(r.status).toBe(0);
		for (const name of Object.keys(commands)) expect(r.stdout).toContain(`  ${name} `);
	});

	it.each(Object.keys(commands))('lbwiz %s --help loads its chunk and prints usage', name => {
		const r = lbwiz([name, '--help']);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/Usage/);
		expect(r.stdout).toMatch(/Example/);
	});

	it('lints a keepalived.conf with file:line diagnostics', () => {
		const r = lbwiz(['lint', 'keepalived.conf']);
		noStack(r.stdout + r.stderr);
		expect(r.status).not.toBe(0);
		expect(r.stdout + r.stderr).toMatch(/keepalived\.conf:5:\d+/);
		expect(r.stdout + r.stderr).toContain('priorty');
	});

	it('doctor --demo --json finds the recorded split brain and its cause', () => {
		const r = lbwiz(['doctor', '--demo', '--json']);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(2);
		const report = JSON.parse(r.stdout) as {source: {kind: string}; findings: Array<{check: string}>};
		expect(report.source.kind).toBe('demo');
		const checks = report.findings.map(f => f.check);
		expect(checks).toContain('vip.split-brain');
		expect(checks).toContain('firewall.vrrp-blocked');
	});

	it('doctor --demo prints the plain report without a terminal', () => {
		const r = lbwiz(['doctor', '--demo']);
		expect(r.status).toBe(2);
		expect(r.stdout).toContain('firewall.vrrp-blocked');
		expect(r.stdout).toMatch(/Root cause/i);
	});

	it('doctor --from evaluates a copied bundle', () => {
		const r = lbwiz(['doctor', '--from', 'auth-mismatch.json', '--json']);
		expect(r.status).toBe(2);
		expect((JSON.parse(r.stdout) as {findings: Array<{check: string}>}).findings.map(f => f.check)).toContain('vrrp.auth-mismatch');
	});

	it('doctor --from a missing file says so without a stack trace', () => {
		const r = lbwiz(['doctor', '--from', 'nope.json']);
		expect(r.status).toBe(3);
		expect(r.stderr).toContain('nope.json');
		noStack(r.stderr);
	});

	it('report --from writes a self-contained HTML report', () => {
		const r = lbwiz(['report', '--from', 'auth-mismatch.json', '--out', 'incident.html']);
		expect(r.status).toBe(0);
		const html = readFileSync(join(bare, 'incident.html'), 'utf8');
		expect(html).toMatch(/^<!doctype html>/i);
		expect(html).toContain('vrrp.auth-mismatch');
	});

	it('setup --answers --out renders every host', () => {
		const r = lbwiz(['setup', '--answers', 'lbwiz.yaml', '--out', 'out']);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(readFileSync(join(bare, 'out/haproxy1/etc/keepalived/keepalived.conf'), 'utf8')).toContain('vrrp_instance');
		expect(readFileSync(join(bare, 'out/haproxy1/etc/haproxy/haproxy.cfg'), 'utf8')).toMatch(/^frontend /m);
	});

	it('collect runs real commands on this host through the bundled execa', () => {
		const r = lbwiz(['collect', '--host', 'here=local', '--only', 'host.info,net.addresses', '--capture-seconds', '1', '--quiet', '--out', '-']);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const bundle = JSON.parse(r.stdout) as {hosts: Array<{reachable: boolean; facts: Record<string, {status: string}>}>};
		expect(bundle.hosts[0].reachable).toBe(true);
		expect(bundle.hosts[0].facts['net.addresses'].status).toBe('ok');
	});
});

describe('fast start', () => {
	it('keeps the entry to cli.ts and the version: one file, no chunk imported at start-up', () => {
		const entry = built.metafile.outputs[relative(root, built.entry)];
		const inputs = Object.keys(entry.inputs).map(input => relative(root, input.replace(/^[\w-]+:/, '')));
		expect(inputs.sort()).toEqual(['src/cli.ts', 'src/version.ts']);
		// the only static import esbuild recorded is its runtime chunk (no input file), dropped from the entry
		for (const imp of entry.imports.filter(i => i.kind === 'import-statement')) expect(Object.keys(built.metafile.outputs[imp.path].inputs)).toEqual([]);
		expect(readFileSync(built.entry, 'utf8')).not.toMatch(/^import\s*["']/m);
		expect(readFileSync(built.entry, 'utf8')).not.toMatch(/import\s*["'][^"']*chunks\//);
	});

	it.each([
		[['--version']],
		[['--help']],
		[['lint', 'keepalived.conf']],
		[['doctor', '--demo', '--json']],
		[['doctor', '--demo', '--plain']],
		[['collect', '--host', 'here=local', '--only', 'host.info', '--capture-seconds', '1', '--quiet', '--out', '-']],
		[['report', '--from', 'auth-mismatch.json', '--out', '-']],
		[['setup', '--answers', 'lbwiz.yaml']],
	])('lbwiz %j loads no React, Ink or prompt library', args => {
		const {packages} = packagesLoaded(args);
		expect(packages.filter(p => UI_PACKAGES.includes(p))).toEqual([]);
	});

	it('--version and --help read one file: the entry', () => {
		expect(packagesLoaded(['--version']).files).toEqual([relative(root, built.entry)]);
		expect(packagesLoaded(['--help']).files).toEqual([relative(root, built.entry)]);
	});

	it('a usage error thrown by a command is still a UsageError to the entry (one class, not a copy)', () => {
		const r = lbwiz(['doctor', '--capture-seconds', 'many']);
		expect(r.status).toBe(3);
		expect(r.stderr).toMatch(/^lbwiz doctor: --capture-seconds 'many'/);
		expect(r.stderr).not.toContain('internal error');
	});

	it('puts the live doctor view and the wizard in their own lazily loaded chunks', () => {
		for (const source of ['src/ui/doctor/run-doctor-live.ts', 'src/ui/wizard/run-wizard.ts']) {
			const chunk = Object.keys(built.metafile.outputs).find(f => built.metafile.outputs[f].entryPoint === source);
			expect(chunk, source).toBeDefined();
		}
	});
});

describe.skipIf(!hasPython)('the Ink views from the bundle, on a terminal', () => {
	it('doctor --demo draws the live view and quits on q with the report exit status', () => {
		const trace = newTrace();
		const r = onTerminal(['doctor', '--demo'], 'q quit', 'q', trace);
		expect(r.timedOut).toBe(false);
		// the tracer that proves the other commands load no Ink does see it here
		expect(loadedFrom(trace).packages).toEqual(expect.arrayContaining(['ink', 'react', 'yoga-layout']));
		expect(r.output).toContain('firewall.vrrp-blocked');
		expect(r.output).toMatch(/Finding 1\/\d/);
		expect(r.exit).toBe(2);
	});

	it('setup starts the wizard and Ctrl-C leaves without writing anything', () => {
		const r = onTerminal(['setup'], 'Ctrl-C quit', '\\x03');
		expect(r.timedOut).toBe(false);
		expect(r.output).toContain('lbwiz setup');
		expect(r.output).toMatch(/nothing was written/i);
		expect(r.exit).toBe(130);
	});
});

describe('build guards', () => {
	it('refuses a build where a command that draws no UI would load Ink at start-up', async () => {
		const {fastStartViolations} = await import('../../scripts/build.mjs');
		const meta = structuredClone(built.metafile);
		const doctorChunk = Object.keys(meta.outputs).find(f => meta.outputs[f].entryPoint === 'src/commands/doctor.ts')!;
		const inkChunk = Object.keys(meta.outputs).find(f => Object.keys(meta.outputs[f].inputs).some(i => i.includes('node_modules/ink/')))!;
		expect(fastStartViolations(meta, relative(root, built.entry))).toEqual([]);
		meta.outputs[doctorChunk].imports.push({path: inkChunk, kind: 'import-statement'});
		expect(fastStartViolations(meta, relative(root, built.entry)).join('\n')).toMatch(/lbwiz doctor .* loads .*ink/);
	});

	it('embeds no path of the build machine: the bundle runs wherever it is copied', () => {
		for (const file of Object.keys(built.metafile.outputs)) expect(readFileSync(resolve(root, file), 'utf8'), file).not.toContain(root);
	});
});
