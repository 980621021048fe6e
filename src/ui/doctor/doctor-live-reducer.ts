/**
The doctor's live view as a pure state machine: collect events fill one row per host (facts being
collected, the VRRP capture countdown, done or unreachable), the report then becomes a list of findings
to walk with keys. Time comes in with the actions (`now`), so the reducer is tested without a clock.
*/
import type {DoctorEvent} from '../../doctor/run-doctor.js';
import type {DoctorReport, Finding} from '../../doctor/report-model.js';
import {orderedFindings} from './report-rows.js';

export type HostRow = {
	name: string;
	status: 'waiting' | 'collecting' | 'done' | 'unreachable';
	startedAt?: number;
	endedAt?: number;
	/** facts being collected now */
	running: string[];
	done: number;
	unavailable: number;
	/** seconds left in the VRRP capture window */
	capture?: number;
	reason?: string;
};

export type LiveState = {
	startedAt: number;
	/** the VRRP capture window the doctor uses (0: none) */
	captureSeconds: number;
	hosts: HostRow[];
	/** hosts in the order they finished (the view prints them once, in this order) */
	finished: string[];
	phase: 'collecting' | 'evaluating' | 'done' | 'failed';
	checks: number;
	findings: number;
	report?: DoctorReport;
	error?: string;
	/** index into the ordered findings */
	selected: number;
	expanded: boolean;
	/** a fix waiting for confirmation (finding id) */
	confirmFix?: string;
	/** the finding whose fix is running */
	fixing?: string;
	fixed: Record<string, 'ok' | 'failed'>;
	message?: {kind: 'info' | 'warning' | 'error'; text: string};
	/** requests the view turns into side effects */
	fixRequest?: {n: number; id: string};
	exportRequest?: number;
	quit?: {code: number};
};

export type LiveKey = {upArrow?: boolean; downArrow?: boolean; pageUp?: boolean; pageDown?: boolean; return?: boolean; escape?: boolean; ctrl?: boolean};

export type LiveAction =
	| {type: 'event'; event: DoctorEvent; now: number}
	| {type: 'report'; report: DoctorReport; now: number}
	| {type: 'failed'; message: string}
	| {type: 'key'; input: string; key: LiveKey}
	| {type: 'fixStarted'; id: string}
	| {type: 'fixDone'; id: string; ok: boolean; text: string}
	| {type: 'message'; kind: 'info' | 'warning' | 'error'; text: string};

/** Rows for the hosts known at start (the doctor names them before collecting). */
export function initialLiveState(hosts: readonly string[], now: number, captureSeconds = 0): LiveState {
	return {
		startedAt: now,
		captureSeconds,
		hosts: hosts.map(name => ({name, status: 'waiting', running: [], done: 0, unavailable: 0})),
		finished: [],
		phase: 'collecting',
		checks: 0,
		findings: 0,
		selected: 0,
		expanded: false,
		fixed: {},
	};
}

const updateHost = (state: LiveState, name: string, patch: (h: HostRow) => HostRow): LiveState => {
	const known = state.hosts.some(h => h.name === name);
	const hosts = known ? state.hosts : [...state.hosts, {name, status: 'waiting' as const, running: [], done: 0, unavailable: 0}];
	return {...state, hosts: hosts.map(h => (h.name === name ? patch(h) : h))};
};

const finish = (state: LiveState, name: string): LiveState => (state.finished.includes(name) ? state : {...state, finished: [...state.finished, name]});

function onEvent(state: LiveState, event: DoctorEvent, now: number): LiveState {
	switch (event.type) {
		case 'host:start':
			return updateHost(state, event.host, h => ({...h, status: 'collecting', startedAt: h.startedAt ?? now}));
		case 'host:unreachable':
			return finish(updateHost(state, event.host, h => ({...h, status: 'unreachable', reason: event.reason, running: [], endedAt: now})), event.host);
		case 'collector:start':
			return updateHost(state, event.host, h => ({...h, status: h.status === 'waiting' ? 'collecting' : h.status, startedAt: h.startedAt ?? now, running: [...h.running.filter(f => f !== event.fact), event.fact]}));
		case 'collector:done':
			return updateHost(state, event.host, h => ({
				...h,
				running: h.running.filter(f => f !== event.fact),
				done: h.done + 1,
				unavailable: h.unavailable + (event.status === 'unavailable' ? 1 : 0),
			}));
		case 'capture:tick':
			return updateHost(state, event.host, h => ({...h, capture: event.remainingSeconds}));
		case 'host:done':
			return finish(updateHost(state, event.host, h => (h.status === 'unreachable' ? h : {...h, status: 'done', running: [], capture: undefined, endedAt: now})), event.host);
		case 'evaluate:start': {
			let next: LiveState = {...state, phase: 'evaluating'};
			for (const h of state.hosts) if (h.status === 'waiting' || h.status === 'collecting') next = finish(updateHost(next, h.name, x => ({...x, status: 'done', running: [], endedAt: now})), h.name);
			return next;
		}
		case 'check:done':
			return {...state, checks: state.checks + 1, findings: state.findings + event.findings};
		case 'report':
			return withReport(state, event.report, now);
		default:
			return state;
	}
}

function withReport(state: LiveState, report: DoctorReport, now: number): LiveState {
	if (state.report) return state;
	let next: LiveState = {...state, phase: 'done', report, selected: 0};
	for (const h of state.hosts) {
		if (h.status === 'waiting' || h.status === 'collecting') {
			const reachable = report.hosts.find(x => x.name === h.name)?.reachable !== false;
			next = finish(updateHost(next, h.name, x => ({...x, status: reachable ? 'done' : 'unreachable', running: [], endedAt: now})), h.name);
		}
	}
	return next;
}

/** The finding under the cursor. */
export function selectedFinding(state: LiveState): Finding | undefined {
	if (!state.report) return undefined;
	return orderedFindings(state.report)[state.selected]?.finding;
}

/** Whether a finding has a fix lbwiz may apply (safe, with commands or files). */
export const hasSafeFix = (f: Finding): boolean => f.fix.some(fix => fix.safe && ((fix.commands?.length ?? 0) > 0 || (fix.writes?.length ?? 0) > 0));

function onKey(state: LiveState, input: string, key: LiveKey): LiveState {
	if ((key.ctrl && input === 'c') || ((input === 'q' || key.escape) && state.phase !== 'done')) {
		return {...state, quit: {code: 130}};
	}
	if (state.phase !== 'done' || !state.report) return state;
	const count = orderedFindings(state.report).length;
	if (state.confirmFix) {
		if (input === 'y' || input === 'f') return {...state, confirmFix: undefined, fixRequest: {n: (state.fixRequest?.n ?? 0) + 1, id: state.confirmFix}, message: undefined};
		return {...state, confirmFix: undefined, message: {kind: 'info', text: 'Fix not applied.'}};
	}
	if (input === 'q' || key.escape) return {...state, quit: {code: state.report.summary.exitCode}};
	if (key.upArrow || input === 'k') return {...state, selected: Math.max(0, state.selected - 1), message: undefined};
	if (key.downArrow || input === 'j') return {...state, selected: Math.min(Math.max(0, count - 1), state.selected + 1), message: undefined};
	if (key.return || input === 'e') return count > 0 ? {...state, expanded: !state.expanded} : state;
	if (input === 'r') return {...state, exportRequest: (state.exportRequest ?? 0) + 1, message: {kind: 'info', text: 'Writing the report…'}};
	if (input === 'f') {
		const f = selectedFinding(state);
		if (!f) return state;
		if (state.fixing) return {...state, message: {kind: 'warning', text: `A fix is running (${state.fixing}); wait for it.`}};
		if (!hasSafeFix(f)) return {...state, message: {kind: 'warning', text: `${f.id} has no fix lbwiz can apply safely: the fix shown needs a review by hand.`}};
		return {...state, confirmFix: f.id, message: undefined};
	}
	return state;
}

/** The live view's reducer. */
export function liveReducer(state: LiveState, action: LiveAction): LiveState {
	if (state.quit) return state;
	switch (action.type) {
		case 'event':
			return onEvent(state, action.event, action.now);
		case 'report':
			return withReport(state, action.report, action.now);
		case 'failed':
			return {...state, phase: 'failed', error: action.message};
		case 'key':
			return onKey(state, action.input, action.key);
		case 'fixStarted':
			return {...state, fixing: action.id, message: {kind: 'info', text: `Applying the fix of ${action.id}…`}};
		case 'fixDone':
			return {...state, fixing: undefined, fixed: {...state.fixed, [action.id]: action.ok ? 'ok' : 'failed'}, message: {kind: action.ok ? 'info' : 'error', text: action.text}};
		case 'message':
			return {...state, message: {kind: action.kind, text: action.text}};
	}
}
