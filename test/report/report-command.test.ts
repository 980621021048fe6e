import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {evaluateBundle} from '../../src/doctor/evaluate.js';
import {formatReport} from '../../src/report/index.js';
import {secretsOf} from '../../src/report/redact.js';
import {captureIo} from '../helpers/io.js';
import {bundlePath, listScenarios, loadBundle} from './bundles.js';

const repo = new URL('../../', import.meta.url).pathname;

async function lbwiz(args: string[], options: {input?: string; cwd?: string} = {}) {
	const io = captureIo({cwd: options.cwd ?? repo, input: options.input});
	const code = await main(['report', ...args], io.io);
	return {code, stdout: io.stdout(), stderr: io.stderr()};
}

describe('lbwiz report: bad input gives a clear message and exit 2', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lbwiz-report-cmd-'));
		writeFileSync(join(dir, 'broken.json'), '{\n  "schemaVersion": 1,\n  "hosts" 1\n}\n');
		writeFileSync(join(dir, 'other.json'), '{"name": "not a bundle"}');
		writeFileSync(join(dir, 'future.json'), '{"schemaVersion": 9, "tool": {"name": "lbwiz", "version": "9.0.0"}, "hosts": [], "evidence": {}}');
	});
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	it.each([
		[[], /missing --from BUNDLE/],
		[['--from', 'b.json'], /missing --out FILE \(\.md \(or \.markdown\), \.html \(or \.htm\), \.json, or '-' for stdout\)/],
		[['--from', 'b.json', '--out', 'r.txt'], /cannot tell the report format of 'r\.txt': use a file name ending in \.md \(or \.markdown\), \.html \(or \.htm\), \.json/],
		[['--from', 'b.json', '--out', '-', '--format', 'html'], /HTML goes to a file/],
		[['--from', 'b.json', '--out', 'r.md', '--format', 'json'], /--format json does not match the extension of 'r\.md'/],
		[['--from', 'b.json', '--out', 'r.md', '--redact', '('], /--redact "\(": not a valid regular expression/],
		[['--from', 'b.json', '--out', 'r.md', '--redact', 'x', '--no-redact'], /--redact and --no-redact contradict each other/],
		[['--from', 'nope.json', '--out', 'r.md'], /cannot read bundle nope\.json: no such file/],
		[['extra', '--from', 'b.json', '--out', 'r.md'], /unexpected argument 'extra'/],
	])('%j', async (args, message) => {
		const result = await lbwiz(args as string[], {cwd: dir});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('names the file, line and column of broken JSON', async () => {
		const result = await lbwiz(['--from', 'broken.json', '--out', 'r.md'], {cwd: dir});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^lbwiz report: broken\.json:3:11: not JSON \(/);
	});

	it('refuses what is not a bundle, or a bundle of another schema version', async () => {
		expect((await lbwiz(['--from', 'other.json', '--out', 'r.md'], {cwd: dir})).stderr).toMatch(/other\.json: not an lbwiz bundle/);
		expect((await lbwiz(['--from', 'future.json', '--out', 'r.md'], {cwd: dir})).stderr).toMatch(/future\.json: bundle schemaVersion 9 is not supported/);
	});
});

const [scenario] = listScenarios();

describe.runIf(scenario)('lbwiz report on a recorded bundle', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lbwiz-report-cmd-'));
	});
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	const expected = (format: 'md' | 'html' | 'json', source = bundlePath(scenario)) => {
		const bundle = loadBundle(scenario);
		return formatReport(evaluateBundle(bundle, {source: {kind: 'bundle', bundle: source}}), format, {secrets: secretsOf(bundle)});
	};

	it.each(['md', 'html', 'json'] as const)('writes the doctor\'s report as %s, chosen by the extension', async format => {
		const out = join(dir, `report.${format}`);
		const result = await lbwiz(['--from', bundlePath(scenario), '--out', out]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`^lbwiz report: wrote .*report\\.${format} \\(${format}; \\d+ critical, \\d+ warning, \\d+ info\\)\\n$`));
		expect(readFileSync(out, 'utf8')).toBe(expected(format));
	});

	it('writes Markdown, or JSON with --format json, to stdout with --out -', async () => {
		const md = await lbwiz(['--from', bundlePath(scenario), '--out', '-']);
		expect(md.code).toBe(0);
		expect(md.stdout).toBe(expected('md'));
		const json = await lbwiz(['--from', bundlePath(scenario), '--out', '-', '--format', 'json']);
		expect(JSON.parse(json.stdout)).toEqual(JSON.parse(expected('json')));
	});

	it('reads the bundle from stdin with --from -', async () => {
		const result = await lbwiz(['--from', '-', '--out', '-'], {input: readFileSync(join(repo, bundlePath(scenario)), 'utf8')});
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(expected('md', 'stdin'));
	});

	it('applies --redact patterns', async () => {
		const bundle = loadBundle(scenario);
		const host = bundle.hosts[0].name;
		const result = await lbwiz(['--from', bundlePath(scenario), '--out', '-', '--redact', `\\b${host}\\b`]);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toMatch(new RegExp(`\\b${host}\\b`));
		expect(result.stdout).toContain('lbwiz-redacted:');
	});
});
