/** Reading and writing bundles: one place that checks a bundle file and names file:line on errors. */
import {chmod, readFile, rename, writeFile} from 'node:fs/promises';
import {dirname, join, basename} from 'node:path';
import type {Recording} from '../transport/replay.js';
import {BUNDLE_SCHEMA_VERSION, type Bundle} from './types.js';

/** A bundle file that cannot be used; the message names the file and, for JSON errors, the line. */
export class BundleError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BundleError';
	}
}

/**
The offset a JSON.parse error points at. V8 usually says `position N`, but Node 20 words some errors
without it: `Unexpected token '}', ..."hosts": [\n}" is not valid JSON` (found again by its quoted
snippet) and `Unexpected end of JSON input` (the end of the text).
*/
function jsonErrorOffset(text: string, message: string): number | undefined {
	const at = /position (\d+)/.exec(message);
	if (at) return Number(at[1]);
	if (message.startsWith('Unexpected end of JSON input')) return text.trimEnd().length;
	const quoted = /Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
	if (!quoted) return undefined;
	const start = text.indexOf(quoted[2]);
	if (start < 0) return undefined;
	return start + Math.max(0, quoted[2].lastIndexOf(quoted[1]));
}

/** `:line:column` of a JSON.parse error in `text`, or '' when the message does not tell. */
function jsonErrorPosition(text: string, message: string): string {
	const offset = jsonErrorOffset(text, message);
	if (offset === undefined) return '';
	const before = text.slice(0, offset).split('\n');
	return `:${before.length}:${before.at(-1)!.length + 1}`;
}

/**
Parses bundle text (`name` is used in messages). Fields a bundle may lack (capture window, creation
time, whether it is redacted) get neutral defaults: no capture, the epoch, redacted.
*/
export function parseBundle(text: string, name: string): Bundle {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		const message = (error as Error).message;
		const truncated = message.startsWith('Unexpected end of JSON input') ? '; the file ends early: truncated?' : '';
		throw new BundleError(`${name}${jsonErrorPosition(text, message)}: not JSON (${message.replace(/ in JSON at position \d+.*$/, '')}${truncated}); expected a bundle written by \`lbwiz collect\``);
	}
	const b = data as Partial<Bundle>;
	if (!b || typeof b !== 'object' || b.tool?.name !== 'lbwiz') throw new BundleError(`${name}: not an lbwiz bundle (no "tool": {"name": "lbwiz"}); expected the output of \`lbwiz collect\``);
	if (b.schemaVersion !== BUNDLE_SCHEMA_VERSION) throw new BundleError(`${name}: bundle schemaVersion ${String(b.schemaVersion)} is not supported (this lbwiz reads ${BUNDLE_SCHEMA_VERSION})`);
	if (!Array.isArray(b.hosts) || typeof b.evidence !== 'object' || b.evidence === null) throw new BundleError(`${name}: bundle has no "hosts" array or "evidence" map`);
	return {...b, capture: b.capture ?? {seconds: 0}, createdAt: b.createdAt ?? new Date(0).toISOString(), redacted: b.redacted ?? true} as Bundle;
}

/** Reads a bundle file. */
export async function loadBundle(path: string): Promise<Bundle> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new BundleError(`cannot read bundle ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
	return parseBundle(text, path);
}

/** The bundle as written to disk (2-space JSON, stable for diffs of recorded fixtures). */
export function serializeBundle(bundle: Bundle): string {
	return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** Writes a bundle atomically; mode 0600 when it holds clear secrets. */
export async function writeBundle(path: string, bundle: Bundle): Promise<void> {
	const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
	const mode = bundle.redacted ? 0o644 : 0o600;
	await writeFile(tmp, serializeBundle(bundle), {mode});
	await chmod(tmp, mode);
	await rename(tmp, path);
}

/**
Recordings for a ReplayTransport from one host's evidence in a bundle: the collectors can be run
again on what a host answered (outputs are as recorded, i.e. redacted when the bundle is).
*/
export function replayRecordings(bundle: Bundle, host: string): Recording[] {
	return Object.values(bundle.evidence)
		.filter(e => e.host === host)
		.map(e => ({argv: e.argv, stdout: e.stdout, stderr: e.stderr, ...(e.exitCode !== undefined ? {exitCode: e.exitCode} : {}), ...(e.spawnError ? {spawnError: e.spawnError} : {}), ...(e.timedOut ? {timedOut: true} : {})}));
}
