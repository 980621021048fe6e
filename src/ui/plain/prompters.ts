/**
The two ways plain mode reads an answer. `LinePrompter` reads whole lines (readline without a
terminal): it works on pipes, serial consoles, TERM=dumb and in logs, and echoes each answer when the
terminal does not. `EnquirerPrompter` uses enquirer's prompts on a real terminal (`--plain` on a TTY).
Both return undefined when the input ends or the user cancels.
*/
import {createInterface, type Interface} from 'node:readline';
import Enquirer from 'enquirer';
import type {Choice} from '../wizard/questions.js';

export type PromptSpec = {
	message: string;
	/** what Enter alone answers */
	initial: string;
	kind: 'text' | 'number' | 'secret' | 'select' | 'confirm';
	choices?: Choice[];
};

export type Prompter = {
	ask(spec: PromptSpec): Promise<string | undefined>;
	close(): void;
};

type Streams = {stdin: NodeJS.ReadableStream & {isTTY?: boolean}; stdout: NodeJS.WritableStream & {isTTY?: boolean}};

/** Reads answers line by line; an empty line takes the default. */
export class LinePrompter implements Prompter {
	private readonly rl: Interface;
	private readonly lines: AsyncIterator<string>;
	private readonly echo: boolean;

	constructor(private readonly streams: Streams) {
		this.rl = createInterface({input: streams.stdin, terminal: false, crlfDelay: Infinity});
		this.lines = this.rl[Symbol.asyncIterator]();
		// A terminal echoes what is typed; a pipe does not, and a log only sees what we write.
		this.echo = !streams.stdin.isTTY || !streams.stdout.isTTY;
	}

	async ask(spec: PromptSpec): Promise<string | undefined> {
		const shownDefault = spec.kind === 'secret' ? (spec.initial ? '•'.repeat(Math.min(8, spec.initial.length)) : '') : spec.initial;
		const options = spec.kind === 'confirm' ? ' (yes/no)' : spec.kind === 'select' ? ` (1-${spec.choices?.length ?? 1} or name)` : '';
		this.streams.stdout.write(`${spec.message}${options}${shownDefault === '' ? '' : ` [${shownDefault}]`}: `);
		const next = await this.lines.next();
		if (next.done) {
			this.streams.stdout.write('\n');
			return undefined;
		}
		const line = next.value.replace(/\r$/, '');
		const answer = line.trim() === '' ? spec.initial : line;
		if (this.echo) this.streams.stdout.write(`${spec.kind === 'secret' ? '•'.repeat(Math.min(8, answer.length)) : answer}\n`);
		return answer;
	}

	close(): void {
		this.rl.close();
	}
}

type EnquirerLike = {prompt(question: object): Promise<Record<string, unknown>>};

/** enquirer's prompts, one at a time (never while Ink is mounted). */
export class EnquirerPrompter implements Prompter {
	constructor(private readonly streams: Streams) {}

	async ask(spec: PromptSpec): Promise<string | undefined> {
		const enquirer = new Enquirer() as unknown as EnquirerLike;
		const common = {name: 'value', message: spec.message, stdin: this.streams.stdin, stdout: this.streams.stdout};
		try {
			if (spec.kind === 'select' || spec.kind === 'confirm') {
				const choices = [...(spec.choices ?? []).map(c => ({name: c.value, message: c.label})), {name: '<', message: '‹ back'}];
				const initial = Math.max(0, choices.findIndex(c => c.name === spec.initial));
				const result = await enquirer.prompt({...common, type: 'select', choices, initial});
				return String(result.value);
			}
			const result = await enquirer.prompt({...common, type: spec.kind === 'secret' ? 'password' : 'input', initial: spec.initial});
			const value = String(result.value ?? '');
			return value === '' ? spec.initial : value;
		} catch {
			return undefined;
		}
	}

	close(): void {}
}
