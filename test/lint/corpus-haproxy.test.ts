import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {formatDiagnostic} from '../../src/lint/diagnostic.js';
import {lintHaproxy} from '../../src/lint/haproxy.js';
import {parseHaproxy} from '../../src/parse/haproxy/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const corpus = path.join(shared, 'corpus');
const indexFile = path.join(corpus, 'INDEX.tsv');

type Entry = {file: string; exit: number; verdict: string; errorLines: number[]; classes: string[]; env: string[]; output: string};

function loadIndex(): Entry[] {
	const [header, ...rows] = readFileSync(indexFile, 'utf8').trimEnd().split('\n').map(l => l.split('\t'));
	const col = (row: string[], name: string) => row[header.indexOf(name)] ?? '';
	const list = (v: string) => v.split(',').map(s => s.trim()).filter(Boolean);
	return rows
		.filter(r => col(r, 'kind') === 'haproxy')
		.map(r => ({
			file: col(r, 'file'),
			exit: Number(col(r, 'validator_exit_code')),
			verdict: col(r, 'verdict'),
			errorLines: list(col(r, 'error_lines')).map(Number),
			classes: list(col(r, 'message_classes')),
			env: list(col(r, 'env_dependent')),
			output: col(r, 'validator_output'),
		}));
}

const available = existsSync(indexFile);

describe.skipIf(!available)('corpus: haproxy files against the real validator (haproxy 2.6.12 -c)', () => {
	const entries = loadIndex();
	const results = new Map(
		entries.map(e => {
			const text = readFileSync(path.join(corpus, e.file), 'utf8');
			return [e.file, {text, diagnostics: lintHaproxy([{path: e.file, text}])}];
		}),
	);
	const errors = (e: Entry) => results.get(e.file)!.diagnostics.filter(d => d.severity === 'error');
	const hitsErrorLine = (e: Entry) => errors(e).some(d => e.errorLines.includes(d.line));

	it('holds the 64 haproxy files the README describes', () => {
		expect(entries.length).toBe(64);
	});

	it('parses every file without throwing, with positions inside the file', () => {
		for (const e of entries) {
			const {text} = results.get(e.file)!;
			const {ast, diagnostics} = parseHaproxy(text, {file: e.file});
			expect(ast.sections.length + ast.skipped.length, e.file).toBeGreaterThan(0);
			for (const d of diagnostics) {
				expect(d.line, formatDiagnostic(d)).toBeGreaterThanOrEqual(1);
				expect(d.line, formatDiagnostic(d)).toBeLessThanOrEqual(Math.max(1, ast.lineCount));
			}
		}
	});

	it('reports an error on a line the validator blamed, for every file rejected for a non-environment reason', () => {
		const strict = entries.filter(e => e.exit === 1 && e.env.length === 0);
		expect(strict.length).toBe(10);
		const missed = strict.filter(e => !hitsErrorLine(e)).map(e => `${e.file} (validator lines ${e.errorLines.join(',')}; lint: ${errors(e).map(formatDiagnostic).join(' | ') || 'no errors'})`);
		expect(missed).toEqual([]);
	});

	it('also catches the non-environment errors of files that fail for mixed reasons', () => {
		// e.g. games.cfg: a 3.1 global keyword (non-env) plus a missing Lua file (env)
		const mixed = entries.filter(e => e.exit === 1 && e.env.length > 0 && e.classes.some(c => ['unknown-keyword', 'syntax', 'bad-value'].includes(c)) && !e.env.includes('build-feature'));
		expect(mixed.map(e => e.file).sort()).toEqual([
			'haproxy/haproxy__haproxy/examples/games.cfg',
			'haproxy/haproxy__haproxy/examples/keylog-test.cfg',
			'haproxy/haproxy__haproxy/tests/conf/test-http-set-status-lua.cfg',
			'haproxy/haproxytechblog__haproxy-grpc-sample/sample/haproxy/haproxy.cfg',
		]);
		// test-http-set-status-lua's unknown service only exists because its Lua file is missing: no static error to find
		const caught = mixed.filter(hitsErrorLine).map(e => e.file);
		expect(caught).toHaveLength(3);
		expect(caught).not.toContain('haproxy/haproxy__haproxy/tests/conf/test-http-set-status-lua.cfg');
	});

	it('reports no error at all for the files the validator accepts (exit 0)', () => {
		const valid = entries.filter(e => e.exit === 0);
		expect(valid.length).toBe(38);
		const falsePositives = valid.flatMap(e => errors(e).map(formatDiagnostic));
		expect(falsePositives).toEqual([]);
	});

	it('reports no-listener for the files haproxy refuses to start (exit 2)', () => {
		const noListener = entries.filter(e => e.exit === 2);
		expect(noListener.length).toBe(2);
		for (const e of noListener) expect(errors(e).map(d => d.code), e.file).toEqual(['haproxy/no-listener']);
	});

	it("agrees with the validator's 'missing timeouts' warnings", () => {
		for (const e of entries.filter(x => x.exit === 0)) {
			const output = readFileSync(path.join(corpus, e.output), 'utf8');
			const expected = [...output.matchAll(/missing timeouts for \w+ '([^']+)'/g)].map(m => m[1]).sort();
			const got = results.get(e.file)!.diagnostics.filter(d => d.code === 'haproxy/missing-timeouts').map(d => /'([^']+)'/.exec(d.message)![1]).sort();
			expect(got, e.file).toEqual(expected);
		}
	});

	it('reaches full agreement on exit status where the verdict does not depend on the environment', () => {
		const envFree = entries.filter(e => e.env.length === 0 || e.env.every(x => x === 'hostname'));
		const agree = envFree.filter(e => (errors(e).length > 0) === (e.exit !== 0));
		expect(`${agree.length}/${envFree.length}`).toBe(`${envFree.length}/${envFree.length}`);
	});
});

/** A small deterministic PRNG (mulberry32), so mutations are the same on every run. */
function prng(seed: number) {
	let a = seed;
	return () => {
		a |= 0;
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const GARBAGE = ['"', "'", '\\', '#', '{', '}', '%[', ']', '(', ')', '\0', '\r', '\t', '${', ':', '-', ',', '.if', '.endif', 'listen', 'bind', 'server', '\uFFFD', '字'];

describe.skipIf(!available)('mutation: truncated and garbled corpus files never make the parser or linter throw', () => {
	const entries = loadIndex();
	it('survives truncations, garbage insertions, line deletions and shuffles', () => {
		const random = prng(20_240_611);
		let runs = 0;
		for (const e of entries) {
			const text = readFileSync(path.join(corpus, e.file), 'utf8');
			const variants: string[] = [];
			for (let i = 0; i < 4; i++) variants.push(text.slice(0, Math.floor(random() * text.length)));
			for (let i = 0; i < 4; i++) {
				const at = Math.floor(random() * text.length);
				const junk = Array.from({length: 1 + Math.floor(random() * 4)}, () => GARBAGE[Math.floor(random() * GARBAGE.length)]).join('');
				variants.push(text.slice(0, at) + junk + text.slice(at));
			}
			const lines = text.split('\n');
			variants.push(lines.filter(() => random() > 0.3).join('\n'));
			variants.push([...lines].sort(() => random() - 0.5).join('\n'));
			variants.push(lines.map(l => l.replace(/\s+/g, ' ')).join('\r\n'));
			for (const variant of variants) {
				const diagnostics = lintHaproxy([{path: e.file, text: variant}], {combined: runs % 2 === 0});
				expect(Array.isArray(diagnostics)).toBe(true);
				for (const d of diagnostics) expect(d.code, formatDiagnostic(d)).not.toBe('haproxy/internal');
				runs++;
			}
		}
		expect(runs).toBe(entries.length * 11);
	});
});
