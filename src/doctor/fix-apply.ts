/**
`doctor --fix`: which fixes may be applied automatically (those a check marked `safe`: runtime sysctls,
an accept rule, starting a stopped daemon…), applying one through the host's transport (files first,
then each command; stop at the first failure), and what to re-collect and re-check afterwards.
*/
import type {Bundle, FactKey} from '../collect/types.js';
import type {Transport} from '../transport/transport.js';
import {shJoin} from '../transport/sh-quote.js';
import type {Check} from './define-check.js';
import type {DoctorReport, Finding, Fix} from './report-model.js';

/** A safe fix of a finding, in report order (root causes first). */
export type FixCandidate = {finding: Finding; fix: Fix};

/** One step of an applied fix. */
export type FixStep = {what: string; ok: boolean; output: string};

/** Safe fixes of a report, root causes first, each (host, commands, writes) once. */
export function safeFixCandidates(report: DoctorReport): FixCandidate[] {
	const seen = new Set<string>();
	const out: FixCandidate[] = [];
	for (const finding of report.findings) {
		for (const fix of finding.fix) {
			if (!fix.safe || ((fix.commands?.length ?? 0) === 0 && (fix.writes?.length ?? 0) === 0)) continue;
			const key = JSON.stringify([fix.host, fix.commands ?? [], (fix.writes ?? []).map(w => [w.path, w.content])]);
			if (seen.has(key)) continue;
			seen.add(key);
			out.push({finding, fix});
		}
	}
	return out;
}

/** A fix as the lines an operator would type (commands shell-quoted, files as `write PATH`). */
export function fixLines(fix: Fix): string[] {
	return [...(fix.writes ?? []).map(w => `write ${w.path} (${w.content.split('\n').filter(Boolean).length} line(s))`), ...(fix.commands ?? []).map(argv => shJoin(argv))];
}

/** Applies a fix through its host's transport: writes files, then runs each command; stops at the first failure. */
export async function applyFix(fix: Fix, transport: Transport, options: {timeoutMs?: number} = {}): Promise<{ok: boolean; steps: FixStep[]}> {
	const steps: FixStep[] = [];
	const timeoutMs = options.timeoutMs ?? 20_000;
	for (const write of fix.writes ?? []) {
		const result = await transport.writeFile(write.path, write.content, {...(write.mode !== undefined ? {mode: write.mode} : {}), timeoutMs});
		const ok = !result.failed && !result.timedOut && !result.spawnError;
		steps.push({what: `write ${write.path}`, ok, output: ok ? '' : (result.stderr || result.spawnError || 'failed').trim()});
		if (!ok) return {ok: false, steps};
	}
	for (const argv of fix.commands ?? []) {
		if (argv.length === 0) continue;
		const result = await transport.run(argv as [string, ...string[]], {timeoutMs});
		const ok = result.exitCode === 0 && !result.timedOut && !result.spawnError;
		const output = `${result.stdout}${result.stderr}`.trim() || (result.timedOut ? `timed out after ${timeoutMs} ms` : (result.spawnError ?? ''));
		steps.push({what: shJoin(argv), ok, output});
		if (!ok) return {ok: false, steps};
	}
	return {ok: true, steps};
}

/**
What to re-check after fixes: the checks of the fixed findings and of the symptoms they explain, and the
facts those checks read. VRRP adverts are left out: a second capture window is not needed to see that
the cause is gone (the VIP and services are re-read instead).
*/
export function recheckPlan(report: DoctorReport, fixed: readonly Finding[], registry: readonly Check[]): {checks: string[]; facts: FactKey[]} {
	const ids = new Set<string>();
	for (const finding of fixed) {
		ids.add(finding.check);
		for (const symptom of report.findings.filter(f => f.caused_by.includes(finding.id))) ids.add(symptom.check);
	}
	const facts = new Set<FactKey>(['host.info', 'process.list', 'service.state']);
	for (const id of ids) {
		const check = registry.find(c => c.meta.id === id);
		for (const key of [...(check?.meta.needs ?? []), ...(check?.meta.uses ?? [])]) if (key !== 'vrrp.adverts') facts.add(key);
	}
	return {checks: [...ids], facts: [...facts]};
}

/** The bundle with the facts of `update` replacing those of `base` (evidence ids of the update suffixed `~fix`). */
export function mergeBundles(base: Bundle, update: Bundle): Bundle {
	const rename = (id: string) => `${id}~fix`;
	const evidence = {...base.evidence};
	for (const [id, record] of Object.entries(update.evidence)) evidence[rename(id)] = {...record, id: rename(id)};
	const hosts = base.hosts.map(host => {
		const fresh = update.hosts.find(h => h.name === host.name);
		if (!fresh) return host;
		const facts = {...host.facts};
		for (const [key, result] of Object.entries(fresh.facts)) {
			if (!result) continue;
			(facts as Record<string, unknown>)[key] = {...result, evidence: result.evidence.map(rename)};
		}
		return {...host, reachable: fresh.reachable, ...(fresh.unreachableReason ? {unreachableReason: fresh.unreachableReason} : {}), facts};
	});
	return {...base, createdAt: update.createdAt, hosts, evidence};
}
