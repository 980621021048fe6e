/**
Conformance with the real validator: every keepalived file of ../shared/corpus (INDEX.tsv) is
parsed and linted without throwing; where `keepalived -t` (2.2.7) rejected a file for a
syntax-class reason (unknown keyword, unexpected '{', missing parameter, bad value), lint must
report an error on those lines; where it accepted a file, lint must report no error. A seeded
fuzz pass mutates corpus files and checks that nothing throws or hangs.
*/
import {existsSync, readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {lintKeepalived} from '../../src/lint/keepalived.js';
import {parseKeepalived} from '../../src/parse/keepalived/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const shared = resolve(repoRoot, '../shared');
const corpus = resolve(shared, 'corpus');
const available = existsSync(resolve(corpus, 'INDEX.tsv'));

/** keepalived -t messages of the classes the corpus README calls unknown-keyword / syntax / bad-value. */
const SYNTAX_CLASS =
	/Unknown keyword|Unexpected '\{'|missing a parameter|invalid number|outside range|outside integer range|negative number|VRRP parsed invalid IP|malformed .*address|Invalid .*address|invalid route via|unknown authentication type|Truncating auth_pass|Cannot specify scope|routing method|Invalid lvs_scheduler|Invalid smtp server|prefix len|not valid|unknown state|missing '\}'|Extra '\}'/;

type Row = {file: string; exit: number; output: string};

function rows(): Row[] {
	const lines = readFileSync(resolve(corpus, 'INDEX.tsv'), 'utf8').trim().split('\n');
	const header = lines[0].split('\t');
	const col = (name: string) => header.indexOf(name);
	return lines
		.slice(1)
		.map(l => l.split('\t'))
		.filter(r => r[col('kind')] === 'keepalived')
		.map(r => ({file: r[col('file')], exit: Number(r[col('validator_exit_code')]), output: r[col('validator_output')]}));
}

/** Line numbers of syntax-class messages (first run, interfaces provisioned) and of all located messages. */
function validatorLines(row: Row): {syntax: Set<number>; all: Set<number>} {
	const text = readFileSync(resolve(corpus, row.output), 'utf8').split('# --- same command')[0];
	const syntax = new Set<number>();
	const all = new Set<number>();
	for (const line of text.split('\n')) {
		const m = /^\((?:[^)]*: )?Line (\d+)\) (.*)$/.exec(line);
		if (!m) continue;
		all.add(Number(m[1]));
		if (SYNTAX_CLASS.test(m[2])) syntax.add(Number(m[1]));
	}
	return {syntax, all};
}

const lintFile = (file: string) => {
	const path = resolve(corpus, file);
	return lintKeepalived([{path, text: readFileSync(path, 'utf8')}]).filter(d => d.file === path);
};

describe.skipIf(!available)('keepalived corpus conformance', () => {
	it('parses and lints every file; agrees with keepalived -t on syntax errors and on valid files', () => {
		const table: string[] = [];
		let syntaxLines = 0;
		let agreed = 0;
		let filesWithSyntax = 0;
		let filesAgreeing = 0;
		const falseErrors: string[] = [];
		const missed: string[] = [];
		for (const row of rows()) {
			const {syntax} = validatorLines(row);
			const diagnostics = lintFile(row.file);
			expect(Array.isArray(diagnostics)).toBe(true);
			const errorLines = new Set(diagnostics.filter(d => d.severity === 'error').map(d => d.line));
			const hit = [...syntax].filter(l => errorLines.has(l));
			syntaxLines += syntax.size;
			agreed += hit.length;
			if (syntax.size > 0) {
				filesWithSyntax++;
				if (hit.length > 0) filesAgreeing++;
				else missed.push(row.file);
			}
			if (row.exit === 0 && errorLines.size > 0) falseErrors.push(`${row.file}: ${[...errorLines].join(',')}`);
			if (syntax.size > 0 || errorLines.size > 0 || row.exit !== 0)
				table.push(`${row.file.replace(/^keepalived\//, '').slice(-58).padEnd(58)} ${String(row.exit).padStart(2)} ${`${hit.length}/${syntax.size}`.padStart(6)} ${[...errorLines].slice(0, 12).join(',')}`);
		}
		const recall = agreed / syntaxLines;
		console.log(
			[
				'keepalived corpus: file | keepalived -t exit | syntax-class lines where lint reports an error | lint error lines',
				...table,
				`files with syntax-class errors: ${filesWithSyntax}, with agreeing lint errors: ${filesAgreeing}; lines: ${agreed}/${syntaxLines} (${(recall * 100).toFixed(1)}%)`,
			].join('\n'),
		);
		expect(missed, 'files keepalived rejects for syntax where lint reports no error on those lines').toEqual([]);
		expect(falseErrors, 'files keepalived accepts but lint reports errors in').toEqual([]);
		expect(filesWithSyntax).toBeGreaterThanOrEqual(17);
		expect(recall).toBeGreaterThanOrEqual(0.9);
	});

	it('parses the 158 KB 1773.conf with all of its 448 real servers', () => {
		const path = resolve(corpus, 'keepalived/pqarmitage__keepalived-devel-tools/configs/1773.conf');
		const text = readFileSync(path, 'utf8');
		const start = performance.now();
		const {config} = parseKeepalived(text, {file: path});
		const elapsed = performance.now() - start;
		console.log(`1773.conf: ${text.length} bytes, ${text.split('\n').length} lines parsed in ${elapsed.toFixed(1)} ms`);
		expect(config.virtualServers.flatMap(vs => vs.realServers)).toHaveLength(448);
	});

	it('expands thig12x40.conf: 40 virtual servers of 12 real servers each, from nested multi-line parameters', () => {
		const path = resolve(corpus, 'keepalived/pqarmitage__keepalived-devel-tools/configs/thig12x40.conf');
		const {config} = parseKeepalived(readFileSync(path, 'utf8'), {file: path});
		expect(config.virtualServers.map(vs => vs.address)).toEqual(Array.from({length: 40}, (_, i) => `10.0.${i + 1}.1`));
		expect(config.virtualServers.every(vs => vs.realServers.length === 12)).toBe(true);
		expect(config.virtualServers[39].realServers[11].address).toBe('192.168.40.12');
	});

	it('never throws or hangs on truncated and mutated corpus files (seeded fuzz)', () => {
		let seed = 20251123;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
		const pieces = ['{', '}', '"', '#', '!', '\\', '\n', '\r\n', '$', '${', '$X=', '$Y= \\\n', '@', '@^x ', '~SEQ(i,1,3) ', 'include ', 'include *\n', '\u00a0', ';', ' ', 'vrrp_instance', 'virtual_server', 'real_server', '\t'];
		const texts = rows()
			.map(r => readFileSync(resolve(corpus, r.file), 'utf8'))
			.filter(t => t.length < 40_000);
		for (let i = 0; i < 300; i++) {
			let text = pick(texts);
			const mutations = 1 + Math.floor(random() * 6);
			for (let m = 0; m < mutations; m++) {
				const at = Math.floor(random() * (text.length + 1));
				const op = Math.floor(random() * 4);
				if (op === 0) text = text.slice(0, at);
				else if (op === 1) text = text.slice(0, at) + pick(pieces) + text.slice(at);
				else if (op === 2) text = text.slice(0, at) + text.slice(at + Math.floor(random() * 200));
				else text = text.slice(0, at) + text.slice(Math.max(0, at - 300), at) + text.slice(at);
			}
			const diagnostics = lintKeepalived([{path: `fuzz-${i}.conf`, text}]);
			expect(Array.isArray(diagnostics)).toBe(true);
			for (const d of diagnostics) expect(d.line).toBeGreaterThanOrEqual(0);
		}
		const nasty = ['{'.repeat(5000), '}'.repeat(5000), '$A=$A$A\n$A\n', '$A=${A}\n${A}\n', '$M= \\\n$M \\\n\n$M\n', '"'.repeat(1001), '~SEQ(i, 1, 1000000) x\n', 'include /dev/zero\n'];
		for (const text of nasty) expect(Array.isArray(lintKeepalived([{path: 'nasty.conf', text}]))).toBe(true);
	});
});
