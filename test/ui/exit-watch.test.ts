import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';

const dirs: string[] = [];
afterEach(async () => {
	for (const dir of dirs.splice(0)) await rm(dir, {recursive: true, force: true});
});

async function runLinger(env: Record<string, string>) {
	return execa('node', ['--import', 'tsx', 'test/ui/fixtures/linger.ts'], {env, reject: false, timeout: 30_000});
}

describe('LBWIZ_DEBUG_EXIT (watchExit)', () => {
	it('notes the end of the work, what is still active while the process lingers, and the exit status', async () => {
		// Given
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-exit-watch-'));
		dirs.push(dir);
		const file = join(dir, 'exit.log');
		// When
		const run = await runLinger({LBWIZ_DEBUG_EXIT: file});
		// Then
		expect(run.exitCode, run.stderr).toBe(0);
		const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
		expect(lines[0]).toMatch(/ pid \d+ linger fixture: done \(status 0\); waiting for the process to end$/);
		expect(lines[1]).toMatch(/linger fixture: still running 1\.\d s later; active: .*\bTimeout$/);
		expect(lines.at(-1)).toMatch(/linger fixture: process exits with status 0$/);
	});

	it('without the variable, prints nothing and does not change how the process ends', async () => {
		const run = await runLinger({LBWIZ_DEBUG_EXIT: ''});
		expect(run.exitCode, run.stderr).toBe(0);
		expect(run.stdout + run.stderr).toBe('');
	});
});
