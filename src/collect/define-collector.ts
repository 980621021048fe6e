/**
A fact collector (a sos plugin reduced to one fact): it declares what it needs (`requires`), runs
commands only through the engine's `run`/`readFile` (which record and redact every one of them as
evidence), may wait for other facts of the same host (`fact`), and returns a value or a reason the
fact is unavailable that says what to do. Parsing lives in src/parse/.
*/
import type {Topology} from '../model/schema.js';
import type {TopologyHost} from '../model/hosts.js';
import type {RunResult} from '../transport/transport.js';
import type {FactKey, FactResult, FactValues} from './types.js';

/** What a collector needs; unmet needs make the fact unavailable with a reason, before it runs. */
export type Requires = {
	/** every one of these commands */
	commands?: string[];
	/** at least one of these commands */
	anyOf?: string[];
	/** root (or sudo -n) on the host */
	root?: boolean;
};

/** A command run as recorded: the run result (redacted) plus its evidence id. */
export type RecordedRun = RunResult & {id: string};

/** Options of one recorded command. */
export type CollectRunOptions = {
	timeoutMs?: number;
	input?: string;
	/** keep the command out of the per-host concurrency limit (captures that last the whole window) */
	longRunning?: boolean;
	/** stdout/stderr kept in the evidence (default: the engine's limit); `tail` keeps the end */
	keep?: 'head' | 'tail';
	maxBuffer?: number;
};

/** The capture window of one host: opened by the VRRP capture, closed `captureSeconds` later. */
export type CaptureWindow = {
	readonly seconds: number;
	readonly opened: Promise<void>;
	readonly closed: Promise<void>;
	/** opens the window (idempotent); it closes by itself after `seconds`; `quiet`: no progress ticks */
	open(quiet?: boolean): void;
	readonly isOpen: boolean;
};

/** The host as collectors see it. */
export type HostContext = {
	name: string;
	spec: string;
	roles: string[];
	/** the host's topology entry, when collecting from a topology */
	entry?: TopologyHost;
};

/** Everything a collector may use. */
export type CollectorContext = {
	host: HostContext;
	run(argv: readonly [string, ...string[]], options?: CollectRunOptions): Promise<RecordedRun>;
	readFile(path: string, options?: {maxBytes?: number; timeoutMs?: number}): Promise<RecordedRun & {content?: string}>;
	/** another fact of this host (collected on demand, once) */
	fact<K extends FactKey>(key: K): Promise<FactResult<FactValues[K]>>;
	/** tools found on the host by the probe (name → present) */
	tools: Record<string, boolean>;
	/** the commands run as root (or through sudo -n) */
	isRoot: boolean;
	/** /run/systemd/system exists */
	systemd: boolean;
	/** what the engine's first command (the probe) found, and its evidence id */
	probe: {uid?: number; hostname?: string; kernel?: string; /** absolute paths of the tools found (`command -v`; shell builtins left out) */ paths?: Record<string, string>; evidence: string};
	redact: boolean;
	window: CaptureWindow;
	topology?: Topology;
	signal?: AbortSignal;
	/** wall clock, for timestamps only */
	now(): Date;
};

/** What `collect` returns: a value with the evidence ids it came from, or a reason. */
export type CollectOutcome<T> = {value: T; evidence: string[]} | {unavailable: string; evidence?: string[]};

/** One collector. */
export type Collector<K extends FactKey = FactKey> = {
	fact: K;
	title: string;
	requires?: Requires;
	/** which hosts it runs on when a topology gives roles (default: every host) */
	appliesTo?(host: HostContext): boolean;
	collect(context: CollectorContext): Promise<CollectOutcome<FactValues[K]>>;
};

/** Identity helper for typing (ESLint's `@type {RuleModule}`). */
export function defineCollector<K extends FactKey>(collector: Collector<K>): Collector<K> {
	return collector;
}

/** The fact from an outcome. */
export function toFactResult<T>(outcome: CollectOutcome<T>): FactResult<T> {
	return 'unavailable' in outcome ? {status: 'unavailable', reason: outcome.unavailable, evidence: outcome.evidence ?? []} : {status: 'ok', value: outcome.value, evidence: outcome.evidence};
}
