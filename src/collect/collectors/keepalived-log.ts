import {defineCollector, type CollectorContext, type RecordedRun} from '../define-collector.js';
import {parseKeepalivedLog} from '../../parse/keepalived-log.js';
import type {ProcessInfo} from '../types.js';
import {processes} from './shared.js';

const LINES = 2000;

/** A file a daemon's fd 1/2 points at, when it is a regular file (not a tty, pipe, socket or /dev/null). */
const logFileOf = (p: ProcessInfo): Array<{fd: 1 | 2; target: string}> =>
	(
		[
			[2, p.stderr],
			[1, p.stdout],
		] as const
	)
		.filter((e): e is readonly [1 | 2, string] => typeof e[1] === 'string' && e[1].startsWith('/') && !e[1].startsWith('/dev/'))
		.map(([fd, target]) => ({fd, target: target.replace(/ \(deleted\)$/, '')}));

type Source = {label: string; read: (context: CollectorContext) => Promise<RecordedRun>};

/**
keepalived's log, from where this host keeps it: the file its console output (`-l`) is redirected
to (found through /proc/PID/fd), /var/log/keepalived.log, journald, then /var/log/syslog and
/var/log/messages; parsed into VRRP state transitions and events.
*/
export default defineCollector({
	fact: 'keepalived.log',
	title: 'keepalived log: VRRP transitions and events',
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		const {tools, systemd, host} = context;
		const list = await context.fact('process.list');
		const procs = (await processes(context)).filter(p => p.comm === 'keepalived');
		const sources: Source[] = [];
		const seen = new Set<string>();
		for (const p of procs) {
			for (const {fd, target} of logFileOf(p)) {
				if (seen.has(target)) continue;
				seen.add(target);
				// read through the fd: it is the file keepalived writes, whatever mount namespace named it
				sources.push({label: target, read: c => c.run(['tail', '-n', String(LINES), `/proc/${p.pid}/fd/${fd}`], {timeoutMs: 10_000, keep: 'tail'})});
			}
		}
		if (!seen.has('/var/log/keepalived.log')) sources.push({label: '/var/log/keepalived.log', read: c => c.run(['tail', '-n', String(LINES), '/var/log/keepalived.log'], {timeoutMs: 10_000, keep: 'tail'})});
		if (tools.journalctl && systemd) {
			sources.push({label: 'journald (keepalived.service)', read: c => c.run(['journalctl', '-u', 'keepalived', '-o', 'short-iso', '--no-pager', '-n', String(LINES)], {timeoutMs: 20_000, keep: 'tail'})});
		}
		for (const path of ['/var/log/syslog', '/var/log/messages']) {
			sources.push({label: path, read: c => c.run(['sh', '-c', 'grep -i -e keepalived -- "$1" | tail -n "$2"', 'lbwiz-log', path, String(LINES)], {timeoutMs: 20_000, keep: 'tail'})});
		}
		const evidence = [...list.evidence];
		const tried: string[] = [];
		for (const source of sources) {
			if (!tools.tail) break;
			const r = await source.read(context);
			evidence.push(r.id);
			tried.push(source.label);
			if (r.exitCode !== 0 || r.stdout.trim() === '' || /^-- No entries --/m.test(r.stdout)) continue;
			const parsed = parseKeepalivedLog(r.stdout, {year: context.now().getFullYear()});
			if (parsed.lines.length === 0) continue;
			return {value: {source: source.label, ...parsed}, evidence};
		}
		if (!tools.tail) return {unavailable: `tail is not installed on ${host.name}`, evidence};
		return {unavailable: `no keepalived log found on ${host.name} (looked at: ${tried.join(', ')})`, evidence};
	},
});
