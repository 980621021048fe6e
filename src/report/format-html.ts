/**
The HTML incident report: one self-contained file (inline CSS, inline SVG, no script, no external asset,
a Content-Security-Policy that forbids every network load), usable without JavaScript (evidence folds in
<details>), readable when printed (details open, light backgrounds), and XSS-safe: every string from the
report is escaped, since evidence and log lines are untrusted text.
*/
import type {DoctorReport, EvidenceRef, Finding} from '../doctor/report-model.js';
import type {Evidence} from '../collect/types.js';
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
	haproxyRowHealth,
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
	visibleText,
	type CellStyle,
	type FindingNode,
	type FormatOptions,
} from './report-view.js';
import {buildTopology, topologySvg, HEALTH_COLOURS} from './topology.js';
import {REDACTED_TOKEN_RE} from './redact.js';

/** The CSP every HTML report carries: nothing may load, inline styles and data: images only. */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const EXCERPT_LINES = 15;
const FULL_LINES = 1000;

const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

/** Escapes untrusted text for HTML text and attribute values (controls made visible first). */
export function escapeHtml(text: string): string {
	return visibleText(text).replace(/[&<>"']/g, char => ENTITIES[char]);
}

/** Escaped text with redaction tokens marked up so they read as fingerprints, not values. */
const text = (value: string): string =>
	escapeHtml(value).replace(REDACTED_TOKEN_RE, token => `<span class="redacted" title="redacted secret: equal fingerprints mean equal values">${token}</span>`);

const code = (value: string) => `<code>${text(value)}</code>`;
const badge = (health: string) => `<span class="badge ${health}">${escapeHtml(health.toUpperCase())}</span>`;
const CELL: CellStyle = {code, text, strong: value => `<strong>${text(value)}</strong>`, health: badge};
const findingLink = (id: string) => `<a href="#${anchorOf('finding', id)}">${escapeHtml(id)}</a>`;
const evidenceLink = (id: string, label = id) => `<a href="#${anchorOf('evidence', id)}">${escapeHtml(label)}</a>`;
const pre = (value: string, className = '') => `<pre${className ? ` class="${className}"` : ''}>${text(value.replace(/\n$/, ''))}</pre>`;

function table(headers: string[], rows: string[][], caption?: string, rowClasses?: string[]): string {
	return [
		'<div class="table-wrap"><table>',
		caption ? `<caption>${caption}</caption>` : '',
		`<thead><tr>${headers.map(header => `<th scope="col">${header}</th>`).join('')}</tr></thead>`,
		'<tbody>',
		...rows.map((row, index) => `<tr${rowClasses?.[index] ? ` class="${rowClasses[index]}"` : ''}>${row.map(cell => `<td>${cell}</td>`).join('')}</tr>`),
		'</tbody></table></div>',
	].join('\n');
}

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d2939; background: #fff; }
main, header.page, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 20px; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #eaecf0; }
h3 { font-size: 17px; margin: 20px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; }
a { color: #175cd3; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
code { background: #f2f4f7; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: #f8f9fb; border: 1px solid #eaecf0; border-radius: 6px; padding: 10px 12px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0 10px; max-height: 32em; overflow: auto; }
pre.cmd { background: #f2f4f7; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; }
dl.meta dt { font-weight: 600; color: #475467; }
dl.meta dd { margin: 0; }
.warning-banner { border: 2px solid #b42318; background: #fee4e2; color: #7a271a; padding: 8px 12px; border-radius: 6px; font-weight: 700; margin: 12px 0; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: .04em; padding: 1px 7px; border-radius: 10px; border: 1px solid; vertical-align: 1px; }
${(Object.entries(HEALTH_COLOURS) as Array<[string, {fill: string; stroke: string; text: string}]>).map(([health, colour]) => `.badge.${health} { background: ${colour.fill}; color: ${colour.text}; border-color: ${colour.stroke}; }`).join('\n')}
.counts { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 16px; }
.count { border: 1px solid #eaecf0; border-radius: 8px; padding: 8px 16px; min-width: 120px; }
.count strong { display: block; font-size: 24px; line-height: 1.2; }
.count.critical strong { color: #b42318; } .count.warning strong { color: #b54708; } .count.info strong { color: #175cd3; }
ul.causes, ul.causes ul { list-style: none; padding-left: 0; margin: 0; }
ul.causes ul { padding-left: 28px; border-left: 2px solid #eaecf0; margin-left: 10px; }
ul.causes li { margin: 6px 0; }
ul.causes ul { font-weight: 400; }
ul.causes ul li::before { content: "↳ "; color: #667085; }
.root { font-weight: 600; }
.check { color: #475467; }
article.finding { border: 1px solid #eaecf0; border-left: 6px solid #667085; border-radius: 8px; padding: 4px 16px 10px; margin: 16px 0; }
article.finding.critical { border-left-color: #b42318; } article.finding.warning { border-left-color: #b54708; } article.finding.info { border-left-color: #175cd3; }
article.finding.symptom { margin-left: 28px; }
article.finding h3 { margin-top: 10px; }
.facts { color: #475467; font-size: 14px; margin: 0 0 8px; }
blockquote { margin: 8px 0; padding: 4px 12px; border-left: 3px solid #d0d5dd; color: #344054; }
details { border: 1px solid #eaecf0; border-radius: 6px; margin: 6px 0; padding: 0 10px; }
details > summary { cursor: pointer; padding: 6px 0; }
details[open] > summary { border-bottom: 1px solid #eaecf0; margin-bottom: 6px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #eaecf0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f8f9fb; font-weight: 600; }
td code { white-space: nowrap; overflow-wrap: normal; }
tr.bad td { background: #fff5f4; }
.redacted { background: #ebe9fe; color: #3e1c96; border-radius: 3px; padding: 0 2px; }
.figure { border: 1px solid #eaecf0; border-radius: 8px; padding: 8px; overflow-x: auto; }
svg.topology { max-width: 100%; height: auto; display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
nav.toc { font-size: 14px; margin: 10px 0 0; }
nav.toc a { margin-right: 12px; white-space: nowrap; }
.muted { color: #667085; }
footer { color: #667085; font-size: 13px; padding-bottom: 24px; margin-top: 32px; border-top: 1px solid #eaecf0; }
@media print {
  body { font-size: 11pt; color: #000; }
  main, header.page, footer { max-width: none; padding: 0; }
  nav.toc { display: none; }
  details { border: none; padding: 0; }
  details > summary { list-style: none; font-weight: 600; }
  details > summary::-webkit-details-marker { display: none; }
  details::details-content { content-visibility: visible; display: block; height: auto; }
  pre { max-height: none; overflow: visible; background: #fff; border-color: #98a2b3; }
  code, th, tr.bad td, .redacted { background: #fff; }
  article.finding, table, .figure, pre { break-inside: avoid-page; }
  h2, h3 { break-after: avoid-page; }
  a { color: inherit; text-decoration: none; }
}
`;

function summaryItem(node: FindingNode): string {
	const {finding} = node;
	const also = node.alsoCausedBy.length > 0 ? ` <span class="muted">(also caused by ${node.alsoCausedBy.map(findingLink).join(', ')})</span>` : '';
	const children = node.children.length > 0 ? `\n<ul>${node.children.map(summaryItem).join('\n')}</ul>` : '';
	return `<li${node.depth === 0 ? ' class="root"' : ''}>${badge(finding.severity)} ${findingLink(finding.id)} ${text(finding.title)} <span class="check">— ${code(finding.check)}${finding.host ? ` on ${code(finding.host)}` : ''}</span>${also}${children}</li>`;
}

function headerSection(report: DoctorReport, options: FormatOptions): string {
	const {errors} = doctorExtras(report);
	const rows: Array<[string, string]> = [
		['Cluster', `${code(report.cluster.name)}${report.cluster.vips.length > 0 ? ` — VIPs ${report.cluster.vips.map(code).join(', ')}` : ''}`],
		['Generated', text(report.generatedAt)],
		['lbwiz', text(`${report.tool.name} ${report.tool.version} (report schema ${report.schemaVersion})`)],
		['Source', text(sourceText(report))],
		['Result', text(resultText(report))],
		['Hosts', report.hosts.map(host => `${code(host.name)} ${badge(host.health)}`).join(' ')],
		['Secrets', options.redacted ? 'redacted — equal secrets show equal <span class="redacted">lbwiz-redacted:</span> fingerprints' : '<strong>NOT REDACTED</strong>'],
	];
	const toc = [['summary', 'Summary'], ['topology', 'Topology'], ['hosts', 'Hosts'], ['findings', 'Findings'], ['timeline', 'VRRP timeline'], ['adverts', 'Adverts'], ['haproxy', 'HAProxy'], ['ipvs', 'IPVS'], ['skipped', 'Skipped checks'], ['evidence', 'Evidence']];
	return [
		'<header class="page">',
		`<h1>lbwiz incident report — ${text(report.cluster.name)}</h1>`,
		options.redacted ? '' : '<p class="warning-banner" role="alert">This report was written with --no-redact: it contains secrets in clear. Handle it as a secret.</p>',
		errors.length > 0 ? `<div class="warning-banner" role="alert"><p>The doctor could not run completely:</p><ul>${errors.map(error => `<li>${text(error)}</li>`).join('')}</ul></div>` : '',
		`<dl class="meta">${rows.map(([key, value]) => `<dt>${key}</dt><dd>${value}</dd>`).join('')}</dl>`,
		`<nav class="toc" aria-label="Contents">${toc.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>`,
		'</header>',
	].join('\n');
}

function summarySection(report: DoctorReport): string {
	const forest = arrangeFindings(report);
	const {summary} = report;
	const out = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary</h2>'];
	out.push(
		'<div class="counts">',
		...(['critical', 'warning', 'info'] as const).map(severity => `<div class="count ${severity}"><strong>${summary[severity]}</strong>${severity}</div>`),
		'</div>',
	);
	if (report.findings.length === 0) out.push(`<p>No problems found on ${report.hosts.length} host(s); ${report.skipped.length} check(s) skipped.</p>`);
	if (forest.causes.length > 0) out.push('<h3>Root causes</h3>', '<p class="muted">Each cause is followed by the symptoms it explains.</p>', `<ul class="causes">${forest.causes.map(summaryItem).join('\n')}</ul>`);
	if (forest.standalone.length > 0) out.push(`<h3>${forest.causes.length > 0 ? 'Other findings' : 'Findings'}</h3>`, `<ul class="causes">${forest.standalone.map(summaryItem).join('\n')}</ul>`);
	out.push('</section>');
	return out.join('\n');
}

function topologySection(report: DoctorReport): string {
	const graph = buildTopology(report);
	const unplaced = graph.unplaced.length > 0 ? `<p>Not placed (role unknown): ${graph.unplaced.map(host => `${code(host.name)} ${badge(host.health)}`).join(', ')}</p>` : '';
	return [
		'<section id="topology" aria-labelledby="topology-h">',
		'<h2 id="topology-h">Topology</h2>',
		`<div class="figure">${topologySvg(graph)}</div>`,
		'<p class="muted">Solid arrow: the director holds the VIP; dashed: standby. Colour and label give each node\'s worst finding.</p>',
		unplaced,
		'</section>',
	].join('\n');
}

function hostsSection(report: DoctorReport): string {
	return ['<section id="hosts" aria-labelledby="hosts-h">', '<h2 id="hosts-h">Hosts</h2>', table(HOST_COLUMNS, report.hosts.map(host => hostRow(host, CELL))), '</section>'].join('\n');
}

function fixHtml(finding: Finding): string {
	if (finding.fix.length === 0) return '<p>No automatic remedy: see the explanation and the check\'s doc page.</p>';
	return `<ul class="fixes">${finding.fix
		.map(fix => {
			const at = position(fix.file, fix.line);
			const change = at || fix.change ? `<br>${at ? `in ${code(at)}` : 'change'}${fix.change ? `: ${text(fix.change)}` : ''}` : '';
			const commands = fix.commands && fix.commands.length > 0 ? pre([`# on ${fix.host}`, ...fix.commands.map(commandLine)].join('\n'), 'cmd') : '';
			return `<li>On ${code(fix.host)}: ${text(fix.description)}${fix.safe ? ' <span class="muted">(safe for <code>lbwiz doctor --fix</code>)</span>' : ''}${change}${commands}</li>`;
		})
		.join('\n')}</ul>`;
}

function evidenceRefHtml(report: DoctorReport, ref: EvidenceRef): string {
	const record = ref.evidenceId ? report.evidence[ref.evidenceId] : undefined;
	const note = ref.note ? ` — ${text(ref.note)}` : '';
	if (record) {
		const {lines, omitted, seeFull} = evidenceExcerpt(ref, record, EXCERPT_LINES);
		const at = ref.file ? ` at ${code(position(ref.file, ref.line)!)}` : '';
		const more = seeFull ? `<p class="muted">${omitted > 0 ? `${omitted} more line(s); ` : ''}full output: ${evidenceLink(record.id)}</p>` : '';
		return `<details><summary>${code(`$ ${shortCommandLine(record.argv)}`)} on ${code(record.host)} <span class="muted">(${text(outcome(record))})</span>${at}${note}</summary>${lines.length > 0 ? pre(lines.join('\n')) : '<p class="muted">no output</p>'}${more}</details>`;
	}
	const where = [ref.host ? `on ${code(ref.host)}` : '', ref.file ? `at ${code(position(ref.file, ref.line)!)}` : ''].filter(Boolean).join(' ');
	const missing = ref.evidenceId ? ` <span class="muted">(evidence ${code(ref.evidenceId)} not in this report)</span>` : '';
	const body = ref.excerpt ? pre(ref.excerpt) : '';
	return body ? `<details><summary>${where || 'evidence'}${missing}${note}</summary>${body}</details>` : `<p>${where || 'evidence'}${missing}${note}</p>`;
}

function findingArticle(report: DoctorReport, node: FindingNode): string {
	const {finding} = node;
	const explains = explainedBy(report, finding);
	const facts = [
		`check ${code(finding.check)}`,
		finding.host ? `host ${code(finding.host)}` : 'cluster-wide',
		finding.caused_by.length > 0 ? `caused by ${finding.caused_by.map(findingLink).join(', ')}` : '',
		explains.length > 0 ? `explains ${explains.map(findingLink).join(', ')}` : '',
		`doc ${code(finding.doc)}`,
	].filter(Boolean);
	return [
		`<article class="finding ${finding.severity}${node.depth > 0 ? ' symptom' : ''}" id="${anchorOf('finding', finding.id)}" aria-labelledby="${anchorOf('finding', finding.id)}-h">`,
		`<h3 id="${anchorOf('finding', finding.id)}-h">${badge(finding.severity)} ${escapeHtml(finding.id)} · ${text(finding.title)}</h3>`,
		`<p class="facts">${facts.join(' · ')}</p>`,
		`<p>${text(finding.message)}</p>`,
		finding.explanation ? `<blockquote>${text(finding.explanation)}</blockquote>` : '',
		'<h4>Fix</h4>',
		fixHtml(finding),
		'<h4>Evidence</h4>',
		finding.evidence.length > 0 ? finding.evidence.map(ref => evidenceRefHtml(report, ref)).join('\n') : '<p>None recorded.</p>',
		'</article>',
	].join('\n');
}

function timelineSection(report: DoctorReport): string {
	const timeline = mergedTimeline(report);
	const out = ['<section id="timeline" aria-labelledby="timeline-h">', '<h2 id="timeline-h">VRRP timeline</h2>'];
	if (timeline.length === 0) out.push('<p>No VRRP state transitions in the collected keepalived logs.</p>');
	else {
		out.push(`<p>${timeline.length} transition(s) from ${new Set(timeline.map(entry => entry.host)).size} director(s), oldest first.</p>`);
		const rows = timeline.map(entry => [text(entry.time ?? '?'), code(entry.host), code(entry.instance), `<span class="state state-${escapeHtml(entry.state.toLowerCase())}"><strong>${text(entry.state)}</strong></span>`, text(entry.reason ?? ''), `<span class="mono">${text(entry.raw)}</span>`]);
		out.push(table(['time', 'host', 'instance', 'became', 'why', 'log line'], rows));
	}
	out.push('</section>');
	return out.join('\n');
}

function advertsSection(report: DoctorReport): string {
	const groups = groupAdverts(report);
	const out = ['<section id="adverts" aria-labelledby="adverts-h">', '<h2 id="adverts-h">Captured VRRP adverts</h2>'];
	if (groups.length === 0) out.push('<p>No adverts captured (see skipped checks and the vrrp.adverts evidence).</p>');
	else {
		out.push(`<p>Capture window ${report.source.captureSeconds} s. Passwords are never shown; equal fingerprints mean equal passwords.</p>`);
		out.push(table(ADVERT_COLUMNS, groups.map(group => advertRow(group, CELL))));
	}
	out.push('</section>');
	return out.join('\n');
}

function haproxySection(report: DoctorReport): string {
	const out = ['<section id="haproxy" aria-labelledby="haproxy-h">', '<h2 id="haproxy-h">HAProxy backends</h2>'];
	if (report.haproxy.length === 0) out.push('<p>No HAProxy stats collected.</p>');
	for (const {host, rows} of report.haproxy) {
		const shown = haproxyRows(rows);
		out.push(`<h3>${text(host)}</h3>`);
		if (shown.length === 0) {
			out.push('<p>No backend rows.</p>');
			continue;
		}
		const cells = shown.map(row => HAPROXY_COLUMNS.map(([key]) => (key === 'status' ? `<span class="badge ${haproxyRowHealth(row)}">${text(row[key] ?? '?')}</span>` : key === 'pxname' || key === 'svname' ? code(row[key] ?? '') : text(row[key] ?? ''))));
		out.push(table(HAPROXY_COLUMNS.map(([, label]) => label), cells, undefined, shown.map(row => (haproxyRowHealth(row) === 'critical' ? 'bad' : ''))));
	}
	out.push('</section>');
	return out.join('\n');
}

function ipvsSection(report: DoctorReport): string {
	const out = ['<section id="ipvs" aria-labelledby="ipvs-h">', '<h2 id="ipvs-h">IPVS tables</h2>'];
	if (report.ipvs.length === 0) out.push('<p>No IPVS tables collected.</p>');
	for (const {host, services} of report.ipvs) {
		out.push(`<h3>${text(host)}</h3>`);
		if (services.length === 0) {
			out.push('<p>Empty table (no virtual services).</p>');
			continue;
		}
		out.push(table(IPVS_COLUMNS, ipvsRows(services, CELL)));
	}
	out.push('</section>');
	return out.join('\n');
}

function skippedSection(report: DoctorReport): string {
	const body = report.skipped.length === 0 ? '<p>None: every check had the facts it needs.</p>' : table(SKIPPED_COLUMNS, report.skipped.map(skip => skippedRow(skip, CELL)));
	return ['<section id="skipped" aria-labelledby="skipped-h">', '<h2 id="skipped-h">Skipped checks</h2>', body, '</section>'].join('\n');
}

function evidenceRecord(record: Evidence): string {
	const outputs = (
		[
			['stdout', record.stdout],
			['stderr', record.stderr],
		] as const
	)
		.filter(([, value]) => value)
		.map(([label, value]) => {
			const {lines, omitted} = excerptLines(value, FULL_LINES);
			return `<h4>${label}</h4>${pre(lines.join('\n'))}${omitted > 0 ? `<p class="muted">${omitted} more line(s) not shown; the bundle holds them.</p>` : ''}`;
		})
		.join('\n');
	return [
		`<details id="${anchorOf('evidence', record.id)}"><summary>${code(record.id)} on ${code(record.host)}: ${code(`$ ${shortCommandLine(record.argv)}`)} <span class="muted">(${text(outcome(record))})</span></summary>`,
		pre(`$ ${commandLine(record.argv)}`, 'cmd'),
		`<p class="muted">started ${text(record.startedAt)}</p>`,
		record.spawnError ? `<p>Could not start: ${text(record.spawnError)}</p>` : '',
		outputs || '<p class="muted">no output</p>',
		'</details>',
	].join('\n');
}

/** Formats a (redacted) report as one self-contained HTML document. */
export function formatHtml(report: DoctorReport, options: FormatOptions): string {
	const forest = arrangeFindings(report);
	const evidence = Object.values(report.evidence ?? {});
	return [
		'<!DOCTYPE html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
		'<meta name="referrer" content="no-referrer">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<meta name="generator" content="lbwiz ${escapeHtml(report.tool.version)}">`,
		`<title>lbwiz incident report — ${escapeHtml(report.cluster.name)}</title>`,
		`<style>${STYLE}</style>`,
		'</head>',
		'<body>',
		headerSection(report, options),
		'<main>',
		summarySection(report),
		topologySection(report),
		hostsSection(report),
		'<section id="findings" aria-labelledby="findings-h">',
		'<h2 id="findings-h">Findings</h2>',
		forest.ordered.length > 0 ? forest.ordered.map(node => findingArticle(report, node)).join('\n') : '<p>None.</p>',
		'</section>',
		timelineSection(report),
		advertsSection(report),
		haproxySection(report),
		ipvsSection(report),
		skippedSection(report),
		'<section id="evidence" aria-labelledby="evidence-h">',
		'<h2 id="evidence-h">Evidence</h2>',
		evidence.length > 0 ? `<p>Every command a finding cites, with its full recorded output.</p>\n${evidence.map(evidenceRecord).join('\n')}` : '<p>No evidence cited.</p>',
		'</section>',
		'</main>',
		`<footer><p>Generated by lbwiz ${escapeHtml(report.tool.version)} at ${escapeHtml(report.generatedAt)}. This file loads nothing from the network and needs no JavaScript.</p></footer>`,
		'</body>',
		'</html>',
		'',
	]
		.filter(line => line !== '')
		.join('\n')
		.concat('\n');
}
