import {execFileSync, spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {optionValue, optionValues, parseProcRecords, parseProcStat, PROC_SCRIPT} from '../../src/parse/proc.js';

describe('PROC_SCRIPT on this machine (real /proc)', () => {
	it('finds a process by comm, with args, state, fds, TMPDIR, and marks it as in our namespace', async () => {
		const child = spawn('sh', ['-c', 'sleep 30; : "$0"', 'x y'], {env: {...process.env, TMPDIR: '/tmp/lbwc-proc-test'}, stdio: ['ignore', 'ignore', 'ignore']});
		try {
			await new Promise(resolve => setTimeout(resolve, 100));
			const out = execFileSync('sh', ['-c', PROC_SCRIPT, 'lbwiz-proc', 'sh'], {encoding: 'utf8'});
			const {selfNetns, processes} = parseProcRecords(out);
			expect(selfNetns).toMatch(/^net:\[\d+\]$/);
			const mine = processes.find(p => p.pid === child.pid)!;
			expect(mine).toMatchObject({comm: 'sh', args: ['sh', '-c', 'sleep 30; : "$0"', 'x y'], state: 'S', ppid: process.pid, sameNetns: true, env: {TMPDIR: '/tmp/lbwc-proc-test'}, stderr: '/dev/null'});
		} finally {
			child.kill();
		}
	});
});

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('PROC_SCRIPT with processes in other network namespaces (root)', () => {
	it.each([['dash'], ['bash'], ['busybox', 'sh']])('keeps ours and skips the others before reading them (%s)', async (...shell) => {
		const ours = spawn('sleep', ['30'], {stdio: 'ignore'});
		const theirs = spawn('unshare', ['--net', 'sleep', '30'], {stdio: 'ignore'});
		try {
			await new Promise(resolve => setTimeout(resolve, 200));
			const [file, ...pre] = shell;
			const out = execFileSync(file, [...pre, '-c', PROC_SCRIPT, 'lbwiz-proc', 'sleep'], {encoding: 'utf8'});
			const {selfNetns, processes} = parseProcRecords(out);
			expect(processes.find(p => p.pid === ours.pid)).toMatchObject({comm: 'sleep', args: ['sleep', '30'], state: 'S', sameNetns: true, netns: selfNetns});
			// unshare execs sleep in place: same pid, another network namespace
			expect(processes.some(p => p.pid === theirs.pid)).toBe(false);
			expect(processes.every(p => p.sameNetns)).toBe(true);
		} finally {
			ours.kill();
			theirs.kill();
		}
	});
});

describe('proc helpers', () => {
	it('parses a stat line whose comm has spaces and parentheses', () => {
		expect(parseProcStat('42 (a b) c)) Z 1 42 42 0 -1')).toEqual({pid: 42, comm: 'a b) c)', state: 'Z', ppid: 1});
	});

	it('reads option values in every form', () => {
		expect(optionValue(['keepalived', '-l', '-D', '-f', '/etc/k.conf'], 'f', 'use-file')).toBe('/etc/k.conf');
		expect(optionValue(['keepalived', '--use-file=/x.conf'], 'f', 'use-file')).toBe('/x.conf');
		expect(optionValue(['keepalived', '-f/y.conf'], 'f', 'use-file')).toBe('/y.conf');
		expect(optionValue(['keepalived', '-n'], 'f', 'use-file')).toBeUndefined();
		expect(optionValues(['haproxy', '-db', '-f', '/a.cfg', '-f', '/conf.d', '-p', '/run/p'], 'f')).toEqual(['/a.cfg', '/conf.d']);
	});
});
