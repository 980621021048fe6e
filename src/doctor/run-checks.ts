/**
Runs checks over Facts: host-scope checks once per applicable host, cluster-scope checks once. A check
whose `needs` are missing is skipped with the collector's reason (Lynis's prerequisites); a check that
throws is reported as skipped with the error, never crashing the doctor.
*/
import type {Check, CheckContext, ReportInput} from './define-check.js';
import type {Facts} from './facts.js';

/** One finding as a check reported it, before ids, ordering and root-cause links. */
export type RawFinding = ReportInput & {check: Check; host?: string};

export type SkippedCheck = {check: string; host?: string; reason: string};

/** Progress of the evaluate stage (the live view subscribes to it). */
export type CheckEvent = {type: 'check:done'; check: string; host?: string; findings: number; skipped?: string};

export type RunChecksResult = {findings: RawFinding[]; skipped: SkippedCheck[]; ran: string[]};

/** Hosts a check applies to (its `appliesTo` roles, else every host). */
export function applicableHosts(check: Check, facts: Facts): string[] {
	const roles = check.meta.appliesTo;
	return roles ? facts.hostNames().filter(host => roles.some(role => facts.hasRole(host, role))) : facts.hostNames();
}

/** Evaluates `checks` in order; pure apart from the optional event callback. */
export function runChecks(checks: readonly Check[], facts: Facts, options: {onEvent?: (event: CheckEvent) => void} = {}): RunChecksResult {
	const findings: RawFinding[] = [];
	const skipped: SkippedCheck[] = [];
	const ran: string[] = [];
	for (const check of checks) {
		const id = check.meta.id;
		ran.push(id);
		const hosts = applicableHosts(check, facts);
		if (hosts.length === 0) {
			const roles = check.meta.appliesTo?.join(' or ') ?? 'host';
			skipped.push({check: id, reason: `no ${roles} among the hosts`});
			options.onEvent?.({type: 'check:done', check: id, findings: 0, skipped: `no ${roles}`});
			continue;
		}
		const evaluate = (host: string | undefined) => {
			const before = findings.length;
			const own: SkippedCheck[] = [];
			const context: CheckContext = {
				facts,
				...(host !== undefined ? {host} : {}),
				report(input) {
					if (!(input.messageId in check.meta.messages)) throw new Error(`${id} reported unknown messageId '${input.messageId}'`);
					findings.push({...input, check, ...(input.host ?? host ? {host: input.host ?? host} : {})});
				},
				skip(reason, skipHost) {
					own.push({check: id, ...(skipHost ?? host ? {host: skipHost ?? host} : {}), reason});
				},
			};
			try {
				check.evaluate(context);
			} catch (error) {
				findings.length = before;
				own.push({check: id, ...(host ? {host} : {}), reason: `internal error in check: ${(error as Error).message}`});
			}
			skipped.push(...own);
			options.onEvent?.({type: 'check:done', check: id, ...(host ? {host} : {}), findings: findings.length - before, ...(own[0] ? {skipped: own[0].reason} : {})});
		};
		if (check.meta.scope === 'host') {
			for (const host of hosts) {
				const missing = check.meta.needs.map(key => facts.missingReason(host, key)).filter((r): r is string => r !== undefined);
				if (missing.length > 0) {
					skipped.push({check: id, host, reason: missing.join('; ')});
					options.onEvent?.({type: 'check:done', check: id, host, findings: 0, skipped: missing[0]});
					continue;
				}
				evaluate(host);
			}
		} else {
			const unusable = check.meta.needs
				.map(key => ({key, reasons: hosts.map(host => facts.missingReason(host, key))}))
				.filter(entry => entry.reasons.every(reason => reason !== undefined));
			if (unusable.length > 0) {
				const reason = unusable.map(entry => [...new Set(entry.reasons)].join('; ')).join('; ');
				skipped.push({check: id, reason});
				options.onEvent?.({type: 'check:done', check: id, findings: 0, skipped: reason});
				continue;
			}
			for (const host of hosts) {
				const missing = check.meta.needs.map(key => facts.unavailableReason(host, key)).filter((r): r is string => r !== undefined);
				if (missing.length > 0) skipped.push({check: id, host, reason: `partly: ${missing.join('; ')}`});
			}
			evaluate(undefined);
		}
	}
	return {findings, skipped, ran};
}

/** Selects checks by `--only` / `--skip` patterns: an id, an area (`vrrp`) or a glob (`vrrp.*`). */
export function selectChecks(checks: readonly Check[], options: {only?: string[]; skip?: string[]}): Check[] {
	const matches = (pattern: string, id: string) => {
		if (pattern === id) return true;
		if (pattern.endsWith('.*') && !pattern.slice(0, -2).includes('*')) return id.startsWith(pattern.slice(0, -1));
		if (!pattern.includes('.') && !pattern.includes('*')) return id.startsWith(`${pattern}.`);
		if (pattern.includes('*')) return new RegExp(`^${pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(id);
		return false;
	};
	return checks.filter(check => (!options.only?.length || options.only.some(p => matches(p, check.meta.id))) && !options.skip?.some(p => matches(p, check.meta.id)));
}

/** Patterns that select no check (for a clear usage error), each with a close id when there is one. */
export function unknownPatterns(checks: readonly Check[], patterns: readonly string[]): Array<{pattern: string; suggestion?: string}> {
	return patterns
		.filter(pattern => selectChecks(checks, {only: [pattern]}).length === 0)
		.map(pattern => {
			const suggestion = checks.map(c => c.meta.id).sort((a, b) => distance(a, pattern) - distance(b, pattern))[0];
			return suggestion && distance(suggestion, pattern) <= Math.max(3, pattern.length / 3) ? {pattern, suggestion} : {pattern};
		});
}

function distance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const current = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = current;
		}
	}
	return row[b.length];
}
