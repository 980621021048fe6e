/** Drives the Ink wizard with keys, question by question, following the pure reducer. */
import React from 'react';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Wizard from '../../src/ui/wizard/Wizard.js';
import {createWizardServices, type WizardServices} from '../../src/ui/wizard/wizard-services.js';
import {choiceIndex, currentQuestion, initialState, questionsOf, wizardReducer, type WizardState} from '../../src/ui/wizard/wizard-reducer.js';
import {keys, render, sendKeys, type, waitForFrame, type RenderResult} from '../helpers/ink.js';
import {detection, KEEPALIVED_HAPROXY} from './wizard-fixtures.js';

export type Mounted = RenderResult & {exits: Array<{code: number; message: string}>; dir: string; services: WizardServices};

/** Real services in a fresh temporary directory, with this host detected as the fixture host. */
export async function servicesIn(dir?: string): Promise<{dir: string; services: WizardServices}> {
	const cwd = dir ?? (await mkdtemp(join(tmpdir(), 'lbwiz-ui-')));
	const real = createWizardServices({cwd, outDir: 'out'});
	return {dir: cwd, services: {...real, detect: async () => ({detection})}};
}

/** Mounts the wizard at 80×24 (or `size`) with colour as the env says. */
export async function mountWizard(options: {color?: boolean; size?: {columns: number; rows: number}; initial?: WizardState; services?: WizardServices; dir?: string} = {}): Promise<Mounted> {
	const {dir, services} = options.services ? {dir: options.dir ?? '', services: options.services} : await servicesIn();
	const exits: Array<{code: number; message: string}> = [];
	const app = render(
		<Wizard
			initial={options.initial ?? initialState()}
			services={services}
			theme={{color: options.color ?? true, unicode: true}}
			redact
			onExit={exit => {
				exits.push(exit);
			}}
		/>,
		options.size ?? {},
	);
	return {...app, exits, dir, services};
}

/** The reducer's state right after detection, to follow the view. */
export const followerAtStart = (): WizardState => wizardReducer(initialState(), {type: 'detected', detection});

/**
Answers every question with keys as a person would: Ctrl-U and typing for text, a digit for a
choice, Enter to keep a default; waits for each next question. Returns the follower state (at review).
*/
export async function answerWithKeys(app: RenderResult, answers: Record<string, string>, follower: WizardState): Promise<WizardState> {
	let s = follower;
	for (let guard = 0; s.phase === 'ask' && guard < 300; guard++) {
		const q = currentQuestion(s)!;
		const value = answers[q.id];
		if (value !== undefined) {
			if (q.choices) await sendKeys(app, String(choiceIndex(q, value) + 1));
			else {
				await sendKeys(app, keys.ctrlU);
				await type(app, value);
			}
			s = wizardReducer(s, {type: 'setInput', text: value});
		}
		s = wizardReducer(s, {type: 'submit'});
		if (s.error) throw new Error(`${q.id}: ${s.error}`);
		await sendKeys(app, keys.enter);
		if (s.phase === 'ask') {
			const next = currentQuestion(s)!;
			await waitForFrame(app, f => f.includes(`${s.index + 1}/${questionsOf(s).length}`) && f.includes(next.label));
		}
	}
	return s;
}

/**
From the welcome screen, answers the keepalived + HAProxy example (KEEPALIVED_HAPROXY) with keys and
waits for the review; returns its first frame, which shows lb1.
*/
export async function answerToReview(app: RenderResult): Promise<string> {
	await waitForFrame(app, 'Press Enter to start.');
	await sendKeys(app, keys.enter);
	await waitForFrame(app, 'Which architecture');
	await answerWithKeys(app, KEEPALIVED_HAPROXY, wizardReducer(followerAtStart(), {type: 'submit'}));
	return waitForFrame(app, 'Hosts: [lb1]');
}
