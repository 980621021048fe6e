/**
The Markdown incident report: readable raw in a terminal or an editor, rendered well by GitHub/GitLab.
Summary with root causes first, topology as text art, every finding with its fix and evidence, then the
VRRP timeline, adverts, HAProxy and IPVS state, skipped checks, and the cited evidence in full.
*/
import type {DoctorReport, EvidenceRef, Finding} from '../doctor/report-model.js';
import type {Evidence} from '../collect/types.js';
import {mdCell, mdCode, mdCodeCell, mdFence, mdTable, mdText} from './markdown.js';
import {
	ADVERT_COLUMNS,
	HAPROXY_COLUMNS,
	HOST_COLUMNS,
	IPVS_COLUMNS,
	SKIPPED_COLUMNS,
	advertRow,
	anchorOf,
	arrangeFindings,
	commandLine,
	doctorExtras,
	evidenceExcerpt,
	excerptLines,
	explainedBy,
	groupAdverts,
	haproxyRows,
	hostRow,
	ipvsRows,
	mergedTimeline,
	outcome,
	position,
	resultText,
	shortCommandLine,
	skippedRow,
	sourceText,
	type CellStyle,
	type FindingNode,
	type FormatOptions,
} from './report-view.js';
import {buildTopology, healthWord, topologyText} from './topology.js';

const EXCERPT_LINES = 15;
const FULL_LINES = 1000;

const CELL: CellStyle = {code: mdCodeCell, text: mdCell, strong: value => `**${mdCell(value)}**`, health: health => `**${healthWord(health)}**`};
const sev = (severity: string) => `**${severity.toUpperCase()}**`;
const findingLink = (id: string) => `[${mdText(id)}](#${anchorOf('finding', id)})`;
const evidenceLink = (id: string) => `[${mdText(id)}](#${anchorOf('evidence', id)})`;

function summaryLine(node: FindingNode, indent: string): string[] {
	const {finding} = node;
	const where = finding.host ? ` on ${mdCode(finding.host)}` : '';
	const also = node.alsoCausedBy.length > 0 ? ` (also caused by ${node.alsoCausedBy.map(findingLink).join(', ')})` : '';
	const lines = [`${indent}- ${sev(finding.severity)} ${findingLink(finding.id)} ${mdCode(finding.check)}${where}: ${mdText(finding.title)}${also}`];
	for (const child of node.children) lines.push(...summaryLine(child, `${indent}  `));
	return lines;
}

function header(report: DoctorReport, options: FormatOptions): string[] {
	const rows: string[][] = [
		['Cluster', `${mdCodeCell(report.cluster.name)}${report.cluster.vips.length > 0 ? ` — VIPs ${report.cluster.vips.map(mdCodeCell).join(', ')}` : ''}`],
		['Generated', mdCell(report.generatedAt)],
		['lbwiz', mdCell(`${report.tool.name} ${report.tool.version} (report schema ${report.schemaVersion})`)],
		['Source', mdCell(sourceText(report))],
		['Result', mdCell(resultText(report))],
		['Secrets', options.redacted ? 'redacted: equal secrets show equal `lbwiz-redacted:` fingerprints' : '**NOT REDACTED** (written with --no-redact): handle this file as a secret'],
	];
	const {errors} = doctorExtras(report);
	const trouble = errors.length > 0 ? ['', '**The doctor could not run completely:**', '', ...errors.map(error => `- ${mdText(error)}`)] : [];
	return [`# lbwiz incident report — ${mdText(report.cluster.name)}`, '', mdTable(['', ''], rows.map(([key, value]) => [`**${key}**`, value])), ...trouble];
}

function summarySection(report: DoctorReport): string[] {
	const forest = arrangeFindings(report);
	const {summary} = report;
	const out = ['## Summary', ''];
	if (report.findings.length === 0) {
		out.push(`No problems found on ${report.hosts.length} host(s); ${report.skipped.length} check(s) skipped (listed below).`);
		return out;
	}
	out.push(`${summary.critical} critical · ${summary.warning} warning · ${summary.info} info — doctor exit status ${summary.exitCode}.`, '');
	if (forest.causes.length > 0) {
		out.push('### Root causes', '', 'Each cause is followed by the symptoms it explains.', '');
		for (const node of forest.causes) out.push(...summaryLine(node, ''));
		out.push('');
	}
	if (forest.standalone.length > 0) {
		out.push(forest.causes.length > 0 ? '### Other findings' : '### Findings', '');
		for (const node of forest.standalone) out.push(...summaryLine(node, ''));
		out.push('');
	}
	return out;
}

function hostsSection(report: DoctorReport): string[] {
	return ['## Hosts', '', mdTable(HOST_COLUMNS, report.hosts.map(host => hostRow(host, CELL))), ''];
}

function topologySection(report: DoctorReport): string[] {
	const graph = buildTopology(report);
	const out = ['## Topology', '', mdFence(topologyText(graph)), ''];
	if (graph.unplaced.length > 0) out.push(`Not placed (role unknown): ${graph.unplaced.map(host => `${mdCode(host.name)} [${healthWord(host.health)}]`).join(', ')}.`, '');
	return out;
}

function fixLines(finding: Finding): string[] {
	const out: string[] = [];
	for (const fix of finding.fix) {
		out.push(`- On ${mdCode(fix.host)}: ${mdText(fix.description)}${fix.safe ? ' (safe for `lbwiz doctor --fix`)' : ''}`);
		const at = position(fix.file, fix.line);
		if (at || fix.change) out.push(`  - ${at ? `in ${mdCode(at)}` : 'change'}${fix.change ? `: ${mdText(fix.change)}` : ''}`);
		if (fix.commands && fix.commands.length > 0) out.push('', mdFence([`# on ${fix.host}`, ...fix.commands.map(commandLine)].join('\n'), 'sh', '  '), '');
	}
	return out;
}

function evidenceRefLines(report: DoctorReport, ref: EvidenceRef): string[] {
	const record = ref.evidenceId ? report.evidence[ref.evidenceId] : undefined;
	const note = ref.note ? ` — ${mdText(ref.note)}` : '';
	if (record) {
		const {lines, omitted, seeFull} = evidenceExcerpt(ref, record, EXCERPT_LINES);
		const out = [`- ${evidenceLink(record.id)} on ${mdCode(record.host)}: ${mdCode(`$ ${shortCommandLine(record.argv)}`)} (${mdText(outcome(record))})${ref.file ? ` at ${mdCode(position(ref.file, ref.line)!)}` : ''}${note}`];
		if (lines.length > 0) out.push('', mdFence(lines.join('\n'), 'text', '  '), '');
		if (seeFull) out.push(`  ${omitted > 0 ? `${omitted} more line(s); ` : ''}full output under ${evidenceLink(record.id)}.`, '');
		return out;
	}
	const where = [ref.host ? `on ${mdCode(ref.host)}` : '', ref.file ? `at ${mdCode(position(ref.file, ref.line)!)}` : ''].filter(Boolean).join(' ');
	const missing = ref.evidenceId ? ` (evidence ${mdCode(ref.evidenceId)} not in this report)` : '';
	const out = [`- ${where || 'evidence'}${missing}${note}`];
	if (ref.excerpt) out.push('', mdFence(ref.excerpt, 'text', '  '), '');
	return out;
}

function findingSection(report: DoctorReport, node: FindingNode): string[] {
	const {finding} = node;
	const explains = explainedBy(report, finding);
	const out = [
		`<a id="${anchorOf('finding', finding.id)}"></a>`,
		'',
		`### ${mdText(finding.id)} · ${finding.severity.toUpperCase()} · ${mdText(finding.title)}`,
		'',
		`- **Check:** ${mdCode(finding.check)} — doc ${mdCode(finding.doc)}`,
		`- **Host:** ${finding.host ? mdCode(finding.host) : 'cluster-wide'}`,
	];
	if (finding.caused_by.length > 0) out.push(`- **Caused by:** ${finding.caused_by.map(findingLink).join(', ')}`);
	if (explains.length > 0) out.push(`- **Explains:** ${explains.map(findingLink).join(', ')}`);
	out.push('', mdText(finding.message), '');
	if (finding.explanation) out.push(...mdText(finding.explanation).split('\n').map(line => `> ${line}`), '');
	out.push('**Fix**', '');
	out.push(...(finding.fix.length > 0 ? fixLines(finding) : ['No automatic remedy: see the explanation and the check\'s doc page.']), '');
	out.push('**Evidence**', '');
	out.push(...(finding.evidence.length > 0 ? finding.evidence.flatMap(ref => evidenceRefLines(report, ref)) : ['None recorded.']), '');
	return out;
}

function timelineSection(report: DoctorReport): string[] {
	const timeline = mergedTimeline(report);
	const out = ['## VRRP timeline', ''];
	if (timeline.length === 0) return [...out, 'No VRRP state transitions in the collected keepalived logs.', ''];
	out.push(`${timeline.length} transition(s) from ${new Set(timeline.map(entry => entry.host)).size} director(s), oldest first.`, '');
	const rows = timeline.map(entry => [mdCell(entry.time ?? '?'), mdCodeCell(entry.host), mdCodeCell(entry.instance), `**${mdCell(entry.state)}**`, mdCell(entry.reason ?? ''), mdCodeCell(entry.raw)]);
	return [...out, mdTable(['time', 'host', 'instance', 'became', 'why', 'log line'], rows), ''];
}

function advertsSection(report: DoctorReport): string[] {
	const groups = groupAdverts(report);
	const out = ['## Captured VRRP adverts', ''];
	if (groups.length === 0) return [...out, 'No adverts captured (see skipped checks and the vrrp.adverts evidence).', ''];
	out.push(`Capture window ${report.source.captureSeconds} s. Passwords are never shown; equal fingerprints mean equal passwords.`, '');
	return [...out, mdTable(ADVERT_COLUMNS, groups.map(group => advertRow(group, CELL))), ''];
}

function haproxySection(report: DoctorReport): string[] {
	const out = ['## HAProxy backends', ''];
	if (report.haproxy.length === 0) return [...out, 'No HAProxy stats collected.', ''];
	for (const {host, rows} of report.haproxy) {
		const shown = haproxyRows(rows);
		out.push(`### ${mdText(host)}`, '');
		if (shown.length === 0) {
			out.push('No backend rows.', '');
			continue;
		}
		const table = shown.map(row => HAPROXY_COLUMNS.map(([key]) => (key === 'status' ? `**${mdCell(row[key] ?? '')}**` : key === 'pxname' || key === 'svname' ? mdCodeCell(row[key] ?? '') : mdCell(row[key] ?? ''))));
		out.push(mdTable(HAPROXY_COLUMNS.map(([, label]) => label), table), '');
	}
	return out;
}

function ipvsSection(report: DoctorReport): string[] {
	const out = ['## IPVS tables', ''];
	if (report.ipvs.length === 0) return [...out, 'No IPVS tables collected.', ''];
	for (const {host, services} of report.ipvs) {
		out.push(`### ${mdText(host)}`, '');
		if (services.length === 0) {
			out.push('Empty table (no virtual services).', '');
			continue;
		}
		out.push(mdTable(IPVS_COLUMNS, ipvsRows(services, CELL)), '');
	}
	return out;
}

function skippedSection(report: DoctorReport): string[] {
	const out = ['## Skipped checks', ''];
	if (report.skipped.length === 0) return [...out, 'None: every check had the facts it needs.', ''];
	return [...out, mdTable(SKIPPED_COLUMNS, report.skipped.map(skip => skippedRow(skip, CELL))), ''];
}

function evidenceRecord(record: Evidence): string[] {
	const out = [`<a id="${anchorOf('evidence', record.id)}"></a>`, '', `### ${mdText(record.id)} on ${mdText(record.host)}`, '', mdFence(`$ ${commandLine(record.argv)}`, 'sh'), '', `${mdText(outcome(record))}; started ${mdText(record.startedAt)}.`, ''];
	for (const [label, text] of [['stdout', record.stdout], ['stderr', record.stderr]] as const) {
		if (!text) continue;
		const {lines, omitted} = excerptLines(text, FULL_LINES);
		out.push(`${label}:`, '', mdFence(lines.join('\n')), '');
		if (omitted > 0) out.push(`${omitted} more line(s) not shown; the bundle holds them.`, '');
	}
	if (record.spawnError) out.push(`Could not start: ${mdText(record.spawnError)}`, '');
	return out;
}

/** Formats a (redacted) report as Markdown. */
export function formatMarkdown(report: DoctorReport, options: FormatOptions): string {
	const forest = arrangeFindings(report);
	const evidence = Object.values(report.evidence ?? {});
	const parts = [
		...header(report, options),
		'',
		...summarySection(report),
		...topologySection(report),
		...hostsSection(report),
		'## Findings',
		'',
		...(forest.ordered.length > 0 ? forest.ordered.flatMap(node => findingSection(report, node)) : ['None.', '']),
		...timelineSection(report),
		...advertsSection(report),
		...haproxySection(report),
		...ipvsSection(report),
		...skippedSection(report),
		'## Evidence',
		'',
		...(evidence.length > 0 ? ['Every command a finding cites, with its full recorded output.', '', ...evidence.flatMap(evidenceRecord)] : ['No evidence cited.', '']),
		'---',
		'',
		`Generated by lbwiz ${mdText(report.tool.version)} at ${mdText(report.generatedAt)}.`,
		'',
	];
	return `${parts.filter((line, index) => line !== '' || (index > 0 && parts[index - 1] !== '')).join('\n').trimEnd()}\n`;
}
