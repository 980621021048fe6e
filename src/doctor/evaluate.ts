/**
The evaluate stage as one call: bundle → Facts → selected checks → linked findings → DoctorReport.
Pure (no I/O): `lbwiz doctor --from`, `lbwiz report`, setup's verify step and tests all go through it.
*/
import type {Bundle} from '../collect/types.js';
import {checks as allChecks} from '../../checks/index.js';
import type {Check} from './define-check.js';
import {buildReport, type BuildReportOptions} from './build-report.js';
import {Facts} from './facts.js';
import type {DoctorReport} from './report-model.js';
import {linkFindings} from './root-cause.js';
import {runChecks, selectChecks, type CheckEvent} from './run-checks.js';

export type EvaluateOptions = {
	/** check ids, areas (`vrrp`) or globs (`vrrp.*`) to run / to leave out */
	only?: string[];
	skip?: string[];
	/** the registry to use (tests pass one check) */
	checks?: readonly Check[];
	source?: BuildReportOptions['source'];
	errors?: string[];
	onEvent?: (event: CheckEvent) => void;
};

/** Evaluates a bundle and returns the report. */
export function evaluateBundle(bundle: Bundle, options: EvaluateOptions = {}): DoctorReport {
	const registry = options.checks ?? allChecks;
	const selected = selectChecks(registry, options);
	const facts = new Facts(bundle);
	const result = runChecks(selected, facts, {onEvent: options.onEvent});
	const order = new Map(registry.map((check, index) => [check.meta.id, index]));
	const findings = linkFindings(result.findings, {order, hostOrder: facts.hostNames()});
	return buildReport(bundle, facts, findings, result.skipped, {source: options.source, checksRun: result.ran, errors: options.errors});
}
