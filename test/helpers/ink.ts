/**
ink-testing-library's render, with a terminal size (80×24 by default, like a serial console), keys by
name, and Shopify cli-kit's way of waiting: yield setImmediate → setTimeout(0) between writes so React
19's scheduler flushes effects before the next input.
*/
import {EventEmitter} from 'node:events';
import {render as inkRender, type Instance} from 'ink';
import type {ReactElement} from 'react';

class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	readonly frames: string[] = [];
	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};

	lastFrame = (): string | undefined => this.frames[this.frames.length - 1];
}

class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;

	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

export type RenderResult = {
	stdin: FakeStdin;
	stdout: FakeStdout;
	stderr: FakeStdout;
	frames: string[];
	lastFrame: () => string;
	rerender: Instance['rerender'];
	unmount: Instance['unmount'];
	waitUntilExit: Instance['waitUntilExit'];
};

/** Renders a tree on a fake terminal of `columns` × `rows`. */
export function render(tree: ReactElement, options: {columns?: number; rows?: number} = {}): RenderResult {
	const stdout = new FakeStdout(options.columns ?? 80, options.rows ?? 24);
	const stderr = new FakeStdout(options.columns ?? 80, options.rows ?? 24);
	const stdin = new FakeStdin();
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		stdin,
		stdout,
		stderr,
		frames: stdout.frames,
		lastFrame: () => stdout.lastFrame() ?? '',
		rerender: instance.rerender,
		unmount: instance.unmount,
		waitUntilExit: instance.waitUntilExit,
	};
}

/** Escape sequences of the keys the views use. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	backspace: '\u007F',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	ctrlC: '\u0003',
	ctrlS: '\u0013',
	ctrlU: '\u0015',
} as const;

/** Lets React and Ink flush: setImmediate, then setTimeout(0). */
export async function flush(): Promise<void> {
	await new Promise(resolve => setImmediate(resolve));
	await new Promise(resolve => setTimeout(resolve, 0));
}

/** Writes each input separately, flushing after each (a key at a time, as a person types). */
export async function sendKeys(instance: Pick<RenderResult, 'stdin'>, ...inputs: string[]): Promise<void> {
	for (const input of inputs) {
		instance.stdin.write(input);
		await flush();
	}
}

/** Types text one character at a time. */
export async function type(instance: Pick<RenderResult, 'stdin'>, text: string): Promise<void> {
	await sendKeys(instance, ...[...text]);
}

/** Strips ANSI escape sequences. */
export const stripAnsi = (text: string): string => text.replaceAll(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '');

/**
Waits until the last frame matches (text, RegExp or predicate on the ANSI-free frame); throws with
the last frame after `timeoutMs`.
*/
export async function waitForFrame(instance: Pick<RenderResult, 'lastFrame'>, match: string | RegExp | ((frame: string) => boolean), timeoutMs = 5000): Promise<string> {
	const test = typeof match === 'string' ? (f: string) => f.includes(match) : match instanceof RegExp ? (f: string) => match.test(f) : match;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = stripAnsi(instance.lastFrame());
		if (test(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`no frame matched ${String(match)} within ${timeoutMs} ms; last frame:\n${frame}`);
		await flush();
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** Waits until `predicate()` holds (flushing between tries); throws after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
		await flush();
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** The frame with runs of whitespace (line breaks from wrapping included) collapsed to one space. */
export const oneLine = (frame: string): string => frame.replaceAll(/\s+/g, ' ');
