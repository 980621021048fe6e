/**
Keys → wizard actions, decided inside the reducer so every key sees the state the previous key left
(keys typed or pasted faster than React re-renders are never read against a stale screen).
*/
import {reviewViewLines, reviewViewportHeight} from './screens.js';
import {currentQuestion, wizardReducer, type WizardAction, type WizardState} from './wizard-reducer.js';

/** The key flags the wizard reads (a subset of Ink's Key). */
export type KeyInfo = {
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	ctrl?: boolean;
	shift?: boolean;
	tab?: boolean;
	backspace?: boolean;
	delete?: boolean;
	meta?: boolean;
};

/** What the review's scrolling needs to know about the terminal. */
export type KeyLayout = {columns: number; rows: number; redact: boolean};

export type KeyPress = {type: 'key'; input: string; key: KeyInfo; layout: KeyLayout};

/** The action one key means in this state (undefined: ignored). */
export function keyToAction(state: WizardState, input: string, key: KeyInfo, layout: KeyLayout): WizardAction | undefined {
	if (key.ctrl && input === 'c') return {type: 'cancel'};
	if (key.ctrl && input === 's') return {type: 'requestSave'};
	const back = key.escape || (key.tab && key.shift);
	switch (state.phase) {
		case 'detect':
			if (key.upArrow) return {type: 'highlight', delta: -1};
			if (key.downArrow) return {type: 'highlight', delta: 1};
			if (key.return) return {type: 'submit'};
			return undefined;
		case 'ask': {
			const choices = Boolean(currentQuestion(state)?.choices);
			if (key.return || (key.tab && !key.shift)) return {type: 'submit'};
			if (back) return {type: 'back'};
			if (key.pageUp) return {type: 'previousStep'};
			if (key.pageDown) return {type: 'nextStep'};
			if (key.upArrow || key.downArrow) return choices ? {type: 'highlight', delta: key.upArrow ? -1 : 1} : undefined;
			if (key.leftArrow) return {type: 'cursor', to: 'left'};
			if (key.rightArrow) return {type: 'cursor', to: 'right'};
			if (key.home || (key.ctrl && input === 'a')) return {type: 'cursor', to: 'home'};
			if (key.end || (key.ctrl && input === 'e')) return {type: 'cursor', to: 'end'};
			if (key.ctrl && input === 'u') return {type: 'clear'};
			if (key.backspace || key.delete) return {type: 'backspace'};
			if (input && !key.ctrl && !key.meta) return {type: 'insert', text: input};
			return undefined;
		}
		case 'review': {
			const viewport = reviewViewportHeight(layout.rows);
			const max = reviewViewLines(state, layout.columns, layout.redact).length - viewport;
			if (state.confirmApply) return {type: 'confirmApply', yes: input === 'y' || input === 'Y'};
			if (key.return) return {type: 'submit'};
			if (back) return {type: 'back'};
			if (input === 'a' && state.canApply) return {type: 'reviewTarget', target: 'hosts'};
			if (input === 'w') return {type: 'reviewTarget', target: 'out'};
			if (key.leftArrow) return {type: 'reviewHost', delta: -1};
			if (key.rightArrow || key.tab) return {type: 'reviewHost', delta: 1};
			if (key.upArrow) return {type: 'reviewScroll', delta: -1, max};
			if (key.downArrow) return {type: 'reviewScroll', delta: 1, max};
			if (key.pageUp) return {type: 'reviewScroll', delta: -viewport, max};
			if (key.pageDown || input === ' ') return {type: 'reviewScroll', delta: viewport, max};
			return undefined;
		}
		case 'done':
			if (key.return || key.escape || input === 'q') return {type: 'finish'};
			return undefined;
		default:
			return undefined;
	}
}

const CONTROL: Record<string, {input: string; key: KeyInfo}> = {
	'\r': {input: '', key: {return: true}},
	'\n': {input: '', key: {return: true}},
	'\t': {input: '', key: {tab: true}},
	'\u007F': {input: '', key: {backspace: true}},
	'\b': {input: '', key: {backspace: true}},
	'\u0001': {input: 'a', key: {ctrl: true}},
	'\u0003': {input: 'c', key: {ctrl: true}},
	'\u0005': {input: 'e', key: {ctrl: true}},
	'\u0013': {input: 's', key: {ctrl: true}},
	'\u0015': {input: 'u', key: {ctrl: true}},
};

/**
Splits a chunk that arrived at once (type-ahead over a slow link, a paste, tmux send-keys) into the
keys it holds: `eth0\r` is "eth0" then Enter, not the text "eth0" with the Enter lost.
*/
export function splitChunk(input: string): Array<{input: string; key: KeyInfo}> {
	const out: Array<{input: string; key: KeyInfo}> = [];
	let text = '';
	for (const char of input) {
		const control = CONTROL[char];
		if (control === undefined && char >= ' ') {
			text += char;
			continue;
		}
		if (text) out.push({input: text, key: {}});
		text = '';
		if (control) out.push(control);
	}
	if (text) out.push({input: text, key: {}});
	return out;
}

/** wizardReducer that also understands key presses. */
export function interactiveReducer(state: WizardState, action: WizardAction | KeyPress): WizardState {
	if (action.type !== 'key') return wizardReducer(state, action);
	const plain = !Object.values(action.key).some(Boolean);
	const presses = plain && [...action.input].length > 1 ? splitChunk(action.input) : [{input: action.input, key: action.key}];
	let next = state;
	for (const press of presses) {
		const mapped = keyToAction(next, press.input, press.key, action.layout);
		if (mapped) next = wizardReducer(next, mapped);
	}
	return next;
}
