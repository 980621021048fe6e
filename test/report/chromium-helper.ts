import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {delimiter, join} from 'node:path';
import type {Readable, Writable} from 'node:stream';

/** Flags that keep a headless Chromium quiet, offline-friendly and reproducible. */
export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--hide-scrollbars',
	'--force-color-profile=srgb',
];

/** The Chromium binary on PATH (Debian's `chromium`), or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
	for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
		for (const dir of (env.PATH ?? '').split(delimiter)) {
			const candidate = join(dir, name);
			if (dir && existsSync(candidate)) return candidate;
		}
	}
	return undefined;
}

/** Runs Chromium to completion with a timeout; resolves with its exit code and output. */
export function runChromium(binary: string, args: string[], timeoutMs: number): Promise<{code: number | null; output: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(binary, args, {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout.on('data', chunk => (output += chunk));
		child.stderr.on('data', chunk => (output += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`chromium did not finish within ${timeoutMs} ms:\n${output}`));
		}, timeoutMs);
		child.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, output});
		});
	});
}

/** Width and height from a PNG's IHDR chunk; throws when the file is not a PNG. */
export function pngSize(file: string): {width: number; height: number} {
	const data = readFileSync(file);
	if (!data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) || data.toString('latin1', 12, 16) !== 'IHDR') {
		throw new Error(`${file} is not a PNG`);
	}
	return {width: data.readUInt32BE(16), height: data.readUInt32BE(20)};
}

/**
Requests a netlog shows that a document started (initiator other than "not an origin", which marks the
browser's own background traffic such as the component updater). file:// loads never enter the network
stack, so a self-contained report must yield none.
*/
export function documentRequestsInNetLog(file: string): string[] {
	const log = JSON.parse(readFileSync(file, 'utf8')) as {constants: {logEventTypes: Record<string, number>}; events: Array<{type: number; params?: Record<string, unknown>}>};
	const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
	return log.events
		.filter(event => event.type === start && typeof event.params?.url === 'string' && event.params.initiator !== 'not an origin')
		.map(event => `${String(event.params!.url)} (initiator ${String(event.params!.initiator)})`);
}

type Pending = {resolve: (value: any) => void; reject: (error: Error) => void};

/** A minimal DevTools-protocol client over `--remote-debugging-pipe` (fd 3 in, fd 4 out, NUL-framed JSON). */
export class ChromiumPipe {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly listeners: Array<(message: any) => void> = [];
	private buffer = '';
	private readonly child;

	constructor(binary: string, args: string[]) {
		this.child = spawn(binary, [...args, '--remote-debugging-pipe'], {stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe']});
		const output = this.child.stdio[4] as Readable;
		output.setEncoding('utf8');
		output.on('data', (chunk: string) => {
			this.buffer += chunk;
			let end: number;
			while ((end = this.buffer.indexOf('\0')) >= 0) {
				const message = JSON.parse(this.buffer.slice(0, end));
				this.buffer = this.buffer.slice(end + 1);
				const waiter = message.id !== undefined ? this.pending.get(message.id) : undefined;
				if (waiter) {
					this.pending.delete(message.id);
					if (message.error) waiter.reject(new Error(`${message.error.message} (${message.error.code})`));
					else waiter.resolve(message.result);
				} else for (const listener of this.listeners) listener(message);
			}
		});
		this.child.on('exit', () => {
			for (const waiter of this.pending.values()) waiter.reject(new Error('chromium exited'));
			this.pending.clear();
		});
	}

	/** Sends one command (to a page session when `sessionId` is given) and waits for its result. */
	send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<any> {
		const id = this.nextId++;
		const input = this.child.stdio[3] as Writable;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {resolve, reject});
			input.write(`${JSON.stringify({id, method, params, ...(sessionId ? {sessionId} : {})})}\0`);
		});
	}

	/** Calls `listener` for every event. */
	onEvent(listener: (message: {method: string; params: any; sessionId?: string}) => void): void {
		this.listeners.push(listener);
	}

	/** Resolves on the first event named `method` for which `filter` holds. */
	waitFor(method: string, timeoutMs: number, filter: (params: any) => boolean = () => true): Promise<any> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
			this.onEvent(message => {
				if (message.method === method && filter(message.params)) {
					clearTimeout(timer);
					resolve(message.params);
				}
			});
		});
	}

	/** Closes the browser (politely, then by SIGKILL) and waits for the process to end. */
	async close(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise(resolve => this.child.once('exit', resolve));
		await Promise.race([this.send('Browser.close').catch(() => undefined), new Promise(resolve => setTimeout(resolve, 3000))]);
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	}
}
