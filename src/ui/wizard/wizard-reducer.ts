/**
The setup wizard as a pure state machine: detect → one question at a time (steps are groups of
questions) → review → apply → next steps. The Ink view and plain mode both drive it with the same
actions, so navigation and validation are identical in both. No I/O, no React: tested alone.
*/
import {defaultAnswers, type WizardAnswers} from './answers.js';
import type {Detection} from './detect.js';
import {answerQuestion, questionsFor, stepError, checkAnswers, diagnosticsFor, diagnosticText, parseYesNo, type Question, type QuestionContext} from './questions.js';
import {reviewProblems, type Review} from './review.js';

export type Phase = 'detect' | 'ask' | 'review' | 'apply' | 'done';

/** One line of apply progress: a step on a host. */
export type ApplyItem = {key: string; host: string; label: string; status: 'pending' | 'running' | 'done' | 'failed' | 'skipped'; detail?: string};

export type WizardState = {
	phase: Phase;
	answers: WizardAnswers;
	ctx: QuestionContext;
	/** detection still running */
	detecting: boolean;
	/**
	A start found on this host: an lbwiz.yaml (resumed at review) or the running keepalived.conf /
	haproxy.cfg imported (`imported`: the wizard starts at the first question, prefilled).
	*/
	found?: {path: string; answers: WizardAnswers; problems: string[]; imported?: boolean};
	/** index of the current question */
	index: number;
	/** furthest question reached (PgDn may skip forward up to it) */
	furthest: number;
	input: string;
	cursor: number;
	/** highlighted choice (select, confirm, and the detect screen's choice) */
	highlight: number;
	error?: string;
	/** a message about the previous action: a warning kept after Enter, "saved to …" */
	notice?: {kind: 'info' | 'warning' | 'error'; text: string};
	review: {status: 'idle' | 'loading'} | {status: 'ready'; review: Review} | {status: 'failed'; message: string};
	/** what the review shows and Enter does: write files to the output directory, or apply to the hosts */
	reviewTarget: 'out' | 'hosts';
	/** whether an apply service is there ('a' in the review) */
	canApply: boolean;
	/** Enter on a hosts review asks once more */
	confirmApply?: boolean;
	/** review navigation: which host, scroll offset in lines */
	reviewHost: number;
	reviewScroll: number;
	apply: {items: ApplyItem[]; running: boolean; ok?: boolean; lines: string[]};
	/** Ctrl-S asks the view to save; `n` counts the requests, `at` is the question to resume at */
	saveRequest?: {n: number; at?: string};
	/** set when the wizard is over: the exit status and the last line to print */
	exit?: {code: number; message: string};
};

export type WizardAction =
	| {type: 'detected'; detection: Detection; found?: WizardState['found']}
	| {type: 'insert'; text: string}
	| {type: 'backspace'}
	| {type: 'delete'}
	| {type: 'cursor'; to: 'left' | 'right' | 'home' | 'end'}
	| {type: 'clear'}
	| {type: 'setInput'; text: string}
	| {type: 'highlight'; delta: number}
	| {type: 'submit'}
	| {type: 'back'}
	| {type: 'previousStep'}
	| {type: 'nextStep'}
	| {type: 'resume'; answers: WizardAnswers; at?: string}
	| {type: 'reviewLoaded'; review: Review}
	| {type: 'reviewFailed'; message: string}
	| {type: 'reviewHost'; delta: number}
	| {type: 'reviewTarget'; target: 'out' | 'hosts'}
	| {type: 'confirmApply'; yes: boolean}
	| {type: 'reviewScroll'; delta: number; max: number}
	| {type: 'applyStart'}
	| {type: 'applyProgress'; item: ApplyItem}
	| {type: 'applyDone'; ok: boolean; lines: string[]}
	| {type: 'notice'; kind: 'info' | 'warning' | 'error'; text: string}
	| {type: 'requestSave'}
	| {type: 'cancel'}
	| {type: 'finish'};

/** The initial state; `answers` (e.g. from --answers) start the wizard at review. */
export function initialState(options: {answers?: WizardAnswers; detection?: Detection; resumeAt?: string; canApply?: boolean} = {}): WizardState {
	const ctx: QuestionContext = {detection: options.detection};
	const answers = options.answers ?? defaultAnswers(options.detection);
	const base: WizardState = {
		phase: 'detect',
		answers,
		ctx,
		detecting: options.detection === undefined && options.answers === undefined,
		index: 0,
		furthest: 0,
		input: '',
		cursor: 0,
		highlight: 0,
		review: {status: 'idle'},
		reviewTarget: 'out',
		canApply: options.canApply ?? false,
		reviewHost: 0,
		reviewScroll: 0,
		apply: {items: [], running: false, lines: []},
	};
	if (options.answers) return resumeAt(base, answers, options.resumeAt);
	return base;
}

/** The question list for the state's answers. */
export const questionsOf = (state: WizardState): Question[] => questionsFor(state.answers, state.ctx);

/** The current question (ask phase). */
export const currentQuestion = (state: WizardState): Question | undefined => (state.phase === 'ask' ? questionsOf(state)[state.index] : undefined);

/** Moves to question `index`, loading its stored answer into the input. */
function enter(state: WizardState, index: number, extra: Partial<WizardState> = {}): WizardState {
	const questions = questionsOf(state);
	const q = questions[Math.max(0, Math.min(index, questions.length - 1))];
	const value = q.value(state.answers);
	const highlight = q.choices ? Math.max(0, q.choices.findIndex(c => c.value === value)) : 0;
	const at = questions.indexOf(q);
	return {...state, phase: 'ask', index: at, furthest: Math.max(state.furthest, at), input: value, cursor: value.length, highlight, error: undefined, ...extra};
}

function toReview(state: WizardState, extra: Partial<WizardState> = {}): WizardState {
	return {...state, phase: 'review', review: {status: 'loading'}, reviewTarget: 'out', confirmApply: undefined, reviewHost: 0, reviewScroll: 0, error: undefined, furthest: questionsOf(state).length, ...extra};
}

/** Starts at the question with id `at`, or at review when the answers have no error (else at the first error). */
function resumeAt(state: WizardState, answers: WizardAnswers, at?: string): WizardState {
	const next = {...state, answers, detecting: false};
	const questions = questionsOf(next);
	const firstError = diagnosticsFor(questions, checkAnswers(answers)).find(x => x.diagnostic.severity === 'error');
	if (firstError) return enter(next, questions.indexOf(firstError.question), {furthest: questions.length, error: diagnosticText(firstError.diagnostic)});
	const target = at === undefined ? -1 : questions.findIndex(q => q.id === at);
	if (target >= 0) return enter(next, target, {furthest: questions.length});
	return toReview(next);
}

function submitQuestion(state: WizardState): WizardState {
	const questions = questionsOf(state);
	const q = questions[state.index];
	const raw = q.choices ? (q.choices[state.highlight]?.value ?? '') : state.input;
	const result = answerQuestion(q, state.answers, raw);
	if ('error' in result) return {...state, error: result.error, notice: undefined};
	const answered: WizardState = {...state, answers: result.answers, notice: result.warning ? {kind: 'warning', text: `${q.label}: ${result.warning}`} : undefined};
	const next = questionsFor(result.answers, state.ctx);
	const leavingStep = state.index + 1 >= next.length || next[state.index + 1].step !== q.step;
	if (leavingStep) {
		const problem = stepError(q.step, result.answers, state.ctx);
		if (problem) return enter(answered, next.findIndex(x => x.id === problem.question.id), {error: problem.message});
	}
	if (state.index + 1 >= next.length) {
		const all = diagnosticsFor(next, checkAnswers(result.answers)).find(x => x.diagnostic.severity === 'error');
		if (all) return enter(answered, next.indexOf(all.question), {error: diagnosticText(all.diagnostic)});
		return toReview(answered);
	}
	return enter(answered, state.index + 1, {notice: answered.notice});
}

/**
The choice a typed answer means: its number (1-based), its value, a unique prefix of a value, or
for yes/no questions y/n/true/false. -1 when none.
*/
export function choiceIndex(q: Question, typed: string): number {
	const choices = q.choices ?? [];
	const t = typed.trim().toLowerCase();
	if (/^\d+$/.test(t)) {
		const n = Number(t) - 1;
		if (n >= 0 && n < choices.length) return n;
	}
	const exact = choices.findIndex(c => c.value.toLowerCase() === t);
	if (exact >= 0) return exact;
	if (q.kind === 'confirm') {
		const yes = parseYesNo(t);
		if (yes !== undefined) return choices.findIndex(c => c.value === (yes ? 'yes' : 'no'));
	}
	const prefixed = choices.flatMap((c, i) => (t !== '' && c.value.toLowerCase().startsWith(t) ? [i] : []));
	return prefixed.length === 1 ? prefixed[0] : -1;
}

const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, n));

/** The wizard's reducer. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	if (state.exit) return state;
	switch (action.type) {
		case 'detected': {
			const ctx = {detection: action.detection};
			// Defaults follow detection unless the operator already started answering.
			const answers = state.phase === 'detect' ? {...defaultAnswers(action.detection, state.answers.architecture)} : state.answers;
			return {...state, ctx, answers, detecting: false, found: action.found, highlight: 0};
		}
		case 'insert': {
			if (state.phase !== 'ask') return state;
			const q = currentQuestion(state);
			if (!q || q.choices) {
				// Typing on a choice list: a digit or a first letter picks.
				if (!q?.choices) return state;
				const digit = /^[1-9]$/.test(action.text) ? Number(action.text) - 1 : -1;
				const byLetter = q.choices.findIndex((c, i) => i > state.highlight && c.value.toLowerCase().startsWith(action.text.toLowerCase()));
				const first = q.choices.findIndex(c => c.value.toLowerCase().startsWith(action.text.toLowerCase()));
				const target = digit >= 0 && digit < q.choices.length ? digit : byLetter >= 0 ? byLetter : first;
				return target >= 0 ? {...state, highlight: target, error: undefined} : state;
			}
			const text = action.text.replaceAll(/[\r\n\t]/g, '');
			return {...state, input: state.input.slice(0, state.cursor) + text + state.input.slice(state.cursor), cursor: state.cursor + text.length, error: undefined};
		}
		case 'backspace':
			if (state.phase !== 'ask' || state.cursor === 0) return state;
			return {...state, input: state.input.slice(0, state.cursor - 1) + state.input.slice(state.cursor), cursor: state.cursor - 1, error: undefined};
		case 'delete':
			if (state.phase !== 'ask' || state.cursor >= state.input.length) return state;
			return {...state, input: state.input.slice(0, state.cursor) + state.input.slice(state.cursor + 1), error: undefined};
		case 'cursor': {
			const to = {left: state.cursor - 1, right: state.cursor + 1, home: 0, end: state.input.length}[action.to];
			return {...state, cursor: clamp(to, 0, state.input.length)};
		}
		case 'clear':
			return state.phase === 'ask' ? {...state, input: '', cursor: 0, error: undefined} : state;
		case 'setInput': {
			if (state.phase !== 'ask') return state;
			const q = currentQuestion(state);
			if (q?.choices) {
				const t = action.text.trim();
				if (t === '') return state;
				const at = choiceIndex(q, t);
				if (at < 0) return {...state, error: `${JSON.stringify(t)} is not one of the choices; allowed: ${q.choices.map(c => c.value).join(', ')}`};
				return {...state, highlight: at};
			}
			return {...state, input: action.text, cursor: action.text.length, error: undefined};
		}
		case 'highlight': {
			if (state.phase === 'detect') return {...state, highlight: clamp(state.highlight + action.delta, 0, state.found ? 1 : 0)};
			const q = currentQuestion(state);
			if (!q?.choices) return state;
			return {...state, highlight: (state.highlight + action.delta + q.choices.length) % q.choices.length, error: undefined};
		}
		case 'submit':
			if (state.phase === 'detect') {
				if (state.detecting) return state;
				if (state.found && state.highlight === 0 && state.found.imported) return enter({...state, answers: state.found.answers}, 0, {notice: {kind: 'info', text: `Imported ${state.found.path}: check each answer`}});
				if (state.found && state.highlight === 0) return resumeAt({...state, notice: {kind: 'info', text: `Loaded ${state.found.path}`}}, state.found.answers);
				return enter(state, 0);
			}
			if (state.phase === 'ask') return submitQuestion(state);
			if (state.phase === 'review' && state.review.status === 'ready') {
				const review = state.review.review;
				if (review.target.kind === 'hosts') {
					const problems = reviewProblems(review);
					if (problems.length > 0) return {...state, notice: {kind: 'error', text: `Cannot apply: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}. Fix it, or press w to write the files instead.`}};
					if (!state.confirmApply) return {...state, confirmApply: true, notice: {kind: 'warning', text: `Apply to ${review.hosts.filter(h => h.files.length + h.commands.length > 0).length} host(s) now? y = yes, any other key = no`}};
				}
				return {...state, phase: 'apply', confirmApply: undefined, apply: {items: [], running: true, lines: []}, notice: undefined};
			}
			if (state.phase === 'done') return {...state, exit: {code: state.apply.ok === false ? 1 : 0, message: ''}};
			return state;
		case 'back':
			if (state.phase === 'ask') return state.index === 0 ? {...state, phase: 'detect', highlight: state.found ? 1 : 0, error: undefined, notice: undefined} : enter(state, state.index - 1, {notice: undefined});
			if (state.phase === 'review') return enter(state, questionsOf(state).length - 1, {review: {status: 'idle'}, notice: undefined});
			return state;
		case 'previousStep': {
			if (state.phase !== 'ask') return state;
			const questions = questionsOf(state);
			const step = questions[state.index].step;
			const startOfStep = questions.findIndex(q => q.step === step);
			const target = state.index > startOfStep ? startOfStep : questions.findIndex(q => q.step === questions[Math.max(0, startOfStep - 1)].step);
			return enter(state, Math.max(0, target), {notice: undefined});
		}
		case 'nextStep': {
			if (state.phase !== 'ask') return state;
			const questions = questionsOf(state);
			const step = questions[state.index].step;
			const nextStart = questions.findIndex((q, i) => i > state.index && q.step !== step);
			if (nextStart === -1) return state.furthest >= questions.length ? toReview(state) : state;
			return nextStart <= state.furthest ? enter(state, nextStart, {notice: undefined}) : state;
		}
		case 'resume':
			return resumeAt(state, action.answers, action.at);
		case 'reviewLoaded':
			return state.phase === 'review' ? {...state, review: {status: 'ready', review: action.review}} : state;
		case 'reviewFailed':
			return state.phase === 'review' ? {...state, review: {status: 'failed', message: action.message}} : state;
		case 'reviewTarget':
			if (state.phase !== 'review' || (action.target === 'hosts' && !state.canApply) || action.target === state.reviewTarget) return state;
			return {...state, reviewTarget: action.target, review: {status: 'loading'}, reviewHost: 0, reviewScroll: 0, confirmApply: undefined, notice: undefined};
		case 'confirmApply':
			if (!state.confirmApply) return state;
			return action.yes ? wizardReducer(state, {type: 'submit'}) : {...state, confirmApply: undefined, notice: {kind: 'info', text: 'Not applied.'}};
		case 'reviewHost': {
			if (state.review.status !== 'ready') return state;
			const count = state.review.review.hosts.length;
			return {...state, reviewHost: (state.reviewHost + action.delta + count) % Math.max(1, count), reviewScroll: 0};
		}
		case 'reviewScroll':
			return {...state, reviewScroll: clamp(state.reviewScroll + action.delta, 0, Math.max(0, action.max))};
		case 'applyStart':
			return {...state, phase: 'apply', apply: {items: [], running: true, lines: []}};
		case 'applyProgress': {
			// An update keeps what it does not say (a step's label comes with its start).
			const items = state.apply.items.some(i => i.key === action.item.key)
				? state.apply.items.map(i => (i.key === action.item.key ? {...i, ...action.item, label: action.item.label || i.label} : i))
				: [...state.apply.items, action.item];
			return {...state, apply: {...state.apply, items}};
		}
		case 'applyDone':
			return {...state, phase: 'done', apply: {...state.apply, running: false, ok: action.ok, lines: action.lines}};
		case 'notice':
			return {...state, notice: {kind: action.kind, text: action.text}};
		case 'requestSave':
			if (state.phase === 'apply') return state;
			return {...state, saveRequest: {n: (state.saveRequest?.n ?? 0) + 1, at: state.phase === 'ask' ? currentQuestion(state)?.id : undefined}};
		case 'cancel':
			if (state.phase === 'done') return {...state, exit: {code: state.apply.ok === false ? 1 : 0, message: ''}};
			if (state.phase === 'apply' && state.reviewTarget === 'hosts') return {...state, notice: {kind: 'warning', text: 'Applying to the hosts: wait for it to finish (a host that fails is rolled back).'}};
			if (state.phase === 'apply') return {...state, exit: {code: 130, message: 'Stopped while writing: only the steps marked done above were carried out; lbwiz.yaml was not saved.'}};
			return {...state, exit: {code: 130, message: 'Cancelled: nothing was written and no host was changed.'}};
		case 'finish':
			return {...state, exit: {code: state.apply.ok === false ? 1 : 0, message: ''}};
	}
}
