/**
`lbwiz report`: an incident report (Markdown, HTML, JSON) from a collected bundle, offline — the bundle
goes through the doctor's checks (`evaluateBundle`), then `writeReport` (src/report/index.ts).
*/
import {resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {evaluateBundle} from '../doctor/evaluate.js';
import {compileRedactPattern, formatReport, parseReportFormat, reportFormatOf, REPORT_EXTENSIONS, secretsOf, writeReport, type ReportFormat} from '../report/index.js';
import {readBundleArgument} from './bundle-argument.js';
import {defineCommand, UsageError} from './command.js';

const help = `Usage: lbwiz report --from BUNDLE --out FILE [--redact REGEX ...] [--no-redact]

Write an incident report from a bundle collected earlier (lbwiz collect), offline: the bundle is
evaluated with the doctor's checks, then written as Markdown, self-contained HTML or JSON, chosen by
the extension of FILE (${REPORT_EXTENSIONS}).

Options:
  --from BUNDLE      the bundle (JSON) to evaluate; '-' reads it from stdin
  --out FILE         where to write the report; '-' writes Markdown or JSON to stdout
  --format FORMAT    md, html or json: needed with '--out -' (default md), else must match FILE
  --redact REGEX     also replace values matching REGEX by fingerprints (repeatable); with a
                     capture group only the group is replaced; '/REGEX/i' for flags
  --no-redact        keep secrets in clear (auth_pass, stats passwords, SNMP communities, keys)
  -h, --help         show this help

Secrets are redacted by default: each becomes 'lbwiz-redacted:…', a fingerprint that is equal for
equal values, so "both directors use the same password" stays visible.

Examples:
  lbwiz report --from bundle.json --out incident.html
  lbwiz report --from fixtures/bundles/auth-mismatch/bundle.json --out - | less
  lbwiz report --from bundle.json --out - --format json | jq '.findings[0]'
  lbwiz report --from bundle.json --out postmortem.md --redact 'community (\\S+)'
`;

export default defineCommand({
	name: 'report',
	summary: 'Write an incident report (Markdown, HTML, JSON) from a collected bundle',
	help,
	async run(argv, io) {
		const {values, positionals} = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				from: {type: 'string'},
				out: {type: 'string', short: 'o'},
				format: {type: 'string'},
				redact: {type: 'string', multiple: true},
				'no-redact': {type: 'boolean'},
			},
		});
		if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (give the bundle with --from)`);
		if (!values.from) throw new UsageError('missing --from BUNDLE (a bundle written by lbwiz collect)');
		if (!values.out) throw new UsageError(`missing --out FILE (${REPORT_EXTENSIONS}, or '-' for stdout)`);
		if (values['no-redact'] && values.redact) throw new UsageError('--redact and --no-redact contradict each other: choose one');
		const extraRedact = (values.redact ?? []).map(source => {
			try {
				return compileRedactPattern(source);
			} catch (error) {
				throw new UsageError((error as Error).message);
			}
		});
		let format: ReportFormat;
		if (values.out === '-') {
			format = values.format ? parseReportFormat(values.format) : 'md';
			if (format === 'html') throw new UsageError("HTML goes to a file: use --out report.html ('-' writes Markdown or JSON)");
		} else {
			format = reportFormatOf(values.out);
			if (values.format && parseReportFormat(values.format) !== format) throw new UsageError(`--format ${values.format} does not match the extension of '${values.out}'`);
		}

		const bundle = await readBundleArgument(values.from, io, {stdin: true});
		const report = evaluateBundle(bundle, {source: {kind: 'bundle', bundle: values.from === '-' ? 'stdin' : values.from}});
		const options = {noRedact: values['no-redact'] === true, extraRedact, secrets: secretsOf(bundle)};
		if (values.out === '-') {
			io.stdout.write(formatReport(report, format, options));
			return 0;
		}
		await writeReport(report, resolve(io.cwd, values.out), options);
		const {critical, warning, info} = report.summary;
		io.stdout.write(
			`lbwiz report: wrote ${values.out} (${format}; ${critical} critical, ${warning} warning, ${info} info${options.noRedact ? '; secrets NOT redacted' : ''})\n`,
		);
		return 0;
	},
});
