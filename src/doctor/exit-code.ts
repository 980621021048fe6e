/**
The doctor's exit status, independent of the output format: 0 nothing wrong (info findings allowed),
1 warnings only, 2 at least one critical finding, 3 the doctor could not run (bad arguments, nothing
reachable, no usable facts).
*/
import type {Severity} from './report-model.js';

export type DoctorExitCode = 0 | 1 | 2 | 3;

/** The exit status for these findings; `couldNotRun` wins over everything. */
export function exitCodeFor(findings: ReadonlyArray<{severity: Severity}>, couldNotRun = false): DoctorExitCode {
	if (couldNotRun) return 3;
	if (findings.some(finding => finding.severity === 'critical')) return 2;
	if (findings.some(finding => finding.severity === 'warning')) return 1;
	return 0;
}
