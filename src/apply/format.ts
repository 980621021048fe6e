/**
Plain-text views of an apply: the plan (per host, each step with its commands and file diff),
live progress lines, the result with the failing command and its output, and rollbacks. Secrets in
diffs are redacted unless asked otherwise. Pure.
*/
import {redactText} from '../collect/redact.js';
import {shJoin} from '../transport/sh-quote.js';
import {diffStat} from '../ui/review/unified-diff.js';
import type {ApplyResult} from './apply.js';
import type {RollbackCandidate, RollbackResult} from './rollback.js';
import type {ApplyEvent, ApplyPlan, HostPlan, PlanStep, StepFailure} from './types.js';

/** One command for display; the text of lbwiz's `sh -c` scripts is shown as `…` (it is constant, see src/apply/scripts.ts). */
export function displayCommand(argv: readonly string[]): string {
	if (argv[0] === 'sh' && argv[1] === '-c' && argv.length >= 4) return `${argv[3]}(sh -c …) ${shJoin(argv.slice(4))}`.trimEnd();
	return shJoin(argv);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Hosts in apply order with their role, for the plan header. */
export function orderLine(plan: ApplyPlan): string {
	return plan.hosts.map(h => `${h.host} (${h.roleLabel})`).join(' → ');
}

function stepLines(step: PlanStep, index: number, options: {redact: boolean; diffs: boolean}): string[] {
	const out = [`  ${index + 1}. [${step.kind}] ${step.description}`];
	for (const argv of step.argv) out.push(`       $ ${displayCommand(argv)}`);
	if (step.kind === 'write-file' && options.diffs && step.diff.length > 0) {
		const text = step.diff.join('\n');
		for (const line of (options.redact ? redactText(text) : text).split('\n')) out.push(`       ${line}`);
	}
	return out;
}

/** The plan of one host. */
export function formatHostPlan(host: HostPlan, options: {redact?: boolean; diffs?: boolean} = {}): string[] {
	const redact = options.redact !== false;
	const head = `${host.host}  ${host.roleLabel}  via ${host.transport}`;
	const out: string[] = [];
	if (host.problems.length > 0) {
		out.push(`${head} — cannot be applied:`);
		for (const p of host.problems) out.push(`  ✗ ${p}`);
	} else if (host.steps.length === 0) {
		out.push(`${head} — no changes`);
	} else {
		const files = host.steps.filter(s => s.kind === 'write-file');
		const stat = files.reduce((acc, s) => (s.kind === 'write-file' ? {added: acc.added + diffStat(s.diff).added, removed: acc.removed + diffStat(s.diff).removed} : acc), {added: 0, removed: 0});
		out.push(`${head} — ${plural(host.steps.length, 'step')}${files.length ? ` (${plural(files.length, 'file')}, +${stat.added} -${stat.removed} lines)` : ''}`);
		host.steps.forEach((step, i) => out.push(...stepLines(step, i, {redact, diffs: options.diffs !== false})));
	}
	for (const note of host.notes) out.push(`  note: ${note}`);
	return out;
}

/** The whole plan as text. */
export function formatApplyPlan(plan: ApplyPlan, options: {redact?: boolean; diffs?: boolean; dryRun?: boolean} = {}): string {
	const changing = plan.hosts.filter(h => h.steps.length > 0);
	const steps = changing.reduce((n, h) => n + h.steps.length, 0);
	const out = [
		`Apply plan for ${plan.cluster} (${plan.file}), run ${plan.runId}${options.dryRun ? ' — dry run: nothing is changed' : ''}`,
		`Order: ${orderLine(plan)}  (real servers first, BACKUPs before the MASTER)`,
	];
	for (const host of plan.hosts) out.push('', ...formatHostPlan(host, options));
	const problems = plan.hosts.reduce((n, h) => n + h.problems.length, 0);
	out.push('', `${changing.length === 0 ? 'No changes on any host.' : `${plural(changing.length, 'host')} to change (${plural(steps, 'step')}), ${plan.hosts.length - changing.length} unchanged.`}${problems ? ` ${plural(problems, 'problem')} must be fixed first.` : ''}`);
	if (changing.length > 0) out.push('Every config is checked on its host with keepalived -t / haproxy -c before anything is replaced; replaced files are backed up under /var/lib/lbwiz/backups/<host>/<run-id>/ and each host keeps a journal in /var/lib/lbwiz/journal/<host>/ for `lbwiz rollback`.');
	return `${out.join('\n')}\n`;
}

/** A progress line for an event (undefined for events not worth a line). */
export function formatEvent(event: ApplyEvent): string | undefined {
	switch (event.type) {
		case 'preflight:done':
			return `${event.host}: configs ${event.ok ? 'pass' : 'FAIL'} validation${event.detail ? ` (${event.detail})` : ''}`;
		case 'host:start':
			return `${event.host}: ${plural(event.steps, 'step')}`;
		case 'step:done':
			return `  ${event.status === 'done' ? '✓' : '✗'} ${event.description}${event.detail ? ` — ${event.detail}` : ''}`;
		case 'undo:done':
			return `  ${event.ok ? '↺' : '✗'} undo ${event.step}${event.detail ? `: ${event.detail}` : ''}`;
		case 'host:done':
			return `${event.host}: ${event.status}`;
		default:
			return undefined;
	}
}

/** A failure with its command and output, indented. */
export function formatFailure(failure: StepFailure): string[] {
	const out = [`  ✗ ${failure.description}`];
	if (failure.argv) out.push(`    command: ${displayCommand(failure.argv)}${failure.exitCode !== undefined ? ` (exit ${failure.exitCode})` : ''}`);
	if (failure.output.trim()) out.push('    output:', ...redactText(failure.output.trimEnd()).split('\n').map(l => `      ${l}`));
	return out;
}

/** The result of an apply. */
export function formatApplyResult(result: ApplyResult, plan: ApplyPlan): string {
	const out: string[] = [];
	if (result.preflight.length > 0) {
		const validation = result.preflight.some(f => !f.step.endsWith('#plan'));
		out.push(validation ? 'Nothing was changed: a config failed validation on its host.' : 'Nothing was changed: fix these first.');
		for (const f of result.preflight) out.push(...formatFailure(f));
		return `${out.join('\n')}\n`;
	}
	for (const host of result.hosts) {
		const role = plan.hosts.find(h => h.host === host.host)?.roleLabel ?? '';
		if (host.status === 'unchanged') out.push(`${host.host} (${role}): no changes`);
		else if (host.status === 'applied') out.push(`${host.host} (${role}): applied ${plural(host.steps.length, 'step')} in ${(host.durationMs / 1000).toFixed(1)} s; journal ${host.journal}`);
		else if (host.status === 'skipped') out.push(`${host.host} (${role}): not touched (the run stopped before it)`);
		else {
			out.push(`${host.host} (${role}): FAILED — ${host.undoFailures?.length ? 'rolled back only partly' : 'its completed steps were rolled back'}`);
			if (host.failure) out.push(...formatFailure(host.failure));
			for (const f of host.undoFailures ?? []) out.push(...formatFailure(f));
			if (host.journal) out.push(`  journal: ${host.journal}`);
		}
	}
	const applied = result.hosts.filter(h => h.status === 'applied').map(h => h.host);
	if (!result.ok && applied.length > 0) out.push('', `Hosts already changed in this run: ${applied.join(', ')}. They keep the new setup; undo them with \`lbwiz rollback --answers ${plan.file}${applied.map(h => ` --host ${h}`).join('')}\`.`);
	return `${out.join('\n')}\n`;
}

/** What a rollback will undo. */
export function formatRollbackPlan(candidates: RollbackCandidate[]): string {
	const out: string[] = [];
	for (const c of candidates) {
		if (!c.journal || c.undo.length === 0) {
			out.push(`${c.target.host}: nothing to roll back${c.reason ? ` (${c.reason})` : ''}`);
			continue;
		}
		out.push(`${c.target.host}: undo run ${c.journal.runId} (${c.journal.status}, started ${c.journal.startedAt}) — ${plural(c.undo.length, 'step')}, newest first`);
		for (const u of c.undo) {
			out.push(`  ↺ ${u.description}`);
			for (const argv of u.argv) out.push(`       $ ${displayCommand(argv)}`);
		}
	}
	return `${out.join('\n')}\n`;
}

/** The result of a rollback. */
export function formatRollbackResult(results: RollbackResult[]): string {
	const out: string[] = [];
	for (const r of results) {
		if (r.status === 'nothing') out.push(`${r.host}: nothing rolled back${r.reason ? ` (${r.reason})` : ''}`);
		else if (r.status === 'rolled-back') out.push(`${r.host}: run ${r.runId} rolled back`);
		else {
			out.push(`${r.host}: run ${r.runId} rolled back only partly`);
			for (const f of r.failures) out.push(...formatFailure(f));
		}
	}
	return `${out.join('\n')}\n`;
}
