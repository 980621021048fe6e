/**
Timing helpers for `npm run bench`: wall time of a child process (monotonic clock around the spawn),
its CPU time and peak RSS when GNU time is installed, hyperfine for the short start-up runs when it
is installed, and the statistics the table shows. No shell: every command is an argv array.
*/
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** One run of a command. */
export type Sample = {wallMs: number; userMs?: number; sysMs?: number; maxRssKb?: number; status: number | null; stdout: string; stderr: string};

/** Summary of several runs. */
export type Stats = {runs: number; medianMs: number; minMs: number; cpuMs?: number; maxRssKb?: number; status: number | null};

export type RunOptions = {cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; /** wrap in GNU time for CPU and RSS (default: when installed) */ gnuTime?: boolean};

const GNU_TIME = '/usr/bin/time';
/** GNU time is installed (CPU time and peak RSS of single runs). */
export const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%e', 'true'], {encoding: 'utf8'}).status === 0;

/** True when `program` is on the PATH. */
export function hasProgram(program: string): boolean {
	return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], {encoding: 'utf8'}).status === 0;
}

/** The median of some numbers. */
export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs argv once; wall time from our clock, CPU and RSS from GNU time (when installed). */
export function runOnce(argv: readonly string[], options: RunOptions = {}): Sample {
	const dir = hasGnuTime && options.gnuTime !== false ? mkdtempSync(join(tmpdir(), 'lbwiz-bench-time-')) : undefined;
	const out = dir ? join(dir, 'time') : undefined;
	const full = out ? [GNU_TIME, '-o', out, '-f', '%U %S %M', ...argv] : [...argv];
	const started = performance.now();
	const r = spawnSync(full[0], full.slice(1), {cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', timeout: options.timeoutMs ?? 600_000, maxBuffer: 512 * 1024 * 1024, input: options.input ?? ''});
	const wallMs = performance.now() - started;
	const sample: Sample = {wallMs, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? ''};
	if (out && existsSync(out)) {
		const last = readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
		const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last);
		if (m) Object.assign(sample, {userMs: Number(m[1]) * 1000, sysMs: Number(m[2]) * 1000, maxRssKb: Number(m[3])});
	}
	if (dir) rmSync(dir, {recursive: true, force: true});
	return sample;
}

/** Statistics of samples. */
export function stats(samples: Sample[]): Stats {
	const cpu = samples.filter(s => s.userMs !== undefined).map(s => s.userMs! + s.sysMs!);
	const rss = samples.filter(s => s.maxRssKb !== undefined).map(s => s.maxRssKb!);
	return {
		runs: samples.length,
		medianMs: median(samples.map(s => s.wallMs)),
		minMs: Math.min(...samples.map(s => s.wallMs)),
		...(cpu.length ? {cpuMs: median(cpu)} : {}),
		...(rss.length ? {maxRssKb: Math.max(...rss)} : {}),
		status: samples[samples.length - 1]?.status ?? null,
	};
}

/**
Runs several commands `runs` times each, interleaved (A B C A B C …) so a change in the machine's
load hits all of them alike; `warmup` unrecorded rounds first. Pass `gnuTime: false` for short
commands: the wrapper's own exec would add the same milliseconds to both sides of a ratio.
*/
export function interleaved(commands: Record<string, readonly string[]>, runs: number, options: RunOptions & {warmup?: number} = {}): Record<string, Stats> {
	const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(commands).map(k => [k, []]));
	for (let round = -(options.warmup ?? 0); round < runs; round++) {
		for (const [name, argv] of Object.entries(commands)) {
			const s = runOnce(argv, options);
			if (round >= 0) samples[name].push(s);
		}
	}
	return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
}

type HyperfineResult = {command: string; mean: number; median: number; min: number; user: number; system: number; exit_codes: number[]};

/**
hyperfine (`-N`: no shell; each command a whitespace-separated string, so no spaces in paths) with
`runs` runs and `warmup` warm-up runs per command; undefined when hyperfine is not installed.
*/
export function hyperfine(commands: Record<string, readonly string[]>, runs: number, options: RunOptions & {warmup?: number} = {}): Record<string, Stats> | undefined {
	if (!hasProgram('hyperfine')) return undefined;
	for (const argv of Object.values(commands)) if (argv.some(a => /\s/.test(a))) return undefined;
	const dir = mkdtempSync(join(tmpdir(), 'lbwiz-bench-hf-'));
	try {
		const json = join(dir, 'out.json');
		const names = Object.keys(commands);
		const args = ['-N', '-i', '--style', 'none', '--warmup', String(options.warmup ?? 3), '--runs', String(runs), '--export-json', json];
		for (const name of names) args.push('-n', name, commands[name].join(' '));
		const r = spawnSync('hyperfine', args, {cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', timeout: options.timeoutMs ?? 600_000});
		if (r.status !== 0 || !existsSync(json)) return undefined;
		const results = (JSON.parse(readFileSync(json, 'utf8')) as {results: HyperfineResult[]}).results;
		return Object.fromEntries(
			results.map((h, i) => [
				names[i],
				{runs, medianMs: h.median * 1000, minMs: h.min * 1000, cpuMs: (h.user + h.system) * 1000, status: h.exit_codes[h.exit_codes.length - 1] ?? null},
			]),
		);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
