/**
The JSON report: the (redacted) DoctorReport itself, pretty-printed, so it reads back with the same
schema as `lbwiz doctor --json` (docs/json-schema.md). Key order follows the report model.
*/
import type {DoctorReport} from '../doctor/report-model.js';
import type {FormatOptions} from './report-view.js';

/** Formats a (redacted) report as JSON with a trailing newline. */
export function formatJson(report: DoctorReport, _options: FormatOptions): string {
	return `${JSON.stringify(report, null, 2)}\n`;
}
