/** Helpers several collectors share (finding daemons, choosing interfaces, reading dumps). */
import type {CollectorContext, RecordedRun} from '../define-collector.js';
import type {ProcessInfo} from '../types.js';
import {failureLine} from '../../transport/failure.js';

/** A process of this host that is alive (not a zombie, not dead). */
export const alive = (p: ProcessInfo) => p.state !== 'Z' && p.state !== 'X' && p.state !== 'x';

/** The main process of a daemon on this host: alive, and its parent is not the same daemon. */
export function mainProcess(processes: ProcessInfo[], comm: string): ProcessInfo | undefined {
	const own = processes.filter(p => p.comm === comm && alive(p));
	const pids = new Set(own.map(p => p.pid));
	return own.find(p => p.ppid === undefined || !pids.has(p.ppid)) ?? own[0];
}

/** The host's live processes (empty when process.list is unavailable). */
export async function processes(context: CollectorContext): Promise<ProcessInfo[]> {
	const fact = await context.fact('process.list');
	return fact.status === 'ok' ? fact.value : [];
}

/** "no such file" vs other read failures, for reasons. */
export function readFailure(run: RecordedRun, path: string, host: string): string {
	if (/No such file or directory/.test(run.stderr)) return `${path} does not exist on ${host}`;
	if (/Permission denied/.test(run.stderr)) return `${path} is not readable on ${host} (permission denied; run as root)`;
	return `cannot read ${path} on ${host}: ${failureLine(run)}`;
}

/** Sleeps, unless aborted. */
export const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>(resolve => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		}, {once: true});
	});

/**
Asks keepalived for a dump (SIGUSR1 data, SIGUSR2 stats) and reads it back: the file's mtime is
noted, the signal sent to the main process, and the file read once its mtime changed. The file is
read through /proc/PID/root, so a private /tmp (systemd PrivateTmp) or another mount namespace
still shows the file keepalived wrote.
*/
export async function keepalivedDump(context: CollectorContext, kind: 'data' | 'stats'): Promise<{content?: string; evidence: string[]; reason?: string; path?: string}> {
	const host = context.host.name;
	const list = await context.fact('process.list');
	if (list.status !== 'ok') return {evidence: list.evidence, reason: `process list unavailable on ${host}: ${list.reason}`};
	const main = mainProcess(list.value, 'keepalived');
	if (!main) return {evidence: list.evidence, reason: `keepalived is not running on ${host} (no live keepalived process in this host's network namespace)`};
	const dir = main.tmpdir ?? '/tmp';
	const file = `${dir.replace(/\/+$/, '')}/keepalived.${kind}`;
	const path = `/proc/${main.pid}/root${file}`;
	const evidence = [...list.evidence];
	const stamp = async () => {
		const r = await context.run(['stat', '-c', '%y', path], {timeoutMs: 3000});
		evidence.push(r.id);
		return r.exitCode === 0 ? r.stdout.trim() : undefined;
	};
	const before = await stamp();
	const signal = kind === 'data' ? 'USR1' : 'USR2';
	const kill = await context.run(['kill', '-s', signal, String(main.pid)], {timeoutMs: 3000});
	evidence.push(kill.id);
	if (kill.exitCode !== 0) return {evidence, reason: `could not signal keepalived (pid ${main.pid}) on ${host}: ${failureLine(kill)}`};
	let after: string | undefined;
	for (let i = 0; i < 25; i++) {
		await sleep(200, context.signal);
		after = await stamp();
		if (after !== undefined && after !== before) break;
	}
	if (after === undefined || after === before) return {evidence, reason: `keepalived (pid ${main.pid}) did not write ${file} on ${host} within 5 s of SIG${signal} (is TMPDIR/KA_TMP_DIR set elsewhere?)`};
	// the file is complete once keepalived closed it; a short pause avoids reading a half-written dump
	await sleep(100, context.signal);
	const read = await context.readFile(path, {maxBytes: 4 * 1024 * 1024});
	evidence.push(read.id);
	if (read.content === undefined) return {evidence, reason: readFailure(read, file, host)};
	return {content: read.content, evidence, path: file};
}
