/** The bundle named by a command's `--from`, read through src/collect/bundle.ts. */
import {resolve} from 'node:path';
import {BundleError, loadBundle, parseBundle} from '../collect/bundle.js';
import type {Bundle} from '../collect/types.js';
import {UsageError, type CommandIo} from './command.js';

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(chunks).toString('utf8');
}

/**
Reads and checks the bundle `from` (relative to `io.cwd`; `-` is stdin when `stdin` is set). Every
problem becomes a UsageError (exit status `exitCode`) naming the file as the user wrote it, with the
line and column of broken JSON.
@example
const bundle = await readBundleArgument(values.from, io, {stdin: true});
// lbwiz report: broken.json:3:11: not JSON (Expected ':' after property name); expected a bundle written by `lbwiz collect`
*/
export async function readBundleArgument(from: string, io: CommandIo, options: {stdin?: boolean; exitCode?: number} = {}): Promise<Bundle> {
	const path = resolve(io.cwd, from);
	try {
		return options.stdin && from === '-' ? parseBundle(await readStream(io.stdin), 'stdin') : await loadBundle(path);
	} catch (error) {
		if (error instanceof BundleError) throw new UsageError(error.message.replaceAll(path, from), options.exitCode);
		throw error;
	}
}
