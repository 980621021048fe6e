/**
Drives a program in a real terminal: tmux runs it detached at 80×24 on its own socket, keys go in with
send-keys, screens come out with capture-pane.

The pane runs `sh`, which runs the program, then records `stty -a` and the program's exit status in a
state directory and keeps the pane open. The status comes from that shell, which waited for the program,
not from tmux's `#{pane_dead_status}`: tmux 3.3a built with libutempter loses a pane's SIGCHLD when the
pane's terminal reaches EOF just before the program's exit is signalled (on EOF it runs utempter's helper
with SIGCHLD set to SIG_DFL, and a SIGCHLD arriving then is discarded); the program stays a zombie tmux
never reaps, and the pane is dead with no status forever (5 wizard runs in 70 with 2 cores under load;
`kill -CHLD` on the tmux server then makes it reap the program and report status 0).
*/
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {randomBytes} from 'node:crypto';
import {execa} from 'execa';

export const BIN = resolve('bin/lbwiz.js');
export const COLUMNS = 80;
export const ROWS = 24;

/** A constant script: the state directory and the program's argv are its arguments, never spliced into it. */
const RECORD_EXIT = 'state=$0; "$@"; status=$?; stty -a > "$state/stty" 2>&1; echo "$status" > "$state/exit-status"; exec sleep 600';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export class Tmux {
	readonly socket = `lbwiz-test-${randomBytes(4).toString('hex')}`;
	readonly target = 'wiz';
	/** where the pane's shell records `exit-status` and `stty`, and lbwiz its LBWIZ_DEBUG_EXIT notes (`exit-debug`) */
	stateDir = '';

	async run(...args: string[]) {
		// An operator's terminal, not CI's: Ink draws only the last frame when CI variables are set.
		const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CI' && key !== 'CONTINUOUS_INTEGRATION' && !key.startsWith('CI_')));
		return execa('tmux', ['-L', this.socket, ...args], {timeout: 10_000, env, extendEnv: false});
	}

	/** Starts `argv` in `cwd` in a detached 80×24 session; its screen stays after it exits. */
	async start(cwd: string, argv: string[], env: Record<string, string> = {}) {
		this.stateDir = await mkdtemp(join(tmpdir(), 'lbwiz-tmux-state-'));
		const vars = {TERM: 'xterm-256color', LBWIZ_FROM_SOURCE: '1', LBWIZ_DEBUG_EXIT: join(this.stateDir, 'exit-debug'), ...env};
		const envArgs = Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
		await this.run('-f', '/dev/null', 'new-session', '-d', '-s', this.target, '-x', String(COLUMNS), '-y', String(ROWS), '-c', cwd, ...envArgs, 'sh', '-c', RECORD_EXIT, this.stateDir, ...argv);
	}

	async keys(...keys: string[]) {
		await this.run('send-keys', '-t', this.target, ...keys);
	}

	async text(text: string) {
		await this.run('send-keys', '-t', this.target, '-l', '--', text);
	}

	/** The screen as text, trailing spaces removed, 24 lines. */
	async capture(escapes = false): Promise<string[]> {
		const {stdout} = await this.run('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.target);
		const lines = stdout.split('\n').map(l => l.trimEnd());
		while (lines.length < ROWS) lines.push('');
		return lines.slice(0, ROWS);
	}

	async waitFor(test: (screen: string[]) => boolean, what: string, timeoutMs = 15_000): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = await this.capture();
			if (test(screen)) return screen;
			if (Date.now() > deadline) throw new Error(`tmux: ${what} not seen within ${timeoutMs} ms; screen:\n${screen.join('\n')}`);
			await sleep(50);
		}
	}

	/**
	The program's exit status once the pane's shell has recorded it. A program still running after
	`timeoutMs` fails the test: what it was doing, its process, its LBWIZ_DEBUG_EXIT notes, the screen.
	*/
	async exitStatus(after: string, timeoutMs = 20_000): Promise<number> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const text = await readFile(join(this.stateDir, 'exit-status'), 'utf8').catch(() => '');
			if (/^\d+\n$/.test(text)) return Number(text.trim());
			if (Date.now() > deadline) break;
			await sleep(50);
		}
		const screen = await this.capture();
		const shell = (await this.run('display-message', '-p', '-t', this.target, '#{pane_pid}')).stdout.trim();
		const ps = await execa('ps', ['-o', 'pid=,stat=,etime=,args=', '--ppid', shell], {reject: false});
		const notes = await readFile(join(this.stateDir, 'exit-debug'), 'utf8').catch(() => '');
		throw new Error(
			[
				`lbwiz did not exit within ${timeoutMs / 1000} s after ${after}.`,
				`Its process (a child of the pane's shell ${shell}): ${ps.stdout.trim() || 'none'}`,
				`LBWIZ_DEBUG_EXIT notes: ${notes.trim() || 'none (it never reached the end of its command)'}`,
				'Screen:',
				...screen,
			].join('\n'),
		);
	}

	/** `stty -a` of the terminal right after the program exited. */
	async sttyAfterExit(): Promise<string> {
		return readFile(join(this.stateDir, 'stty'), 'utf8');
	}

	async kill() {
		await execa('tmux', ['-L', this.socket, 'kill-server'], {reject: false, timeout: 10_000});
		if (this.stateDir) await rm(this.stateDir, {recursive: true, force: true});
	}
}
