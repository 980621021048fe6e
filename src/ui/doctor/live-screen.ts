/**
The live view's rows: one per host while collecting (what is being collected, elapsed time, the VRRP
capture countdown), then the finding navigator. Finished hosts are printed once above (Static) with
hostRow. Pure; `now` and `tick` come from the view.
*/
import type {DoctorReport} from '../../doctor/report-model.js';
import {blank, row, wrappedRows, type Row} from '../components/row-model.js';
import type {Symbols} from '../components/theme.js';
import type {HostRow, LiveState} from './doctor-live-reducer.js';
import {findingDetailRows, findingLine, orderedFindings} from './report-rows.js';

export type LiveOptions = {width: number; height: number; now: number; tick: number; symbols: Symbols};

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

/** One host: finished (✔/✖ with totals) or running (spinner, facts in flight, countdown). */
export function hostRow(h: HostRow, o: Pick<LiveOptions, 'now' | 'tick' | 'symbols'>): Row {
	const name = {text: h.name.padEnd(10), bold: true};
	if (h.status === 'unreachable') return [{text: `${o.symbols.fail} `, color: 'red'}, name, {text: ` unreachable: ${h.reason ?? 'no answer'}`, color: 'red'}];
	if (h.status === 'done') {
		const took = h.startedAt !== undefined && h.endedAt !== undefined ? ` in ${seconds(h.endedAt - h.startedAt)}` : '';
		return [{text: `${o.symbols.ok} `, color: 'green'}, name, {text: ` ${h.done} facts${h.unavailable > 0 ? ` (${h.unavailable} unavailable)` : ''}${took}`, dim: true}];
	}
	if (h.status === 'waiting') return [{text: `${o.symbols.pending} `, dim: true}, name, {text: ' waiting', dim: true}];
	const spinner = o.symbols.spinner[o.tick % o.symbols.spinner.length];
	const shown = h.running.slice(0, 2).join(', ');
	const more = h.running.length > 2 ? ` +${h.running.length - 2}` : '';
	const capture = h.capture !== undefined && h.capture > 0 ? ` · VRRP capture ${h.capture} s left` : '';
	return [
		{text: `${spinner} `, color: 'cyan'},
		name,
		{text: ` ${seconds(o.now - (h.startedAt ?? o.now))}`},
		{text: capture, color: 'yellow'},
		{text: ` · ${h.done} done${shown ? ` · ${shown}${more}` : ''}`, dim: true},
	];
}

function progressRows(state: LiveState, o: LiveOptions): Row[] {
	const running = state.hosts.filter(h => !state.finished.includes(h.name));
	const rows: Row[] = [
		[
			{text: 'lbwiz doctor', bold: true},
			{text: ` · ${state.hosts.length} host${state.hosts.length === 1 ? '' : 's'} · ${seconds(o.now - state.startedAt)}`},
			{text: state.captureSeconds > 0 ? ` · VRRP capture window ${state.captureSeconds} s` : '', dim: true},
		],
	];
	const room = o.height - 4;
	for (const h of running.slice(0, room)) rows.push(hostRow(h, o));
	if (running.length > room) rows.push(row(`  … ${running.length - room} more host(s)`, {dim: true}));
	if (state.phase === 'evaluating') rows.push(row(`${o.symbols.spinner[o.tick % o.symbols.spinner.length]} evaluating: ${state.checks} checks done, ${state.findings} finding(s) so far`, {color: 'cyan'}));
	rows.push(row('q quit (nothing is changed on the hosts)', {dim: true}));
	return rows;
}

function navigatorRows(state: LiveState, report: DoctorReport, o: LiveOptions): Row[] {
	const nodes = orderedFindings(report);
	const footer = row('↑/↓ finding · Enter/e evidence · f fix · r export report · q quit', {dim: true});
	const message: Row[] = [];
	if (state.confirmFix) {
		const f = report.findings.find(x => x.id === state.confirmFix);
		message.push(...wrappedRows(`Apply the fix of ${state.confirmFix}${f?.host ? ` on ${f.host}` : ''} now? y/f = yes, any other key = no`, o.width, {color: 'yellow', bold: true}, `${o.symbols.warn} `));
	} else if (state.fixing) {
		message.push(row(`${o.symbols.spinner[o.tick % o.symbols.spinner.length]} applying the fix of ${state.fixing}…`, {color: 'cyan'}));
	} else if (state.message) {
		const symbol = state.message.kind === 'error' ? o.symbols.fail : state.message.kind === 'warning' ? o.symbols.warn : o.symbols.ok;
		message.push(...wrappedRows(state.message.text, o.width, {color: state.message.kind === 'error' ? 'red' : state.message.kind === 'warning' ? 'yellow' : 'green'}, `${symbol} `).slice(0, 3));
	}
	if (nodes.length === 0) return [...message, footer];
	const node = nodes[Math.min(state.selected, nodes.length - 1)];
	const status = state.fixed[node.finding.id] ? ` · fix ${state.fixed[node.finding.id] === 'ok' ? 'applied' : 'FAILED'}` : '';
	const head: Row[] = [row(`Finding ${state.selected + 1}/${nodes.length}${node.depth > 0 ? ' (symptom)' : ''}${status}`, {bold: true, color: 'cyan'}), findingLine({...node, depth: 0}, o.symbols, true)];
	const room = Math.max(1, o.height - 1 - head.length - message.length - 2);
	const detail = findingDetailRows(report, node.finding, o.width, {expanded: state.expanded});
	const shown = detail.length > room ? [...detail.slice(0, room - 1), row(`  … ${detail.length - room + 1} more line(s): r exports everything`, {dim: true})] : detail;
	return [...head, ...shown, ...message, blank(), footer];
}

/** The dynamic part of the live view. */
export function liveScreen(state: LiveState, o: LiveOptions): Row[] {
	if (state.quit) return [];
	if (state.phase === 'failed') return [...wrappedRows(`The doctor could not run: ${state.error ?? 'unknown error'}`, o.width, {color: 'red'}, `${o.symbols.fail} `), row('q quit', {dim: true})];
	if (state.phase === 'done' && state.report) return navigatorRows(state, state.report, o).slice(0, o.height - 1);
	return progressRows(state, o).slice(0, o.height - 1);
}
