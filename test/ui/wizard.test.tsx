import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it, onTestFinished} from 'vitest';
import {keys, oneLine, sendKeys, stripAnsi, type, waitForFrame, waitUntil} from '../helpers/ink.js';
import {answerToReview, followerAtStart, mountWizard, servicesIn, type Mounted} from './wizard-driver.js';
import type {WizardServices} from '../../src/ui/wizard/wizard-services.js';
import {initialState} from '../../src/ui/wizard/wizard-reducer.js';

let app: Mounted | undefined;
afterEach(() => {
	app?.unmount();
	app = undefined;
});

/** Every frame fits the 80×24 terminal: at most 23 lines (Ink needs one) of at most 80 columns. */
function expectFits(frames: readonly string[], columns = 80, rows = 24) {
	for (const frame of frames) {
		const lines = stripAnsi(frame).replace(/\n$/, '').split('\n');
		expect(lines.length).toBeLessThanOrEqual(rows - 1);
		for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
	}
}

describe('setup wizard (Ink)', () => {
	it('detects first, then asks the architecture with one line per choice', async () => {
		// Given
		app = await mountWizard();
		// When
		const detected = await waitForFrame(app, 'Press Enter to start.');
		// Then
		expect(detected).toContain('Interfaces: eth0 203.0.113.11/24');
		expect(detected).toContain('keepalived 2.2.7');
		expect(detected).toContain('Defaults come from eth0 203.0.113.11/24');
		await sendKeys(app, keys.enter);
		const frame = await waitForFrame(app, 'Which architecture do you want to build?');
		for (const title of ['keepalived + HAProxy pair', 'LVS-DR pair', 'LVS-DR, several ports, persistence', 'Standalone HAProxy', 'Three tiers: LVS → HAProxy → web']) expect(frame).toContain(title);
		expect(frame).toContain('two HAProxy nodes share a VIP; the VIP follows a live HAProxy');
		expect(frame).toContain('↑/↓ choose · Enter next · Esc back');
		expectFits(app.frames);
	});

	it('chooses with arrows, types with the cursor, and shows what is allowed on a bad value', async () => {
		app = await mountWizard();
		await waitForFrame(app, 'Press Enter to start.');
		await sendKeys(app, keys.enter, keys.down, keys.up, keys.enter);
		let frame = await waitForFrame(app, 'Cluster name');
		expect(frame).toContain('✔ Which architecture do you want to build?  keepalived + HAProxy pair');
		expect(frame).toContain('> web-lb');
		// Typing
		await sendKeys(app, keys.ctrlU);
		await type(app, 'shp');
		await sendKeys(app, keys.left);
		await type(app, 'o');
		frame = await waitForFrame(app, '> shop');
		// An invalid name: the schema's own message
		await sendKeys(app, keys.right);
		await type(app, ' lb');
		await sendKeys(app, keys.enter);
		frame = await waitForFrame(app, '✖');
		expect(frame).toMatch(/✖ "shop lb" is not allowed; expected letters, digits, "-", "_" and "\."/);
		expect(frame).toContain('Cluster name');
		await sendKeys(app, keys.backspace, keys.backspace, keys.backspace);
		await type(app, '-lb');
		await sendKeys(app, keys.enter);
		frame = await waitForFrame(app, 'How many directors share the VIP?');
		expect(frame).toContain('Step 2/5: Directors and their roles');
	});

	it('validates every field inline with lbwiz.yaml\'s rules (VRID, auth_pass)', async () => {
		app = await mountWizard();
		await waitForFrame(app, 'Press Enter to start.');
		await sendKeys(app, keys.enter);
		await waitForFrame(app, 'Which architecture');
		const follower = followerAtStart();
		// Walk to the VRID with defaults
		let s = follower;
		for (let i = 0; i < 40; i++) {
			const {currentQuestion, wizardReducer} = await import('../../src/ui/wizard/wizard-reducer.js');
			if (s.phase === 'detect') s = wizardReducer(s, {type: 'submit'});
			if (currentQuestion(s)?.id === 'vrrp.vrid') break;
			s = wizardReducer(s, {type: 'submit'});
			await sendKeys(app, keys.enter);
		}
		let frame = await waitForFrame(app, 'Virtual router ID (VRID)');
		expect(frame).toContain('· 51 is every guide\'s example');
		await sendKeys(app, keys.ctrlU);
		await type(app, '300');
		await sendKeys(app, keys.enter);
		frame = await waitForFrame(app, '✖');
		expect(frame).toContain('✖ 300 is not allowed; allowed: a whole number from 1 to 255');
		await sendKeys(app, keys.backspace, keys.backspace, keys.backspace);
		await type(app, '52');
		await sendKeys(app, keys.enter);
		await waitForFrame(app, 'Advertisement interval (seconds)');
		frame = await waitForFrame(app, 'failover takes about 3.6 s');
		await sendKeys(app, keys.enter);
		await waitForFrame(app, 'VRRP password (empty: none)');
		await type(app, '123456789');
		frame = await waitForFrame(app, '> •••••••••');
		expect(frame).not.toContain('123456789');
		await sendKeys(app, keys.enter);
		frame = await waitForFrame(app, '✖');
		expect(oneLine(frame)).toContain('at most 8 characters: VRRPv2 PASS authentication truncates the password there');
	});

	it('goes back with Esc and Shift-Tab keeping answers, and jumps a step with PgUp', async () => {
		app = await mountWizard();
		await waitForFrame(app, 'Press Enter to start.');
		await sendKeys(app, keys.enter, keys.enter);
		await waitForFrame(app, 'Cluster name');
		await sendKeys(app, keys.ctrlU);
		await type(app, 'edge');
		await sendKeys(app, keys.enter);
		await waitForFrame(app, 'How many directors');
		await sendKeys(app, keys.enter);
		await waitForFrame(app, 'Name of lb1');
		await sendKeys(app, keys.escape);
		await waitForFrame(app, 'How many directors');
		await sendKeys(app, keys.shiftTab);
		let frame = await waitForFrame(app, '> edge');
		expect(frame).toContain('Cluster name');
		await sendKeys(app, keys.tab, keys.tab, keys.tab);
		await waitForFrame(app, 'IPv4 address of lb1');
		await sendKeys(app, keys.pageUp);
		frame = await waitForFrame(app, f => f.includes('How many directors') && !f.includes('✔ How many'));
		await sendKeys(app, keys.pageUp);
		frame = await waitForFrame(app, 'Which architecture');
		await sendKeys(app, keys.escape);
		await waitForFrame(app, 'Press Enter to start.');
	});

	it('shows per host the files, a diff against what exists, the commands, and masks secrets', async () => {
		app = await mountWizard();
		let frame = await answerToReview(app);
		expect(frame).toContain('lb1 (vrrp, haproxy): written to out/lb1/');
		expect(frame).toMatch(/\/etc\/keepalived\/keepalived\.conf 0640 \(new, \d+ lines\)/);
		expect(frame).toContain('/etc/haproxy/haproxy.cfg 0640');
		expect(frame).toContain('Enter: write 6 files to out/, save answers');
		expect(frame).toContain('Enter write · ←/→ host · ↑/↓ PgUp/PgDn scroll · Esc back');
		// Scroll down through the diff of keepalived.conf
		let seen = frame;
		let last = frame;
		for (let i = 0; i < 4; i++) {
			await sendKeys(app, keys.pageDown);
			last = await waitForFrame(app, f => f !== last);
			seen += last;
		}
		expect(last).toMatch(/lines 61–75\/\d+/);
		expect(seen).toContain('Commands to run on lb1 once the files are in place:');
		expect(seen).toContain('$ systemctl reload-or-restart keepalived');
		expect(seen).toContain('--- /dev/null');
		expect(seen).toContain('+++ b/etc/keepalived/keepalived.conf');
		expect(seen).toContain('+    state MASTER');
		expect(seen).toContain('auth_pass ‹secret, 6 chars›');
		expect(app.frames.join('\n')).not.toContain('s3cret');
		// The other director
		await sendKeys(app, keys.right);
		frame = await waitForFrame(app, 'Hosts:  lb1 [lb2]');
		expect(frame).toContain('keepalived: VRRP VI_1 (BACKUP, priority 90)');
		await sendKeys(app, keys.right);
		frame = await waitForFrame(app, '[web1]');
		expect(frame).toContain('Files (0):');
		expectFits(app.frames);
	});

	it('writes the files and saves lbwiz.yaml on Enter, then shows the next steps', async () => {
		app = await mountWizard();
		await answerToReview(app);
		await sendKeys(app, keys.enter);
		const frame = await waitForFrame(app, '✔ Done.');
		expect(frame).toContain('Wrote 6 files under out/');
		expect(frame).toContain('lbwiz doctor --topology lbwiz.yaml');
		expect(frame).toContain('Test failover');
		const yaml = await readFile(join(app.dir, 'lbwiz.yaml'), 'utf8');
		expect(yaml).toContain('name: shop-lb');
		expect(yaml).not.toContain('wizard-step');
		const lb1 = await readFile(join(app.dir, 'out/lb1/etc/keepalived/keepalived.conf'), 'utf8');
		expect(lb1).toContain('virtual_router_id 52');
		await sendKeys(app, keys.enter);
		await waitUntil(() => app!.exits.length > 0, 'exit');
		expect(app.exits).toEqual([{code: 0, message: ''}]);
	});

	it('saves the answers at any step with Ctrl-S, marking where to resume', async () => {
		app = await mountWizard();
		await waitForFrame(app, 'Press Enter to start.');
		await sendKeys(app, keys.enter, keys.enter, keys.enter);
		await waitForFrame(app, 'How many directors');
		await sendKeys(app, keys.ctrlS);
		const frame = await waitForFrame(app, 'Saved lbwiz.yaml');
		expect(frame).toContain('resume with: lbwiz setup --answers lbwiz.yaml');
		const yaml = await readFile(join(app.dir, 'lbwiz.yaml'), 'utf8');
		expect(yaml).toContain('# wizard-step: directors.count');
	});

	it('cancels with Ctrl-C: exit 130, nothing written', async () => {
		app = await mountWizard();
		await waitForFrame(app, 'Press Enter to start.');
		await sendKeys(app, keys.enter, keys.enter);
		await waitForFrame(app, 'Cluster name');
		await sendKeys(app, keys.ctrlC);
		await waitUntil(() => app!.exits.length > 0, 'exit');
		expect(app.exits).toEqual([{code: 130, message: 'Cancelled: nothing was written and no host was changed.'}]);
		expect(await readdir(app.dir)).toEqual([]);
	});

	it('plans on the hosts with a, refuses while a host has a problem, applies after y with progress per host and step', async () => {
		const {services: real, dir} = await servicesIn();
		let problems = ['ssh: connect to host 203.0.113.12 port 22: Connection timed out'];
		const services: WizardServices = {
			...real,
			canApply: true,
			async buildReview(answers, target) {
				const review = await real.buildReview(answers, 'out');
				if (target !== 'hosts') return review;
				return {...review, target: {kind: 'hosts'}, hosts: review.hosts.map(h => ({...h, problems: h.host === 'lb2' ? problems : []}))};
			},
			async apply(review, _answers, onProgress) {
				expect(review.target.kind).toBe('hosts');
				const later = () => new Promise(resolve => setTimeout(resolve, 30));
				onProgress({key: 'lb2:1', host: 'lb2', label: 'write /etc/keepalived/keepalived.conf', status: 'running'});
				await later();
				onProgress({key: 'lb2:1', host: 'lb2', label: '', status: 'done'});
				onProgress({key: 'lb1:1', host: 'lb1', label: 'write /etc/keepalived/keepalived.conf', status: 'running'});
				await later();
				return {ok: true, lines: ['Applied to lb2, lb1; saved lbwiz.yaml.']};
			},
		};
		app = await mountWizard({services, dir, initial: initialState({canApply: true})});
		let frame = await answerToReview(app);
		expect(frame).toContain('Enter write · a apply to hosts');
		await sendKeys(app, 'a');
		frame = await waitForFrame(app, 'applied through local');
		expect(frame).toContain('lb1 (vrrp, haproxy): applied through local');
		expect(frame).toContain('Enter apply · w files only');
		await sendKeys(app, keys.enter);
		frame = await waitForFrame(app, 'Cannot apply');
		expect(oneLine(frame)).toContain('Cannot apply: lb2: ssh: connect to host 203.0.113.12 port 22: Connection timed out');
		problems = [];
		await sendKeys(app, 'w');
		await waitForFrame(app, 'written to out/lb1/');
		await sendKeys(app, 'a');
		await waitForFrame(app, 'applied through local');
		await sendKeys(app, keys.enter);
		frame = await waitForFrame(app, 'Apply to 2 host(s) now? y = yes');
		await sendKeys(app, 'x');
		await waitForFrame(app, 'Not applied.');
		await sendKeys(app, keys.enter, 'y');
		frame = await waitForFrame(app, '✔ Done.');
		expect(frame).toContain('Applied to lb2, lb1; saved lbwiz.yaml.');
		expect(app.frames.map(f => stripAnsi(f)).join('\n')).toMatch(/✔ lb2 +write \/etc\/keepalived\/keepalived\.conf/);
	});

	it('honours NO_COLOR: no colour codes, same text', async () => {
		// Ink colours through chalk, which turns itself off when stdout is not a terminal (as under vitest).
		const {default: chalk} = await import('chalk');
		const level = chalk.level;
		chalk.level = 1;
		onTestFinished(() => {
			chalk.level = level;
		});
		app = await mountWizard({color: false});
		await waitForFrame(app, 'Press Enter to start.');
		await sendKeys(app, keys.enter);
		await waitForFrame(app, 'Which architecture');
		expect(app.lastFrame()).not.toMatch(/\u001B\[(?:3[0-9]|9[0-7])m/);
		app.unmount();
		app = await mountWizard({color: true});
		await waitForFrame(app, 'Press Enter to start.');
		await sendKeys(app, keys.enter);
		await waitForFrame(app, 'Which architecture');
		expect(app.lastFrame()).toMatch(/\u001B\[(?:3[0-9]|9[0-7])m/);
	});
});
