/**
The wizard's screens as rows (components/row-model.ts), from the state alone: header with the steps,
the body of the phase, and a footer with the keys. Pure, so layout is tested without a terminal and a
screen never exceeds the terminal (height − 1 rows, `width` columns).
*/
import {blank, row, widthOf, wrapText, wrappedRows, type Row, type Segment} from '../components/row-model.js';
import type {Symbols} from '../components/theme.js';
import {describeDetection} from './detect.js';
import {displayValue, stepsFor, stepTitle, type Question, type StepId} from './questions.js';
import {hostReviewLines, wrapLine, type ReviewLine} from './review.js';
import {currentQuestion, questionsOf, type WizardState} from './wizard-reducer.js';

export type ScreenOptions = {width: number; height: number; tick: number; symbols: Symbols; redact: boolean};

const SHORT: Record<StepId, string> = {architecture: 'Architecture', directors: 'Directors', vrrp: 'VIP', servers: 'Servers', checks: 'Checks', haproxy: 'HAProxy'};

/** Key hints per phase (also the plain-mode legend). */
export function footerKeys(state: WizardState): string {
	switch (state.phase) {
		case 'detect':
			return state.found ? '↑/↓ choose · Enter continue · Ctrl-C quit' : 'Enter start · Ctrl-C quit';
		case 'ask':
			return currentQuestion(state)?.choices
				? '↑/↓ choose · Enter next · Esc back · PgUp/PgDn step · ^S save · ^C quit'
				: 'Enter next · Esc back · PgUp/PgDn step · ^U clear · ^S save · ^C quit';
		case 'review':
			if (state.reviewTarget === 'hosts') return 'Enter apply · w files only · ←/→ host · ↑/↓ scroll · Esc back · ^C quit';
			return state.canApply ? 'Enter write · a apply to hosts · ←/→ host · ↑/↓ scroll · Esc back · ^C quit' : 'Enter write · ←/→ host · ↑/↓ PgUp/PgDn scroll · Esc back · ^S save · ^C quit';
		case 'apply':
			return 'Ctrl-C stop';
		case 'done':
			return 'Enter exit';
	}
}

function header(state: WizardState): Row[] {
	const steps = stepsFor(state.answers, state.ctx);
	const q = currentQuestion(state);
	const phaseTitle =
		state.phase === 'detect'
			? 'This host'
			: state.phase === 'ask' && q
				? `Step ${steps.indexOf(q.step) + 1}/${steps.length}: ${stepTitle(q.step)}`
				: state.phase === 'review'
					? 'Review'
					: state.phase === 'apply'
						? 'Writing'
						: 'Next steps';
	const current = state.phase === 'ask' && q ? SHORT[q.step] : state.phase === 'review' ? 'Review' : state.phase === 'apply' || state.phase === 'done' ? 'Apply' : 'Host';
	const names = ['Host', ...steps.map(s => SHORT[s]), 'Review', 'Apply'];
	const crumbs: Segment[] = [];
	names.forEach((name, i) => {
		if (i > 0) crumbs.push({text: ' › ', dim: true});
		crumbs.push(name === current ? {text: `[${name}]`, bold: true, color: 'cyan'} : {text: name, dim: true});
	});
	const counter = state.phase === 'ask' ? `  ${state.index + 1}/${questionsOf(state).length}` : '';
	return [[{text: 'lbwiz setup', bold: true}, {text: ` · ${phaseTitle}`}, {text: counter, dim: true}], crumbs];
}

function noticeRows(state: WizardState, o: ScreenOptions): Row[] {
	if (!state.notice) return [];
	const {kind, text} = state.notice;
	const symbol = kind === 'error' ? o.symbols.fail : kind === 'warning' ? o.symbols.warn : o.symbols.ok;
	return wrappedRows(text, o.width, {color: kind === 'error' ? 'red' : kind === 'warning' ? 'yellow' : 'green'}, `${symbol} `).slice(0, 3);
}

function inputRow(state: WizardState, q: Question, width: number): Row {
	const secret = q.kind === 'secret';
	const shown = secret ? '•'.repeat(state.input.length) : state.input;
	const chars = [...shown];
	const room = width - 5;
	const start = Math.max(0, state.cursor - room + 1);
	const before = chars.slice(start, state.cursor).join('');
	const at = chars[state.cursor] ?? ' ';
	const after = chars.slice(state.cursor + 1, start + room).join('');
	return [{text: '  > ', color: 'cyan'}, {text: before}, {text: at, inverse: true}, {text: after}];
}

function choiceRows(state: WizardState, q: Question, o: ScreenOptions, room: number): Row[] {
	const choices = q.choices ?? [];
	const labelWidth = Math.max(...choices.map(c => widthOf(c.label)));
	const oneLine = choices.every(c => 4 + labelWidth + 2 + widthOf(c.hint ?? '') <= o.width);
	const twoLines = !oneLine && choices.length * 2 <= room;
	const rows: Row[] = [];
	choices.forEach((c, i) => {
		const on = i === state.highlight;
		const pointer = on ? `${o.symbols.pointer} ` : '  ';
		const label: Segment = {text: `${pointer}${i + 1}. ${c.label}`, bold: on, color: on ? 'cyan' : undefined};
		if (oneLine) rows.push([label, {text: `${' '.repeat(labelWidth - widthOf(c.label) + 2)}${c.hint ?? ''}`, dim: !on}]);
		else {
			rows.push([label]);
			if (c.hint && (twoLines || on)) rows.push(row(`      ${c.hint}`, {dim: !on}));
		}
	});
	return rows;
}

/** The question being asked: label, help, input or choices, error and notes. */
function questionBlock(state: WizardState, q: Question, o: ScreenOptions, room: number): Row[] {
	const rows: Row[] = [[{text: `${o.symbols.pointer} `, color: 'cyan'}, {text: q.label, bold: true}]];
	rows.push(...wrappedRows(q.help, o.width, {dim: true}, '  ').slice(0, 2));
	const tail: Row[] = [];
	if (state.error) tail.push(...wrappedRows(state.error, o.width, {color: 'red'}, `${o.symbols.fail} `).slice(0, 3));
	else {
		const preview = q.apply(state.answers, q.choices ? (q.choices[state.highlight]?.value ?? '') : state.input);
		const note = 'answers' in preview ? q.note?.(preview.answers) : undefined;
		if (note) tail.push(...wrappedRows(note, o.width, {color: 'yellow'}, `${o.symbols.info} `).slice(0, 2));
	}
	tail.push(...noticeRows(state, o));
	const input = q.choices ? choiceRows(state, q, o, room - rows.length - tail.length) : [inputRow(state, q, o.width)];
	return [...rows, ...input, ...tail];
}

function askBody(state: WizardState, o: ScreenOptions, height: number): Row[] {
	const questions = questionsOf(state);
	const q = questions[state.index];
	const block = questionBlock(state, q, o, height);
	const start = questions.findIndex(x => x.step === q.step);
	const answered = questions.slice(start, state.index);
	const room = height - block.length - (answered.length > 0 ? 1 : 0);
	const labelWidth = Math.min(44, Math.max(0, ...answered.map(x => widthOf(x.label))));
	const done: Row[] = answered.slice(Math.max(0, answered.length - Math.max(0, room))).map(x => [
		{text: `${o.symbols.ok} `, color: 'green'},
		{text: x.label.length > labelWidth ? `${x.label.slice(0, labelWidth - 1)}…` : x.label.padEnd(labelWidth), dim: true},
		{text: `  ${displayValue(x, state.answers)}`},
	]);
	if (room <= 0 || done.length === 0) return block.slice(0, height);
	if (answered.length > done.length) done[0] = row(`  … ${answered.length - done.length + 1} more answered above`, {dim: true});
	return [...done, blank(), ...block].slice(0, height);
}

function detectBody(state: WizardState, o: ScreenOptions, height: number): Row[] {
	if (state.detecting || !state.ctx.detection) {
		return [row(`${o.symbols.spinner[o.tick % o.symbols.spinner.length]} Looking at this host: interfaces, keepalived, HAProxy, ipvsadm, init system, firewall…`, {color: 'cyan'})];
	}
	const d = state.ctx.detection;
	const rows: Row[] = describeDetection(d).flatMap(line => wrapText(line, o.width, ' '.repeat(12)).map(text => row(text)));
	for (const note of d.notes.slice(0, 3)) rows.push(...wrappedRows(note, o.width, {dim: true}, `${o.symbols.info} `));
	rows.push(blank());
	const p = d.primary;
	rows.push(row(p ? `Defaults come from ${p.interface} ${p.address}/${p.prefix}; every answer can be changed.` : 'No address found: defaults use 203.0.113.0/24 (documentation range); change them.', {dim: true}));
	rows.push(...wrappedRows('lbwiz asks one question at a time; each has a default (Enter keeps it). Nothing is written before the review.', o.width, {dim: true}));
	rows.push(blank());
	if (state.found) {
		rows.push(row(`Found ${state.found.path}:`, {bold: true}));
		const first = state.found.imported
			? `Start from its settings (imported${state.found.problems.length > 0 ? `, ${state.found.problems.length} note(s)` : ''})`
			: `Continue with it (${state.found.problems.length > 0 ? 'fix its problems first' : 'go to the review'})`;
		const options = [first, 'Start from scratch'];
		options.forEach((text, i) => rows.push(row(`${i === state.highlight ? o.symbols.pointer : ' '} ${text}`, {bold: i === state.highlight, color: i === state.highlight ? 'cyan' : undefined})));
	} else {
		rows.push(row('Press Enter to start.', {bold: true}));
	}
	rows.push(...noticeRows(state, o));
	return rows.slice(0, height);
}

/** The review's lines for the current host, wrapped to the width. */
export function reviewViewLines(state: WizardState, width: number, redact: boolean): ReviewLine[] {
	if (state.review.status !== 'ready') return [];
	const review = state.review.review;
	const host = review.hosts[state.reviewHost];
	if (!host) return [];
	return hostReviewLines(review, host, {redact}).flatMap(line => wrapLine(line, width));
}

const LINE_STYLE: Record<ReviewLine['kind'], Omit<Segment, 'text'>> = {
	title: {bold: true},
	heading: {bold: true},
	file: {color: 'cyan'},
	command: {color: 'magenta'},
	purpose: {dim: true},
	add: {color: 'green'},
	del: {color: 'red'},
	hunk: {color: 'cyan', dim: true},
	context: {},
	meta: {bold: true, dim: true},
	note: {dim: true},
};

/** How many review lines fit on the screen (the component scrolls by this much). */
export const reviewViewportHeight = (height: number): number => Math.max(3, height - 1 - 5 - 3);

function reviewBody(state: WizardState, o: ScreenOptions, height: number): Row[] {
	if (state.review.status === 'failed') return wrappedRows(`Could not render the files: ${state.review.message}`, o.width, {color: 'red'}, `${o.symbols.fail} `).slice(0, height);
	if (state.review.status !== 'ready') {
		return [
			row(
				state.reviewTarget === 'hosts'
					? `${o.symbols.spinner[o.tick % o.symbols.spinner.length]} Reading every host (files, services, firewall) to plan the changes…`
					: `${o.symbols.spinner[o.tick % o.symbols.spinner.length]} Rendering every host's files and comparing them with what is there now…`,
				{color: 'cyan'},
			),
		];
	}
	const review = state.review.review;
	const tabs: Segment[] = [{text: 'Hosts: '}];
	review.hosts.forEach((h, i) => tabs.push(i === state.reviewHost ? {text: `[${h.host}]`, bold: true, color: 'cyan'} : {text: ` ${h.host} `, dim: true}));
	const lines = reviewViewLines(state, o.width, o.redact);
	const notice = noticeRows(state, o);
	const viewport = Math.max(1, Math.min(reviewViewportHeight(o.height), height - 2 - notice.length));
	const scroll = Math.min(state.reviewScroll, Math.max(0, lines.length - viewport));
	const visible = lines.slice(scroll, scroll + viewport).map(l => row(l.text, {...LINE_STYLE[l.kind], ...(l.continued ? {dim: true} : {})}));
	const end = Math.min(lines.length, scroll + viewport);
	const files = review.hosts.reduce((n, h) => n + h.files.length, 0);
	const steps = review.hosts.reduce((n, h) => n + h.files.length + h.commands.length, 0);
	const target = review.target.kind === 'out' ? `write ${files} files to ${review.target.dir}/, save answers` : `apply ${steps} steps to the hosts`;
	return [
		tabs,
		...visible,
		...Array.from({length: Math.max(0, viewport - visible.length)}, blank),
		row(`lines ${lines.length === 0 ? 0 : scroll + 1}–${end}/${lines.length} · Enter: ${target}`, {dim: true}),
		...notice,
	].slice(0, height);
}

function applyBody(state: WizardState, o: ScreenOptions, height: number): Row[] {
	const items = state.apply.items;
	const rows: Row[] = items.map(item => {
		const symbol = item.status === 'running' ? o.symbols.spinner[o.tick % o.symbols.spinner.length] : item.status === 'done' ? o.symbols.ok : item.status === 'failed' ? o.symbols.fail : item.status === 'skipped' ? o.symbols.skip : o.symbols.pending;
		const color = item.status === 'done' ? 'green' : item.status === 'failed' ? 'red' : item.status === 'running' ? 'cyan' : undefined;
		return [{text: `${symbol} `, color}, {text: item.host.padEnd(8), bold: true}, {text: ` ${item.label}`}, {text: item.detail ? `  ${item.detail}` : '', dim: true}];
	});
	if (rows.length === 0) rows.push(row(`${o.symbols.spinner[o.tick % o.symbols.spinner.length]} Starting…`, {color: 'cyan'}));
	const notice = noticeRows(state, o);
	const room = height - notice.length;
	if (rows.length > room) {
		const hidden = rows.length - room + 1;
		return [row(`… ${hidden} earlier steps done`, {dim: true}), ...rows.slice(hidden), ...notice];
	}
	return [...rows, ...notice];
}

function doneBody(state: WizardState, o: ScreenOptions, height: number): Row[] {
	const rows: Row[] = [];
	const failed = state.apply.items.filter(i => i.status === 'failed');
	rows.push(state.apply.ok ? row(`${o.symbols.ok} Done.`, {color: 'green', bold: true}) : row(`${o.symbols.fail} Stopped: ${failed.length} step${failed.length === 1 ? '' : 's'} failed.`, {color: 'red', bold: true}));
	for (const line of state.apply.lines) {
		const command = line.startsWith('     ');
		const indent = command ? ' '.repeat(7) : /^(?:\d\.| ) /.test(line) ? '   ' : '';
		rows.push(...wrapText(line, o.width, indent).map(text => row(text, command ? {color: 'magenta'} : {})));
	}
	return rows.slice(0, height);
}

/** The whole screen for a state. */
export function wizardScreen(state: WizardState, o: ScreenOptions): Row[] {
	const budget = Math.max(8, o.height - 1);
	const bodyHeight = budget - 5;
	const body =
		state.phase === 'detect'
			? detectBody(state, o, bodyHeight)
			: state.phase === 'ask'
				? askBody(state, o, bodyHeight)
				: state.phase === 'review'
					? reviewBody(state, o, bodyHeight)
					: state.phase === 'apply'
						? applyBody(state, o, bodyHeight)
						: doneBody(state, o, bodyHeight);
	return [...header(state), blank(), ...body, blank(), row(footerKeys(state), {dim: true})];
}
