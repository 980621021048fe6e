/** Options of one command run on a host. Every command has a timeout. */
export type RunOptions = {
	timeoutMs: number;
	input?: string;
	signal?: AbortSignal;
	/** Prefix `sudo -n` when the login is not root (ssh). */
	sudo?: boolean;
	env?: Record<string, string>;
	/** Largest stdout/stderr kept, in bytes; the command is stopped beyond it and `truncated` is set. */
	maxBuffer?: number;
};

/** What one command did. Never thrown: failures are data (`failed`, `spawnError`, `timedOut`). */
export type RunResult = {
	argv: string[];
	exitCode?: number;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	failed: boolean;
	durationMs: number;
	/** The command could not be started: ENOENT (not installed), EACCES, ssh unreachable, … */
	spawnError?: string;
	/** stdout or stderr went past `maxBuffer` and was cut. */
	truncated?: boolean;
};

/** One host's way of running commands: `local`, `ssh://[user@]host[:port]`, `netns:NAME`. */
export interface Transport {
	readonly spec: string;
	run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult>;
	readFile(path: string, options?: {maxBytes?: number; timeoutMs?: number}): Promise<RunResult & {content?: string}>;
	/** Atomic: temp file beside the target, then rename; keeps mode when the file exists unless `mode` given. */
	writeFile(path: string, data: string, options?: {mode?: number; timeoutMs?: number}): Promise<RunResult>;
	close(): Promise<void>;
}
