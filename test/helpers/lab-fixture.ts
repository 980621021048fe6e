/**
Shared pieces of the doctor's lab suites (test/doctor/lab-*.test.ts): a lab prefix of their own, a
recorder wrapped around the real collect engine (the suites `vi.mock` src/collect/collect-hosts.js with
`recordingCollectModule`, so `lbwiz doctor` runs unchanged while the test sees every collection it made,
its events and its bundle), `lbwiz doctor` through main() with a captured io, and the one-capture-window
assertion.
*/
import {afterAll, beforeAll, expect} from 'vitest';
import {main} from '../../src/cli.js';
import type {CollectEvent, CollectFn, CollectOptions} from '../../src/collect/engine-types.js';
import type {Bundle, VrrpCapture} from '../../src/collect/types.js';
import type {DoctorReport, Finding} from '../../src/doctor/report-model.js';
import {defaultCaptureSeconds} from '../../src/doctor/run-doctor.js';
import {labDown, labUp, type LabUpResult} from '../../src/lab/lab.js';
import {namespacesWithPrefix, processesMentioning} from '../lab/lab-helpers.js';
import {captureIo} from './io.js';

/** A unique prefix for the doctor's lab suites: `lbd` + 3 random characters + `-`. */
export function doctorLabPrefix(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	let tag = '';
	for (let i = 0; i < 3; i++) tag += alphabet[Math.floor(Math.random() * alphabet.length)];
	return `lbd${tag}-`;
}

/** One call of the collect engine: its options (without the callbacks), the events it sent, what it returned. */
export type CollectCall = {options: Omit<CollectOptions, 'onEvent' | 'signal' | 'transport'>; events: CollectEvent[]; bundle?: Bundle; error?: string};

const calls: CollectCall[] = [];

/**
The module object for `vi.mock('…/src/collect/collect-hosts.js', …)`: the real module with its
`collectBundle` wrapped so each call is recorded (the real engine still does all the work).
*/
export function recordingCollectModule<M extends {collectBundle: CollectFn}>(original: M): M {
	const collectBundle: CollectFn = async options => {
		const {onEvent, signal: _signal, transport: _transport, ...rest} = options;
		const call: CollectCall = {options: rest, events: []};
		calls.push(call);
		try {
			call.bundle = await original.collectBundle({
				...options,
				onEvent: event => {
					call.events.push(event);
					onEvent?.(event);
				},
			});
			return call.bundle;
		} catch (error) {
			call.error = (error as Error).message;
			throw error;
		}
	};
	return {...original, collectBundle};
}

/** What one `lbwiz doctor` run printed and did. */
export type DoctorRun = {code: number; stdout: string; stderr: string; report?: DoctorReport; collects: CollectCall[]};

/** `lbwiz doctor --topology FILE ARGS…` through main() with a captured io; `--json` output is parsed. */
export async function doctorCli(topologyPath: string, ...argv: string[]): Promise<DoctorRun> {
	const first = calls.length;
	const c = captureIo();
	const code = await main(['doctor', '--topology', topologyPath, ...argv], c.io);
	const stdout = c.stdout();
	const collects = calls.slice(first);
	if (collects.length === 0) throw new Error('lbwiz doctor ran without the recorded collect engine: is src/collect/collect-hosts.js mocked with recordingCollectModule?');
	return {code, stdout, stderr: c.stderr(), collects, ...(argv.includes('--json') ? {report: JSON.parse(stdout) as DoctorReport} : {})};
}

/** One line per finding, for assertion messages and the test log. */
export function findingLines(report: DoctorReport): string[] {
	return report.findings.map(f => `${f.id} ${f.severity} ${f.check}@${f.host ?? '-'}${f.caused_by.length ? ` <${f.caused_by.join(',')}` : ''}: ${f.message}`);
}

/** The report's first root cause: summary.rootCauses[0], which must also be findings[0]. */
export function firstRootCause(report: DoctorReport): Finding | undefined {
	const id = report.summary.rootCauses[0];
	return report.findings.find(f => f.id === id);
}

/**
Asserts that a doctor run opened exactly one VRRP capture window of `seconds`: one collection with a
capture (any other, e.g. --fix's re-check, has capture 0 and does not read vrrp.adverts), the bundle says
so, every capturing host counted one window down once (its ticks start at `seconds` once and only
decrease), and ran tcpdump once per captured interface with `timeout seconds`. Returns the capturing hosts.
*/
export function expectOneCaptureWindow(run: DoctorRun, seconds: number): string[] {
	const capturing = run.collects.filter(c => c.options.captureSeconds > 0);
	expect(capturing.map(c => c.options.captureSeconds), 'collections with a capture window').toEqual([seconds]);
	for (const other of run.collects.filter(c => c.options.captureSeconds === 0)) {
		expect(other.options.only, 'a collection without a window must name its facts').toBeDefined();
		expect(other.options.only).not.toContain('vrrp.adverts');
		expect(other.events.filter(e => e.type === 'capture:tick')).toEqual([]);
	}
	const [call] = capturing;
	expect(call.error).toBeUndefined();
	const bundle = call.bundle!;
	expect(bundle.capture.seconds).toBe(seconds);
	if (run.report) expect(run.report.source.captureSeconds).toBe(seconds);
	const hosts = [...new Set(call.events.flatMap(e => (e.type === 'capture:tick' ? [e.host] : [])))];
	expect(hosts.length, 'hosts that captured VRRP').toBeGreaterThan(0);
	for (const host of hosts) {
		const ticks = call.events.flatMap(e => (e.type === 'capture:tick' && e.host === host ? [e.remainingSeconds] : []));
		expect(ticks[0], `${host}: the window opens at ${seconds} s`).toBe(seconds);
		expect(ticks.filter(t => t === seconds), `${host}: the window opened once`).toHaveLength(1);
		expect(ticks.every((t, i) => i === 0 || t <= ticks[i - 1]), `${host}: one countdown ${ticks.join(',')}`).toBe(true);
		const adverts = bundle.hosts.find(h => h.name === host)?.facts['vrrp.adverts'];
		expect(adverts?.status, `${host}: vrrp.adverts`).toBe('ok');
		const value = (adverts as {value: VrrpCapture}).value;
		expect(value.seconds).toBe(seconds);
		const tcpdumps = Object.values(bundle.evidence).filter(e => e.host === host && (e.argv[0] === 'tcpdump' || (e.argv[0] === 'timeout' && e.argv[2] === 'tcpdump')));
		expect(tcpdumps.map(e => e.argv.slice(0, 2)), `${host}: one tcpdump per interface`).toEqual(value.interfaces.map(() => ['timeout', String(seconds)]));
	}
	return hosts;
}

/** A lab brought up once for a suite: its handle, the capture window the doctor picks for it, timings. */
export type SuiteLab = {readonly lab: LabUpResult; readonly seconds: number; timings: string[]};

/**
Brings a lab up before the suite's tests and down after them, asserting nothing is left (namespaces,
processes under /lbwiz-lab/<prefix>/, lab files), and prints the timings the tests pushed. Call inside the
suite's describe.
*/
export function useSuiteLab(suite: string, prefix: string): SuiteLab {
	let lab: LabUpResult | undefined;
	let seconds = 0;
	const timings: string[] = [];
	beforeAll(async () => {
		const started = Date.now();
		lab = await labUp({prefix, timeoutMs: 60_000});
		seconds = defaultCaptureSeconds([lab.topology.vrrp?.advert_int ?? 1]);
		timings.push(`lab up ${Date.now() - started} ms`);
	}, 120_000);
	afterAll(async () => {
		try {
			const down = await labDown({prefix});
			expect(down.leftovers).toEqual([]);
			expect(namespacesWithPrefix(prefix)).toEqual([]);
			expect(processesMentioning(`/lbwiz-lab/${prefix}/`)).toEqual([]);
		} finally {
			console.log(`[${suite}] timings:\n  ${timings.join('\n  ')}`);
		}
	}, 120_000);
	return {
		get lab() {
			if (!lab) throw new Error(`the ${suite} lab is not up`);
			return lab;
		},
		get seconds() {
			return seconds;
		},
		timings,
	};
}
