/**
Root cause as data: a check's `meta.explains` lists the checks whose findings it can explain; this module
links findings through `caused_by` (host-compatible pairs only), orders them root causes first — a cause
ranks by the worst symptom it explains — and gives each a stable id (F1, F2, … in that order).
*/
import type {Finding, Severity} from './report-model.js';
import type {RawFinding} from './run-checks.js';
import {fillTemplate} from './template.js';

const RANK: Record<Severity, number> = {critical: 3, warning: 2, info: 1};

/** True when `cause` may explain `symptom`: declared in meta and about compatible hosts. */
export function canExplain(cause: RawFinding, symptom: RawFinding): boolean {
	if (cause === symptom || !(cause.check.meta.explains ?? []).includes(symptom.check.meta.id)) return false;
	if (cause.explainsKeys && symptom.key !== undefined) return cause.explainsKeys.includes(symptom.key);
	if (cause.explainsHosts) return symptom.host === undefined || cause.explainsHosts.includes(symptom.host);
	return cause.host === undefined || symptom.host === undefined || cause.host === symptom.host;
}

/** Links, orders and numbers raw findings. `order` gives each check id its registry position. */
export function linkFindings(raw: readonly RawFinding[], options: {order?: Map<string, number>; hostOrder?: string[]} = {}): Finding[] {
	const severityOf = (f: RawFinding): Severity => f.severity ?? f.check.meta.severity;
	const causes = raw.map(symptom => raw.filter(cause => canExplain(cause, symptom)));
	const effects = raw.map(cause => raw.filter(symptom => canExplain(cause, symptom)));
	const index = new Map(raw.map((finding, i) => [finding, i]));
	const impact = new Map<RawFinding, number>();
	const impactOf = (finding: RawFinding, seen = new Set<RawFinding>()): number => {
		if (impact.has(finding)) return impact.get(finding)!;
		if (seen.has(finding)) return RANK[severityOf(finding)];
		seen.add(finding);
		const value = Math.max(RANK[severityOf(finding)], ...effects[index.get(finding)!].map(e => impactOf(e, seen)));
		impact.set(finding, value);
		return value;
	};
	const checkOrder = (f: RawFinding) => options.order?.get(f.check.meta.id) ?? 0;
	const hostOrder = (f: RawFinding) => (f.host === undefined ? -1 : (options.hostOrder?.indexOf(f.host) ?? 0));
	const isRoot = (f: RawFinding) => causes[index.get(f)!].length === 0;
	const compare = (a: RawFinding, b: RawFinding) =>
		Number(isRoot(b)) - Number(isRoot(a)) ||
		impactOf(b) - impactOf(a) ||
		RANK[severityOf(b)] - RANK[severityOf(a)] ||
		effects[index.get(b)!].length - effects[index.get(a)!].length ||
		checkOrder(a) - checkOrder(b) ||
		hostOrder(a) - hostOrder(b) ||
		index.get(a)! - index.get(b)!;
	const sorted = [...raw].sort(compare);
	const ids = new Map(sorted.map((finding, i) => [finding, `F${i + 1}`]));
	return sorted.map(finding => {
		const meta = finding.check.meta;
		const i = index.get(finding)!;
		const explains = effects[i].map(e => ids.get(e)!);
		return {
			id: ids.get(finding)!,
			check: meta.id,
			severity: severityOf(finding),
			...(finding.host !== undefined ? {host: finding.host} : {}),
			title: meta.title,
			message: fillTemplate(meta.messages[finding.messageId], finding.data),
			explanation: meta.explanation,
			evidence: finding.evidence,
			fix: finding.fix,
			caused_by: causes[i].sort(compare).map(c => ids.get(c)!),
			...(explains.length > 0 ? {explains} : {}),
			doc: `docs/checks/${meta.id}.md`,
		};
	});
}

/** Ids of the root causes for the summary: findings caused by nothing that explain something or are not info. */
export function rootCauseIds(findings: readonly Finding[]): string[] {
	return findings.filter(f => f.caused_by.length === 0 && ((f.explains?.length ?? 0) > 0 || f.severity !== 'info')).map(f => f.id);
}
