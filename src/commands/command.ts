/**
The contract of one subcommand module (`src/commands/<name>.ts`, default export).
Commands parse their own flags with `node:util` parseArgs, print with `io`, and return the exit status.
*/
export type CommandIo = {
	stdout: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
	cwd: string;
};

export type Command = {
	name: string;
	/** One line for `lbwiz --help`. */
	summary: string;
	/** Full `lbwiz <name> --help` text, with examples. */
	help: string;
	run(argv: string[], io: CommandIo): Promise<number>;
};

export const defineCommand = (command: Command): Command => command;

/** A user error: printed as `lbwiz <cmd>: message` without a stack trace; exit status 2 unless given. */
export class UsageError extends Error {
	constructor(message: string, readonly exitCode = 2) {
		super(message);
		this.name = 'UsageError';
	}
}
