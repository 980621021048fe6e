import {readFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {parseArgs} from 'node:util';
import type {Bundle} from '../collect/types.js';
import {BUNDLE_SCHEMA_VERSION} from '../collect/types.js';
import {evaluateBundle} from '../doctor/evaluate.js';
import {compileRedactPattern, formatReport, parseReportFormat, reportFormatOf, REPORT_EXTENSIONS, secretsOf, writeReport, type ReportFormat} from '../report/index.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

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

/** `JSON.parse` error position → `line L, column C` of `text`. */
function jsonErrorPosition(text: string, message: string): string {
	const position = /position (\d+)/.exec(message);
	if (!position) return '';
	const offset = Number(position[1]);
	const before = text.slice(0, offset).split('\n');
	return ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(chunks).toString('utf8');
}

/** Reads and checks a bundle file: clear errors naming the file and position, never a stack trace. */
async function loadBundle(from: string, io: CommandIo): Promise<Bundle> {
	const name = from === '-' ? 'stdin' : from;
	let text: string;
	try {
		text = from === '-' ? await readStream(io.stdin) : await readFile(resolve(io.cwd, from), 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read bundle '${name}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
	let bundle: unknown;
	try {
		bundle = JSON.parse(text);
	} catch (error) {
		throw new UsageError(`${name}${jsonErrorPosition(text, (error as Error).message)}: not valid JSON (${(error as Error).message}); expected a bundle written by 'lbwiz collect'`);
	}
	const candidate = bundle as Partial<Bundle> | null;
	if (!candidate || typeof candidate !== 'object' || !Array.isArray(candidate.hosts) || typeof candidate.evidence !== 'object') {
		throw new UsageError(`${name}: not an lbwiz bundle (expected an object with "schemaVersion", "hosts" and "evidence", as written by 'lbwiz collect')`);
	}
	if (candidate.schemaVersion !== BUNDLE_SCHEMA_VERSION) {
		throw new UsageError(`${name}: bundle schemaVersion ${JSON.stringify(candidate.schemaVersion)} is not supported (this lbwiz reads version ${BUNDLE_SCHEMA_VERSION})`);
	}
	return candidate as Bundle;
}

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

		const bundle = await loadBundle(values.from, io);
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
