import {defineCollector, type CollectorContext, type RecordedRun} from '../define-collector.js';
import {parseKeepalivedLog} from '../../parse/keepalived-log.js';
import {KEEPALIVED_OPTION_VARIABLES, LOG_VARIABLE, logFileOption, logFilesOf, mergeLogTexts} from '../../parse/keepalived-log-sources.js';
import type {ProcessInfo} from '../types.js';
import {alive, processes} from './shared.js';

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

/** What reading one source gave: the commands run, and the log text when there was one. */
type Read = {runs: RecordedRun[]; text?: string};
/** A place to look: read it, or (`expand`) learn more places from it (the defaults files). */
type Source = {label: string; read?: (context: CollectorContext) => Promise<Read>; expand?: (context: CollectorContext) => Promise<{evidence: string[]; sources: Source[]}>};

const tail = (context: CollectorContext, path: string) => context.run(['tail', '-n', String(LINES), path], {timeoutMs: 10_000, keep: 'tail'});
const hasLines = (r: RecordedRun) => r.exitCode === 0 && r.stdout.trim() !== '' && !/^-- No entries --/m.test(r.stdout);

/**
The files of a `-g FILE` keepalived (VRRP child, parent, checkers), tailed and merged by time; `root`
reads them through a live process's /proc/PID/root (a private /tmp still shows its file).
*/
function logFileSource(base: string, context: CollectorContext, root = ''): Source {
	return {
		label: `${base} (-g/--log-file)`,
		async read(c) {
			const runs = await Promise.all(logFilesOf(base).map(path => tail(c, `${root}${path}`)));
			const texts = runs.filter(hasLines).map(r => r.stdout);
			return {runs, ...(texts.length > 0 ? {text: texts.length === 1 ? texts[0] : mergeLogTexts(texts, {year: context.now().getFullYear()})} : {})};
		},
	};
}

/** A single file (or command) read as it is. */
const plainSource = (label: string, read: (context: CollectorContext) => Promise<RecordedRun>): Source => ({
	label,
	async read(c) {
		const r = await read(c);
		return {runs: [r], ...(hasLines(r) ? {text: r.stdout} : {})};
	},
});

/**
keepalived's log, from where this host keeps it: the file its console output (`-l`) is redirected
to (found through /proc/PID/fd) or its `-g`/`--log-file` file while it runs; when it is stopped, the
log its init defaults name (the service.defaults fact: /etc/default/keepalived DAEMON_ARGS or
/etc/sysconfig/keepalived KEEPALIVED_OPTIONS with `-g`, or lbwiz's `LBWIZ_KEEPALIVED_LOG=/path` for a
supervisor's redirect);
then /var/log/keepalived.log, journald (keepalived.service), /var/log/syslog and /var/log/messages.
The first that has keepalived lines is parsed into VRRP state transitions and events; every read is
a bounded tail with a timeout.
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
				sources.push(plainSource(target, c => tail(c, `/proc/${p.pid}/fd/${fd}`)));
			}
		}
		for (const p of procs.filter(alive)) {
			const file = logFileOption(p.args);
			if (file === undefined || seen.has(file)) continue;
			seen.add(file);
			sources.push(logFileSource(file, context, `/proc/${p.pid}/root`));
		}
		sources.push({
			label: 'service.defaults',
			async expand(c) {
				const defaults = await c.fact('service.defaults');
				const named: Source[] = [];
				for (const file of defaults.status === 'ok' ? defaults.value.files.filter(f => f.name === 'keepalived') : []) {
					const variable = KEEPALIVED_OPTION_VARIABLES.find(v => file.vars[v] !== undefined);
					const logFile = variable ? logFileOption(file.vars[variable].split(/\s+/).filter(Boolean)) : undefined;
					if (logFile !== undefined && !seen.has(logFile)) named.push(logFileSource(logFile, context));
					const redirect = file.vars[LOG_VARIABLE];
					if (redirect?.startsWith('/') && !seen.has(redirect)) named.push(plainSource(`${redirect} (${LOG_VARIABLE} in ${file.path})`, r => tail(r, redirect)));
					for (const path of [logFile, redirect]) if (path) seen.add(path);
				}
				return {evidence: defaults.evidence, sources: named};
			},
		});
		if (!seen.has('/var/log/keepalived.log')) sources.push(plainSource('/var/log/keepalived.log', c => tail(c, '/var/log/keepalived.log')));
		if (tools.journalctl && systemd) {
			sources.push(plainSource('journald (keepalived.service)', c => c.run(['journalctl', '-u', 'keepalived', '-o', 'short-iso', '--no-pager', '-n', String(LINES)], {timeoutMs: 20_000, keep: 'tail'})));
		}
		for (const path of ['/var/log/syslog', '/var/log/messages']) {
			sources.push(plainSource(path, c => c.run(['sh', '-c', 'grep -i -e keepalived -- "$1" | tail -n "$2"', 'lbwiz-log', path, String(LINES)], {timeoutMs: 20_000, keep: 'tail'})));
		}
		const evidence = [...list.evidence];
		const tried: string[] = [];
		if (!tools.tail) return {unavailable: `tail is not installed on ${host.name}`, evidence};
		for (let i = 0; i < sources.length; i++) {
			const source = sources[i];
			if (source.expand) {
				const {evidence: ids, sources: named} = await source.expand(context);
				evidence.push(...ids.filter(id => !evidence.includes(id)));
				sources.splice(i + 1, 0, ...named);
				continue;
			}
			const {runs, text} = await source.read!(context);
			evidence.push(...runs.map(r => r.id));
			tried.push(source.label);
			if (text === undefined) continue;
			const parsed = parseKeepalivedLog(text, {year: context.now().getFullYear()});
			if (parsed.lines.length === 0) continue;
			return {value: {source: source.label, ...parsed}, evidence};
		}
		return {unavailable: `no keepalived log found on ${host.name} (looked at: ${tried.join(', ')})`, evidence};
	},
});
