/**
keepalived's log as checks quote and propose it: the lines behind an instance's present state (its last
transition and what caused it, never an earlier incident still in the log) and the command that shows
the log where this host keeps it (the keepalived.log fact's source, else the host's init system).
*/
import {logLocation} from '../parse/keepalived-log-sources.js';
import {lastTransitionLines} from '../parse/keepalived-log.js';
import type {VrrpTransition} from '../collect/types.js';
import type {Facts} from './facts.js';
import type {EvidenceRef} from './report-model.js';

/** What a check says about one instance's last transition (`when` is ` at 2026-11-23 17:09:03` or ''). */
export type TransitionNote = (last: {instance: string; transition: VrrpTransition; reason?: string; when: string}) => string;

/**
Per instance (every logged one when `instances` is undefined), its last transition with the causes
keepalived logged for it, as evidence on the keepalived.log record that holds it.
*/
export function transitionRefs(facts: Facts, host: string, instances: string[] | undefined, note: TransitionNote): EvidenceRef[] {
	const log = facts.get(host, 'keepalived.log');
	if (!log) return [];
	const ids = facts.evidenceOf(host, 'keepalived.log');
	return [...new Set(instances ?? log.transitions.map(t => t.instance))].flatMap(instance => {
		const last = lastTransitionLines(log, instance);
		if (!last) return [];
		const {transition, lines, reason} = last;
		const id = ids.find(candidate => facts.evidence(candidate)?.stdout.includes(transition.raw)) ?? ids.at(-1);
		const when = transition.time ? ` at ${transition.time.replace('T', ' ')}` : '';
		return [{host, ...(id ? {evidenceId: id} : {}), excerpt: lines.join('\n'), note: note({instance, transition, ...(reason ? {reason} : {}), when})}];
	});
}

/**
The command that shows keepalived's recent log on a host: from where lbwiz found it (journald, its
own file or `-g` files, a shared syslog file), else journald on a systemd host; undefined when there
is no log to point at (no init system or SysV, and none found).
*/
export function keepalivedLogCommand(facts: Facts, host: string, lines = 50): string[] | undefined {
	const source = facts.get(host, 'keepalived.log')?.source;
	const location = source ? logLocation(source) : undefined;
	if (location?.kind === 'files') return ['tail', '-n', String(lines), ...location.paths];
	if (location?.kind === 'syslog') return ['grep', '-i', '-e', 'keepalived', '--', location.path];
	if (location?.kind === 'journald' || facts.init(host, 'keepalived') === 'systemd') return ['journalctl', '-u', 'keepalived', '-n', String(lines), '--no-pager'];
	return undefined;
}
