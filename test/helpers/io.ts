import {PassThrough} from 'node:stream';
import type {CommandIo} from '../../src/commands/command.js';

/** A fake CommandIo capturing stdout/stderr as strings (never a TTY). */
export function captureIo(options: {env?: NodeJS.ProcessEnv; cwd?: string; input?: string} = {}) {
	const out: string[] = [];
	const err: string[] = [];
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	stdout.on('data', chunk => out.push(String(chunk)));
	stderr.on('data', chunk => err.push(String(chunk)));
	const stdin = new PassThrough();
	if (options.input !== undefined) stdin.end(options.input);
	const io: CommandIo = {stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd ?? process.cwd()};
	return {io, stdout: () => out.join(''), stderr: () => err.join('')};
}
