/**
Turns the different ways "the command is not there" and "the host is not there" show up through
wrappers (`ip netns exec`, `env`, `sudo`, a remote shell, ssh itself) into one `spawnError` code.
*/
import type {RunResult} from './transport.js';

/** `spawnError` codes used by every transport. */
export const SPAWN_ERROR = {
	/** the program is not installed (or not on PATH) */
	notFound: 'ENOENT',
	/** permission denied, or `sudo -n` needs a password */
	permission: 'EACCES',
	/** the host (ssh) or namespace (netns) cannot be reached */
	unreachable: 'UNREACHABLE',
} as const;

const NOT_FOUND_PATTERNS: RegExp[] = [
	/^exec of "[^"]*" failed: No such file or directory/m, // ip netns exec
	/^env: ['‘]?[^'’\n]*['’]?: No such file or directory/m, // env (coreutils)
	/^env: can't execute '[^']*': No such file or directory/m, // env (busybox)
	/^sudo: [^\n]*: command not found/m,
	/^(?:sh|bash|dash|ash|-?\w*sh)(?:: (?:line )?\d+)?: [^\n]*: (?:command )?not found/m,
];
const PERMISSION_PATTERNS: RegExp[] = [
	/^sudo: (?:a password is required|a terminal is required|sorry, you must have a tty)/m,
	/^exec of "[^"]*" failed: Permission denied/m,
	/^env: ['‘]?[^'’\n]*['’]?: Permission denied/m,
	/^[^\n]*: Permission denied \(you must be root\)/m,
];
const NETNS_UNREACHABLE = /^Cannot open network namespace "[^"]*": [^\n]*/m;
const SSH_UNREACHABLE = /^(?:ssh: [^\n]*|[^\n]*Permission denied \((?:publickey|password|keyboard-interactive)[^\n]*|Host key verification failed\.|kex_exchange_identification: [^\n]*|Connection (?:closed|reset|timed out)[^\n]*|ssh_exchange_identification: [^\n]*|Bad owner or permissions on [^\n]*|mux_client_request_session: [^\n]*|Control socket connect[^\n]*)/m;

/** Classifies a finished command run through a wrapper; returns the result with `spawnError` set when recognised. */
export function classifyFailure(result: RunResult, via: 'local' | 'netns' | 'ssh'): RunResult {
	if (result.spawnError || !result.failed || result.timedOut) return result;
	const {stderr} = result;
	if (via === 'netns' && result.exitCode === 255 && NETNS_UNREACHABLE.test(stderr)) return {...result, spawnError: SPAWN_ERROR.unreachable};
	if (via === 'ssh' && result.exitCode === 255 && SSH_UNREACHABLE.test(stderr)) return {...result, spawnError: SPAWN_ERROR.unreachable};
	if (NOT_FOUND_PATTERNS.some(re => re.test(stderr)) && (result.exitCode === 127 || result.exitCode === 1 || via === 'netns')) return {...result, spawnError: SPAWN_ERROR.notFound};
	if (PERMISSION_PATTERNS.some(re => re.test(stderr))) return {...result, spawnError: SPAWN_ERROR.permission};
	return result;
}

/** The first line of a failure worth showing to a user (stderr, else the spawn error). */
export function failureLine(result: RunResult): string {
	const line = result.stderr.split('\n').map(l => l.trim()).find(l => l !== '');
	if (line) return line;
	if (result.timedOut) return `timed out after ${Math.round(result.durationMs)} ms`;
	if (result.spawnError) return result.spawnError;
	return `exit status ${result.exitCode ?? 'unknown'}`;
}
