/**
The collect engine: every host concurrently, every collector of a host concurrently behind a
per-host limit on commands in flight; the VRRP capture window opens first and overlaps all other
collection (keepalived's counters are dumped at its start and end). Every command goes through one
`run` that redacts and records it as evidence (argv, exit, duration, timeout, output). An
unreachable host, a missing tool, a permission problem: a fact with a reason, never an exception.
*/
import {setMaxListeners} from 'node:events';
import {VERSION} from '../version.js';
import {topologyHosts} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {createTransport} from '../transport/spec.js';
import {failureLine, SPAWN_ERROR} from '../transport/failure.js';
import type {Transport} from '../transport/transport.js';
import {COLLECTORS} from './collectors/index.js';
import {toFactResult, type CaptureWindow, type Collector, type CollectorContext, type CollectRunOptions, type HostContext, type RecordedRun} from './define-collector.js';
import type {CollectEvent, CollectOptions, HostTarget} from './engine-types.js';
import {installHint, notInstalled} from './install-hints.js';
import {mapStrings, redactText, secretToken, stripSecretValues, sweepSecrets} from './redact.js';
import {BUNDLE_SCHEMA_VERSION, type Bundle, type Evidence, type FactKey, type FactResult, type FactValues, type HostBundle} from './types.js';

/** Tools the probe looks for on every host (host.info's `tools`). */
export const PROBE_TOOLS = [
	'ip', 'sysctl', 'nft', 'iptables-save', 'iptables-legacy-save', 'firewall-cmd', 'tcpdump', 'timeout', 'keepalived', 'haproxy', 'ipvsadm', 'curl',
	'socat', 'nc', 'python3', 'perl', 'journalctl', 'systemctl', 'timedatectl', 'chronyc', 'ntpstat', 'ss', 'tail', 'grep', 'stat', 'kill', 'service',
] as const;

/**
The probe: one command that proves the host answers and says who we are there and which tools
exist. Tool names are positional parameters.
*/
export const PROBE_SCRIPT = [
	'echo "uid $(id -u)"',
	'echo "hostname $(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"',
	'echo "kernel $(uname -r)"',
	'[ -d /run/systemd/system ] && echo "systemd yes"',
	'for c; do p=$(command -v "$c" 2>/dev/null) && echo "tool $c $p"; done',
	'exit 0',
].join('\n');

/** What the probe found. */
export type ProbeResult = {uid?: number; hostname?: string; kernel?: string; systemd: boolean; tools: Record<string, boolean>; paths: Record<string, string>};

/** Parses PROBE_SCRIPT's output. */
export function parseProbe(text: string): ProbeResult {
	const out: ProbeResult = {systemd: false, tools: Object.fromEntries(PROBE_TOOLS.map(t => [t, false])), paths: {}};
	for (const line of text.split('\n')) {
		const [key, ...rest] = line.split(' ');
		const value = rest.join(' ').trim();
		if (key === 'uid' && /^\d+$/.test(value)) out.uid = Number(value);
		else if (key === 'hostname' && value) out.hostname = value;
		else if (key === 'kernel' && value) out.kernel = value;
		else if (key === 'systemd') out.systemd = true;
		else if (key === 'tool' && rest[0]) {
			out.tools[rest[0]] = true;
			const path = rest.slice(1).join(' ').trim();
			if (path.startsWith('/')) out.paths[rest[0]] = path;
		}
	}
	return out;
}

const DEFAULT_MAX_EVIDENCE = 256 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

/** A counting semaphore. */
class Limiter {
	private active = 0;
	private readonly waiting: Array<() => void> = [];
	constructor(private readonly max: number) {}
	async use<T>(fn: () => Promise<T>): Promise<T> {
		if (this.active >= this.max) await new Promise<void>(resolve => this.waiting.push(resolve));
		this.active++;
		try {
			return await fn();
		} finally {
			this.active--;
			this.waiting.shift()?.();
		}
	}
}

/** The capture window: opens once, closes `seconds` later (or when aborted). */
class Window implements CaptureWindow {
	readonly opened: Promise<void>;
	readonly closed: Promise<void>;
	private resolveOpen!: () => void;
	private resolveClose!: () => void;
	private timer?: NodeJS.Timeout;
	private ticker?: NodeJS.Timeout;
	isOpen = false;

	constructor(
		readonly seconds: number,
		private readonly onTick: (remaining: number) => void,
		signal?: AbortSignal,
	) {
		this.opened = new Promise(resolve => (this.resolveOpen = resolve));
		this.closed = new Promise(resolve => (this.resolveClose = resolve));
		signal?.addEventListener('abort', () => this.finish(), {once: true});
	}

	/** Opens the window; `quiet` (no capture on this host) sends no capture:tick events. */
	open(quiet = false): void {
		if (this.isOpen) return;
		this.isOpen = true;
		this.resolveOpen();
		if (!quiet) {
			let remaining = Math.max(0, Math.round(this.seconds));
			this.onTick(remaining);
			this.ticker = setInterval(() => {
				remaining = Math.max(0, remaining - 1);
				this.onTick(remaining);
			}, 1000);
		}
		this.timer = setTimeout(() => this.finish(), this.seconds * 1000);
	}

	finish(): void {
		if (!this.isOpen) {
			this.isOpen = true;
			this.resolveOpen();
		}
		clearTimeout(this.timer);
		clearInterval(this.ticker);
		this.resolveClose();
	}
}

const cut = (text: string, max: number, keep: 'head' | 'tail'): {text: string; cut: boolean} => {
	if (Buffer.byteLength(text) <= max) return {text, cut: false};
	const slice = keep === 'tail' ? Buffer.from(text).subarray(-max) : Buffer.from(text).subarray(0, max);
	return {text: slice.toString('utf8'), cut: true};
};

type Shared = {
	evidence: Record<string, Evidence>;
	secrets: Set<string>;
	redact: boolean;
	maxEvidence: number;
	emit: (event: CollectEvent) => void;
	topology?: Topology;
	signal?: AbortSignal;
	captureSeconds: number;
	only?: Set<FactKey>;
};

/** One host's collection. */
class HostRun {
	private counter = 0;
	private readonly limiter: Limiter;
	private readonly facts = new Map<FactKey, Promise<FactResult>>();
	readonly window: Window;
	private probe?: ProbeResult;
	private probeEvidence?: string;
	private readonly context: HostContext;
	private readonly started = Date.now();

	constructor(
		private readonly target: HostTarget,
		private readonly transport: Transport,
		private readonly shared: Shared,
		perHostConcurrency: number,
		entry: HostContext['entry'],
	) {
		this.limiter = new Limiter(Math.max(1, perHostConcurrency));
		this.window = new Window(shared.captureSeconds, remainingSeconds => shared.emit({type: 'capture:tick', host: target.name, remainingSeconds}), shared.signal);
		this.context = {name: target.name, spec: target.spec, roles: target.roles ?? entry?.roles ?? [], ...(entry ? {entry} : {})};
	}

	private record(argv: readonly string[], result: Awaited<ReturnType<Transport['run']>>, startedAt: Date, keep: 'head' | 'tail'): RecordedRun {
		const id = `${this.target.name}#${++this.counter}`;
		const redact = (s: string) => redactText(s, {enabled: this.shared.redact, found: this.shared.secrets});
		const stdout = redact(result.stdout);
		const stderr = redact(result.stderr);
		const out = cut(stdout, this.shared.maxEvidence, keep);
		const err = cut(stderr, this.shared.maxEvidence, keep);
		this.shared.evidence[id] = {
			id,
			host: this.target.name,
			argv: [...argv],
			...(result.exitCode !== undefined ? {exitCode: result.exitCode} : {}),
			timedOut: result.timedOut,
			durationMs: Math.round(result.durationMs),
			startedAt: startedAt.toISOString(),
			stdout: out.text,
			stderr: err.text,
			truncated: out.cut || err.cut || result.truncated === true,
			...(result.spawnError ? {spawnError: result.spawnError} : {}),
		};
		return {...result, argv: [...argv], stdout, stderr, id};
	}

	run = async (argv: readonly [string, ...string[]], options: CollectRunOptions = {}): Promise<RecordedRun> => {
		const exec = async () => {
			const startedAt = new Date();
			const result = await this.transport.run(argv, {
				timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
				...(options.input !== undefined ? {input: options.input} : {}),
				...(options.maxBuffer ? {maxBuffer: options.maxBuffer} : {}),
				...(this.shared.signal ? {signal: this.shared.signal} : {}),
			});
			return this.record(argv, result, startedAt, options.keep ?? 'head');
		};
		return options.longRunning ? exec() : this.limiter.use(exec);
	};

	readFile = async (path: string, options: {maxBytes?: number; timeoutMs?: number} = {}): Promise<RecordedRun & {content?: string}> => {
		return this.limiter.use(async () => {
			const startedAt = new Date();
			const result = await this.transport.readFile(path, options);
			const recorded = this.record(result.argv, result, startedAt, 'head');
			return result.content !== undefined ? {...recorded, content: recorded.stdout} : recorded;
		});
	};

	/** Runs the probe; returns the reason when the host cannot be reached. */
	async start(): Promise<string | undefined> {
		this.shared.emit({type: 'host:start', host: this.target.name});
		const result = await this.run(['sh', '-c', PROBE_SCRIPT, 'lbwiz-probe', ...PROBE_TOOLS], {timeoutMs: 30_000});
		if (result.spawnError === SPAWN_ERROR.unreachable) return failureLine(result);
		if (result.timedOut) return `no answer within 30 s (${failureLine(result)})`;
		if (result.spawnError) return `cannot run commands: ${failureLine(result)}`;
		const probe = parseProbe(result.stdout);
		if (probe.uid === undefined) return `the probe printed no user id: ${failureLine(result)}`;
		this.probe = probe;
		this.probeEvidence = result.id;
		return undefined;
	}

	get probeResult(): ProbeResult | undefined {
		return this.probe;
	}

	private unmet(collector: Collector): string | undefined {
		const req = collector.requires;
		const probe = this.probe!;
		const host = this.target.name;
		for (const tool of req?.commands ?? []) if (!probe.tools[tool]) return notInstalled(tool, host);
		if (req?.anyOf && !req.anyOf.some(t => probe.tools[t])) return `none of ${req.anyOf.join(', ')} is installed on ${host}; ${installHint(req.anyOf[0])}`;
		if (req?.root && probe.uid !== 0) return `needs root on ${host}: run lbwiz as root, or use an ssh login allowed to run \`sudo -n\``;
		return undefined;
	}

	/** The fact, collected once (collectors ask for each other's facts through here). */
	fact = <K extends FactKey>(key: K): Promise<FactResult<FactValues[K]>> => {
		let pending = this.facts.get(key);
		if (!pending) {
			pending = this.collectOne(key);
			this.facts.set(key, pending);
		}
		return pending as Promise<FactResult<FactValues[K]>>;
	};

	private async collectOne(key: FactKey): Promise<FactResult> {
		const collector = COLLECTORS.find(c => c.fact === key);
		const host = this.target.name;
		if (!collector) return {status: 'unavailable', reason: `no collector for ${key}`, evidence: []};
		const started = Date.now();
		this.shared.emit({type: 'collector:start', host, fact: key});
		let result: FactResult;
		const unmet = this.unmet(collector);
		if (unmet) result = {status: 'unavailable', reason: unmet, evidence: []};
		else {
			try {
				result = toFactResult(await collector.collect(this.contextFor()));
			} catch (error) {
				result = {status: 'unavailable', reason: `could not collect ${key} on ${host}: ${(error as Error).message}`, evidence: []};
			}
		}
		if (key === 'vrrp.adverts') this.window.open(true);
		this.shared.emit({type: 'collector:done', host, fact: key, status: result.status, durationMs: Date.now() - started, ...(result.status === 'unavailable' ? {reason: result.reason} : {})});
		return result;
	}

	private contextFor(): CollectorContext {
		const probe = this.probe!;
		return {
			host: this.context,
			run: this.run,
			readFile: this.readFile,
			fact: this.fact,
			tools: probe.tools,
			isRoot: probe.uid === 0,
			systemd: probe.systemd,
			probe: {...(probe.uid !== undefined ? {uid: probe.uid} : {}), ...(probe.hostname ? {hostname: probe.hostname} : {}), ...(probe.kernel ? {kernel: probe.kernel} : {}), paths: probe.paths, evidence: this.probeEvidence ?? ''},
			redact: this.shared.redact,
			window: this.window,
			...(this.shared.topology ? {topology: this.shared.topology} : {}),
			...(this.shared.signal ? {signal: this.shared.signal} : {}),
			now: () => new Date(),
		};
	}

	/** Collects every applicable fact (the capture first, so its window overlaps the rest). */
	async collectAll(): Promise<HostBundle['facts']> {
		const wanted = COLLECTORS.filter(c => (!this.shared.only || this.shared.only.has(c.fact)) && (c.appliesTo?.(this.context) ?? true));
		const ordered = [...wanted.filter(c => c.fact === 'vrrp.adverts'), ...wanted.filter(c => c.fact !== 'vrrp.adverts')];
		if (ordered.some(c => c.fact === 'vrrp.adverts')) {
			// give the capture a head start: its few preparatory commands run before the crowd
			const capture = this.fact('vrrp.adverts');
			await Promise.race([this.window.opened, capture]);
		} else this.window.open(true);
		await Promise.all(ordered.map(c => this.fact(c.fact)));
		// the capture window may still be running for a fact no one waited for
		this.window.finish();
		const facts: HostBundle['facts'] = {};
		for (const [key, pending] of this.facts) (facts as Record<string, FactResult>)[key] = await pending;
		return facts;
	}

	done(): void {
		this.window.finish();
		this.shared.emit({type: 'host:done', host: this.target.name, durationMs: Date.now() - this.started});
	}
}

/** Hosts of a topology as collect targets (name, transport spec, roles). */
export function hostsFromTopology(topology: Topology): HostTarget[] {
	return topologyHosts(topology).map(h => ({name: h.name, spec: h.transport, roles: h.roles}));
}

/** The topology with its secrets replaced by fingerprint tokens. */
export function redactTopology(topology: Topology, found?: Set<string>): Topology {
	const copy = structuredClone(topology);
	if (copy.vrrp?.auth_pass) {
		found?.add(copy.vrrp.auth_pass);
		copy.vrrp.auth_pass = secretToken(copy.vrrp.auth_pass);
	}
	if (copy.haproxy?.stats?.password) {
		found?.add(copy.haproxy.stats.password);
		copy.haproxy.stats.password = secretToken(copy.haproxy.stats.password);
	}
	return copy;
}

/** Collects all facts of all hosts in `options.hosts`; never throws for host or command failures. */
export async function collectBundle(options: CollectOptions): Promise<Bundle> {
	const evidence: Record<string, Evidence> = {};
	const secrets = new Set<string>();
	// one signal for every command of every host: execa adds a listener per running command
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	if (options.signal?.aborted) controller.abort();
	options.signal?.addEventListener('abort', () => controller.abort(), {once: true});
	const emit = (event: CollectEvent) => {
		try {
			options.onEvent?.(event);
		} catch {
			// a subscriber's failure must not stop collection
		}
	};
	const shared: Shared = {
		evidence,
		secrets,
		redact: options.redact,
		maxEvidence: options.maxEvidenceBytes ?? DEFAULT_MAX_EVIDENCE,
		emit,
		...(options.topology ? {topology: options.topology} : {}),
		signal: controller.signal,
		captureSeconds: options.captureSeconds,
		...(options.only ? {only: new Set(options.only)} : {}),
	};
	const entries = options.topology ? new Map(topologyHosts(options.topology).map(h => [h.name, h])) : new Map();
	const createdAt = new Date().toISOString();
	const hosts = await Promise.all(
		options.hosts.map(async (target): Promise<HostBundle> => {
			let transport: Transport;
			try {
				transport = options.transport ? options.transport(target) : createTransport(target.spec, options.transportOptions);
			} catch (error) {
				const reason = (error as Error).message;
				emit({type: 'host:unreachable', host: target.name, reason});
				return {name: target.name, spec: target.spec, reachable: false, unreachableReason: reason, facts: {}};
			}
			const host = new HostRun(target, transport, shared, options.perHostConcurrency ?? 4, entries.get(target.name));
			try {
				const unreachable = await host.start();
				if (unreachable) {
					emit({type: 'host:unreachable', host: target.name, reason: unreachable});
					return {name: target.name, spec: target.spec, reachable: false, unreachableReason: unreachable, facts: {}};
				}
				const facts = await host.collectAll();
				return {name: target.name, spec: target.spec, reachable: true, facts};
			} finally {
				host.done();
				await transport.close().catch(() => undefined);
			}
		}),
	);
	let bundle: Bundle = {
		schemaVersion: BUNDLE_SCHEMA_VERSION,
		tool: {name: 'lbwiz', version: VERSION},
		createdAt,
		redacted: options.redact,
		...(options.topology ? {topology: options.redact ? redactTopology(options.topology, secrets) : options.topology} : {}),
		...(options.topology ? {cluster: {name: options.topology.name}} : {}),
		capture: {seconds: options.captureSeconds},
		...(options.scenario ? {scenario: options.scenario} : {}),
		hosts,
		evidence,
	};
	if (options.redact) {
		// the safety net: any known secret left anywhere (a comment, an error message) becomes its token
		bundle = stripSecretValues(mapStrings(bundle, text => sweepSecrets(text, secrets)));
	}
	return bundle;
}
