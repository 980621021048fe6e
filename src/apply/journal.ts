/**
The journal a host keeps of each apply, written through the host's transport to
/var/lib/lbwiz/journal/<host>/<run-id>.json (mode 0600) before the first change and after every
step, so even a run that died half-way can be rolled back.
*/
import {VERSION} from '../version.js';
import {failureLine} from '../transport/failure.js';
import type {Transport} from '../transport/transport.js';
import {journalDir, journalPath, RUN_ID} from './paths.js';
import {script} from './scripts.js';
import type {HostPlan, Journal} from './types.js';

const TIMEOUT = 15_000;

/** Thrown when a journal cannot be written or read; the message says where and why. */
export class JournalError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JournalError';
	}
}

/** A fresh journal for a host about to be changed. */
export function newJournal(plan: {runId: string; cluster: string; file: string}, host: HostPlan, now: Date): Journal {
	return {schemaVersion: 1, tool: {name: 'lbwiz', version: VERSION}, runId: plan.runId, host: host.host, cluster: plan.cluster, file: plan.file, role: host.role, startedAt: now.toISOString(), status: 'in-progress', steps: []};
}

/** Writes (replaces) the journal on its host. */
export async function writeJournal(transport: Transport, journal: Journal): Promise<string> {
	const dir = journalDir(journal.host);
	const mkdir = await transport.run(script('umask 077; mkdir -p -- "$1"', 'lbwiz-mkdir', dir), {timeoutMs: TIMEOUT, sudo: true});
	if (mkdir.exitCode !== 0) throw new JournalError(`cannot create ${dir} on ${journal.host}: ${failureLine(mkdir)}`);
	const path = journalPath(journal.host, journal.runId);
	const result = await transport.writeFile(path, `${JSON.stringify(journal, null, '\t')}\n`, {mode: 0o600, timeoutMs: TIMEOUT});
	if (result.exitCode !== 0) throw new JournalError(`cannot write ${path} on ${journal.host}: ${failureLine(result)}`);
	return path;
}

/** Run ids with a journal on the host, oldest first. */
export async function listJournals(transport: Transport, host: string): Promise<string[]> {
	const dir = journalDir(host);
	const result = await transport.run(['ls', '-1', '--', dir], {timeoutMs: TIMEOUT, sudo: true});
	if (result.exitCode !== 0) {
		if (/No such file or directory/.test(result.stderr)) return [];
		throw new JournalError(`cannot list ${dir} on ${host}: ${failureLine(result)}`);
	}
	return result.stdout
		.split('\n')
		.map(name => name.trim())
		.filter(name => name.endsWith('.json') && RUN_ID.test(name.slice(0, -'.json'.length)))
		.map(name => name.slice(0, -'.json'.length))
		.sort();
}

/** Reads one journal. */
export async function readJournal(transport: Transport, host: string, runId: string): Promise<Journal> {
	const path = journalPath(host, runId);
	const result = await transport.readFile(path, {timeoutMs: TIMEOUT});
	if (result.content === undefined) throw new JournalError(`cannot read ${path} on ${host}: ${failureLine(result)}`);
	let journal: Journal;
	try {
		journal = JSON.parse(result.content) as Journal;
	} catch (error) {
		throw new JournalError(`${host}:${path}: not valid JSON (${(error as Error).message})`);
	}
	if (journal.schemaVersion !== 1 || !Array.isArray(journal.steps) || journal.host !== host) throw new JournalError(`${host}:${path}: not an lbwiz journal for ${host} (schemaVersion 1 with steps expected)`);
	return journal;
}

/** Host names with a journal directory on a machine (`local` rollbacks without a topology). */
export async function journalHosts(transport: Transport): Promise<string[]> {
	const root = journalDir('');
	const result = await transport.run(['ls', '-1', '--', root], {timeoutMs: TIMEOUT, sudo: true});
	if (result.exitCode !== 0) return [];
	return result.stdout.split('\n').map(s => s.trim()).filter(s => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s));
}
