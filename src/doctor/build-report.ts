/**
Builds the DoctorReport — the one object every presenter reads — from a bundle, its Facts and the
linked findings: host summaries, cited evidence, the merged VRRP timeline, adverts without secrets,
HAProxy rows, IPVS tables, the summary and the exit code.
*/
import type {Bundle, Evidence} from '../collect/types.js';
import {VERSION} from '../version.js';
import {exitCodeFor} from './exit-code.js';
import type {Facts} from './facts.js';
import type {DoctorReport, Finding, HostSummary, Severity} from './report-model.js';
import {REPORT_SCHEMA_VERSION} from './report-model.js';
import {rootCauseIds} from './root-cause.js';
import type {SkippedCheck} from './run-checks.js';

export type BuildReportOptions = {
	source?: Partial<DoctorReport['source']>;
	checksRun?: string[];
	/** reasons the doctor could not run at all (exit 3) */
	errors?: string[];
	generatedAt?: string;
};

const RANK: Record<Severity, number> = {critical: 3, warning: 2, info: 1};

function hostSummary(facts: Facts, name: string, findings: readonly Finding[]): HostSummary {
	const host = facts.host(name)!;
	const worst = findings.filter(f => f.host === name).reduce<Severity | undefined>((w, f) => (!w || RANK[f.severity] > RANK[w] ? f.severity : w), undefined);
	const roles = facts.roles(name);
	const vips = facts.allVips().filter(vip => facts.vipHolders(vip).some(h => h.host === name));
	const states = (facts.keepalived(name)?.instances ?? []).map(i => facts.runtimeState(name, i.name).state).filter((s): s is string => Boolean(s));
	return {
		name,
		spec: host.spec,
		roles: roles.length > 0 ? roles : ['unknown'],
		reachable: host.reachable,
		health: !host.reachable ? 'unknown' : (worst ?? 'ok'),
		...(vips.length > 0 ? {vips} : {}),
		...(states.length > 0 ? {vrrpState: [...new Set(states)].join(', ')} : {}),
		...(facts.keepalivedVersion(name) ? {keepalivedVersion: facts.keepalivedVersion(name)} : {}),
		...(facts.get(name, 'haproxy.version')?.version ? {haproxyVersion: facts.get(name, 'haproxy.version')!.version} : {}),
	};
}

/** Every transition of every director's keepalived log, merged by time (untimed entries last, stable). */
export function mergeTimeline(facts: Facts): DoctorReport['timeline'] {
	const entries = facts.hostNames().flatMap(host => (facts.get(host, 'keepalived.log')?.transitions ?? []).map(t => ({...t, host})));
	const at = (time?: string) => (time ? Date.parse(time) : Number.NaN);
	return entries
		.map((entry, index) => ({entry, index, time: at(entry.time)}))
		.sort((a, b) => {
			const [ta, tb] = [a.time, b.time];
			if (Number.isNaN(ta) || Number.isNaN(tb)) return Number(Number.isNaN(ta)) - Number(Number.isNaN(tb)) || a.index - b.index;
			return ta - tb || a.index - b.index;
		})
		.map(item => item.entry);
}

/** Addresses named by configs or seen in captures that belong to no collected host (single-host runs). */
export function uncollectedPeers(facts: Facts): NonNullable<DoctorReport['peers']> {
	const seen = new Map<string, Set<string>>();
	const add = (address: string, why: string) => {
		if (!/^\d+\.\d+\.\d+\.\d+$/.test(address) || facts.hostByAddress(address) || facts.allVips().includes(address)) return;
		if (facts.hostNames().some(h => facts.addresses(h).some(a => a.address === address))) return;
		seen.set(address, (seen.get(address) ?? new Set()).add(why));
	};
	for (const source of facts.advertsBySource()) {
		const vrids = [...new Set(source.adverts.map(a => a.vrid))];
		add(source.src, `VRRP adverts (VRID ${vrids.join(', ')}) seen by ${source.seenBy.join(', ')}`);
	}
	for (const group of facts.vrrpGroups()) for (const member of group.members) for (const peer of member.unicastPeers) add(peer.address, `unicast_peer of ${member.host}`);
	for (const real of facts.realServerAddresses()) add(real.address, `${real.via === 'lvs' ? 'real_server' : 'HAProxy server'} on ${real.director}`);
	return [...seen].map(([address, why]) => ({address, seenAs: [...why], suggestion: `--host NAME=ssh://root@${address}`}));
}

/** Builds the report. */
export function buildReport(bundle: Bundle, facts: Facts, findings: Finding[], skipped: SkippedCheck[], options: BuildReportOptions = {}): DoctorReport {
	const cited = new Set(findings.flatMap(f => f.evidence.map(e => e.evidenceId).filter((id): id is string => Boolean(id))));
	const evidence: Record<string, Evidence> = {};
	for (const id of cited) if (bundle.evidence[id]) evidence[id] = bundle.evidence[id];
	const errors = [...(options.errors ?? [])];
	if (bundle.hosts.length > 0 && bundle.hosts.every(host => !host.reachable)) {
		errors.push(`no host reachable: ${bundle.hosts.map(h => `${h.name} (${h.unreachableReason ?? 'unreachable'})`).join(', ')}`);
	}
	if (bundle.hosts.length === 0) errors.push('the bundle has no hosts');
	else if (bundle.hosts.some(host => host.reachable) && facts.hostNames().every(host => facts.roles(host).length === 0)) {
		errors.push(`nothing to diagnose: no keepalived instance, HAProxy listener or real server found on ${facts.hostNames().join(', ')} (run lbwiz doctor on a director, or name the hosts with --host NAME=SPEC or --topology FILE)`);
	}
	const count = (severity: Severity) => findings.filter(f => f.severity === severity).length;
	return {
		schemaVersion: REPORT_SCHEMA_VERSION,
		tool: {name: 'lbwiz', version: VERSION},
		generatedAt: options.generatedAt ?? bundle.createdAt,
		cluster: {name: bundle.cluster?.name ?? bundle.topology?.name ?? bundle.scenario ?? (bundle.hosts.length === 1 ? bundle.hosts[0].name : 'cluster'), vips: facts.allVips()},
		source: {kind: options.source?.kind ?? 'bundle', captureSeconds: options.source?.captureSeconds ?? bundle.capture.seconds, ...(options.source?.bundle ? {bundle: options.source.bundle} : {}), ...((options.source?.scenario ?? bundle.scenario) ? {scenario: options.source?.scenario ?? bundle.scenario} : {})},
		hosts: facts.hostNames().map(name => hostSummary(facts, name, findings)),
		findings,
		skipped,
		evidence,
		timeline: mergeTimeline(facts),
		adverts: facts.adverts().map(({auth, seenBy, ...advert}) => ({...advert, host: seenBy, ...(auth ? {authFingerprint: auth.fingerprint} : {})})),
		haproxy: facts.hostNames().flatMap(host => {
			const stats = facts.get(host, 'haproxy.stats');
			return stats ? [{host, rows: stats.rows}] : [];
		}),
		ipvs: facts.hostNames().flatMap(host => {
			const table = facts.get(host, 'ipvs.table');
			return table?.available ? [{host, services: table.services}] : [];
		}),
		summary: {critical: count('critical'), warning: count('warning'), info: count('info'), rootCauses: rootCauseIds(findings), exitCode: exitCodeFor(findings, errors.length > 0)},
		...(options.checksRun ? {checksRun: options.checksRun} : {}),
		...(errors.length > 0 ? {errors} : {}),
		...(uncollectedPeers(facts).length > 0 ? {peers: uncollectedPeers(facts)} : {}),
	};
}
