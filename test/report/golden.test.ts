import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {formatReport} from '../../src/report/index.js';
import {secretsOf} from '../../src/report/redact.js';
import {GOLDEN, listScenarios, loadBundle, reportOf} from './bundles.js';

const scenarios = listScenarios();
const update = process.env.UPDATE_GOLDEN === '1';
const formats = ['md', 'html', 'json'] as const;

describe('golden reports from recorded bundles', () => {
	it('has recorded bundles in fixtures/bundles/<scenario>/bundle.json', () => {
		expect(scenarios, 'no recorded bundle: the lab records them (npm run record-fixtures)').not.toEqual([]);
	});

	it('has no golden report without its bundle', () => {
		const orphans = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter(file => !scenarios.includes(file.replace(/\.(md|html|json)$/, ''))) : [];
		expect(orphans, 'golden reports whose bundle is gone (delete them, or UPDATE_GOLDEN=1 after re-recording)').toEqual([]);
	});

	describe.each(scenarios)('%s', scenario => {
		const bundle = loadBundle(scenario);
		const report = reportOf(bundle, scenario);

		it.each(formats)(`matches fixtures/golden/reports/${scenario}.%s`, format => {
			const actual = formatReport(report, format, {secrets: secretsOf(bundle)});
			const file = new URL(`${scenario}.${format}`, GOLDEN);
			if (update || !existsSync(file)) {
				if (!update) throw new Error(`no golden file ${scenario}.${format}: run UPDATE_GOLDEN=1 npx vitest run test/report/golden.test.ts`);
				writeFileSync(file, actual);
			}
			expect(actual).toBe(readFileSync(file, 'utf8'));
		});

		it('leads the summary with root causes, each symptom under one of its causes', () => {
			const md = formatReport(report, 'md');
			const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Topology'));
			const bullets = summary
				.split('\n')
				.map(line => /^( *)- \*\*\w+\*\* \[(F\d+)\]/.exec(line))
				.filter((match): match is RegExpExecArray => match !== null)
				.map(match => ({depth: match[1].length / 2, finding: report.findings.find(f => f.id === match[2])!}));
			expect(bullets.map(b => b.finding.id).sort()).toEqual(report.findings.map(f => f.id).sort());
			if (bullets.length === 0) return;
			if (report.findings.some(f => (f.explains ?? []).length > 0)) expect(bullets[0].finding.explains ?? []).not.toEqual([]);
			bullets.forEach((bullet, index) => {
				if (bullet.depth === 0) expect(bullet.finding.caused_by).toEqual([]);
				else {
					const parent = bullets.slice(0, index).reverse().find(other => other.depth === bullet.depth - 1)!;
					expect(bullet.finding.caused_by).toContain(parent.finding.id);
				}
			});
		});
	});
});
