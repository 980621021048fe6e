/**
The plain-text doctor summary, for pipes, log files, serial consoles and `--plain`: no colour, no cursor
movement, at most ~100 columns. Root causes first with their symptoms indented under them, each with
the evidence lines it relied on and the fix commands shell-quoted, ready to paste.
*/
import type {DoctorReport, EvidenceRef, Finding, Fix} from '../doctor/report-model.js';
import {arrangeFindings, commandLine, excerptLines, position, rolesText, sourceText, visibleText, type FindingNode} from './report-view.js';

export type TextOptions = {
	/** wrap width (default 100) */
	width?: number;
	/** evidence lines shown per evidence reference (default 6) */
	evidenceLines?: number;
	/** list skipped checks one by one (default: grouped by reason) */
	verbose?: boolean;
};

const LABEL = {critical: 'CRITICAL', warning: 'WARNING', info: 'INFO'} as const;

/** Wraps `text` at `width`, every line prefixed with `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			if (line && indent.length + line.length + 1 + word.length > width) {
				out.push(indent + line);
				line = word;
			} else line = line ? `${line} ${word}` : word;
		}
		out.push(indent + line);
	}
	return out;
}

/** A recorded command as one readable line: multi-line words (inline scripts) summarised, long lines cut. */
function commandText(argv: readonly string[], width: number): string {
	const words = argv.map(word => (word.includes('\n') ? `<${word.split('\n').length}-line script>` : word));
	const line = visibleText(commandLine(words));
	return line.length > width + 40 ? `${line.slice(0, width + 37)}…` : line;
}

function evidenceLines(report: DoctorReport, ref: EvidenceRef, indent: string, max: number): string[] {
	const out: string[] = [];
	const record = ref.evidenceId ? report.evidence[ref.evidenceId] : undefined;
	const where = position(ref.file, ref.line);
	const host = ref.host ?? record?.host;
	if (record) out.push(`${indent}${host ? `${host}$ ` : ''}${commandText(record.argv, 100)}  [${record.id}${record.exitCode !== undefined ? `, exit ${record.exitCode}` : ''}]`);
	else if (where) out.push(`${indent}${host ? `${host}:` : ''}${where}`);
	else if (host && !ref.note) out.push(`${indent}${host}`);
	if (ref.note) out.push(`${indent}  (${visibleText(ref.note)})`);
	if (ref.excerpt) {
		const {lines, omitted} = excerptLines(ref.excerpt, max);
		for (const line of lines) out.push(`${indent}  > ${visibleText(line)}`);
		if (omitted > 0) out.push(`${indent}  > … ${omitted} more line(s)`);
	}
	return out;
}

function fixLines(fix: Fix, indent: string): string[] {
	const out = [`${indent}on ${fix.host}${fix.safe ? ' (safe: `lbwiz doctor --fix` can apply it)' : ''}: ${visibleText(fix.description)}`];
	if (fix.file) out.push(`${indent}  edit ${position(fix.file, fix.line)}${fix.change ? `: ${visibleText(fix.change)}` : ''}`);
	else if (fix.change) out.push(`${indent}  ${visibleText(fix.change)}`);
	for (const argv of fix.commands ?? []) out.push(`${indent}  $ ${visibleText(commandLine(argv))}`);
	for (const write of fix.writes ?? []) {
		out.push(`${indent}  write ${write.path}:`);
		for (const line of write.content.replace(/\n$/, '').split('\n')) out.push(`${indent}    ${visibleText(line)}`);
	}
	return out;
}

function findingBlock(report: DoctorReport, node: FindingNode, options: Required<Pick<TextOptions, 'width' | 'evidenceLines'>>, label: string): string[] {
	const finding: Finding = node.finding;
	const indent = '  '.repeat(node.depth);
	const out: string[] = [];
	const where = finding.host ? ` on ${finding.host}` : '';
	out.push(`${indent}${label}${LABEL[finding.severity]} ${finding.check}${where} [${finding.id}]`);
	out.push(...wrap(visibleText(finding.message), options.width, `${indent}  `));
	if (node.alsoCausedBy.length > 0) out.push(`${indent}  also caused by ${node.alsoCausedBy.join(', ')}`);
	if (node.depth === 0) out.push(...wrap(`Why: ${finding.explanation}`, options.width, `${indent}  `));
	if (finding.evidence.length > 0) {
		out.push(`${indent}  Evidence:`);
		for (const ref of finding.evidence) out.push(...evidenceLines(report, ref, `${indent}    `, options.evidenceLines));
	}
	if (finding.fix.length > 0) {
		out.push(`${indent}  Fix:`);
		for (const fix of finding.fix) out.push(...fixLines(fix, `${indent}    `));
	}
	out.push(`${indent}  More: ${finding.doc}`);
	for (const child of node.children) out.push('', ...findingBlock(report, child, options, 'symptom: '));
	return out;
}

/** Formats the report as plain text (trailing newline included). */
export function formatText(report: DoctorReport, options: TextOptions = {}): string {
	const width = options.width ?? 100;
	const opts = {width, evidenceLines: options.evidenceLines ?? 6};
	const out: string[] = [];
	const {summary} = report;
	out.push(`lbwiz doctor — ${report.cluster.name}${report.cluster.vips.length > 0 ? ` (VIP ${report.cluster.vips.join(', ')})` : ''}`);
	out.push(`${sourceText(report)} · ${report.generatedAt}`);
	out.push('');
	for (const error of report.errors ?? []) out.push(`ERROR: ${error}`);
	if ((report.errors ?? []).length > 0) out.push('');
	out.push('Hosts:');
	for (const host of report.hosts) {
		const parts = [rolesText(host)];
		if (!host.reachable) parts.push('UNREACHABLE');
		if (host.vrrpState) parts.push(`VRRP ${host.vrrpState}`);
		if (host.vips?.length) parts.push(`holds ${host.vips.join(', ')}`);
		if (host.keepalivedVersion) parts.push(`keepalived ${host.keepalivedVersion}`);
		out.push(`  ${host.name.padEnd(10)} ${host.health.toUpperCase().padEnd(8)} ${parts.join(' · ')}`);
	}
	out.push('');
	if (report.findings.length === 0) {
		out.push(`No problems found: ${report.checksRun?.length ?? 0} checks ran on ${report.hosts.length} host(s).`);
	} else {
		const forest = arrangeFindings(report);
		const causes = forest.causes.map(node => `${node.finding.check}${node.finding.host ? ` on ${node.finding.host}` : ''}`);
		out.push(`${summary.critical} critical, ${summary.warning} warning, ${summary.info} info.${causes.length > 0 ? ` Root cause${causes.length > 1 ? 's' : ''}: ${causes.join('; ')}.` : ''}`);
		let n = 0;
		for (const node of forest.causes) {
			out.push('', `── Root cause ${++n} ${'─'.repeat(Math.max(0, Math.min(width, 80) - 17 - String(n).length))}`);
			out.push(...findingBlock(report, node, opts, ''));
		}
		const standalone = forest.standalone;
		const important = standalone.filter(node => node.finding.severity !== 'info');
		const info = standalone.filter(node => node.finding.severity === 'info');
		if (important.length > 0) {
			out.push('', `── ${forest.causes.length > 0 ? 'Other findings' : 'Findings'} ${'─'.repeat(Math.max(0, Math.min(width, 80) - 20))}`);
			for (const node of important) out.push('', ...findingBlock(report, node, opts, ''));
		}
		if (info.length > 0) {
			out.push('', `── For information ${'─'.repeat(Math.max(0, Math.min(width, 80) - 19))}`);
			for (const node of info) out.push('', ...findingBlock(report, node, opts, ''));
		}
	}
	if ((report.peers ?? []).length > 0) {
		out.push('', 'Not collected (named by the configs or seen on the wire; add them to see their side):');
		for (const peer of report.peers!) out.push(...wrap(`${peer.address}: ${peer.seenAs.join('; ')} — e.g. ${peer.suggestion}`, width, '  ').map((line, i) => (i === 0 ? line : `  ${line}`)));
	}
	if (report.skipped.length > 0) {
		out.push('', `Skipped (${report.skipped.length}): checks that could not decide`);
		if (options.verbose) {
			for (const skip of report.skipped) out.push(`  ${skip.check}${skip.host ? ` on ${skip.host}` : ''}: ${visibleText(skip.reason)}`);
		} else {
			const byReason = new Map<string, string[]>();
			for (const skip of report.skipped) byReason.set(skip.reason, [...(byReason.get(skip.reason) ?? []), `${skip.check}${skip.host ? `@${skip.host}` : ''}`]);
			for (const [reason, which] of byReason) out.push(...wrap(`${visibleText(reason)} — ${which.join(', ')}`, width, '  ').map((line, i) => (i === 0 ? line : `  ${line}`)));
		}
	}
	const meaning = ['no warning or critical finding', 'warnings only', 'at least one critical finding', 'the doctor could not run'][summary.exitCode];
	out.push('', `Exit status ${summary.exitCode}: ${meaning}.`);
	return `${out.join('\n')}\n`;
}
