import {mkdtemp, readdir, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import type {CommandIo} from '../../src/commands/command.js';
import {runWizard, shouldUsePlain} from '../../src/ui/wizard/run-wizard.js';
import {currentQuestion, wizardReducer} from '../../src/ui/wizard/wizard-reducer.js';
import {answerToReview, mountWizard, servicesIn, type Mounted} from './wizard-driver.js';
import {KEEPALIVED_HAPROXY, atFirstQuestion} from './wizard-fixtures.js';
import {keys, sendKeys, waitForFrame, waitUntil} from '../helpers/ink.js';

/** The lines a person would type in plain mode for these answers (empty = keep the default), then "yes" at the review. */
function scriptFor(answers: Record<string, string>): string[] {
	const lines: string[] = [];
	let s = atFirstQuestion();
	while (s.phase === 'ask') {
		const q = currentQuestion(s)!;
		const value = answers[q.id];
		lines.push(value ?? '');
		if (value !== undefined) s = wizardReducer(s, {type: 'setInput', text: value});
		s = wizardReducer(s, {type: 'submit'});
	}
	return [...lines, 'yes'];
}

/** Runs runWizard on piped streams with `input` as stdin; returns the exit status and the whole output. */
async function runPiped(input: string, dir?: string): Promise<{code: number; output: string; dir: string}> {
	const {dir: cwd, services} = await servicesIn(dir);
	const stdin = new PassThrough();
	const stdout = new PassThrough();
	let output = '';
	stdout.on('data', chunk => {
		output += String(chunk);
	});
	const io: CommandIo = {stdin, stdout, stderr: stdout, env: {TERM: 'xterm'}, cwd};
	const done = runWizard({io, outDir: 'out', services});
	stdin.end(input);
	const code = await done;
	return {code, output, dir: cwd};
}

let app: Mounted | undefined;
afterEach(() => {
	app?.unmount();
	app = undefined;
});

describe('plain mode', () => {
	it('is chosen for --plain, a pipe on either side, and TERM=dumb', () => {
		const tty = {isTTY: true} as never;
		const pipe = {isTTY: false} as never;
		const io = (stdin: never, stdout: never, TERM = 'xterm'): CommandIo => ({stdin, stdout, stderr: stdout, env: {TERM}, cwd: '/'});
		expect(shouldUsePlain(io(tty, tty))).toBe(false);
		expect(shouldUsePlain(io(tty, tty), true)).toBe(true);
		expect(shouldUsePlain(io(pipe, tty))).toBe(true);
		expect(shouldUsePlain(io(tty, pipe))).toBe(true);
		expect(shouldUsePlain(io(tty, tty, 'dumb'))).toBe(true);
	});

	it('reads answers line by line from a pipe and writes a log without cursor movement', async () => {
		const {code, output, dir} = await runPiped(`${scriptFor(KEEPALIVED_HAPROXY).join('\n')}\n`);
		expect(code).toBe(0);
		expect(output).not.toMatch(/\u001B\[/);
		expect(output).toContain('== Step 1/5: Architecture ==');
		expect(output).toContain('   1. keepalived + HAProxy pair - two HAProxy nodes share a VIP; the VIP follows\n       a live HAProxy');
		expect(output).toContain('Cluster name [web-lb]: shop-lb\n');
		expect(output).toContain('VRRP password (empty: none): ••••••\n');
		expect(output).not.toContain('s3cret');
		expect(output).toContain('== Review ==');
		expect(output).toContain('lb1 (vrrp, haproxy): written to out/lb1/');
		expect(output).toContain('Summary:\n  lb1: 3 files (3 new), 6 commands');
		expect(output).toContain('== Done ==');
		expect(output).toContain('lbwiz doctor --topology lbwiz.yaml');
		// Everything but the prompt lines (question, [default], the echoed answer) fits 80 columns.
		for (const line of output.split('\n').filter(l => !/\]: |\): |^\S.*: \S/.test(l))) expect(line.length, line).toBeLessThanOrEqual(80);
		expect(await readFile(join(dir, 'out/lb2/etc/keepalived/keepalived.conf'), 'utf8')).toContain('state BACKUP');
	});

	it('re-asks after a bad answer, goes back with <, and prints help with ?', async () => {
		const script = ['', 'shop-lb', '9', '<', '?', 'edge', '', ''];
		const {code, output} = await runPiped(`${script.join('\n')}\n`);
		expect(output).toContain('How many directors share the VIP? [2]: 9\n  ✖ 9 is not allowed; allowed: a whole number from 2 to 8');
		expect(output).toContain('Cluster name [shop-lb]: ?\n  Names the cluster');
		expect(output).toContain('Cluster name [shop-lb]: edge\n');
		expect(code).toBe(2);
		expect(output).toContain('Input ended before the wizard finished: nothing was written and no host was changed.');
	});

	it('stops with nothing written when the input ends early', async () => {
		const {code, output, dir} = await runPiped('\nshop-lb\n');
		expect(code).toBe(2);
		expect(output).toMatch(/Input ended before the wizard finished/);
		expect(await readdir(dir)).toEqual([]);
	});

	it('through a real pipe (a child process) gives the same lbwiz.yaml and files as the Ink wizard', async () => {
		// Ink, driven with keys
		app = await mountWizard();
		await answerToReview(app);
		await sendKeys(app, keys.enter);
		await waitForFrame(app, '✔ Done.');
		await sendKeys(app, keys.enter);
		await waitUntil(() => app!.exits.length > 0, 'exit');
		const inkYaml = await readFile(join(app.dir, 'lbwiz.yaml'), 'utf8');
		// Plain, in a child process reading a pipe
		const cwd = await mkdtemp(join(tmpdir(), 'lbwiz-plain-'));
		const child = await execa('node', ['--import', 'tsx', 'test/ui/fixtures/run-wizard.ts', '--fixed-detection', '--cwd', cwd], {
			input: `${scriptFor(KEEPALIVED_HAPROXY).join('\n')}\n`,
			reject: false,
			timeout: 60_000,
			env: {TERM: 'xterm'},
		});
		expect(child.stderr).toBe('');
		expect(child.exitCode).toBe(0);
		expect(child.stdout).toContain('(plain mode)');
		const plainYaml = await readFile(join(cwd, 'lbwiz.yaml'), 'utf8');
		expect(plainYaml).toBe(inkYaml);
		for (const file of ['lb1/etc/keepalived/keepalived.conf', 'lb2/etc/keepalived/keepalived.conf', 'lb1/etc/haproxy/haproxy.cfg', 'lb1/etc/keepalived/check_haproxy.sh']) {
			expect(await readFile(join(cwd, 'out', file), 'utf8'), file).toBe(await readFile(join(app.dir, 'out', file), 'utf8'));
		}
	});
});

describe('lbwiz setup --plain (the CLI, stdin a pipe)', () => {
	it('runs the wizard line by line and writes lbwiz.yaml and the files', async () => {
		const cwd = await mkdtemp(join(tmpdir(), 'lbwiz-cli-plain-'));
		// The CLI detects this host itself: follow it with the same detection, type every machine-dependent answer.
		const {detectHost} = await import('../../src/ui/wizard/detect.js');
		const {LocalTransport} = await import('../../src/transport/local.js');
		const {initialState} = await import('../../src/ui/wizard/wizard-reducer.js');
		const {answersToYaml} = await import('../../src/ui/wizard/save-answers.js');
		const detected = await detectHost(new LocalTransport(), {cwd, timeoutMs: 2000});
		const answers = {...KEEPALIVED_HAPROXY, 'directors.0.interface': 'eth0', 'directors.1.interface': 'eth0', 'directors.1.transport': 'ssh://root@203.0.113.12', 'realServers.0.transport': 'ssh://root@203.0.113.21', 'realServers.1.transport': 'ssh://root@203.0.113.22'};
		let s = wizardReducer(wizardReducer(initialState(), {type: 'detected', detection: detected}), {type: 'submit'});
		const lines: string[] = [];
		while (s.phase === 'ask') {
			const q = currentQuestion(s)!;
			lines.push(answers[q.id as keyof typeof answers] ?? '');
			if (q.id in answers) s = wizardReducer(s, {type: 'setInput', text: answers[q.id as keyof typeof answers]});
			s = wizardReducer(s, {type: 'submit'});
		}
		const child = await execa('node', [join(process.cwd(), 'bin/lbwiz.js'), 'setup', '--plain', '--out', 'out'], {cwd, input: `${[...lines, 'yes'].join('\n')}\n`, reject: false, timeout: 60_000, env: {TERM: 'xterm', LBWIZ_FROM_SOURCE: '1'}});
		expect(child.stderr).toBe('');
		expect(child.exitCode).toBe(0);
		expect(child.stdout).not.toMatch(/\u001B\[/);
		expect(await readFile(join(cwd, 'lbwiz.yaml'), 'utf8')).toBe(answersToYaml(s.answers));
		expect(await readFile(join(cwd, 'out/lb2/etc/keepalived/keepalived.conf'), 'utf8')).toMatch(/state BACKUP/);
	});
});
