/**
Where `setup --apply` keeps things on a host. Every path carries the host's name: network-namespace
hosts (and containers sharing a filesystem) share /var/lib, /run, /tmp and /var/log, so two
directors on one machine must never write the same pid file, journal or log (FIELD-NOTES §4).
*/
import {randomBytes} from 'node:crypto';
import {posix} from 'node:path';

/** Journals and backups (persistent, root only). */
export const STATE_ROOT = '/var/lib/lbwiz';
/** Pid files and TMPDIRs of daemons lbwiz starts itself (no init system). */
export const RUN_ROOT = '/run/lbwiz';
/** Logs of daemons lbwiz starts itself. */
export const LOG_ROOT = '/var/log/lbwiz';

/** The journal directory of a host. */
export const journalDir = (host: string) => posix.join(STATE_ROOT, 'journal', host);
/** One run's journal on a host. */
export const journalPath = (host: string, runId: string) => posix.join(journalDir(host), `${runId}.json`);
/** Where a file replaced in a run is backed up: /var/lib/lbwiz/backups/<host>/<run-id>/<absolute path>. */
export const backupPath = (host: string, runId: string, path: string) => posix.join(STATE_ROOT, 'backups', host, runId, path);
/** Runtime directory of a host's directly started daemons. */
export const hostRunDir = (host: string) => posix.join(RUN_ROOT, host);
/** Log directory of a host's directly started daemons. */
export const hostLogDir = (host: string) => posix.join(LOG_ROOT, host);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `20251123T163000Z` for a date (UTC): sorts by time as text. */
export function compactTimestamp(date: Date): string {
	return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/** A run id: the UTC time, then 4 random hex digits (`20251123T163000Z-3fa1`). */
export function newRunId(now: Date = new Date()): string {
	return `${compactTimestamp(now)}-${randomBytes(2).toString('hex')}`;
}

/** Run ids as written by newRunId (journal file names are checked against it before use). */
export const RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;
