import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {fitRow, rowText, wrapText} from '../../src/ui/components/row-model.js';
import {symbolsOf} from '../../src/ui/components/theme.js';
import {ARCHITECTURES} from '../../src/ui/wizard/architectures.js';
import {defaultAnswers} from '../../src/ui/wizard/answers.js';
import {buildReview} from '../../src/ui/wizard/review.js';
import {answersToYaml, answersFromText} from '../../src/ui/wizard/save-answers.js';
import {footerKeys, wizardScreen} from '../../src/ui/wizard/screens.js';
import {interactiveReducer, keyToAction, splitChunk} from '../../src/ui/wizard/wizard-keys.js';
import {currentQuestion, initialState, questionsOf, wizardReducer, type WizardState} from '../../src/ui/wizard/wizard-reducer.js';
import {answerAll, atFirstQuestion, detection, run} from './wizard-fixtures.js';
import {parseTopology} from '../../src/model/load-topology.js';

const symbols = symbolsOf({color: true, unicode: true});

/** Every screen row, cut as Rows cuts it, fits `columns`; the screen leaves one row of `rows` free. */
function expectScreenFits(state: WizardState, columns: number, rows: number) {
	const screen = wizardScreen(state, {width: columns, height: rows, tick: 0, symbols, redact: true});
	expect(screen.length, `${state.phase} ${currentQuestion(state)?.id}`).toBeLessThanOrEqual(rows - 1);
	for (const r of screen) expect([...rowText(fitRow(r, columns))].length).toBeLessThanOrEqual(columns);
	return screen.map(r => rowText(fitRow(r, columns)));
}

describe('wizard screens', () => {
	it('every question of every architecture fits 80×24, also with an error and a notice showing', () => {
		for (const arch of ARCHITECTURES) {
			let s = run(atFirstQuestion(), {type: 'setInput', text: arch.id}, {type: 'submit'});
			for (let guard = 0; s.phase === 'ask' && guard < 200; guard++) {
				expectScreenFits(s, 80, 24);
				const noisy: WizardState = {...s, error: 'x'.repeat(300), notice: {kind: 'warning', text: 'y '.repeat(150)}};
				expectScreenFits(noisy, 80, 24);
				if (currentQuestion(s)?.id === 'haproxy.stats.password') s = wizardReducer(s, {type: 'setInput', text: 'Zq8-stats'});
				s = wizardReducer(s, {type: 'submit'});
			}
			expect(s.phase, arch.id).toBe('review');
		}
	});

	it('the review, apply and done screens fit, also on a 60×16 terminal', async () => {
		let s = answerAll(atFirstQuestion(), {architecture: 'three-tier'});
		const review = await buildReview(s.answers, {target: {kind: 'out', dir: 'out'}, readCurrent: async () => undefined, source: 'lbwiz.yaml'});
		s = run(s, {type: 'reviewLoaded', review});
		for (const [columns, rows] of [[80, 24], [60, 16]]) {
			const text = expectScreenFits(s, columns, rows);
			expect(text.join('\n')).toContain('Hosts: [lb1]');
		}
		s = run(s, {type: 'submit'}, ...Array.from({length: 30}, (_, i) => ({type: 'applyProgress' as const, item: {key: String(i), host: 'lb1', label: `write /etc/file-${i}`, status: 'done' as const}})));
		expect(expectScreenFits(s, 80, 24).join('\n')).toContain('earlier steps done');
		s = run(s, {type: 'applyDone', ok: true, lines: ['1. '.padEnd(200, 'word '), '     lbwiz doctor --topology lbwiz.yaml']});
		expectScreenFits(s, 80, 24);
	});

	it('shows the step breadcrumb and the footer keys of each phase', () => {
		const s = answerAll(atFirstQuestion(), {}, 'vrrp.vrid');
		const text = expectScreenFits(s, 80, 24);
		expect(text[0]).toMatch(/^lbwiz setup · Step 3\/5: Virtual IP \(VRRP\)\s+\d+\/\d+$/);
		expect(text[1]).toBe('Host › Architecture › Directors › [VIP] › Servers › HAProxy › Review › Apply');
		expect(text[text.length - 1]).toBe(footerKeys(s));
		expect(footerKeys(initialState())).toBe('Enter start · Ctrl-C quit');
	});

	it('keys map to actions against the current state', () => {
		const layout = {columns: 80, rows: 24, redact: true};
		const s = atFirstQuestion();
		expect(keyToAction(s, '', {downArrow: true}, layout)).toEqual({type: 'highlight', delta: 1});
		expect(keyToAction(s, 'c', {ctrl: true}, layout)).toEqual({type: 'cancel'});
		expect(keyToAction(s, 's', {ctrl: true}, layout)).toEqual({type: 'requestSave'});
		const text = run(s, {type: 'submit'});
		expect(keyToAction(text, '', {downArrow: true}, layout)).toBeUndefined();
		expect(keyToAction(text, 'a', {}, layout)).toEqual({type: 'insert', text: 'a'});
		expect(keyToAction(text, '', {tab: true, shift: true}, layout)).toEqual({type: 'back'});
		const saved = run(text, {type: 'requestSave'});
		expect(saved.saveRequest).toEqual({n: 1, at: 'name'});
	});

	it('a chunk typed ahead (slow link, paste, tmux) is split into its keys', () => {
		expect(splitChunk('\u0015eth0\r')).toEqual([{input: 'u', key: {ctrl: true}}, {input: 'eth0', key: {}}, {input: '', key: {return: true}}]);
		const layout = {columns: 80, rows: 24, redact: true};
		const s = run(atFirstQuestion(), {type: 'submit'});
		const after = interactiveReducer(s, {type: 'key', input: '\u0015edge\r', key: {}, layout});
		expect(currentQuestion(after)?.id).toBe('directors.count');
		expect(after.answers.name).toBe('edge');
	});

	it('the review switches to planning on the hosts (a), refuses with problems, asks before applying', async () => {
		const layout = {columns: 80, rows: 24, redact: true};
		let s = answerAll(run(initialState({canApply: true}), {type: 'detected', detection}, {type: 'submit'}), {});
		expect(s.phase).toBe('review');
		s = interactiveReducer(s, {type: 'key', input: 'a', key: {}, layout});
		expect(s.reviewTarget).toBe('hosts');
		expect(s.review.status).toBe('loading');
		const base = await buildReview(s.answers, {target: {kind: 'out', dir: 'out'}, readCurrent: async () => undefined, source: 'lbwiz.yaml'});
		const blocked = run(s, {type: 'reviewLoaded', review: {...base, target: {kind: 'hosts'}, hosts: base.hosts.map(h => ({...h, problems: h.host === 'lb2' ? ['not root'] : []}))}}, {type: 'submit'});
		expect(blocked.phase).toBe('review');
		expect(blocked.notice?.text).toMatch(/^Cannot apply: lb2: not root/);
		s = run(s, {type: 'reviewLoaded', review: {...base, target: {kind: 'hosts'}}}, {type: 'submit'});
		expect(s.confirmApply).toBe(true);
		expect(interactiveReducer(s, {type: 'key', input: 'n', key: {}, layout}).phase).toBe('review');
		s = interactiveReducer(s, {type: 'key', input: 'y', key: {}, layout});
		expect(s.phase).toBe('apply');
		s = run(s, {type: 'cancel'});
		expect(s.exit).toBeUndefined();
		expect(s.notice?.text).toMatch(/wait for it to finish/);
		const noApply = answerAll(atFirstQuestion(), {});
		expect(interactiveReducer(noApply, {type: 'key', input: 'a', key: {}, layout}).reviewTarget).toBe('out');
	});
});

describe('rows', () => {
	it('wraps words, keeps inner spacing, cuts long words, indents continuations', () => {
		expect(wrapText('Init:       systemd    Firewall: nftables', 80)).toEqual(['Init:       systemd    Firewall: nftables']);
		expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
		expect(wrapText('abcdefghij', 4, ' ')).toEqual(['abcd', ' efg', ' hij']);
		expect(rowText(fitRow([{text: 'hello '}, {text: 'world'}], 8))).toBe('hello w…');
	});
});

describe('saved answers', () => {
	it('the fixture topologies resume and save back to the same topology', async () => {
		for (const name of ['haproxy-standalone', 'keepalived-haproxy-pair', 'lab']) {
			const text = await readFile(`fixtures/topologies/${name}.yaml`, 'utf8');
			const loaded = answersFromText(text, `${name}.yaml`);
			expect(loaded.problems).toEqual([]);
			const again = parseTopology(answersToYaml(loaded.answers), 'saved.yaml').topology;
			expect(again, name).toEqual(parseTopology(text, `${name}.yaml`).topology);
		}
	});

	it('a save mid-way records where to resume, and resuming starts there', () => {
		const s = answerAll(atFirstQuestion(), {name: 'half'}, 'vrrp.vrid');
		const yaml = answersToYaml(s.answers, {at: currentQuestion(s)!.id});
		expect(yaml).toMatch(/^# wizard-step: vrrp\.vrid$/m);
		const loaded = answersFromText(yaml, 'lbwiz.yaml', detection);
		const resumed = initialState({answers: loaded.answers, resumeAt: loaded.at});
		expect(currentQuestion(resumed)?.id).toBe('vrrp.vrid');
		expect(resumed.answers.name).toBe('half');
		expect(questionsOf(resumed).length).toBe(questionsOf(s).length);
	});

	it('lists are inline and backend servers one per line', () => {
		const yaml = answersToYaml(defaultAnswers(detection));
		expect(yaml).toContain('vips: [ 203.0.113.100/24 ]');
		expect(yaml).toContain('- { server: web1, port: 80, weight: 1 }');
	});
});
