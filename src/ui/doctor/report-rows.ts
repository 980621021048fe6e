/**
A DoctorReport as screen rows: hosts, then findings root cause first (symptoms indented under their
cause) with severity, title, host and the fix commands; and the detail of one finding (explanation,
evidence, fix) for the live view's navigator. Pure: ReportView and DoctorLive only lay these out.
*/
import type {DoctorReport, EvidenceRef, Finding} from '../../doctor/report-model.js';
import {fixLines} from '../../doctor/fix-apply.js';
import {arrangeFindings, commandLine, excerptLines, position, resultText, visibleText, type FindingNode} from '../../report/report-view.js';
import {blank, row, rowText, widthOf, wrappedRows, type Row, type Segment} from '../components/row-model.js';
import type {Symbols} from '../components/theme.js';

const LABEL = {critical: 'CRITICAL', warning: 'WARNING ', info: 'INFO    '} as const;
const COLOR = {critical: 'red', warning: 'yellow', info: 'blue'} as const;

/** The symbol and colour of a severity. */
export function severityMark(severity: Finding['severity'], symbols: Symbols): Segment {
	return {text: severity === 'critical' ? symbols.fail : severity === 'warning' ? symbols.warn : symbols.info, color: COLOR[severity], bold: true};
}

/** The findings in display order (root causes, their symptoms, then the others). */
export const orderedFindings = (report: DoctorReport): FindingNode[] => arrangeFindings(report).ordered;

/** One line per finding: `✖ CRITICAL F1 firewall.vrrp-blocked on lb2: title`. */
export function findingLine(node: FindingNode, symbols: Symbols, selected = false): Row {
	const f = node.finding;
	const indent = '  '.repeat(node.depth);
	return [
		{text: selected ? `${symbols.pointer} ` : '  '},
		{text: indent},
		severityMark(f.severity, symbols),
		{text: ` ${LABEL[f.severity]} `, color: COLOR[f.severity], bold: selected},
		{text: `${f.id} `, dim: true},
		{text: f.check, bold: true},
		{text: f.host ? ` on ${f.host}` : ''},
		{text: `: ${visibleText(f.title)}`},
	];
}

/** Fix lines of a finding, `host$ command`. */
export function fixRows(f: Finding, width: number, indent = '    '): Row[] {
	const rows: Row[] = [];
	for (const fix of f.fix) {
		rows.push(...wrappedRows(`on ${fix.host}${fix.safe ? ' (safe: lbwiz can apply it)' : ''}: ${visibleText(fix.description)}`, width, {dim: true}, indent));
		for (const line of fixLines(fix)) rows.push(...wrappedRows(`${fix.host}$ ${visibleText(line)}`, width, {color: 'magenta'}, `${indent}  `));
		if (fix.file) rows.push(...wrappedRows(`edit ${position(fix.file, fix.line)}${fix.change ? `: ${visibleText(fix.change)}` : ''}`, width, {color: 'magenta'}, `${indent}  `));
		else if (fix.change && (fix.commands ?? []).length === 0) rows.push(...wrappedRows(visibleText(fix.change), width, {color: 'magenta'}, `${indent}  `));
	}
	return rows;
}

/** The whole report as rows (the summary the live view leaves in the scrollback; ReportView renders it). */
export function reportRows(report: DoctorReport, width: number, symbols: Symbols): Row[] {
	const rows: Row[] = [];
	rows.push([{text: 'lbwiz doctor', bold: true}, {text: ` · ${report.cluster.name}${report.cluster.vips.length > 0 ? ` · VIP ${report.cluster.vips.join(', ')}` : ''}`}]);
	for (const error of report.errors ?? []) rows.push(...wrappedRows(`${symbols.fail} ${visibleText(error)}`, width, {color: 'red'}, ''));
	for (const host of report.hosts) {
		const mark = host.health === 'ok' ? symbols.ok : host.health === 'critical' ? symbols.fail : host.health === 'warning' ? symbols.warn : symbols.info;
		const color = host.health === 'ok' ? 'green' : host.health === 'critical' ? 'red' : host.health === 'warning' ? 'yellow' : undefined;
		const parts = [host.roles.join(', ') || 'unknown role'];
		if (!host.reachable) parts.push('UNREACHABLE');
		if (host.vrrpState) parts.push(`VRRP ${host.vrrpState}`);
		if (host.vips?.length) parts.push(`holds ${host.vips.join(', ')}`);
		rows.push([{text: `  ${mark} `, color}, {text: host.name.padEnd(10), bold: true}, {text: ` ${parts.join(' · ')}`, dim: true}]);
	}
	rows.push(blank());
	if (report.findings.length === 0) {
		rows.push(row(`${symbols.ok} No problems found.`, {color: 'green', bold: true}));
	} else {
		const forest = arrangeFindings(report);
		const section = (title: string, nodes: FindingNode[]) => {
			if (nodes.length === 0) return;
			rows.push(row(title, {bold: true, color: 'cyan'}));
			const walk = (node: FindingNode) => {
				const line = findingLine(node, symbols);
				if (widthOf(rowText(line)) <= width) rows.push(line);
				else {
					// Too long: the title goes on its own wrapped lines under the id and check.
					rows.push(line.slice(0, -1));
					rows.push(...wrappedRows(visibleText(node.finding.title), width, {}, `${'  '.repeat(node.depth)}      `));
				}
				rows.push(...fixRows(node.finding, width, `${'  '.repeat(node.depth)}      `));
				node.children.forEach(walk);
			};
			nodes.forEach(walk);
			rows.push(blank());
		};
		section(forest.causes.length === 1 ? 'Root cause (the findings under it are its symptoms)' : 'Root causes (the findings under each are its symptoms)', forest.causes);
		section(forest.causes.length > 0 ? 'Other findings' : 'Findings', forest.standalone);
	}
	if (report.skipped.length > 0) rows.push(row(`${report.skipped.length} check(s) skipped: facts missing (lbwiz doctor --verbose --plain lists them)`, {dim: true}));
	rows.push(row(resultText(report), {bold: true}));
	return rows;
}

function evidenceRows(report: DoctorReport, ref: EvidenceRef, width: number, maxLines: number): Row[] {
	const rows: Row[] = [];
	const record = ref.evidenceId ? report.evidence[ref.evidenceId] : undefined;
	const host = ref.host ?? record?.host;
	const where = position(ref.file, ref.line);
	if (record) rows.push(...wrappedRows(`${host ? `${host}$ ` : ''}${visibleText(commandLine(record.argv))}  [${record.id}${record.exitCode !== undefined ? `, exit ${record.exitCode}` : ''}]`, width, {color: 'cyan'}, '    '));
	else if (where) rows.push(row(`    ${host ? `${host}:` : ''}${where}`, {color: 'cyan'}));
	if (ref.note) rows.push(...wrappedRows(`(${visibleText(ref.note)})`, width, {dim: true}, '      '));
	const excerpt = ref.excerpt ?? (record ? `${record.stdout}${record.stderr}` : '');
	const {lines, omitted} = excerptLines(excerpt, maxLines);
	for (const line of lines) rows.push(row(`      > ${visibleText(line)}`));
	if (omitted > 0) rows.push(row(`      > … ${omitted} more line(s) (r exports the full report)`, {dim: true}));
	return rows;
}

/** One finding in detail: message, why, evidence (when expanded), fix. */
export function findingDetailRows(report: DoctorReport, f: Finding, width: number, options: {expanded: boolean; evidenceLines?: number}): Row[] {
	const rows: Row[] = [];
	rows.push(...wrappedRows(visibleText(f.message), width, {}, '  '));
	if (f.caused_by.length > 0) rows.push(row(`  caused by ${f.caused_by.join(', ')}`, {dim: true}));
	if (options.expanded) {
		rows.push(...wrappedRows(`Why: ${visibleText(f.explanation)}`, width, {dim: true}, '  '));
		rows.push(row('  Evidence:', {bold: true}));
		if (f.evidence.length === 0) rows.push(row('    (none recorded)', {dim: true}));
		for (const ref of f.evidence) rows.push(...evidenceRows(report, ref, width, options.evidenceLines ?? 4));
	}
	if (f.fix.length > 0) {
		rows.push(row('  Fix:', {bold: true}));
		rows.push(...fixRows(f, width));
	}
	rows.push(row(`  More: ${f.doc}`, {dim: true}));
	return rows;
}
