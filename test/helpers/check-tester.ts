/**
RuleTester for doctor checks (ESLint's valid/invalid, hadolint's catches/catchesNot): each case is a
recorded bundle (`fixtures/bundles/<name>/bundle.json`) or a Bundle built from config text with
fromConfigs. A case whose recorded bundle is not there yet is reported as skipped, never as passed.
*/
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {Bundle} from '../../src/collect/types.js';
import type {Check} from '../../src/doctor/define-check.js';
import {Facts} from '../../src/doctor/facts.js';
import type {Severity} from '../../src/doctor/report-model.js';
import {runChecks, type RawFinding} from '../../src/doctor/run-checks.js';
import {fillTemplate} from '../../src/doctor/template.js';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Path of a recorded bundle. */
export const bundlePath = (name: string): string => join(ROOT, 'fixtures', 'bundles', name, 'bundle.json');

/** Loads a recorded bundle, or undefined when it has not been recorded yet. */
export function loadBundle(name: string): Bundle | undefined {
	const path = bundlePath(name);
	return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Bundle) : undefined;
}

export type ExpectedFinding = {messageId?: string; host?: string; severity?: Severity; message?: RegExp};

/** A case: a recorded bundle by name, or a named Bundle (from fromConfigs). */
export type CheckCase = string | {name: string; bundle: Bundle | string | (() => Bundle)};
export type InvalidCase = {name: string; bundle: Bundle | string | (() => Bundle); findings: ExpectedFinding[]};
export type SkippedCase = {name: string; bundle: Bundle | string | (() => Bundle); reason: RegExp};

const caseName = (c: CheckCase) => (typeof c === 'string' ? `recorded bundle ${c}` : c.name);
const resolve = (bundle: Bundle | string | (() => Bundle)): Bundle | undefined => (typeof bundle === 'string' ? loadBundle(bundle) : typeof bundle === 'function' ? bundle() : bundle);
const bundleOf = (c: CheckCase) => resolve(typeof c === 'string' ? c : c.bundle);
const isRecordedMissing = (bundle: Bundle | string | (() => Bundle)) => typeof bundle === 'string' && !existsSync(bundlePath(bundle));

/** Runs one check over a bundle: its findings (with the message filled) and skips. */
export function evaluateCheck(check: Check, bundle: Bundle): {findings: Array<RawFinding & {message: string}>; skipped: Array<{host?: string; reason: string}>} {
	const result = runChecks([check], new Facts(bundle));
	return {findings: result.findings.map(f => ({...f, message: fillTemplate(check.meta.messages[f.messageId], f.data)})), skipped: result.skipped};
}

function describeFindings(findings: Array<RawFinding & {message: string}>): string {
	return findings.map(f => `  ${f.messageId}${f.host ? `@${f.host}` : ''} [${f.severity ?? ''}]: ${f.message}`).join('\n') || '  (none)';
}

function assertWellFormed(check: Check, findings: Array<RawFinding & {message: string}>) {
	for (const finding of findings) {
		expect(finding.message, `unfilled placeholder in ${finding.messageId}`).not.toMatch(/\{\{/);
		expect(finding.evidence.length, `${finding.messageId} cites no evidence`).toBeGreaterThan(0);
		for (const fix of finding.fix) {
			expect(fix.host, 'every fix names its host').toBeTruthy();
			for (const argv of fix.commands ?? []) expect(argv.every(word => typeof word === 'string' && word !== ''), `fix argv ${JSON.stringify(argv)}`).toBe(true);
		}
		if (check.meta.severity !== 'info' && finding.severity !== 'info') expect(finding.fix.length, `${finding.messageId} proposes no fix`).toBeGreaterThan(0);
	}
}

/** The tester: one vitest `describe` per check. */
export const checkTester = {
	run(check: Check, cases: {valid: CheckCase[]; invalid: InvalidCase[]; skipped?: SkippedCase[]}): void {
		describe(check.meta.id, () => {
			it('has at least one valid and one invalid case', () => {
				expect(cases.valid.length).toBeGreaterThan(0);
				expect(cases.invalid.length).toBeGreaterThan(0);
			});
			for (const c of cases.valid) {
				const missing = typeof c === 'string' ? isRecordedMissing(c) : isRecordedMissing(c.bundle);
				it.skipIf(missing)(`valid: ${caseName(c)}`, () => {
					const {findings} = evaluateCheck(check, bundleOf(c)!);
					expect(findings, `expected no findings, got:\n${describeFindings(findings)}`).toEqual([]);
				});
			}
			for (const c of cases.invalid) {
				it.skipIf(isRecordedMissing(c.bundle))(`invalid: ${c.name}`, () => {
					const {findings} = evaluateCheck(check, resolve(c.bundle)!);
					const detail = `got:\n${describeFindings(findings)}`;
					expect(findings.length, `expected ${c.findings.length} finding(s), ${detail}`).toBe(c.findings.length);
					const remaining = [...findings];
					for (const expected of c.findings) {
						const index = remaining.findIndex(
							f =>
								(expected.messageId === undefined || f.messageId === expected.messageId) &&
								(expected.host === undefined || f.host === expected.host) &&
								(expected.severity === undefined || (f.severity ?? check.meta.severity) === expected.severity) &&
								(expected.message === undefined || expected.message.test(f.message)),
						);
						expect(index, `no finding matches ${JSON.stringify({...expected, message: expected.message?.source})}; ${detail}`).toBeGreaterThanOrEqual(0);
						remaining.splice(index, 1);
					}
					assertWellFormed(check, findings);
				});
			}
			for (const c of cases.skipped ?? []) {
				it.skipIf(isRecordedMissing(c.bundle))(`skipped: ${c.name}`, () => {
					const {findings, skipped} = evaluateCheck(check, resolve(c.bundle)!);
					expect(findings).toEqual([]);
					expect(skipped.some(s => c.reason.test(s.reason)), `skip reasons: ${JSON.stringify(skipped)}`).toBe(true);
				});
			}
		});
	},
};
