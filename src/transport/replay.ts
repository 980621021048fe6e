/**
A transport that answers from recorded outputs instead of a host: collector and engine tests run
the real collectors against what real tools printed (fixtures/outputs, or a recorded bundle's
evidence), without namespaces, root or network.
*/
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {readFileVia, writeFileVia} from './file-ops.js';
import type {RunOptions, RunResult, Transport} from './transport.js';

/** One recorded answer. `argv` matches exactly; a `match` function matches when given instead. */
export type Recording = {
	argv?: readonly string[];
	match?: (argv: readonly string[]) => boolean;
	stdout?: string;
	/** read stdout from this file (relative to the ReplayTransport's `fixturesDir`) */
	stdoutFile?: string;
	stderr?: string;
	exitCode?: number;
	spawnError?: string;
	timedOut?: boolean;
	/** answer only after this delay (e.g. a capture window) — or when the run's timeout ends first */
	delayMs?: number;
	/** a stateful answer (a file whose mtime moves after a signal…): overrides the fields above */
	respond?: (argv: readonly string[]) => Omit<Recording, 'argv' | 'match' | 'respond'>;
};

/** Options of a ReplayTransport. */
export type ReplayOptions = {
	fixturesDir?: string;
	/** what an argv without a recording gets (default: a "not installed" answer, so collectors take their missing-tool path) */
	unmatched?: 'not-installed' | 'error';
};

const key = (argv: readonly string[]) => JSON.stringify(argv);

/** Answers `run` from recordings; every call is kept in `calls` for assertions. */
export class ReplayTransport implements Transport {
	readonly calls: Array<{argv: string[]; input?: string}> = [];
	private readonly exact = new Map<string, Recording>();
	private readonly matchers: Recording[] = [];

	constructor(
		readonly spec: string,
		recordings: Recording[],
		private readonly options: ReplayOptions = {},
	) {
		for (const recording of recordings) {
			if (recording.argv) this.exact.set(key(recording.argv), recording);
			else if (recording.match) this.matchers.push(recording);
			else throw new Error('a recording needs argv or match');
		}
	}

	/** Adds or replaces recordings (e.g. the second SIGUSR2 dump of a capture window). */
	add(...recordings: Recording[]): void {
		for (const recording of recordings) {
			if (recording.argv) this.exact.set(key(recording.argv), recording);
			else this.matchers.unshift(recording);
		}
	}

	async run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult> {
		this.calls.push({argv: [...argv], ...(options.input !== undefined ? {input: options.input} : {})});
		const found = this.exact.get(key(argv)) ?? this.matchers.find(m => m.match?.(argv));
		const recording = found?.respond ? {...found, ...found.respond(argv)} : found;
		if (!recording) {
			if (this.options.unmatched === 'error') throw new Error(`ReplayTransport(${this.spec}): no recording for ${key(argv)}`);
			return {argv: [...argv], exitCode: 127, stdout: '', stderr: `sh: 1: ${argv[0]}: not found\n`, timedOut: false, failed: true, durationMs: 0, spawnError: 'ENOENT'};
		}
		let timedOut = recording.timedOut ?? false;
		if (recording.delayMs) {
			const waitMs = Math.min(recording.delayMs, options.timeoutMs);
			await new Promise(resolve => setTimeout(resolve, waitMs));
			if (recording.delayMs > options.timeoutMs) timedOut = true;
		}
		const stdout = recording.stdoutFile ? readFileSync(join(this.options.fixturesDir ?? '.', recording.stdoutFile), 'utf8') : (recording.stdout ?? '');
		const exitCode = recording.spawnError || timedOut ? undefined : (recording.exitCode ?? 0);
		return {
			argv: [...argv],
			exitCode,
			stdout,
			stderr: recording.stderr ?? '',
			timedOut,
			failed: exitCode !== 0,
			durationMs: 0,
			...(recording.spawnError ? {spawnError: recording.spawnError} : {}),
		};
	}

	readFile(path: string, options?: {maxBytes?: number; timeoutMs?: number}) {
		return readFileVia(this, path, options);
	}

	writeFile(path: string, data: string, options?: {mode?: number; timeoutMs?: number}) {
		return writeFileVia(this, path, data, options);
	}

	async close(): Promise<void> {}
}

/** Recordings for `cat -- PATH` reads: `{path: content}`. */
export function fileRecordings(files: Record<string, string>): Recording[] {
	return Object.entries(files).map(([path, content]) => ({argv: ['cat', '--', path], stdout: content}));
}
