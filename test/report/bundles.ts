import {existsSync, readdirSync, readFileSync} from 'node:fs';
import type {Bundle} from '../../src/collect/types.js';
import {evaluateBundle} from '../../src/doctor/evaluate.js';
import type {DoctorReport} from '../../src/doctor/report-model.js';

export const BUNDLES = new URL('../../fixtures/bundles/', import.meta.url);
export const GOLDEN = new URL('../../fixtures/golden/reports/', import.meta.url);

/** Scenarios recorded by the lab: every fixtures/bundles/<scenario>/bundle.json. */
export function listScenarios(): string[] {
	if (!existsSync(BUNDLES)) return [];
	return readdirSync(BUNDLES, {withFileTypes: true})
		.filter(entry => entry.isDirectory() && existsSync(new URL(`${entry.name}/bundle.json`, BUNDLES)))
		.map(entry => entry.name)
		.sort();
}

/** Path of a scenario's bundle, relative to the repository (as a user would pass it to --from). */
export const bundlePath = (scenario: string) => `fixtures/bundles/${scenario}/bundle.json`;

export function loadBundle(scenario: string): Bundle {
	return JSON.parse(readFileSync(new URL(`${scenario}/bundle.json`, BUNDLES), 'utf8')) as Bundle;
}

/**
A recorded bundle through the real doctor engine, exactly as `lbwiz report --from` evaluates it, with
the fields that change between runs and releases pinned (generatedAt, tool version).
*/
export function reportOf(bundle: Bundle, scenario: string): DoctorReport {
	const report = evaluateBundle(bundle, {source: {kind: 'bundle', bundle: bundlePath(scenario)}});
	return {...report, generatedAt: '2000-01-01T00:00:00.000Z', tool: {...report.tool, version: '0.0.0-golden'}};
}
