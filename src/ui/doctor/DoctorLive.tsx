/**
`lbwiz doctor` on a terminal: a row per host while facts are collected (spinner, elapsed time, the VRRP
capture countdown), finished hosts and then the report printed once above (Ink's <Static>, as in Ink's
jest example), and below them a navigator over the findings: ↑/↓ select, Enter/e evidence, f fix,
r export, q quit.

@example
```
✔ lb1        14 facts (1 unavailable) in 4.3 s
⠼ lb2        3.1 s · VRRP capture 2 s left · 9 done · vrrp.adverts
q quit (nothing is changed on the hosts)
```
*/
import React, {useEffect, useReducer, useRef} from 'react';
import {Static, useApp, useInput, useStdout} from 'ink';
import type {DoctorEvent} from '../../doctor/run-doctor.js';
import type {DoctorReport, Finding} from '../../doctor/report-model.js';
import Rows from '../components/Rows.js';
import {blank} from '../components/row-model.js';
import {screenSize} from '../components/screen-size.js';
import {symbolsOf, ThemeProvider, type Theme} from '../components/theme.js';
import {useTicker} from '../components/use-ticker.js';
import {initialLiveState, liveReducer, type LiveState} from './doctor-live-reducer.js';
import {hostRow, liveScreen} from './live-screen.js';
import {reportRows} from './report-rows.js';

export type LiveServices = {
	/** starts collection and evaluation; events as they happen; resolves with the report */
	start: (onEvent: (event: DoctorEvent) => void, signal: AbortSignal) => Promise<DoctorReport>;
	/** applies the safe fixes of one finding (already confirmed); a one-line outcome */
	fix?: (finding: Finding, report: DoctorReport) => Promise<{ok: boolean; text: string}>;
	/** writes the report; a one-line outcome (where it went) */
	exportReport?: (report: DoctorReport) => Promise<string>;
};

type Properties = {
	readonly hosts: readonly string[];
	readonly captureSeconds?: number;
	readonly services: LiveServices;
	readonly theme: Theme;
	readonly size?: {columns: number; rows: number};
	/** a clock for tests */
	readonly now?: () => number;
	readonly onExit: (code: number, state: LiveState) => void;
};

type StaticItem = {key: string; rows: ReturnType<typeof reportRows>};

export default function DoctorLive({hosts, captureSeconds = 0, services, theme, size, now = Date.now, onExit}: Properties) {
	const [state, dispatch] = useReducer(liveReducer, undefined, () => initialLiveState(hosts, now(), captureSeconds));
	const {stdout} = useStdout();
	const {exit} = useApp();
	const {columns, rows} = screenSize(stdout, size);
	const symbols = symbolsOf(theme);
	const tick = useTicker(state.phase === 'collecting' || state.phase === 'evaluating' || Boolean(state.fixing));
	const abort = useRef(new AbortController());

	useEffect(() => {
		services.start(event => dispatch({type: 'event', event, now: now()}), abort.current.signal).then(
			report => dispatch({type: 'report', report, now: now()}),
			(error: Error) => dispatch({type: 'failed', message: error.message}),
		);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once, at mount
	}, []);

	const fixRequest = state.fixRequest?.n;
	useEffect(() => {
		if (!state.fixRequest || !state.report) return;
		const finding = state.report.findings.find(f => f.id === state.fixRequest!.id);
		if (!finding) return;
		if (!services.fix) {
			dispatch({type: 'message', kind: 'warning', text: 'Fixing is not available here; run lbwiz doctor --fix.'});
			return;
		}
		dispatch({type: 'fixStarted', id: finding.id});
		services.fix(finding, state.report).then(
			outcome => dispatch({type: 'fixDone', id: finding.id, ok: outcome.ok, text: outcome.text}),
			(error: Error) => dispatch({type: 'fixDone', id: finding.id, ok: false, text: `The fix of ${finding.id} failed: ${error.message}`}),
		);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per request
	}, [fixRequest]);

	useEffect(() => {
		if (!state.exportRequest || !state.report) return;
		if (!services.exportReport) {
			dispatch({type: 'message', kind: 'warning', text: 'Exporting is not available in this build; use lbwiz doctor --report FILE.'});
			return;
		}
		services.exportReport(state.report).then(
			text => dispatch({type: 'message', kind: 'info', text}),
			(error: Error) => dispatch({type: 'message', kind: 'error', text: `Report not written: ${error.message}`}),
		);
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per request
	}, [state.exportRequest]);

	useEffect(() => {
		if (!state.quit) return;
		abort.current.abort();
		onExit(state.quit.code, state);
		exit();
	}, [state.quit, state, onExit, exit]);

	useInput((input, key) => dispatch({type: 'key', input, key}));

	const items: StaticItem[] = state.finished.map(name => ({key: `host:${name}`, rows: [hostRow(state.hosts.find(h => h.name === name)!, {now: now(), tick, symbols})]}));
	if (state.report) items.push({key: 'report', rows: [blank(), ...reportRows(state.report, columns, symbols), blank()]});

	return (
		<ThemeProvider theme={theme}>
			<Static items={items}>{item => <Rows key={item.key} rows={item.rows} width={columns} />}</Static>
			<Rows rows={liveScreen(state, {width: columns, height: rows, now: now(), tick, symbols})} width={columns} />
		</ThemeProvider>
	);
}
