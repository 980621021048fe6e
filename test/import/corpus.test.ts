import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {renderTopology} from '../../src/generate/index.js';
import {importTopology} from '../../src/import/import-topology.js';
import {readKeepalivedSource} from '../../src/import/keepalived-adapter.js';
import {parseTopology} from '../../src/model/load-topology.js';

const CORPUS = '/work/shared/corpus';
const rows = readFileSync(`${CORPUS}/INDEX.tsv`, 'utf8')
	.trim()
	.split('\n')
	.slice(1)
	.map(line => line.split('\t'))
	.map(([file, kind]) => ({file, kind}));

describe('import never throws on the corpus (128 real configs)', () => {
	it('reads every file, and every valid result renders', () => {
		expect(rows.length).toBeGreaterThan(100);
		let valid = 0;
		for (const {file, kind} of rows) {
			const source = {file, text: readFileSync(`${CORPUS}/${file}`, 'utf8')};
			const result = kind === 'keepalived' ? importTopology({keepalived: [readKeepalivedSource(source)]}) : importTopology({keepalived: [], haproxy: [source]});
			expect(typeof result.yaml, file).toBe('string');
			if (result.valid) {
				valid++;
				expect(renderTopology(parseTopology(result.yaml, file).topology).length, file).toBeGreaterThan(0);
			} else {
				expect(result.validation.some(d => d.severity === 'error'), file).toBe(true);
			}
		}
		// Most real configs describe something lbwiz.yaml can hold (78 of 128 when written; the rest are
		// IPv6-only, single BACKUP/unicast files of a pair, or HAProxy test files without frontends/backends).
		expect(valid / rows.length).toBeGreaterThan(0.55);
	});
});
