/**
Where keepalived's log lives when the process cannot tell us (it is stopped, or daemonized with its
output on /dev/null): keepalived's own `-g`/`--log-file` option in its argv or in the init defaults
(`/etc/default/keepalived` DAEMON_ARGS, Red Hat's `/etc/sysconfig/keepalived` KEEPALIVED_OPTIONS, read by
the service.defaults fact), and merging the per-process files that option makes. Also the shell word
splitter the defaults-file parser uses.
*/
import {splitLogLine} from './keepalived-log.js';

/** The variables init systems pass to keepalived: Debian's DAEMON_ARGS, Red Hat's KEEPALIVED_OPTIONS. */
export const KEEPALIVED_OPTION_VARIABLES = ['DAEMON_ARGS', 'KEEPALIVED_OPTIONS'] as const;

/**
lbwiz's convention for hosts whose supervisor redirects keepalived's output to a file (no `-g` in
Debian's build): `LBWIZ_KEEPALIVED_LOG=/path` in the defaults file names that file.
*/
export const LOG_VARIABLE = 'LBWIZ_KEEPALIVED_LOG';

/** keepalived's default for a bare `-g` / `--log-file` (keepalived/core/main.c). */
export const DEFAULT_LOG_FILE = '/tmp/keepalived.log';

/**
Splits a shell word list as POSIX sh would without expanding anything: single quotes are literal,
double quotes and backslashes escape. `-D "-f /a b"` → [`-D`, `-f /a b`].
*/
export function splitShellWords(value: string): string[] {
	const words: string[] = [];
	let word = '';
	let inWord = false;
	for (let i = 0; i < value.length; i++) {
		const c = value[i];
		if (c === "'") {
			const end = value.indexOf("'", i + 1);
			word += value.slice(i + 1, end === -1 ? undefined : end);
			i = end === -1 ? value.length : end;
			inWord = true;
		} else if (c === '"') {
			i++;
			for (; i < value.length && value[i] !== '"'; i++) {
				if (value[i] === '\\' && i + 1 < value.length && '"\\$`\n'.includes(value[i + 1])) i++;
				word += value[i];
			}
			inWord = true;
		} else if (c === '\\' && i + 1 < value.length) {
			word += value[++i];
			inWord = true;
		} else if (/\s/.test(c)) {
			if (inWord) words.push(word);
			word = '';
			inWord = false;
		} else if (c === '#' && !inWord) {
			break;
		} else {
			word += c;
			inWord = true;
		}
	}
	if (inWord) words.push(word);
	return words;
}

/** Short options of keepalived 2.2.x that take an argument (the rest of the word, or the next word). */
const REQUIRED_ARGUMENT = new Set(['S', 'f', 'p', 'i', 'r', 'c', 'b', 'A', 's', 'u']);
const LONG_WITH_ARGUMENT = new Set(['use-file', 'log-facility', 'pid', 'vrrp_pid', 'checkers_pid', 'bfd_pid', 'snmp-agent-socket', 'namespace', 'config-id', 'signum', 'umask']);

/**
The file keepalived logs to with `-g[FILE]` / `--log-file[=FILE]` (getopt's optional argument: only
attached, so `-g FILE` means the default /tmp/keepalived.log), or undefined without the option.
*/
export function logFileOption(args: readonly string[]): string | undefined {
	let file: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--') break;
		if (arg.startsWith('--')) {
			const [name, value] = arg.slice(2).split(/=(.*)/s, 2);
			if (name === 'log-file') file = value || DEFAULT_LOG_FILE;
			else if (LONG_WITH_ARGUMENT.has(name) && value === undefined) i++;
			continue;
		}
		if (!arg.startsWith('-') || arg === '-') continue;
		for (let j = 1; j < arg.length; j++) {
			const c = arg[j];
			if (c === 'g') {
				file = arg.slice(j + 1) || DEFAULT_LOG_FILE;
				break;
			}
			if (c === 'M' || c === 't') break;
			if (REQUIRED_ARGUMENT.has(c)) {
				if (j === arg.length - 1) i++;
				break;
			}
		}
	}
	return file;
}

/**
The files a `-g FILE` keepalived writes, parent first (it starts the children, so within one second
its lines come first when merged): the parent's (start/stop), the VRRP child's (`<base>_vrrp<ext>`,
where the state transitions are) and the checkers' (`_healthcheckers`), as keepalived's
make_file_name builds them.
*/
export function logFilesOf(base: string): string[] {
	const slash = base.lastIndexOf('/');
	const dot = base.lastIndexOf('.');
	const [stem, ext] = dot > slash ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
	return [base, `${stem}_vrrp${ext}`, `${stem}_healthcheckers${ext}`];
}

/**
Interleaves several log texts by their timestamps (stable: lines of one second keep the order of
`texts`, then their own), so a parent's and its children's files read as one log. A line without a
time (a continued message) stays with the line before it.
*/
export function mergeLogTexts(texts: readonly string[], options: {year?: number} = {}): string {
	const entries: Array<{time: string; order: number; line: string}> = [];
	texts.forEach((text, source) => {
		let time = '';
		text.split('\n').forEach((line, index) => {
			if (line.trim() === '') return;
			time = splitLogLine(line, options).time ?? time;
			entries.push({time, order: source * 1e9 + index, line});
		});
	});
	entries.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.order - b.order));
	return entries.map(e => `${e.line}\n`).join('');
}

/** Where a keepalived.log fact's text came from, read back from its `source` label. */
export type LogLocation = {kind: 'journald'} | {kind: 'files'; paths: string[]} | {kind: 'syslog'; path: string};

/**
The location a keepalived.log fact's `source` names, as the collector labels its sources:
`journald (keepalived.service)`; `FILE (-g/--log-file)` (the files that option makes, see logFilesOf);
`FILE (LBWIZ_KEEPALIVED_LOG in DEFAULTS)`; `/var/log/syslog` and `/var/log/messages` (shared system
logs, keepalived's lines grepped out); any other absolute path is keepalived's own log file. Undefined
for a label it does not know.
*/
export function logLocation(source: string): LogLocation | undefined {
	if (/^journald\b/.test(source)) return {kind: 'journald'};
	const option = /^(\/.*) \(-g\/--log-file\)$/.exec(source);
	if (option) return {kind: 'files', paths: logFilesOf(option[1])};
	const path = /^(\/.*?)(?: \(\S+ in .*\))?$/.exec(source)?.[1];
	if (!path) return undefined;
	return path === '/var/log/syslog' || path === '/var/log/messages' ? {kind: 'syslog', path} : {kind: 'files', paths: [path]};
}
