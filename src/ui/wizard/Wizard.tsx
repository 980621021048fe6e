/**
The Ink setup wizard: state in `useReducer(wizardReducer)`, side effects through WizardServices, the
screen from screens.ts. Keys: Enter/Tab next, Esc/Shift-Tab back, PgUp/PgDn step, Ctrl-S save,
Ctrl-C quit (nothing written).

@example
```
lbwiz setup · Step 3/6: Virtual IP (VRRP)  14/40
Host › Architecture › Directors › [VIP] › Servers › HAProxy › Review › Apply

✔ Virtual IP address(es) clients connect to  203.0.113.100/24

› Virtual router ID (VRID)
  1–255, the same on every director; unique per cluster on this network segment
  > 51
· 51 is every guide's example: if another cluster on this LAN uses it, pick another

Enter next · Esc back · PgUp/PgDn step · ^U clear · ^S save · ^C quit
```
*/
import React, {useEffect, useReducer, useRef} from 'react';
import {useApp, useInput, useStdout} from 'ink';
import Rows from '../components/Rows.js';
import {screenSize} from '../components/screen-size.js';
import {symbolsOf, ThemeProvider, type Theme} from '../components/theme.js';
import {useTicker} from '../components/use-ticker.js';
import {wizardScreen} from './screens.js';
import {interactiveReducer} from './wizard-keys.js';
import type {WizardServices} from './wizard-services.js';
import type {WizardState} from './wizard-reducer.js';

type Properties = {
	readonly initial: WizardState;
	readonly services: WizardServices;
	readonly theme: Theme;
	/** show secrets in the review's diffs (--no-redact) */
	readonly redact: boolean;
	/** terminal size override (tests); defaults to the stdout's */
	readonly size?: {columns: number; rows: number};
	readonly onExit: (exit: {code: number; message: string}, state: WizardState) => void;
};

export default function Wizard({initial, services, theme, redact, size, onExit}: Properties) {
	const [state, dispatch] = useReducer(interactiveReducer, initial);
	const {stdout} = useStdout();
	const {exit} = useApp();
	const {columns, rows} = screenSize(stdout, size);
	const busy = state.detecting || state.review.status === 'loading' || state.apply.running;
	const tick = useTicker(busy);
	const abort = useRef(new AbortController());
	const symbols = symbolsOf(theme);

	useEffect(() => {
		if (!state.detecting) return;
		let live = true;
		services.detect().then(
			result => live && dispatch({type: 'detected', ...result}),
			(error: Error) => live && dispatch({type: 'detected', detection: {interfaces: [], versions: {}, init: 'unknown', firewall: [], existing: {}, notes: [error.message]}}),
		);
		return () => {
			live = false;
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once, at mount
	}, []);

	useEffect(() => {
		if (state.phase !== 'review' || state.review.status !== 'loading') return;
		let live = true;
		services.buildReview(state.answers, state.reviewTarget).then(
			review => live && dispatch({type: 'reviewLoaded', review}),
			(error: Error) => live && dispatch({type: 'reviewFailed', message: error.message}),
		);
		return () => {
			live = false;
		};
	}, [state.phase, state.review.status, state.reviewTarget, state.answers, services]);

	const reviewForApply = state.review.status === 'ready' ? state.review.review : undefined;
	useEffect(() => {
		if (state.phase !== 'apply' || !state.apply.running || state.apply.items.length > 0 || !reviewForApply) return;
		services
			.apply(reviewForApply, state.answers, item => dispatch({type: 'applyProgress', item}), abort.current.signal)
			.then(
				outcome => dispatch({type: 'applyDone', ...outcome}),
				(error: Error) => dispatch({type: 'applyDone', ok: false, lines: [error.message]}),
			);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- starts once per apply
	}, [state.phase, state.apply.running]);

	useEffect(() => {
		if (!state.exit) return;
		abort.current.abort();
		onExit(state.exit, state);
		exit();
	}, [state.exit, state, onExit, exit]);

	const saveRequest = state.saveRequest?.n;
	useEffect(() => {
		if (!state.saveRequest) return;
		services.save(state.answers, state.saveRequest.at).then(
			message => dispatch({type: 'notice', kind: 'info', text: message}),
			(error: Error) => dispatch({type: 'notice', kind: 'error', text: `Not saved: ${error.message}`}),
		);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per Ctrl-S
	}, [saveRequest]);

	useInput((input, key) => dispatch({type: 'key', input, key, layout: {columns, rows, redact}}));

	return (
		<ThemeProvider theme={theme}>
			<Rows rows={wizardScreen(state, {width: columns, height: rows, tick, symbols, redact})} width={columns} />
		</ThemeProvider>
	);
}
