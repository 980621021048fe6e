import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {LocalTransport} from '../../src/transport/local.js';
import {failureLine} from '../../src/transport/failure.js';

const dir = mkdtempSync(join(tmpdir(), 'lbwc-local-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const t = new LocalTransport();

describe('LocalTransport.run', () => {
	it('runs an argv without a shell', async () => {
		const r = await t.run(['echo', '$(whoami); rm -rf /'], {timeoutMs: 5000});
		expect(r).toMatchObject({exitCode: 0, stdout: '$(whoami); rm -rf /\n', failed: false, timedOut: false, argv: ['echo', '$(whoami); rm -rf /']});
		expect(r.spawnError).toBeUndefined();
	});

	it('sets LC_ALL=C and extra env', async () => {
		const r = await t.run(['sh', '-c', 'echo "$LC_ALL $X"'], {timeoutMs: 5000, env: {X: 'y'}});
		expect(r.stdout).toBe('C y\n');
	});

	it('passes stdin', async () => {
		const r = await t.run(['cat'], {timeoutMs: 5000, input: 'hello\nworld'});
		expect(r.stdout).toBe('hello\nworld');
	});

	it('does not hang on a command reading stdin when no input is given', async () => {
		const r = await t.run(['cat'], {timeoutMs: 5000});
		expect(r).toMatchObject({exitCode: 0, stdout: '', timedOut: false});
	});

	it('reports a non-zero exit as data', async () => {
		const r = await t.run(['sh', '-c', 'echo oops >&2; exit 3'], {timeoutMs: 5000});
		expect(r).toMatchObject({exitCode: 3, failed: true, stderr: 'oops\n'});
		expect(failureLine(r)).toBe('oops');
	});

	it('kills a command at its timeout', async () => {
		const r = await t.run(['sleep', '30'], {timeoutMs: 200});
		expect(r.timedOut).toBe(true);
		expect(r.failed).toBe(true);
		expect(r.spawnError).toBeUndefined();
	});

	it('turns a missing program into ENOENT', async () => {
		const r = await t.run(['lbwiz-no-such-tool', '-x'], {timeoutMs: 5000});
		expect(r.spawnError).toBe('ENOENT');
		expect(r.stderr).toMatch(/lbwiz-no-such-tool: command not found/);
	});

	it('cuts output past maxBuffer and says so', async () => {
		const r = await t.run(['sh', '-c', 'yes | head -c 100000'], {timeoutMs: 5000, maxBuffer: 1000});
		expect(r.truncated).toBe(true);
		expect(r.stdout.length).toBeLessThanOrEqual(1000);
	});

	it('stops on an abort signal', async () => {
		const controller = new AbortController();
		const pending = t.run(['sleep', '30'], {timeoutMs: 20_000, signal: controller.signal});
		controller.abort();
		const r = await pending;
		expect(r.failed).toBe(true);
		expect(r.exitCode).toBeUndefined();
	});
});

describe('LocalTransport files', () => {
	it('reads a file with cat', async () => {
		const path = join(dir, "it's a file");
		writeFileSync(path, 'a\nb\n');
		const r = await t.readFile(path);
		expect(r.content).toBe('a\nb\n');
		expect(r.argv).toEqual(['cat', '--', path]);
	});

	it('has no content for a missing file', async () => {
		const r = await t.readFile(join(dir, 'missing'));
		expect(r.content).toBeUndefined();
		expect(r.exitCode).toBe(1);
		expect(r.stderr).toMatch(/No such file/);
		expect(r.spawnError).toBeUndefined();
	});

	it('cuts a file past maxBytes', async () => {
		const path = join(dir, 'big');
		writeFileSync(path, 'x'.repeat(50_000));
		const r = await t.readFile(path, {maxBytes: 1000});
		expect(r.truncated).toBe(true);
		expect(r.content?.length).toBeLessThanOrEqual(1000);
	});

	it('writes atomically and keeps the old mode', async () => {
		const path = join(dir, 'keep mode $(x).conf');
		writeFileSync(path, 'old');
		chmodSync(path, 0o640);
		const r = await t.writeFile(path, "new 'content'\n$(whoami)\n");
		expect(r.exitCode).toBe(0);
		expect(readFileSync(path, 'utf8')).toBe("new 'content'\n$(whoami)\n");
		expect(statSync(path).mode & 0o777).toBe(0o640);
	});

	it('writes a new file with a given mode and leaves no temp file', async () => {
		const path = join(dir, 'new.conf');
		const r = await t.writeFile(path, 'x', {mode: 0o600});
		expect(r.exitCode).toBe(0);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		const listing = await t.run(['ls', '-a', dir], {timeoutMs: 5000});
		expect(listing.stdout).not.toMatch(/lbwiz-write/);
	});

	it('fails cleanly into a missing directory', async () => {
		const r = await t.writeFile(join(dir, 'nope', 'x'), 'x');
		expect(r.exitCode).not.toBe(0);
		expect(r.failed).toBe(true);
	});
});
