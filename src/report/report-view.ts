/**
What every report format shows, derived once from a DoctorReport: findings arranged root cause first
with their symptoms under them, the VRRP timeline merged across directors, adverts grouped by sender,
and small text helpers. Pure; the formatters only lay this out.
*/
import type {DoctorReport, EvidenceRef, Finding, HostSummary, Severity} from '../doctor/report-model.js';
import type {Evidence, HaproxyStatRow, IpvsService} from '../collect/types.js';
import {shJoin} from '../transport/sh-quote.js';

export type Health = Severity | 'ok' | 'unknown';

/** What a formatter needs besides the report (which it receives already redacted). */
export type FormatOptions = {
	/** whether secrets were redacted: the report says so at the top */
	redacted: boolean;
};

export const SEVERITY_RANK: Record<Health, number> = {critical: 4, warning: 3, info: 2, ok: 1, unknown: 0};

/** The worse of two healths (`unknown` loses to anything known). */
export const worse = (a: Health, b: Health): Health => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/** A finding placed in the root-cause forest. */
export type FindingNode = {
	finding: Finding;
	/** findings explained by this one (its symptoms), themselves nodes */
	children: FindingNode[];
	/** other causes listed in caused_by besides the parent it is shown under */
	alsoCausedBy: string[];
	depth: number;
};

/** Findings as shown: root causes that explain something first, then other independent findings. */
export type FindingForest = {
	/** root causes that explain at least one other finding */
	causes: FindingNode[];
	/** findings neither caused by nor explaining another */
	standalone: FindingNode[];
	/** every finding once, in display order (depth-first) */
	ordered: FindingNode[];
};

const bySeverityThenOrder = (order: Map<string, number>) => (a: Finding, b: Finding) =>
	SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);

/**
Arranges findings root cause first. A finding is a root when none of its `caused_by` ids names a finding
of this report; each other finding sits under its first existing cause (a chain A → B → C nests).
Roots listed in `summary.rootCauses` lead in that order, then roots by severity. Cycles are broken by
promoting the first unplaced finding to a root.
*/
export function arrangeFindings(report: DoctorReport): FindingForest {
	const findings = report.findings;
	const byId = new Map(findings.map(finding => [finding.id, finding]));
	const order = new Map(findings.map((finding, index) => [finding.id, index]));
	const causesOf = (finding: Finding) => [...new Set(finding.caused_by ?? [])].filter(id => id !== finding.id && byId.has(id));
	const childrenOf = new Map<string, Finding[]>();
	for (const finding of findings) {
		const [first] = causesOf(finding);
		if (first) childrenOf.set(first, [...(childrenOf.get(first) ?? []), finding]);
	}
	const declared = new Map((report.summary?.rootCauses ?? []).map((id, index) => [id, index]));
	const rootOrder = (a: Finding, b: Finding) =>
		(declared.get(a.id) ?? Infinity) - (declared.get(b.id) ?? Infinity) || bySeverityThenOrder(order)(a, b);
	const placed = new Set<string>();
	const build = (finding: Finding, depth: number, parent?: string): FindingNode => {
		placed.add(finding.id);
		const node: FindingNode = {finding, depth, alsoCausedBy: causesOf(finding).filter(id => id !== parent), children: []};
		for (const child of [...(childrenOf.get(finding.id) ?? [])].sort(bySeverityThenOrder(order))) {
			if (!placed.has(child.id)) node.children.push(build(child, depth + 1, finding.id));
		}
		return node;
	};
	const roots: FindingNode[] = [];
	for (const finding of findings.filter(f => causesOf(f).length === 0).sort(rootOrder)) roots.push(build(finding, 0));
	for (const finding of findings) if (!placed.has(finding.id)) roots.push(build(finding, 0));
	const causes = roots.filter(node => node.children.length > 0 || (node.finding.explains ?? []).some(id => byId.has(id)));
	const standalone = roots.filter(node => !causes.includes(node));
	const ordered: FindingNode[] = [];
	const walk = (node: FindingNode) => {
		ordered.push(node);
		node.children.forEach(walk);
	};
	[...causes, ...standalone].forEach(walk);
	return {causes, standalone, ordered};
}

/** Ids of the findings this one explains (from `explains`, or derived from others' `caused_by`). */
export function explainedBy(report: DoctorReport, finding: Finding): string[] {
	const derived = report.findings.filter(other => (other.caused_by ?? []).includes(finding.id)).map(other => other.id);
	return [...new Set([...(finding.explains ?? []), ...derived])].filter(id => id !== finding.id && report.findings.some(f => f.id === id));
}

export type TimelineEntry = DoctorReport['timeline'][number];

/**
The VRRP transitions of every director in one sequence. When every timed entry's time parses, entries
are sorted by time (stable), untimed ones last; otherwise the report's order is kept.
*/
export function mergedTimeline(report: DoctorReport): TimelineEntry[] {
	const entries = report.timeline ?? [];
	const timed = entries.filter(entry => entry.time);
	const parsed = timed.map(entry => Date.parse(entry.time!));
	if (parsed.some(Number.isNaN)) return [...entries];
	const indexed = timed.map((entry, index) => ({entry, at: parsed[index], index}));
	indexed.sort((a, b) => a.at - b.at || a.index - b.index);
	return [...indexed.map(item => item.entry), ...entries.filter(entry => !entry.time)];
}

export type AdvertGroup = {
	host: string;
	src: string;
	dst: string;
	version: number;
	vrid: number;
	priority: number;
	intervalCs: number;
	authType?: string;
	authFingerprint?: string;
	addrs: string[];
	interface?: string;
	ttl?: number;
	count: number;
	first?: string;
	last?: string;
};

/** Captured adverts grouped by capturing host and identical content, with a count and first/last time. */
export function groupAdverts(report: DoctorReport): AdvertGroup[] {
	const groups = new Map<string, AdvertGroup>();
	for (const advert of report.adverts ?? []) {
		const key = JSON.stringify([advert.host, advert.interface, advert.src, advert.dst, advert.version, advert.vrid, advert.priority, advert.intervalCs, advert.authType, advert.authFingerprint, advert.addrs, advert.ttl]);
		const group = groups.get(key);
		if (group) {
			group.count++;
			if (advert.time) {
				group.first ??= advert.time;
				group.last = advert.time;
			}
		} else {
			groups.set(key, {
				host: advert.host,
				src: advert.src,
				dst: advert.dst,
				version: advert.version,
				vrid: advert.vrid,
				priority: advert.priority,
				intervalCs: advert.intervalCs,
				authType: advert.authType,
				authFingerprint: advert.authFingerprint,
				addrs: advert.addrs ?? [],
				interface: advert.interface,
				ttl: advert.ttl,
				count: 1,
				first: advert.time,
				last: advert.time,
			});
		}
	}
	return [...groups.values()];
}

/** How a formatter writes table cells; each function escapes for its format. */
export type CellStyle = {
	/** code-styled text (addresses, host names, ids) */
	code: (value: string) => string;
	/** plain text */
	text: (value: string) => string;
	/** emphasised text */
	strong: (value: string) => string;
	/** a host's or finding's health */
	health: (health: Health) => string;
};

/** Columns of the hosts table, in the order of `hostRow`. */
export const HOST_COLUMNS = ['host', 'roles', 'health', 'reachable', 'VRRP state', 'VIPs held', 'keepalived', 'HAProxy', 'transport'];

/** One hosts-table row: roles, health, reachability, VRRP state, VIPs held, versions and transport. */
export const hostRow = (host: HostSummary, cell: CellStyle): string[] => [
	cell.code(host.name),
	cell.text(rolesText(host)),
	cell.health(host.health),
	host.reachable ? 'yes' : cell.strong('no'),
	cell.text(host.vrrpState ?? ''),
	(host.vips ?? []).map(cell.code).join(', '),
	cell.text(host.keepalivedVersion ?? ''),
	cell.text(host.haproxyVersion ?? ''),
	cell.code(host.spec),
];

/** Columns of the adverts table, in the order of `advertRow`. */
export const ADVERT_COLUMNS = ['captured on', 'source', 'destination', 'VRID', 'priority', 'interval', 'version', 'auth type', 'auth fingerprint', 'VIPs', 'count', 'seen'];

/** One adverts-table row: what a group of identical adverts carried, how many, and when (`first … last`). */
export function advertRow(group: AdvertGroup, cell: CellStyle): string[] {
	const seen = [group.first, group.last].filter(Boolean).filter((t, i, all) => all.indexOf(t) === i).join(' … ');
	return [
		cell.code(group.host),
		cell.code(group.src),
		cell.code(group.dst),
		String(group.vrid),
		String(group.priority),
		cell.text(formatInterval(group.intervalCs)),
		`v${group.version}`,
		cell.text(group.authType ?? 'none'),
		group.authFingerprint ? cell.code(group.authFingerprint) : '',
		group.addrs.map(cell.code).join(', '),
		String(group.count),
		cell.text(seen),
	];
}

/** Columns of an IPVS table, in the order of `ipvsRows`. */
export const IPVS_COLUMNS = ['virtual service', 'scheduler', 'flags', 'real server', 'forward', 'weight', 'active', 'inactive'];

/** One row per real server of each virtual service; a service without real servers gets one row saying so. */
export function ipvsRows(services: IpvsService[], cell: CellStyle): string[][] {
	const rows: string[][] = [];
	for (const service of services) {
		const name = cell.code(`${service.protocol} ${service.address}${service.port !== undefined ? `:${service.port}` : ''}`);
		const flags = cell.text([service.persistent !== undefined ? `persistent ${service.persistent}` : '', ...service.flags].filter(Boolean).join(' '));
		if (service.reals.length === 0) rows.push([name, cell.text(service.scheduler), flags, cell.strong('none'), '', '', '', '']);
		for (const real of service.reals) rows.push([name, cell.text(service.scheduler), flags, cell.code(`${real.address}:${real.port}`), cell.text(real.forward), String(real.weight), String(real.activeConn), String(real.inactConn)]);
	}
	return rows;
}

/** Columns of the skipped-checks table, in the order of `skippedRow`. */
export const SKIPPED_COLUMNS = ['check', 'host', 'reason'];

/** One skipped-checks row. */
export const skippedRow = (skip: DoctorReport['skipped'][number], cell: CellStyle): string[] => [cell.code(skip.check), skip.host ? cell.code(skip.host) : 'cluster', cell.text(skip.reason)];

/**
What a finding shows of a cited evidence record: the ref's excerpt (else the record's stdout, else its
stderr) cut at `max` lines, and whether to point at the full record in the evidence appendix (lines cut,
an excerpt that is not the whole output, or a shortened command line).
*/
export function evidenceExcerpt(ref: EvidenceRef, record: Evidence, max: number): {lines: string[]; omitted: number; seeFull: boolean} {
	const excerpt = ref.excerpt ?? (record.stdout || record.stderr);
	const {lines, omitted} = excerptLines(excerpt, max);
	const seeFull = omitted > 0 || Boolean(ref.excerpt && excerpt !== record.stdout) || shortCommandLine(record.argv) !== commandLine(record.argv);
	return {lines, omitted, seeFull};
}

/** `100` centiseconds → `1 s`; `35` → `350 ms`. */
export function formatInterval(intervalCs: number): string {
	return intervalCs % 100 === 0 ? `${intervalCs / 100} s` : `${intervalCs * 10} ms`;
}

/** A fix's or an evidence's argv as a POSIX shell line. */
export const commandLine = (argv: readonly string[]): string => shJoin(argv);

/**
A command line short enough for a summary: the first line, cut at `max` characters with `…`. The full
command is in the evidence appendix.
*/
export function shortCommandLine(argv: readonly string[], max = 100): string {
	const full = shJoin(argv);
	const firstLine = full.split('\n')[0];
	return firstLine.length > max || firstLine !== full ? `${[...firstLine].slice(0, max).join('')} …` : full;
}

/** `file:line`, `file`, or undefined. */
export const position = (file?: string, line?: number): string | undefined => (file ? (line ? `${file}:${line}` : file) : undefined);

/** How an evidence record ended, in words: `exit 0, 12 ms`, `timed out after 3000 ms`, `not started: …`. */
export function outcome(evidence: Evidence): string {
	const parts: string[] = [];
	if (evidence.spawnError) parts.push(`not started: ${evidence.spawnError}`);
	else if (evidence.timedOut) parts.push(`timed out after ${evidence.durationMs} ms`);
	else parts.push(`exit ${evidence.exitCode ?? '?'}`, `${evidence.durationMs} ms`);
	if (evidence.truncated) parts.push('output truncated');
	return parts.join(', ');
}

/** The lines of `text` without a trailing empty line; `max` keeps the first lines and says how many were cut. */
export function excerptLines(text: string, max: number): {lines: string[]; omitted: number} {
	const lines = text.replace(/\n$/, '').split('\n');
	if (text === '') return {lines: [], omitted: 0};
	return lines.length > max ? {lines: lines.slice(0, max), omitted: lines.length - max} : {lines, omitted: 0};
}

/**
Makes untrusted text safe to show: C0 controls (but tab and newline) become Unicode control pictures
(ESC → ␛), DEL → ␡, and bidirectional overrides become `<U+202E>` so they cannot reorder what is read.
*/
export function visibleText(text: string): string {
	return text
		.replace(/\r\n/g, '\n')
		.replace(/[\u0000-\u0008\u000B-\u001F]/g, char => String.fromCodePoint(0x2400 + char.codePointAt(0)!))
		.replace(/\u007F/g, '\u2421')
		.replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, char => `<U+${char.codePointAt(0)!.toString(16).toUpperCase()}>`);
}

/** Host roles as words. */
export const rolesText = (host: HostSummary): string => (host.roles.length > 0 ? host.roles.join(', ') : 'unknown');

/** HAProxy `show stat` columns worth a report column, in order. */
export const HAPROXY_COLUMNS: Array<[key: string, label: string]> = [
	['pxname', 'proxy'],
	['svname', 'server'],
	['status', 'status'],
	['check_status', 'check'],
	['check_desc', 'check detail'],
	['addr', 'address'],
	['weight', 'weight'],
	['act', 'act'],
	['bck', 'bck'],
	['scur', 'sessions'],
	['chkfail', 'check fails'],
	['lastchg', 'last change (s)'],
];

/** Backend and server rows (FRONTEND rows say nothing about backend health). */
export const haproxyRows = (rows: HaproxyStatRow[]): HaproxyStatRow[] => rows.filter(row => row.svname !== 'FRONTEND');

/** Health of one HAProxy row from its status column. */
export function haproxyRowHealth(row: HaproxyStatRow): Health {
	const status = (row.status ?? '').toUpperCase();
	if (status.startsWith('UP') || status === 'OPEN') return 'ok';
	if (status.startsWith('DOWN')) return 'critical';
	if (status.startsWith('NOLB') || status.startsWith('MAINT') || status.startsWith('DRAIN')) return 'warning';
	return 'unknown';
}

/**
Optional fields the doctor may add to the report (`errors`: why it could not run, exit status 3;
`checksRun`: the check ids evaluated). Read defensively: older reports lack them.
*/
export function doctorExtras(report: DoctorReport): {errors: string[]; checksRun?: number} {
	const extra = report as DoctorReport & {errors?: unknown; checksRun?: unknown};
	return {
		errors: Array.isArray(extra.errors) ? extra.errors.map(String) : [],
		checksRun: Array.isArray(extra.checksRun) ? extra.checksRun.length : undefined,
	};
}

/** `2 critical, 1 warning, 0 info — doctor exit status 2 (31 checks run)`. */
export function resultText(report: DoctorReport): string {
	const {summary} = report;
	const {checksRun} = doctorExtras(report);
	return `${summary.critical} critical, ${summary.warning} warning, ${summary.info} info — doctor exit status ${summary.exitCode}${checksRun !== undefined ? ` (${checksRun} checks run, ${report.skipped.length} skipped)` : ''}`;
}

/** Human name of the report's source. */
export function sourceText(report: DoctorReport): string {
	const {source} = report;
	const parts: string[] = [source.kind === 'live' ? 'live collection' : source.kind === 'bundle' ? 'recorded bundle' : 'demo bundle'];
	if (source.bundle) parts.push(source.bundle);
	if (source.scenario) parts.push(`scenario ${source.scenario}`);
	parts.push(`VRRP capture ${source.captureSeconds} s`);
	return parts.join(' · ');
}

/** Section anchors, shared by Markdown and HTML so links look alike. */
export const anchorOf = (kind: 'finding' | 'evidence', id: string): string => `${kind}-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
