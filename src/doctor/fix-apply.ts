/**
`doctor --fix`: which fixes may be applied automatically (those a check marked `safe`: runtime sysctls,
an accept rule, starting a stopped daemon…), in which order and with which pauses, applying one
through the host's transport (files first, then each command; stop at the first failure), what to
re-collect and re-check afterwards, and the follow-up a healed split brain needs: the VIP holder
announcing itself (gratuitous ARP), checked from a client's side.
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

/** A safe fix in the order `--fix` applies it, with how long to wait after it. */
export type OrderedFix = FixCandidate & {
	/** seconds to wait after applying it before the next fix, and why */
	pause?: {seconds: number; why: string};
};

/**
The order `--fix` applies safe fixes in. Fixes of the causes of a split brain go host by host from the
director that should keep the VIP (highest priority) down, with 2 × advert_int after the first host's:
that director then hears the others' lower-priority adverts while they still are MASTER, and
keepalived answers them with a new election and gratuitous ARPs (garp_lower_prio_repeat), so the
last announcement on the wire is the holder's. The other way round, the others drop to BACKUP
silently, the holder never announces itself, and clients and routers keep the MAC of a director that
gave the VIP up (FIELD-NOTES §3 item 6). Other fixes keep the report's order.
*/
export function orderFixes(report: DoctorReport, candidates: readonly FixCandidate[], vrrp: {priority(host: string): number | undefined; advertInt: number}): OrderedFix[] {
	const causes = new Set(report.findings.filter(f => f.check === 'vip.split-brain').flatMap(f => f.caused_by));
	const split = candidates.filter(c => causes.has(c.finding.id));
	const hosts = [...new Set(split.map(c => c.fix.host))];
	if (hosts.length < 2) return [...candidates];
	const rank = (host: string) => vrrp.priority(host) ?? -1;
	hosts.sort((a, b) => rank(b) - rank(a));
	const first = candidates.findIndex(c => causes.has(c.finding.id));
	const rest = candidates.filter(c => !causes.has(c.finding.id));
	const ordered: OrderedFix[] = hosts.flatMap(host => split.filter(c => c.fix.host === host));
	const lastOfWinner = ordered.filter(c => c.fix.host === hosts[0]).length - 1;
	const seconds = 2 * vrrp.advertInt;
	ordered[lastOfWinner] = {...ordered[lastOfWinner], pause: {seconds, why: `${hosts[0]} should keep the VIP: it now hears the others' lower-priority adverts and announces itself (gratuitous ARP) before they step down`}};
	return [...rest.slice(0, first), ...ordered, ...rest.slice(first)];
}

/** Which arping a host has, from `arping -V` and `busybox arping --help` output; undefined: none lbwiz knows the flags of. */
export function arpingFlavour(arpingVersion: string, busyboxHelp: string): 'arping' | 'busybox' | undefined {
	// iputils' arping and busybox's applet take the same flags; Thomas Habets' arping does not.
	if (/iputils|BusyBox/i.test(arpingVersion)) return 'arping';
	if (/arping/i.test(busyboxHelp) && /-U\b/.test(busyboxHelp)) return 'busybox';
	return undefined;
}

/** Gratuitous ARP for a VIP from its holder: unsolicited, 3 times, from the VIP itself on the interface holding it. */
export function garpArgv(flavour: 'arping' | 'busybox', iface: string, vip: string): string[] {
	return [...(flavour === 'busybox' ? ['busybox'] : []), 'arping', '-U', '-c', '3', '-I', iface, '-s', vip, vip];
}

/** A client's neighbour entry for a VIP against the holder's MAC. */
export type NeighbourVerdict = {verdict: 'ok' | 'stale' | 'none'; mac?: string; state?: string};

/**
Reads `ip -j neigh show VIP` on a client: `stale` when the entry is usable (not FAILED or INCOMPLETE)
and holds another MAC than the holder's, `none` without a usable entry (the client will ask afresh).
*/
export function neighbourVerdict(neighJson: string, vip: string, holderMac: string): NeighbourVerdict {
	let entries: Array<{dst?: string; lladdr?: string; state?: string[]}>;
	try {
		entries = JSON.parse(neighJson || '[]') as typeof entries;
	} catch {
		return {verdict: 'none'};
	}
	const entry = entries.find(e => e.dst === vip && e.lladdr);
	const state = entry?.state?.join(',');
	if (!entry?.lladdr || /FAILED|INCOMPLETE/.test(state ?? '')) return {verdict: 'none', ...(state ? {state} : {})};
	const same = entry.lladdr.toLowerCase() === holderMac.toLowerCase();
	return {verdict: same ? 'ok' : 'stale', mac: entry.lladdr, ...(state ? {state} : {})};
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

/**
The bundle with `keys` marked unavailable on every host (`reason` says why): after `--fix` the VRRP
capture is not taken again, and the old one describes the cluster before the fixes, so checks that
need it skip instead of reporting what was true before.
*/
export function withoutFacts(bundle: Bundle, keys: readonly FactKey[], reason: string): Bundle {
	return {
		...bundle,
		hosts: bundle.hosts.map(host => {
			const facts = {...host.facts};
			for (const key of keys) if (facts[key]) (facts as Record<string, unknown>)[key] = {status: 'unavailable', reason, evidence: []};
			return {...host, facts};
		}),
	};
}
