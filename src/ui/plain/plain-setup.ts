/**
Plain mode of `lbwiz setup`: the wizard's questions one per line, for serial consoles, slow SSH,
TERM=dumb, pipes and logs. It drives the same reducer as the Ink wizard (same questions, validation,
navigation and review) and prints only whole lines: no cursor movement beyond enquirer's own prompts.
Typing `<` goes back one question, `<<` one step, `?` repeats the help, `:save` saves, `:quit` stops.
*/
import type {CommandIo} from '../../commands/command.js';
import {describeDetection} from '../wizard/detect.js';
import {wrapText} from '../components/row-model.js';
import {hostReviewLines, reviewProblems, reviewSummary, wrapLine} from '../wizard/review.js';
import type {LoadedAnswers} from '../wizard/save-answers.js';
import {stepsFor, stepTitle, type Question} from '../wizard/questions.js';
import type {WizardServices} from '../wizard/wizard-services.js';
import {currentQuestion, initialState, wizardReducer, type WizardAction, type WizardState} from '../wizard/wizard-reducer.js';
import {EnquirerPrompter, LinePrompter, type Prompter} from './prompters.js';

export type PlainOptions = {
	io: CommandIo;
	services: WizardServices;
	resume?: LoadedAnswers;
	redact: boolean;
	/** force a prompter (tests); default: enquirer on a full terminal, lines otherwise */
	prompter?: Prompter;
};

const WIDTH = 80;

/** The phase, read through a call: `dispatch` changes `state` behind TypeScript's narrowing. */
const phaseOf = (state: WizardState): WizardState['phase'] => state.phase;

/** Whether enquirer can draw its prompts here (a TTY both ways, not TERM=dumb). */
export const enquirerUsable = (io: CommandIo): boolean => Boolean(io.stdin.isTTY && io.stdout.isTTY && io.env.TERM !== 'dumb');

/** Runs plain mode; resolves with the exit status. */
export async function runPlainSetup(options: PlainOptions): Promise<number> {
	const {io, services} = options;
	const out = (line = '') => io.stdout.write(`${line}\n`);
	/** Prints a paragraph wrapped to 80 columns; continuation lines get `indent`. */
	const say = (text: string, indent = '') => {
		for (const line of wrapText(text, WIDTH, indent)) out(line);
	};
	const prompter = options.prompter ?? (enquirerUsable(io) ? new EnquirerPrompter(io) : new LinePrompter(io));
	let state: WizardState;
	const dispatch = (action: WizardAction) => {
		state = wizardReducer(state, action);
	};
	const stopped = (code: number) => {
		out(code === 130 ? 'Cancelled: nothing was written and no host was changed.' : 'Input ended before the wizard finished: nothing was written and no host was changed.');
		return code;
	};
	const endCode = () => (prompter instanceof LinePrompter ? 2 : 130);

	try {
		out('lbwiz setup (plain mode): one question per line; Enter keeps the [default].');
		out('Type < to go back, << for the previous step, ? for help, :save, :quit.');
		out();
		if (options.resume) {
			state = initialState({answers: options.resume.answers, resumeAt: options.resume.at, canApply: services.canApply});
			out(`Resuming from the answers file${options.resume.at ? ` at ${options.resume.at}` : ''}.`);
			for (const problem of options.resume.problems) out(`  ${problem}`);
		} else {
			state = initialState({canApply: services.canApply});
			out('Looking at this host: interfaces, installed software, init, firewall...');
			const started = Date.now();
			const result = await services.detect();
			dispatch({type: 'detected', ...result});
			for (const line of describeDetection(result.detection)) out(`  ${line}`);
			for (const note of result.detection.notes) say(`  note: ${note}`, '        ');
			out(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			if (result.found) {
				const answer = await prompter.ask({message: `Continue with ${result.found.path}?`, initial: 'yes', kind: 'confirm', choices: [{value: 'yes', label: 'yes'}, {value: 'no', label: 'no'}]});
				if (answer === undefined) return stopped(endCode());
				dispatch({type: 'highlight', delta: /^n/i.test(answer.trim()) ? 1 : 0});
			}
			dispatch({type: 'submit'});
		}

		let lastStep: string | undefined;
		for (;;) {
			if (state.phase === 'ask') {
				const q = currentQuestion(state)!;
				if (q.step !== lastStep) {
					const steps = stepsFor(state.answers, state.ctx);
					out();
					out(`== Step ${steps.indexOf(q.step) + 1}/${steps.length}: ${stepTitle(q.step)} ==`);
					lastStep = q.step;
				}
				printQuestion(q, state, out, say);
				const answer = await prompter.ask({message: q.label, initial: q.value(state.answers), kind: q.kind, choices: q.choices});
				if (answer === undefined) return stopped(endCode());
				const command = answer.trim();
				if (command === ':quit') return stopped(130);
				if (command === ':save') {
					out(await services.save(state.answers, q.id));
					continue;
				}
				if (command === '?') {
					say(`  ${q.help}`, '  ');
					continue;
				}
				if (command === '<' || command === '<<') {
					dispatch({type: command === '<' ? 'back' : 'previousStep'});
					if (phaseOf(state) === 'detect') dispatch({type: 'submit'});
					lastStep = undefined;
					continue;
				}
				const before = state.index;
				const beforePhase = state.phase;
				dispatch({type: 'setInput', text: answer});
				if (!state.error) dispatch({type: 'submit'});
				if (state.error) {
					say(`  ✖ ${state.error}`, '    ');
					if (state.phase === beforePhase && state.index !== before) lastStep = undefined;
					continue;
				}
				if (state.notice) say(`  ! ${state.notice.text}`, '    ');
				continue;
			}
			if (state.phase === 'review') {
				out();
				out('== Review ==');
				out(state.reviewTarget === 'hosts' ? 'Reading every host (files, services, firewall) to plan the changes...' : 'Rendering every host\'s files and comparing them with what is there now...');
				try {
					dispatch({type: 'reviewLoaded', review: await services.buildReview(state.answers, state.reviewTarget)});
				} catch (error) {
					out(`  ✖ could not ${state.reviewTarget === 'hosts' ? 'plan on the hosts' : 'render the files'}: ${(error as Error).message}`);
					if (state.reviewTarget === 'hosts') {
						dispatch({type: 'reviewTarget', target: 'out'});
						continue;
					}
					return 1;
				}
				if (state.review.status !== 'ready') return 1;
				const review = state.review.review;
				for (const host of review.hosts) {
					out();
					for (const line of hostReviewLines(review, host, {redact: options.redact}).flatMap(l => wrapLine(l, WIDTH))) out(line.text);
				}
				out();
				out('Summary:');
				for (const line of reviewSummary(review)) out(`  ${line}`);
				const hosts = review.target.kind === 'hosts';
				for (const problem of reviewProblems(review)) out(`  ! cannot apply: ${problem}`);
				const question = hosts
					? 'Apply this to the hosts now? (yes, files = write files only, no = stop, < = back)'
					: `Write the files under ${review.target.kind === 'out' ? review.target.dir : 'out'}/ and save the answers? (yes${services.canApply ? ', apply = plan on the hosts' : ''}, no = stop, < = back)`;
				const answer = await prompter.ask({message: question, initial: hosts ? 'no' : 'yes', kind: 'text'});
				if (answer === undefined) return stopped(endCode());
				const a = answer.trim().toLowerCase();
				if (a === 'apply' && services.canApply && !hosts) {
					dispatch({type: 'reviewTarget', target: 'hosts'});
					continue;
				}
				if (a === 'files' && hosts) {
					dispatch({type: 'reviewTarget', target: 'out'});
					continue;
				}
				if (hosts && ['y', 'yes'].includes(a)) {
					if (reviewProblems(review).length > 0) {
						out('  ✖ fix the problems above first (or answer files).');
						continue;
					}
					dispatch({type: 'submit'});
					dispatch({type: 'confirmApply', yes: true});
					continue;
				}
				if (a === '<' || a === 'back') {
					dispatch({type: 'back'});
					lastStep = undefined;
					continue;
				}
				if (a === ':save') {
					out(await services.save(state.answers));
					continue;
				}
				if (!['y', 'yes'].includes(a)) return stopped(130);
				dispatch({type: 'submit'});
				continue;
			}
			if (state.phase === 'apply') {
				out();
				out(state.reviewTarget === 'hosts' ? '== Applying ==' : '== Writing ==');
				const outcome = await services.apply(
					state.review.status === 'ready' ? state.review.review : (undefined as never),
					state.answers,
					item => {
						dispatch({type: 'applyProgress', item});
						if (item.status === 'running') return;
						const merged = state.apply.items.find(i => i.key === item.key) ?? item;
						const mark = merged.status === 'done' ? '✔' : merged.status === 'failed' ? '✖' : '-';
						say(`  ${mark} ${merged.host.padEnd(8)} ${merged.label}${merged.detail ? `  (${merged.detail})` : ''}`, '             ');
					},
					new AbortController().signal,
				);
				dispatch({type: 'applyDone', ...outcome});
				continue;
			}
			if (state.phase === 'done') {
				out();
				out(state.apply.ok ? '== Done ==' : '== Stopped ==');
				for (const line of state.apply.lines) say(line, line.startsWith('     ') ? '       ' : /^(?:\d\.| ) /.test(line) ? '   ' : '');
				return state.apply.ok ? 0 : 1;
			}
			dispatch({type: 'submit'});
		}
	} finally {
		prompter.close();
	}
}

function printQuestion(q: Question, state: WizardState, out: (line?: string) => void, say: (text: string, indent?: string) => void) {
	out();
	out(`${q.label}`);
	say(`  ${q.help}`, '  ');
	if (q.choices && q.kind === 'select') {
		q.choices.forEach((c, i) => say(`  ${String(i + 1).padStart(2)}. ${c.label}${c.hint ? ` - ${c.hint}` : ''}`, '       '));
	}
	const note = q.note?.(state.answers);
	if (note) say(`  note: ${note}`, '        ');
}
