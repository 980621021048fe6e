/**
Processes of THIS host, read from /proc by one small POSIX sh script run through the transport.
The PID namespace is shared between network-namespace hosts (FIELD-NOTES §4), so a process belongs
to the host when its /proc/PID/ns/net equals the script's own /proc/self/ns/net. The state letter of
/proc/PID/stat tells a live daemon from a zombie. Names are positional parameters, never spliced in.
*/
import type {ProcessInfo} from '../collect/types.js';

/** The script: `sh -c PROC_SCRIPT lbwiz-proc NAME…` prints `self`, then per process `pid/netns/stat/cmdline/fd1/fd2/env` records. */
export const PROC_SCRIPT = [
	'self=$(readlink /proc/self/ns/net 2>/dev/null)',
	'printf "self %s\\n" "$self"',
	'for d in /proc/[0-9]*; do',
	'  comm=; read -r comm 2>/dev/null < "$d/comm" || continue',
	'  for want; do',
	'    [ "$comm" = "$want" ] || continue',
	// hosts in network namespaces share one PID namespace: skip the other hosts' processes with the
	// `test -ef` builtin (same nsfs inode) before any fork — on a lab box they outnumber ours
	'    [ "$d/ns/net" -ef /proc/self/ns/net ] || continue',
	'    printf "pid %s\\nnetns %s\\n" "${d#/proc/}" "$self"',
	'    stat=; read -r stat 2>/dev/null < "$d/stat"',
	'    printf "stat %s\\n" "$stat"',
	// arguments separated by US (0x1f): cmdline is NUL-separated, which a shell cannot carry
	'    printf "cmdline %s\\n" "$(tr "\\000" "\\037" < "$d/cmdline" 2>/dev/null)"',
	'    printf "fd1 %s\\n" "$(readlink "$d/fd/1" 2>/dev/null)"',
	'    printf "fd2 %s\\n" "$(readlink "$d/fd/2" 2>/dev/null)"',
	'    tr "\\000" "\\n" < "$d/environ" 2>/dev/null | while IFS= read -r e; do case "$e" in TMPDIR=*|KA_TMP_DIR=*|KEEPALIVED_*=*) printf "env %s\\n" "$e";; esac; done',
	'    printf "end\\n"',
	'  done',
	'done',
].join('\n');

/** One process as read by PROC_SCRIPT (before the namespace filter). */
export type ProcRecord = ProcessInfo & {ppid?: number; stdout?: string; stderr?: string; env: Record<string, string>; sameNetns: boolean};

/** Parses `/proc/PID/stat`: the comm is in parentheses and may itself contain spaces or `)`. */
export function parseProcStat(stat: string): {pid: number; comm: string; state: string; ppid: number} | undefined {
	const open = stat.indexOf('(');
	const close = stat.lastIndexOf(')');
	if (open < 0 || close < open) return undefined;
	const rest = stat.slice(close + 2).split(' ');
	return {pid: Number(stat.slice(0, open).trim()), comm: stat.slice(open + 1, close), state: rest[0], ppid: Number(rest[1])};
}

/** Parses PROC_SCRIPT's output. */
export function parseProcRecords(text: string): {selfNetns?: string; processes: ProcRecord[]} {
	let selfNetns: string | undefined;
	const processes: ProcRecord[] = [];
	let current: ProcRecord | undefined;
	for (const line of text.split('\n')) {
		const sp = line.indexOf(' ');
		const key = sp < 0 ? line : line.slice(0, sp);
		const value = sp < 0 ? '' : line.slice(sp + 1);
		switch (key) {
			case 'self':
				selfNetns = value || undefined;
				break;
			case 'pid':
				current = {pid: Number(value), comm: '', args: [], env: {}, sameNetns: false};
				break;
			case 'netns':
				if (current && value) current.netns = value;
				break;
			case 'stat': {
				const stat = current && parseProcStat(value);
				if (current && stat) {
					current.comm = stat.comm;
					current.state = stat.state;
					current.ppid = stat.ppid;
				}
				break;
			}
			case 'cmdline':
				if (current) current.args = value.split('\x1f').filter((a, i, all) => !(a === '' && i === all.length - 1));
				break;
			case 'fd1':
				if (current && value) current.stdout = value;
				break;
			case 'fd2':
				if (current && value) current.stderr = value;
				break;
			case 'env':
				if (current) {
					const eq = value.indexOf('=');
					if (eq > 0) current.env[value.slice(0, eq)] = value.slice(eq + 1);
				}
				break;
			case 'end':
				if (current) {
					current.sameNetns = selfNetns !== undefined && current.netns === selfNetns;
					processes.push(current);
				}
				current = undefined;
				break;
		}
	}
	return {selfNetns, processes};
}

/** The value of a command-line option (`-f X`, `-fX`, `--use-file=X`, `--use-file X`). */
export function optionValue(args: readonly string[], short: string | undefined, long: string | undefined): string | undefined {
	for (let i = 1; i < args.length; i++) {
		const a = args[i];
		if (a === '--') break;
		if (short && a === `-${short}`) return args[i + 1];
		if (short && a.startsWith(`-${short}`) && !a.startsWith('--') && a.length > 2) return a.slice(2);
		if (long && a === `--${long}`) return args[i + 1];
		if (long && a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
	}
	return undefined;
}

/** Every value of a repeatable option (HAProxy takes several `-f`). */
export function optionValues(args: readonly string[], short: string): string[] {
	const out: string[] = [];
	for (let i = 1; i < args.length; i++) {
		if (args[i] === '--') {
			out.push(...args.slice(i + 1));
			break;
		}
		if (args[i] === `-${short}` && args[i + 1] !== undefined) out.push(args[++i]);
		else if (args[i].startsWith(`-${short}`) && args[i].length > 2 && !args[i].startsWith('--')) out.push(args[i].slice(2));
	}
	return out;
}
