/**
Incident reports from a DoctorReport: Markdown, self-contained HTML, or JSON, chosen by file extension.
Every format goes through `redactReport` first, so formatters never see a secret unless `noRedact`.
*/
import {randomBytes} from 'node:crypto';
import {rename, stat, unlink, writeFile} from 'node:fs/promises';
import {basename, dirname, extname, join} from 'node:path';
import type {DoctorReport} from '../doctor/report-model.js';
import {UsageError} from '../commands/command.js';
import {formatHtml} from './format-html.js';
import {formatJson} from './format-json.js';
import {formatMarkdown} from './format-markdown.js';
import {redactReport, type RedactOptions} from './redact.js';

export type ReportFormat = 'md' | 'html' | 'json';
export type ReportOptions = RedactOptions;

export {compileRedactPattern, redactReport, secretsOf, REDACTED_TOKEN_RE} from './redact.js';
export type {RedactOptions} from './redact.js';

const EXTENSIONS: Record<string, ReportFormat> = {'.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.json': 'json'};

/** The extensions `writeReport` understands, for help and error texts. */
export const REPORT_EXTENSIONS = '.md (or .markdown), .html (or .htm), .json';

/** The format a file name asks for; throws a UsageError listing the three formats otherwise. */
export function reportFormatOf(file: string): ReportFormat {
	const format = EXTENSIONS[extname(file).toLowerCase()];
	if (!format) throw new UsageError(`cannot tell the report format of '${file}': use a file name ending in ${REPORT_EXTENSIONS}`);
	return format;
}

/** Parses a `--format` value. */
export function parseReportFormat(value: string): ReportFormat {
	const format = ({md: 'md', markdown: 'md', html: 'html', htm: 'html', json: 'json'} as const)[value.toLowerCase() as 'md'];
	if (!format) throw new UsageError(`unknown report format '${value}': use md, html or json`);
	return format;
}

/** Formats a report: redacts it (unless `noRedact`), then renders Markdown, HTML or JSON. Pure. */
export function formatReport(report: DoctorReport, format: ReportFormat, options: ReportOptions = {}): string {
	const redacted = options.redact !== false && options.noRedact !== true;
	const clean = redactReport(report, options);
	const formatOptions = {redacted};
	switch (format) {
		case 'md':
			return formatMarkdown(clean, formatOptions);
		case 'html':
			return formatHtml(clean, formatOptions);
		case 'json':
			return formatJson(clean, formatOptions);
		default:
			throw new UsageError(`unknown report format '${String(format)}': use md, html or json`);
	}
}

/**
Writes a report to `file`, the format chosen by its extension (see `reportFormatOf`). The write is atomic
(a temporary file in the same directory, then rename), so a reader never sees half a report. An
unredacted report is created with mode 0600. Returns the format written.
*/
export async function writeReport(report: DoctorReport, file: string, options: ReportOptions = {}): Promise<ReportFormat> {
	const format = reportFormatOf(file);
	const directory = dirname(file);
	const info = await stat(directory).catch(() => undefined);
	if (!info?.isDirectory()) throw new UsageError(`cannot write '${file}': directory '${directory}' does not exist`);
	const content = formatReport(report, format, options);
	const temporary = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
	const secret = options.redact === false || options.noRedact === true;
	try {
		await writeFile(temporary, content, {encoding: 'utf8', mode: secret ? 0o600 : 0o644, flag: 'wx'});
		await rename(temporary, file);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		const {code, message} = error as NodeJS.ErrnoException;
		if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'EROFS' || code === 'ENOSPC') throw new UsageError(`cannot write '${file}': ${message}`);
		throw error;
	}
	return format;
}
