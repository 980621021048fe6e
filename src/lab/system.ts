/**
The lab's hands on this machine: commands in the root namespace or in a lab namespace (argv, with
timeouts, through the local transport), detached daemons, and process bookkeeping that works with
a PID namespace shared by every lab host (FIELD-NOTES §4).
*/
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, statSync} from 'node:fs';
import {runLocal} from '../transport/local.js';
import {failureLine} from '../transport/failure.js';
import type {RunResult} from '../transport/transport.js';

/** A lab step failed; the message names the command and what it printed. */
export class LabError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LabError';
	}
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Runs argv in the root namespace; failures are returned. */
export function run(argv: readonly [string, ...string[]], options: {timeoutMs?: number; input?: string; env?: Record<string, string>} = {}): Promise<RunResult> {
	return runLocal(argv, {timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, input: options.input, env: options.env});
}

/** Runs argv inside namespace `ns` (`ip netns exec ns …`). */
export function runIn(ns: string, argv: readonly [string, ...string[]], options: {timeoutMs?: number; input?: string; env?: Record<string, string>} = {}): Promise<RunResult> {
	return run(['ip', 'netns', 'exec', ns, ...argv], options);
}

/** Runs argv and throws a LabError unless it exits 0. */
export async function must(argv: readonly [string, ...string[]], options: {timeoutMs?: number; input?: string; env?: Record<string, string>} = {}): Promise<RunResult> {
	const result = await run(argv, options);
	if (result.exitCode !== 0) throw new LabError(`\`${argv.join(' ')}\` failed: ${failureLine(result)}`);
	return result;
}

/** `must` inside namespace `ns`. */
export function mustIn(ns: string, argv: readonly [string, ...string[]], options: {timeoutMs?: number; input?: string; env?: Record<string, string>} = {}): Promise<RunResult> {
	return must(['ip', 'netns', 'exec', ns, ...argv], options);
}

/** Names of the network namespaces that exist (`ip netns list`). */
export async function listNamespaces(): Promise<string[]> {
	const result = await run(['ip', '-j', 'netns', 'list']);
	if (result.exitCode !== 0 || result.stdout.trim() === '') return [];
	try {
		return (JSON.parse(result.stdout) as Array<{name: string}>).map(entry => entry.name);
	} catch {
		return result.stdout.split('\n').map(line => line.split(' ')[0]).filter(Boolean);
	}
}

/** PIDs of processes whose network namespace is `ns` (`ip netns pids`). */
export async function namespacePids(ns: string): Promise<number[]> {
	const result = await run(['ip', 'netns', 'pids', ns]);
	if (result.exitCode !== 0) return [];
	return result.stdout.split(/\s+/).filter(Boolean).map(Number).filter(pid => Number.isInteger(pid) && pid > 0 && pid !== process.pid);
}

/** The inode identifying a named namespace, or undefined when it does not exist. */
export function namespaceInode(ns: string): number | undefined {
	try {
		return statSync(`/run/netns/${ns}`).ino;
	} catch {
		return undefined;
	}
}

/** The network-namespace inode of a process, or undefined when it is gone. */
export function processNetnsInode(pid: number): number | undefined {
	try {
		const link = readlinkSync(`/proc/${pid}/ns/net`);
		const match = /\[(\d+)\]/.exec(link);
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/**
Whether a process is alive: present and not a zombie (PID 1 may reap late here, so `kill -0` on a
dead daemon can still succeed; /proc/PID/stat's state is the truth).
*/
export function isAlive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

/** The command name of a process (`/proc/PID/comm`), or undefined. */
export function processComm(pid: number): string | undefined {
	try {
		return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	} catch {
		return undefined;
	}
}

/** The argv of a process, or undefined. */
export function processArgs(pid: number): string[] | undefined {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
	} catch {
		return undefined;
	}
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/** Waits until none of `pids` is alive; returns those still alive after `timeoutMs`. */
export async function waitGone(pids: number[], timeoutMs: number): Promise<number[]> {
	const deadline = Date.now() + timeoutMs;
	let alive = pids.filter(isAlive);
	while (alive.length > 0 && Date.now() < deadline) {
		await sleep(100);
		alive = alive.filter(isAlive);
	}
	return alive;
}

/** SIGTERM, then SIGKILL whatever survives `graceMs`. Returns the pids that had to be killed hard. */
export async function terminate(pids: number[], graceMs = 5000): Promise<number[]> {
	const targets = pids.filter(isAlive);
	for (const pid of targets) signal(pid, 'SIGTERM');
	const stubborn = await waitGone(targets, graceMs);
	for (const pid of stubborn) signal(pid, 'SIGKILL');
	await waitGone(stubborn, 2000);
	return stubborn;
}

/** Sends a signal, ignoring a process that is already gone. */
export function signal(pid: number, name: NodeJS.Signals): boolean {
	try {
		process.kill(pid, name);
		return true;
	} catch {
		return false;
	}
}

/** Reads a pid file; undefined when absent or not a number. */
export function readPidFile(path: string): number | undefined {
	try {
		const pid = Number(readFileSync(path, 'utf8').trim());
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/**
Starts a long-running program inside `ns`, detached from lbwiz (its own session), stdin from
/dev/null and stdout+stderr appended to `logFile`. `ip netns exec` execs the program, so the pid
returned is the daemon's own.
*/
export function spawnDaemon(ns: string, argv: readonly [string, ...string[]], options: {logFile: string; env?: Record<string, string>}): number {
	const logDir = options.logFile.slice(0, options.logFile.lastIndexOf('/'));
	if (logDir && !existsSync(logDir)) mkdirSync(logDir, {recursive: true});
	const fd = openSync(options.logFile, 'a');
	try {
		const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
			detached: true,
			stdio: ['ignore', fd, fd],
			env: {...process.env, LC_ALL: 'C', ...options.env},
		});
		child.on('error', () => {});
		child.unref();
		if (child.pid === undefined) throw new LabError(`could not start \`${argv.join(' ')}\` in ${ns}`);
		return child.pid;
	} finally {
		closeSync(fd);
	}
}

/** Whether a program is on PATH (root's PATH includes the sbin directories). */
export function hasProgram(name: string): boolean {
	const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
	return dirs.some(dir => {
		try {
			return statSync(`${dir}/${name}`).isFile();
		} catch {
			return false;
		}
	});
}

/** Lists a directory, [] when it is missing. */
export function listDir(path: string): string[] {
	try {
		return readdirSync(path);
	} catch {
		return [];
	}
}
