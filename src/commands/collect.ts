/**
`lbwiz collect`: every fact of every host into one versioned JSON bundle; progress on stderr.
*/
import {resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {collectBundle, hostsFromTopology} from '../collect/collect-hosts.js';
import {serializeBundle, writeBundle} from '../collect/bundle.js';
import type {CollectEvent, HostTarget} from '../collect/engine-types.js';
import type {FactKey} from '../collect/types.js';
import {COLLECTORS} from '../collect/collectors/index.js';
import {loadTopology} from '../model/load-topology.js';
import type {Topology} from '../model/schema.js';
import {parseTransportSpec, TransportSpecError} from '../transport/spec.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const help = `Usage: lbwiz collect [--topology FILE | --host NAME=SPEC ...] [options] --out FILE

Collect the facts of every host (addresses, sysctls, firewall, processes, configs, keepalived logs,
dumps and counters, a VRRP capture, IPVS, HAProxy stats, HTTP probes, clock) into one JSON bundle,
with the exact command, output, exit status and duration behind each fact. All hosts are collected
at once; an unreachable host or a missing tool becomes a fact with a reason, and the rest goes on.

Hosts:
  --topology FILE        the hosts, their transports and roles from lbwiz.yaml
  --host NAME=SPEC       a host and how to reach it (repeatable); SPEC is one of
                           local                 this machine
                           ssh://[user@]host[:port]  OpenSSH (BatchMode, multiplexed; sudo -n if not root)
                           netns:NAME            a network namespace on this machine
                         with --topology, --host overrides that host's transport (or adds one)

Options:
  --out FILE             where to write the bundle; '-' writes it to stdout (required)
  --capture-seconds N    length of the VRRP capture window (default: 3 × advert_int + 1 from the
                         topology, else 4)
  --only FACTS           collect only these facts (comma separated; their dependencies too)
  --concurrency N        commands in flight per host (default 4)
  --identity FILE        ssh private key to use
  --ssh-option OPT       an extra ssh -o option, e.g. 'StrictHostKeyChecking=accept-new' (repeatable)
  --scenario NAME        a label stored in the bundle (recorded fixtures)
  --no-redact            keep secrets in clear (auth_pass, stats passwords, SNMP communities, keys);
                         the bundle is then written with mode 0600
  -q, --quiet            no progress on stderr
  -h, --help             show this help

Secrets are redacted by default into stable fingerprints ('lbwiz-redacted:…'): equal secrets give
equal fingerprints on every host, so "both directors use the same auth_pass" stays decidable.

Facts: ${COLLECTORS.map(c => c.fact).join(', ')}

Examples:
  sudo lbwiz collect --topology lbwiz.yaml --out bundle.json
  lbwiz collect --host lb1=ssh://root@10.0.0.11 --host lb2=ssh://ops@10.0.0.12 --out bundle.json
  sudo lbwiz collect --host lb1=netns:lb1 --host lb2=netns:lb2 --capture-seconds 5 --out -
  lbwiz collect --host here=local --only net.addresses,net.sysctl --out - | jq '.hosts[0].facts'
`;

const FACT_KEYS = new Set<string>(COLLECTORS.map(c => c.fact));

/** Parses `NAME=SPEC`. */
export function parseHostArg(text: string): HostTarget {
	const eq = text.indexOf('=');
	if (eq <= 0) throw new UsageError(`--host '${text}': expected NAME=SPEC, e.g. lb1=ssh://root@10.0.0.11 or lb1=netns:lb1`);
	const name = text.slice(0, eq);
	const spec = text.slice(eq + 1);
	if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name)) throw new UsageError(`--host '${text}': host name '${name}' must be letters, digits, '-', '_', '.'`);
	try {
		parseTransportSpec(spec);
	} catch (error) {
		if (error instanceof TransportSpecError) throw new UsageError(`--host '${text}': ${error.message}`);
		throw error;
	}
	return {name, spec};
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Plain progress lines for stderr (one subscriber of the event stream). */
export function progressPrinter(write: (line: string) => void): (event: CollectEvent) => void {
	const unavailable = new Map<string, number>();
	const done = new Map<string, number>();
	const captureShown = new Set<string>();
	return event => {
		switch (event.type) {
			case 'host:start':
				write(`${event.host}: connecting`);
				break;
			case 'host:unreachable':
				write(`${event.host}: UNREACHABLE — ${event.reason}`);
				break;
			case 'capture:tick':
				if (!captureShown.has(event.host)) {
					captureShown.add(event.host);
					write(`${event.host}: capturing VRRP for ${event.remainingSeconds} s (everything else is collected meanwhile)`);
				}
				break;
			case 'collector:done':
				done.set(event.host, (done.get(event.host) ?? 0) + 1);
				if (event.status === 'unavailable') {
					unavailable.set(event.host, (unavailable.get(event.host) ?? 0) + 1);
					write(`${event.host}: ${event.fact} unavailable — ${event.reason}`);
				}
				break;
			case 'host:done':
				if (done.has(event.host)) write(`${event.host}: ${done.get(event.host)} facts (${unavailable.get(event.host) ?? 0} unavailable) in ${seconds(event.durationMs)}`);
				break;
		}
	};
}

export default defineCommand({
	name: 'collect',
	summary: 'Collect facts from every host into one JSON bundle (secrets redacted)',
	help,
	async run(argv: string[], io: CommandIo) {
		const {values} = parseArgs({
			args: argv,
			options: {
				topology: {type: 'string'},
				host: {type: 'string', multiple: true},
				out: {type: 'string'},
				'capture-seconds': {type: 'string'},
				only: {type: 'string'},
				concurrency: {type: 'string'},
				identity: {type: 'string'},
				'ssh-option': {type: 'string', multiple: true},
				scenario: {type: 'string'},
				'no-redact': {type: 'boolean'},
				quiet: {type: 'boolean', short: 'q'},
			},
			allowPositionals: false,
			strict: true,
		});
		if (!values.out) throw new UsageError('--out FILE is required (use --out - for stdout)');
		if (!values.topology && !values.host?.length) throw new UsageError('name the hosts: --topology lbwiz.yaml, or --host NAME=SPEC (repeatable)');
		let topology: Topology | undefined;
		if (values.topology) {
			try {
				topology = (await loadTopology(resolve(io.cwd, values.topology))).topology;
			} catch (error) {
				throw new UsageError((error as Error).message);
			}
		}
		const hosts: HostTarget[] = topology ? hostsFromTopology(topology) : [];
		const named = new Set<string>();
		for (const arg of values.host ?? []) {
			const target = parseHostArg(arg);
			if (named.has(target.name)) throw new UsageError(`host '${target.name}' is named twice`);
			named.add(target.name);
			const known = hosts.find(h => h.name === target.name);
			if (known) known.spec = target.spec;
			else hosts.push(target);
		}
		let captureSeconds = topology?.vrrp ? 3 * topology.vrrp.advert_int + 1 : 4;
		if (values['capture-seconds'] !== undefined) {
			captureSeconds = Number(values['capture-seconds']);
			if (!Number.isFinite(captureSeconds) || captureSeconds < 1 || captureSeconds > 600) throw new UsageError(`--capture-seconds '${values['capture-seconds']}': a number of seconds from 1 to 600`);
		}
		let only: FactKey[] | undefined;
		if (values.only) {
			only = values.only.split(',').map(s => s.trim()).filter(Boolean) as FactKey[];
			const unknown = only.filter(k => !FACT_KEYS.has(k));
			if (unknown.length > 0) throw new UsageError(`--only: unknown fact ${unknown.map(u => `'${u}'`).join(', ')}; facts are ${[...FACT_KEYS].join(', ')}`);
		}
		const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
		if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency '${values.concurrency}': a whole number from 1 to 64`);
		const controller = new AbortController();
		const onSignal = () => controller.abort();
		process.once('SIGINT', onSignal);
		const write = (line: string) => io.stderr.write(`${line}\n`);
		try {
			const bundle = await collectBundle({
				hosts,
				captureSeconds,
				redact: !values['no-redact'],
				...(topology ? {topology} : {}),
				...(only ? {only} : {}),
				perHostConcurrency: concurrency,
				...(values.quiet ? {} : {onEvent: progressPrinter(write)}),
				signal: controller.signal,
				transportOptions: {ssh: {...(values.identity ? {identityFile: resolve(io.cwd, values.identity)} : {}), ...(values['ssh-option']?.length ? {options: values['ssh-option']} : {})}},
				...(values.scenario ? {scenario: values.scenario} : {}),
			});
			if (values.out === '-') io.stdout.write(serializeBundle(bundle));
			else {
				await writeBundle(resolve(io.cwd, values.out), bundle);
				if (!values.quiet) write(`wrote ${values.out} (${bundle.hosts.length} hosts, ${Object.keys(bundle.evidence).length} commands${bundle.redacted ? ', secrets redacted' : ', SECRETS IN CLEAR'})`);
			}
			return bundle.hosts.length > 0 && bundle.hosts.every(h => !h.reachable) ? 1 : 0;
		} finally {
			process.removeListener('SIGINT', onSignal);
		}
	},
});
