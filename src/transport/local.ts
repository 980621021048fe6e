/**
The local transport: commands run on this machine through execa with an argv (never a shell),
a timeout, `LC_ALL=C` and a bounded output buffer. Failures are returned, never thrown.
*/
import {execa} from 'execa';
import {classifyFailure, SPAWN_ERROR} from './failure.js';
import {readFileVia, writeFileVia} from './file-ops.js';
import type {RunOptions, RunResult, Transport} from './transport.js';

/** Output kept per stream unless a command asks for another limit. */
export const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024;

/** Options of a LocalTransport. */
export type LocalTransportOptions = {
	/** Extra environment for every command (after LC_ALL=C). */
	env?: Record<string, string>;
	maxBuffer?: number;
	/** Delay between SIGTERM and SIGKILL after a timeout. */
	forceKillAfterMs?: number;
};

/** PATH with the sbin directories, where ip, nft, tcpdump, keepalived and sysctl live (a non-root PATH often lacks them). */
export function pathWithSbin(path: string | undefined): string {
	const parts = (path ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter(Boolean);
	for (const dir of ['/usr/local/sbin', '/usr/sbin', '/sbin']) if (!parts.includes(dir)) parts.push(dir);
	return parts.join(':');
}

/** Runs one argv locally; the building block of every other transport. */
export async function runLocal(argv: readonly [string, ...string[]], options: RunOptions, defaults: LocalTransportOptions = {}): Promise<RunResult> {
	const [file, ...args] = argv;
	const started = performance.now();
	const result = await execa(file, args, {
		timeout: options.timeoutMs,
		reject: false,
		input: options.input,
		stdin: options.input === undefined ? 'ignore' : 'pipe',
		cancelSignal: options.signal,
		env: {LC_ALL: 'C', PATH: pathWithSbin(process.env.PATH), ...defaults.env, ...options.env},
		maxBuffer: options.maxBuffer ?? defaults.maxBuffer ?? DEFAULT_MAX_BUFFER,
		forceKillAfterDelay: defaults.forceKillAfterMs ?? 2000,
		stripFinalNewline: false,
		encoding: 'utf8',
	});
	const code = (result as {code?: string}).code;
	const spawnError =
		result.exitCode === undefined && !result.timedOut && !result.isCanceled && !result.isMaxBuffer && !result.signal
			? code === 'ENOENT'
				? SPAWN_ERROR.notFound
				: code === 'EACCES'
					? SPAWN_ERROR.permission
					: (code ?? 'ESPAWN')
			: undefined;
	const out: RunResult = {
		argv: [...argv],
		exitCode: result.exitCode,
		stdout: typeof result.stdout === 'string' ? result.stdout : '',
		stderr: typeof result.stderr === 'string' ? result.stderr : spawnError ? String(result.shortMessage ?? '') : '',
		timedOut: result.timedOut,
		failed: result.failed,
		durationMs: Math.round(result.durationMs ?? performance.now() - started),
		...(spawnError ? {spawnError} : {}),
		...(result.isMaxBuffer ? {truncated: true} : {}),
	};
	if (spawnError && out.stderr === '') out.stderr = `${file}: ${spawnError === SPAWN_ERROR.notFound ? 'command not found' : String(result.shortMessage ?? spawnError)}`;
	return classifyFailure(out, 'local');
}

/** `local`: this machine, as the user lbwiz runs as. */
export class LocalTransport implements Transport {
	readonly spec = 'local';

	constructor(private readonly defaults: LocalTransportOptions = {}) {}

	run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult> {
		return runLocal(argv, options, this.defaults);
	}

	readFile(path: string, options?: {maxBytes?: number; timeoutMs?: number}) {
		return readFileVia(this, path, options);
	}

	writeFile(path: string, data: string, options?: {mode?: number; timeoutMs?: number}) {
		return writeFileVia(this, path, data, options);
	}

	async close(): Promise<void> {}
}
