/**
The doctor as a service: collect (or load) a bundle, evaluate it, return the report. Commands, the Ink
live view and setup's verify step call this; it never prints. Collection goes through `collectBundle`
with one VRRP capture window (3 × the largest advert_int + 1 s unless told otherwise).
*/
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Bundle} from '../collect/types.js';
import type {CollectEvent, CollectFn, HostTarget} from '../collect/engine-types.js';
import type {Topology} from '../model/schema.js';
import {evaluateBundle, type EvaluateOptions} from './evaluate.js';
import type {DoctorReport} from './report-model.js';
import type {CheckEvent} from './run-checks.js';

/** Everything the live view and loggers can subscribe to. */
export type DoctorEvent = CollectEvent | CheckEvent | {type: 'evaluate:start'} | {type: 'report'; report: DoctorReport};

export type RunDoctorOptions = {
	/** hosts to collect from (ignored with `bundle`) */
	targets?: HostTarget[];
	topology?: Topology;
	/** a loaded bundle: no collection */
	bundle?: Bundle;
	source?: {kind: 'bundle' | 'demo'; path: string};
	captureSeconds?: number;
	redact?: boolean;
	only?: string[];
	skip?: string[];
	onEvent?: (event: DoctorEvent) => void;
	signal?: AbortSignal;
	/** the collect engine (tests inject one); default: src/collect/collect-hosts.ts */
	collect?: CollectFn;
};

/** The capture window that shows at least three adverts: 3 × advert_int + 1 s, rounded up. */
export function defaultCaptureSeconds(advertInts: readonly number[]): number {
	const longest = Math.max(1, ...advertInts.filter(n => Number.isFinite(n) && n > 0));
	return Math.ceil(3 * longest + 1);
}

/** Runs the doctor: collect (unless a bundle is given), then evaluate. */
export async function runDoctor(options: RunDoctorOptions): Promise<{report: DoctorReport; bundle: Bundle}> {
	let bundle = options.bundle;
	const captureSeconds = options.captureSeconds ?? defaultCaptureSeconds([options.topology?.vrrp?.advert_int ?? 1]);
	if (!bundle) {
		const collect = options.collect ?? (await import('../collect/collect-hosts.js')).collectBundle;
		bundle = await collect({
			hosts: options.targets ?? [],
			captureSeconds,
			redact: options.redact ?? true,
			...(options.topology ? {topology: options.topology} : {}),
			...(options.onEvent ? {onEvent: options.onEvent} : {}),
			...(options.signal ? {signal: options.signal} : {}),
		});
	}
	options.onEvent?.({type: 'evaluate:start'});
	const evaluateOptions: EvaluateOptions = {
		...(options.only ? {only: options.only} : {}),
		...(options.skip ? {skip: options.skip} : {}),
		source: options.source ? {kind: options.source.kind, bundle: options.source.path, captureSeconds: bundle.capture.seconds} : {kind: 'live', captureSeconds: bundle.capture.seconds},
		...(options.onEvent ? {onEvent: options.onEvent} : {}),
	};
	const report = evaluateBundle(bundle, evaluateOptions);
	options.onEvent?.({type: 'report', report});
	return {report, bundle};
}

/** Where the demo bundle ships: fixtures/bundles/split-brain-firewall/bundle.json next to the code (repo or dist/). */
export function findDemoBundle(from: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
	const relative = [join('fixtures', 'bundles', 'split-brain-firewall', 'bundle.json'), join('demo', 'split-brain-firewall', 'bundle.json')];
	let dir = from;
	for (;;) {
		for (const candidate of relative) if (existsSync(join(dir, candidate))) return join(dir, candidate);
		const parent = dirname(dir);
		if (parent === dir) return undefined;
		dir = parent;
	}
}
