import {describe, expect, it} from 'vitest';
import {fingerprintSecret} from '../../src/collect/redact.js';
import type {Bundle} from '../../src/collect/types.js';
import {formatReport} from '../../src/report/index.js';
import {secretsOf} from '../../src/report/redact.js';
import {listScenarios, loadBundle, reportOf} from './bundles.js';

const TOKEN = /lbwiz-redacted:([0-9a-f]{12}):(\d+):([0-9a-f]{12})/g;
const formats = ['md', 'html', 'json'] as const;

/**
The bundle as `lbwiz collect --no-redact` would have written it: every redaction token and every
SecretRef becomes a known clear value. Equalities survive (same fingerprint → same value, same first-8
fingerprint → same first 8 characters, same length), so the doctor decides as it did on the recording.
Values start with `Q`, which no hex fingerprint contains, so a hit in a report is a real leak.
*/
function withKnownSecrets(recorded: Bundle): {bundle: Bundle; secrets: string[]} {
	const clear = new Map<string, string>();
	const clearFor = (fingerprint: string, length: number, fingerprint8: string) => {
		if (!clear.has(fingerprint)) {
			const head = `Q${fingerprint8}`.slice(0, 8);
			const tail = `Z${fingerprint}${fingerprint}`.slice(0, Math.max(0, length - 8));
			clear.set(fingerprint, length <= 8 ? head.slice(0, Math.max(length, 4)) : head + tail);
		}
		return clear.get(fingerprint)!;
	};
	const walk = (value: unknown): unknown => {
		if (typeof value === 'string') return value.replace(TOKEN, (_token, fp: string, length: string, fp8: string) => clearFor(fp, Number(length), fp8));
		if (Array.isArray(value)) return value.map(walk);
		if (value && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			if (typeof record.fingerprint === 'string' && typeof record.fingerprint8 === 'string') {
				const secret = clearFor(record.fingerprint, Number(record.length ?? 12), record.fingerprint8);
				return {...fingerprintSecret(secret), value: secret};
			}
			return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, walk(item)]));
		}
		return value;
	};
	const bundle = {...(walk(recorded) as Bundle), redacted: false};
	return {bundle, secrets: [...clear.values()]};
}

const scenarios = listScenarios()
	.map(scenario => ({scenario, ...withKnownSecrets(loadBundle(scenario))}))
	.filter(entry => entry.secrets.length > 0);

describe('no secret from a bundle reaches a report', () => {
	it('some recorded bundle holds secrets (auth_pass, stats auth) in its evidence to test with', () => {
		const withEvidence = scenarios.filter(({bundle, secrets}) => secrets.some(secret => JSON.stringify(bundle.evidence).includes(secret)));
		expect(withEvidence.map(entry => entry.scenario), 'no recorded bundle with a redaction token in its evidence: record one whose configs have auth_pass').not.toEqual([]);
	});

	it('with --no-redact, a doctor report that cites a config shows its secrets (the check can fail)', () => {
		const showing = scenarios.filter(({scenario, bundle, secrets}) => {
			const out = formatReport(reportOf(bundle, scenario), 'md', {noRedact: true});
			return secrets.some(secret => out.includes(secret));
		});
		expect(showing.map(entry => entry.scenario)).not.toEqual([]);
	});

	describe.each(scenarios)('$scenario', ({scenario, bundle, secrets}) => {
		const report = reportOf(bundle, scenario);
		const everything = {...report, evidence: bundle.evidence};

		it.each(formats)('%s: the doctor report and every collected output, redacted by default', format => {
			for (const subject of [report, everything]) {
				const out = formatReport(subject, format, {secrets: secretsOf(bundle)});
				for (const secret of secrets) expect(out, `${secret} leaked into the ${format} report`).not.toContain(secret);
				const bare = formatReport(subject, format);
				for (const secret of secrets.filter(s => s.length >= 8)) expect(bare, `${secret} leaked without the bundle's SecretRefs`).not.toContain(secret);
			}
		});

		it.each(formats)('%s: --no-redact keeps them', format => {
			const out = formatReport(everything, format, {noRedact: true});
			const inEvidence = secrets.filter(secret => JSON.stringify(bundle.evidence).includes(secret));
			for (const secret of inEvidence) expect(out, `${secret} should stay with --no-redact`).toContain(secret);
		});
	});
});
