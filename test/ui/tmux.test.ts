/**
The wizard in a real terminal: tmux runs `lbwiz setup` at 80×24, keys are sent with send-keys, and every
screen captured with capture-pane must be exactly the screen the pure renderer computes for the same state
(so nothing overlaps, is cut, or is left over from a previous frame). Each test uses its own tmux socket
and kills its server in `finally`.
*/
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {fitRow, rowText} from '../../src/ui/components/row-model.js';
import {symbolsOf} from '../../src/ui/components/theme.js';
import {detectHost, type Detection} from '../../src/ui/wizard/detect.js';
import {buildReview, readFromOutDir} from '../../src/ui/wizard/review.js';
import {wizardScreen} from '../../src/ui/wizard/screens.js';
import {choiceIndex, currentQuestion, initialState, wizardReducer, type WizardState} from '../../src/ui/wizard/wizard-reducer.js';
import {interactiveReducer, type KeyInfo} from '../../src/ui/wizard/wizard-keys.js';
import {parseTopology} from '../../src/model/load-topology.js';
import {LocalTransport} from '../../src/transport/local.js';
import {KEEPALIVED_HAPROXY, atFirstQuestion} from './wizard-fixtures.js';
import {answersToYaml} from '../../src/ui/wizard/save-answers.js';
import {BIN, COLUMNS, ROWS, Tmux} from './tmux-driver.js';

/** Every machine-dependent answer typed explicitly, so the saved file is the same everywhere. */
const ANSWERS: Record<string, string> = {
	...KEEPALIVED_HAPROXY,
	'directors.0.interface': 'eth0',
	'directors.1.interface': 'eth0',
	'directors.1.transport': 'ssh://root@203.0.113.12',
	'realServers.0.transport': 'ssh://root@203.0.113.21',
	'realServers.1.transport': 'ssh://root@203.0.113.22',
};

/** What the terminal must show for a state: the pure screen, as Ink lays it out, padded to 24 lines. */
function expectedScreen(state: WizardState): string[] {
	const rows = wizardScreen(state, {width: COLUMNS, height: ROWS, tick: 0, symbols: symbolsOf({color: true, unicode: true}), redact: true});
	const lines = rows.map(r => rowText(fitRow(r, COLUMNS)).trimEnd());
	while (lines.length < ROWS) lines.push('');
	return lines;
}

/** The screen checks of a snapshot: exactly the expected screen; no line wider than the terminal. */
function expectSnapshot(screen: string[], state: WizardState, label: string) {
	for (const line of screen) expect([...line].length, `${label}: ${line}`).toBeLessThanOrEqual(COLUMNS);
	expect(screen.join('\n'), label).toBe(expectedScreen(state).join('\n'));
}

/** Waits until the terminal shows exactly the state's screen, then checks it. */
async function expectScreenOf(tmux: Tmux, state: WizardState, label: string): Promise<string[]> {
	const expected = expectedScreen(state).join('\n');
	let screen: string[] = [];
	try {
		screen = await tmux.waitFor(x => x.join('\n') === expected, label);
	} catch {
		screen = await tmux.capture();
	}
	expectSnapshot(screen, state, label);
	return screen;
}

const press = (state: WizardState, key: KeyInfo): WizardState => interactiveReducer(state, {type: 'key', input: '', key, layout: {columns: COLUMNS, rows: ROWS, redact: true}});

describe('lbwiz setup in a real terminal (tmux, 80×24)', () => {
	it('completes the keepalived+HAProxy wizard; screens are exact; files and lbwiz.yaml are right', async () => {
		const tmux = new Tmux();
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-tmux-'));
		const snapshots: Record<string, string[]> = {};
		try {
			const detection: Detection = await detectHost(new LocalTransport(), {cwd: dir, timeoutMs: 2000});
			await tmux.start(dir, ['node', BIN, 'setup']);
			let s: WizardState = wizardReducer(initialState({canApply: true}), {type: 'detected', detection});
			await tmux.waitFor(x => x.includes('Press Enter to start.'), 'the detect screen');
			let screen = await expectScreenOf(tmux, s, 'detect');
			snapshots.detect = screen;
			await tmux.keys('Enter');
			s = wizardReducer(s, {type: 'submit'});
			for (let guard = 0; s.phase === 'ask' && guard < 100; guard++) {
				const q = currentQuestion(s)!;
				screen = await expectScreenOf(tmux, s, q.id);
				if (q.id === 'vrrp.vips') snapshots.question = screen;
				const value = ANSWERS[q.id];
				if (value !== undefined) {
					if (q.choices) await tmux.keys(String(choiceIndex(q, value) + 1));
					else {
						await tmux.keys('C-u');
						await tmux.text(value);
					}
					s = wizardReducer(s, {type: 'setInput', text: value});
				}
				if (q.id === 'vrrp.vrid') {
					// A wrong value first: the message says what is allowed, on screen, inside 80 columns.
					await tmux.keys('C-u');
					await tmux.text('300');
					await tmux.keys('Enter');
					const bad = wizardReducer(wizardReducer(s, {type: 'setInput', text: '300'}), {type: 'submit'});
					snapshots.error = await expectScreenOf(tmux, bad, 'vrid error');
					await tmux.keys('C-u');
					await tmux.text(value!);
				}
				await tmux.keys('Enter');
				s = wizardReducer(s, {type: 'submit'});
				expect(s.error, q.id).toBeUndefined();
			}
			expect(s.phase).toBe('review');
			// The review: the follower builds the same review the wizard shows.
			const review = await buildReview(s.answers, {target: {kind: 'out', dir: 'lbwiz-out'}, readCurrent: readFromOutDir(join(dir, 'lbwiz-out')), source: 'lbwiz.yaml'});
			s = wizardReducer(s, {type: 'reviewLoaded', review});
			snapshots.review = await expectScreenOf(tmux, s, 'review');
			await tmux.keys('PageDown');
			s = press(s, {pageDown: true});
			snapshots.reviewPage2 = await expectScreenOf(tmux, s, 'review page 2');
			expect(snapshots.reviewPage2.some(l => l.startsWith('lines 16–30/'))).toBe(true);
			await tmux.keys('Right');
			s = press(s, {rightArrow: true});
			screen = await expectScreenOf(tmux, s, 'review lb2');
			expect(screen.some(l => l.startsWith('Hosts:  lb1 [lb2]'))).toBe(true);
			// Write
			await tmux.keys('Enter');
			screen = await tmux.waitFor(x => x.some(l => l.startsWith('✔ Done.')), 'the next steps');
			snapshots.done = screen;
			expect(screen.join('\n')).toContain('lbwiz doctor --topology lbwiz.yaml');
			// Enter on the last screen ends the wizard: a process still running fails here, with its screen.
			await tmux.keys('Enter');
			expect(await tmux.exitStatus('Enter on "Next steps"')).toBe(0);

			const yaml = await readFile(join(dir, 'lbwiz.yaml'), 'utf8');
			const topology = parseTopology(yaml, 'lbwiz.yaml').topology;
			expect(topology).toMatchObject({
				name: 'shop-lb',
				directors: [
					{name: 'lb1', address: '203.0.113.11', interface: 'eth0', state: 'MASTER', priority: 100, transport: 'local'},
					{name: 'lb2', address: '203.0.113.12', interface: 'eth0', state: 'BACKUP', priority: 90, transport: 'ssh://root@203.0.113.12'},
				],
				vrrp: {virtual_router_id: 52, advert_int: 1, auth_pass: 's3cret', vips: ['203.0.113.100/24'], track_haproxy: {weight: -20}},
				haproxy: {stats: {port: 8404, user: 'admin', password: 'Zq8-stats'}, backends: [{name: 'web', cookie: 'SERVERID', check: {http: 'GET /'}}]},
			});
			expect(topology.real_servers.map(r => `${r.name} ${r.address}`)).toEqual(['web1 203.0.113.21', 'web2 203.0.113.22']);
			expect((await readdir(join(dir, 'lbwiz-out'))).sort()).toEqual(['lb1', 'lb2']);
			const lb1 = await readFile(join(dir, 'lbwiz-out/lb1/etc/keepalived/keepalived.conf'), 'utf8');
			expect(lb1).toMatch(/state MASTER[\s\S]*virtual_router_id 52[\s\S]*priority 100[\s\S]*auth_pass s3cret[\s\S]*203\.0\.113\.100\/24/);
			expect(await readFile(join(dir, 'lbwiz-out/lb2/etc/keepalived/keepalived.conf'), 'utf8')).toMatch(/state BACKUP[\s\S]*priority 90/);
			const haproxy = await readFile(join(dir, 'lbwiz-out/lb1/etc/haproxy/haproxy.cfg'), 'utf8');
			expect(haproxy).toMatch(/cookie SERVERID/);
			expect(haproxy).toMatch(/server web1 203\.0\.113\.21:80/);
			// The real validators accept what the wizard wrote.
			const checked = await execa('haproxy', ['-c', '-f', join(dir, 'lbwiz-out/lb1/etc/haproxy/haproxy.cfg')], {reject: false});
			expect(checked.exitCode, checked.stderr + checked.stdout).toBe(0);
		} finally {
			if (process.env.LBWIZ_PRINT_SNAPSHOTS) for (const [name, lines] of Object.entries(snapshots)) process.stdout.write(`--- ${name}\n${lines.join('\n')}\n`);
			await tmux.kill();
			await rm(dir, {recursive: true, force: true});
		}
	}, 120_000);

	it('Ctrl-C leaves the terminal clean and changes nothing; NO_COLOR is honoured', async () => {
		const tmux = new Tmux();
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-tmux-'));
		try {
			await tmux.start(dir, ['node', BIN, 'setup'], {NO_COLOR: '1'});
			await tmux.waitFor(x => x.includes('Press Enter to start.'), 'the detect screen');
			await tmux.keys('Enter');
			await tmux.waitFor(x => x.join('\n').includes('Which architecture'), 'the first question');
			const colourful = (await tmux.capture(true)).join('\n');
			expect(colourful).not.toMatch(/\u001B\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[0-9;]+)m/);
			await tmux.keys('Down', 'Enter');
			await tmux.waitFor(x => x.join('\n').includes('Cluster name'), 'the second question');
			await tmux.keys('C-c');
			expect(await tmux.exitStatus('Ctrl-C')).toBe(130);
			const screen = await tmux.capture();
			expect(screen).toContain('Cancelled: nothing was written and no host was changed.');
			expect(screen.join('\n')).toContain('Cluster name');
			const stty = await tmux.sttyAfterExit();
			expect(stty).toMatch(/(?:^|\s)icanon(?:\s|$)/m);
			expect(stty).toMatch(/(?:^|\s)echo(?:\s|$)/m);
			expect((await tmux.run('display-message', '-p', '-t', tmux.target, '#{cursor_flag}')).stdout.trim()).toBe('1');
			expect(await readdir(dir)).toEqual([]);
		} finally {
			await tmux.kill();
			await rm(dir, {recursive: true, force: true});
		}
	});
});

describe('plain mode on a real terminal (tmux): enquirer prompts', () => {
	it('answers the keepalived+HAProxy wizard with enquirer and saves the same lbwiz.yaml', async () => {
		const tmux = new Tmux();
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-tmux-plain-'));
		try {
			await tmux.start(process.cwd(), ['node', '--import', 'tsx', 'test/ui/fixtures/run-wizard.ts', '--plain', '--fixed-detection', '--cwd', dir]);
			let s = atFirstQuestion();
			const promptOf = (label: string) => (screen: string[]) => screen.some(line => line.startsWith(`? ${label}`));
			while (s.phase === 'ask') {
				const q = currentQuestion(s)!;
				await tmux.waitFor(promptOf(q.label), `the enquirer prompt of ${q.id}`);
				const value = ANSWERS[q.id];
				if (value !== undefined) {
					if (q.choices) {
						const from = Math.max(0, q.choices.findIndex(c => c.value === q.value(s.answers)));
						const to = choiceIndex(q, value);
						for (let i = from; i < to; i++) await tmux.keys('Down');
						for (let i = from; i > to; i--) await tmux.keys('Up');
					} else await tmux.text(value);
					s = wizardReducer(s, {type: 'setInput', text: value});
				}
				await tmux.keys('Enter');
				s = wizardReducer(s, {type: 'submit'});
				expect(s.error, q.id).toBeUndefined();
				// The next prompt must not be read from the screen of this one.
				await tmux.waitFor(screen => !screen.some(line => line.startsWith(`? ${q.label}`)) || screen.some(line => line.startsWith(`✔ ${q.label}`)), `${q.id} answered`);
			}
			await tmux.waitFor(promptOf('Write the files under'), 'the review question');
			await tmux.keys('Enter');
			expect(await tmux.exitStatus('Enter on the review question')).toBe(0);
			expect((await tmux.capture()).join('\n')).toContain('lbwiz doctor --topology lbwiz.yaml');
			const yaml = await readFile(join(dir, 'lbwiz.yaml'), 'utf8');
			expect(yaml).toBe(answersToYaml(s.answers));
			expect(await readFile(join(dir, 'out/lb1/etc/keepalived/keepalived.conf'), 'utf8')).toContain('virtual_router_id 52');
		} finally {
			await tmux.kill();
			await rm(dir, {recursive: true, force: true});
		}
	});
});
