/**
`lbwiz rollback`'s service: find each host's newest journal not yet rolled back and undo its
steps in reverse — files back from their backups (or removed when lbwiz created them), sysctls to
their previous values, the lo VIPs and firewall rules lbwiz added removed, services lbwiz started
stopped, and the daemons whose configs came back reloaded. Needs nothing but the journal.
*/
import type {Transport} from '../transport/transport.js';
import {undoAll} from './apply.js';
import {listJournals, readJournal, writeJournal} from './journal.js';
import {describeUndo, undoCommands} from './plan.js';
import type {TransportPool} from './plan.js';
import type {ApplyEvent, HostRole, Journal, StepFailure} from './types.js';

/** A host to roll back and how to reach it. */
export type RollbackTarget = {host: string; transport: string};

/** What `findRollback` found on a host. */
export type RollbackCandidate = {
	target: RollbackTarget;
	journal?: Journal;
	/** why there is nothing to roll back, or the journal cannot be read */
	reason?: string;
	/** the journal's steps to undo, newest first, as commands */
	undo: Array<{id: string; description: string; argv: string[][]}>;
};

/**
The journal to roll back on a host: `runId` if given, else the newest whose status is not
`rolled-back` and that has steps done.
*/
export async function findRollback(transport: Transport, target: RollbackTarget, runId?: string): Promise<RollbackCandidate> {
	let ids: string[];
	try {
		ids = await listJournals(transport, target.host);
	} catch (error) {
		return {target, reason: (error as Error).message, undo: []};
	}
	if (runId !== undefined && !ids.includes(runId)) return {target, reason: `no journal ${runId} on ${target.host} (journals: ${ids.join(', ') || 'none'})`, undo: []};
	for (const id of runId !== undefined ? [runId] : [...ids].reverse()) {
		let journal: Journal;
		try {
			journal = await readJournal(transport, target.host, id);
		} catch (error) {
			return {target, reason: (error as Error).message, undo: []};
		}
		const done = journal.steps.filter(s => s.status === 'done' || s.status === 'undo-failed');
		if (runId === undefined && (journal.status === 'rolled-back' || done.length === 0)) continue;
		if (done.length === 0) return {target, journal, reason: `run ${id} on ${target.host} has nothing left to undo (status ${journal.status})`, undo: []};
		return {target, journal, undo: [...done].reverse().map(s => ({id: s.id, description: describeUndo(s.undo), argv: undoCommands(s.undo)}))};
	}
	return {target, reason: ids.length === 0 ? `no lbwiz journal on ${target.host}: nothing was applied there (or it was applied by another machine's lbwiz with other host names)` : `every run on ${target.host} is already rolled back`, undo: []};
}

const ROLLBACK_ORDER: Record<HostRole, number> = {backup: 0, director: 1, master: 2, other: 3, 'real-server': 4};

/** Rollback order: BACKUPs, then the MASTER (its VIP moves to a peer that already has its old config), real servers last. */
export function rollbackOrder(candidates: RollbackCandidate[]): RollbackCandidate[] {
	return [...candidates].sort((a, b) => ROLLBACK_ORDER[a.journal?.role ?? 'other'] - ROLLBACK_ORDER[b.journal?.role ?? 'other']);
}

/** The outcome on one host. */
export type RollbackResult = {host: string; runId?: string; status: 'rolled-back' | 'partial' | 'nothing'; failures: StepFailure[]; reason?: string};

/** Rolls back the given candidates in rollback order; continues past failures and reports them. */
export async function rollbackHosts(candidates: RollbackCandidate[], options: {transports: TransportPool; onEvent?: (event: ApplyEvent) => void; now?: () => Date}): Promise<RollbackResult[]> {
	const now = options.now ?? (() => new Date());
	const results: RollbackResult[] = [];
	for (const candidate of rollbackOrder(candidates)) {
		const {journal, target} = candidate;
		if (!journal || candidate.undo.length === 0) {
			results.push({host: target.host, status: 'nothing', failures: [], ...(candidate.reason ? {reason: candidate.reason} : {})});
			continue;
		}
		const transport = options.transports.get(target.transport);
		options.onEvent?.({type: 'host:start', host: target.host, steps: candidate.undo.length});
		const failures = await undoAll(transport, target.host, journal.steps, options.onEvent);
		journal.status = failures.length === 0 ? 'rolled-back' : 'failed';
		if (failures.length === 0) journal.rolledBackAt = now().toISOString();
		try {
			await writeJournal(transport, journal);
		} catch (error) {
			failures.push({step: `${target.host}#journal`, description: (error as Error).message, output: ''});
		}
		options.onEvent?.({type: 'host:done', host: target.host, status: failures.length === 0 ? 'applied' : 'failed'});
		results.push({host: target.host, runId: journal.runId, status: failures.length === 0 ? 'rolled-back' : 'partial', failures});
	}
	return results;
}
