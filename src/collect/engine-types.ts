/** The collect engine's public contract (implemented in collect-hosts.ts). */
import type {Bundle, FactKey} from './types.js';
import type {Topology} from '../model/schema.js';
import type {Transport} from '../transport/transport.js';
import type {CreateTransportOptions} from '../transport/spec.js';

/** A host to collect from: its name and transport spec (`local`, `ssh://…`, `netns:NAME`). */
export type HostTarget = {name: string; spec: string; roles?: string[]};

/** Live progress, for the Ink view, plain logs and JSON logs (independent subscribers). */
export type CollectEvent =
	| {type: 'host:start'; host: string}
	| {type: 'host:unreachable'; host: string; reason: string}
	| {type: 'collector:start'; host: string; fact: FactKey}
	| {type: 'collector:done'; host: string; fact: FactKey; status: 'ok' | 'unavailable'; durationMs: number; reason?: string}
	| {type: 'capture:tick'; host: string; remainingSeconds: number}
	| {type: 'host:done'; host: string; durationMs: number};

export type CollectOptions = {
	hosts: HostTarget[];
	/** VRRP capture window; the doctor uses 3 × advert_int + 1 s */
	captureSeconds: number;
	redact: boolean;
	topology?: Topology;
	/** collect only these facts (default: all) */
	only?: FactKey[];
	/** commands in flight per host */
	perHostConcurrency?: number;
	onEvent?: (event: CollectEvent) => void;
	signal?: AbortSignal;
	/** makes a host's transport (default: from its spec); tests pass ReplayTransports here */
	transport?: (host: HostTarget) => Transport;
	/** options for transports made from specs (ssh identity, extra -o options…) */
	transportOptions?: CreateTransportOptions;
	/** bytes of stdout / stderr kept per evidence entry (default 256 KiB) */
	maxEvidenceBytes?: number;
	/** label stored in the bundle (recorded fixtures) */
	scenario?: string;
};

export type CollectFn = (options: CollectOptions) => Promise<Bundle>;
