import {parseArgs} from 'node:util';
import {TopologyError} from '../model/diagnostics.js';
import {accessLines, FAULTS, LabError, labBreak, labDown, labHeal, labStatus, labUp} from '../lab/lab.js';
import {DEFAULT_PREFIX} from '../lab/paths.js';
import type {LabObservation} from '../lab/observe.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const faultList = FAULTS.map(f => `  ${f.name.padEnd(22)} ${f.summary}`).join('\n');

const help = `lbwiz lab — a real keepalived + HAProxy cluster in network namespaces on this machine (root only)

Usage:
  lbwiz lab up     [--prefix P] [--topology FILE] [--timeout SECONDS] [--keep-on-failure]
  lbwiz lab status [--prefix P] [--json]
  lbwiz lab break  FAULT [--host NAME[,NAME]|both] [--prefix P] [--no-wait]
  lbwiz lab heal   [--prefix P]
  lbwiz lab down   [--prefix P]
  lbwiz lab faults

'up' builds an isolated switch namespace with a bridge (never linked to the root namespace) and one
namespace per host of the lab topology (directors lb1, lb2; real servers web1, web2; a client) on
203.0.113.0/24. keepalived.conf and haproxy.cfg come from lbwiz's own generators and are placed in
each host's /etc through /etc/netns/<namespace>/. keepalived and HAProxy run on the directors, busybox
httpd on the real servers (each answers its own name). 'up' returns when the VIP is on the MASTER
only and the client reaches both web servers through it, and prints the topology file to give
\`lbwiz collect\` / \`lbwiz doctor\`. 'down' removes every namespace, process and file the lab made;
it is idempotent and works after a crash (state in /var/lib/lbwiz/lab/<prefix>/).

Options:
  --prefix P           namespace prefix (default ${DEFAULT_PREFIX}); several labs can coexist
  --topology FILE      lab topology (default fixtures/topologies/lab.yaml)
  --timeout SECONDS    how long 'up' waits for a healthy cluster (default 60)
  --keep-on-failure    leave a lab that did not come up, for inspection
  --host NAME          the host a fault targets (repeatable or comma-separated; 'both' = all it may target)
  --no-wait            'break' returns without waiting for the fault's effect
  --json               'status' as JSON

Faults:
${faultList}

Examples:
  sudo lbwiz lab up
  sudo lbwiz collect --topology /var/lib/lbwiz/lab/lbwiz-/topology.yaml --out b.json
  sudo lbwiz lab break vrrp-blocked            # lb2 stops hearing lb1: both hold the VIP
  sudo lbwiz lab break keepalived-stopped --host both
  sudo lbwiz doctor --topology /var/lib/lbwiz/lab/lbwiz-/topology.yaml
  sudo lbwiz lab heal
  sudo lbwiz lab down
  sudo ip netns exec lbwiz-lb1 bash            # a shell on lb1
`;

const SUBCOMMANDS = ['up', 'down', 'status', 'break', 'heal', 'faults'];

/** One line per host: daemons and VIPs. */
function formatObservation(o: LabObservation): string {
	const lines = o.hosts.map(h => {
		const daemons = h.daemons.map(d => `${d.daemon} ${d.pids.length ? `up (pid ${d.pids.join(',')})` : d.expected ? 'DOWN' : 'stopped'}`).join(', ');
		const vips = [...h.vips.map(v => `VIP ${v}`), ...h.loVips.map(v => `${v} on lo`)].join(', ');
		return `  ${h.name.padEnd(8)} ${h.ns.padEnd(16)} ${h.exists ? '' : 'NAMESPACE MISSING '}${daemons || '-'}${vips ? `; ${vips}` : ''}`;
	});
	lines.push(`  VIP holder: ${o.vipHolders.join(' and ') || 'none'}${o.vipHolders.length > 1 ? ' (split brain)' : ''}`);
	if (o.http) {
		const answers = Object.entries(o.http.answers).map(([name, n]) => `${name} ×${n}`).join(', ');
		lines.push(`  client → ${o.http.url}: ${answers || 'no answer'}${o.http.failures.length ? `; failures: ${[...new Set(o.http.failures)].join('; ')}` : ''}`);
	}
	return lines.join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function run(argv: string[], io: CommandIo): Promise<number> {
	const {values, positionals} = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			prefix: {type: 'string'},
			topology: {type: 'string'},
			timeout: {type: 'string'},
			'keep-on-failure': {type: 'boolean'},
			host: {type: 'string', multiple: true},
			'no-wait': {type: 'boolean'},
			json: {type: 'boolean'},
		},
	});
	const [sub, ...rest] = positionals;
	if (!sub) throw new UsageError(`which lab action? one of: ${SUBCOMMANDS.join(', ')}`);
	if (!SUBCOMMANDS.includes(sub)) throw new UsageError(`unknown lab action '${sub}'; one of: ${SUBCOMMANDS.join(', ')}`);
	if (sub !== 'break' && rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
	const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
	if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout takes a number of seconds, got '${values.timeout}'`);
	const prefix = values.prefix;
	const say = (line: string) => io.stdout.write(`${line}\n`);
	const forPrefix = prefix && prefix !== DEFAULT_PREFIX ? ` --prefix ${prefix}` : '';

	try {
		switch (sub) {
			case 'faults':
				say(faultList);
				return 0;
			case 'up': {
				const result = await labUp({prefix, topologyPath: values.topology, timeoutMs: timeout === undefined ? undefined : timeout * 1000, keepOnFailure: values['keep-on-failure'], log: line => say(`  ${line}`)});
				say(`\nlab '${result.state.prefix}' is up and healthy (${seconds(result.durationMs)}):`);
				if (result.observation) say(formatObservation(result.observation));
				say(`\nHosts (a shell in each):\n${accessLines(result.state).join('\n')}`);
				say(`\nTopology (netns transports): ${result.topologyPath}`);
				say(`  sudo lbwiz collect --topology ${result.topologyPath} --out lab-bundle.json`);
				say(`  sudo lbwiz doctor --topology ${result.topologyPath}`);
				say(`Break it: sudo lbwiz lab break FAULT${forPrefix}   (lbwiz lab faults lists them); tear down: sudo lbwiz lab down${forPrefix}`);
				return 0;
			}
			case 'down': {
				const result = await labDown({prefix, log: line => say(`  ${line}`)});
				if (!result.found) {
					say(`no lab with prefix '${prefix ?? DEFAULT_PREFIX}' (nothing to remove)`);
					return 0;
				}
				if (result.leftovers.length > 0) {
					io.stderr.write(`lbwiz lab: could not remove ${result.leftovers.join(', ')}\n`);
					return 1;
				}
				say(`lab '${prefix ?? DEFAULT_PREFIX}' removed: ${result.namespaces.length} namespaces, ${result.killed.length} processes, ${result.removed.length} paths`);
				return 0;
			}
			case 'status': {
				const status = await labStatus({prefix});
				if (values.json) {
					say(JSON.stringify({prefix: status.state.prefix, phase: status.state.phase, topology: status.state.topologyPath, healthy: status.healthy, problems: status.problems, faults: status.state.faults, ...status.observation}, null, 2));
					return status.healthy ? 0 : 1;
				}
				say(`lab '${status.state.prefix}' (${status.state.phase}, since ${status.state.createdAt}); topology ${status.state.topologyPath}`);
				say(formatObservation(status.observation));
				if (status.state.faults.length) say(`Faults: ${status.state.faults.map(f => `${f.name} on ${f.hosts.join(', ')}`).join('; ')}  (undo: lbwiz lab heal${forPrefix})`);
				say(status.healthy ? 'Healthy.' : `Not healthy:\n  ${status.problems.join('\n  ')}`);
				return status.healthy ? 0 : 1;
			}
			case 'break': {
				const [fault, extra] = rest;
				if (!fault) throw new UsageError(`which fault? one of: ${FAULTS.map(f => f.name).join(', ')}`);
				if (extra) throw new UsageError(`unexpected argument '${extra}' (one fault at a time)`);
				const result = await labBreak({prefix, fault, hosts: values.host, wait: !values['no-wait']});
				say(`${result.fault} on ${result.hosts.join(', ')}: ${result.detail}`);
				if (result.effect) say(result.effect.seen ? `effect seen after ${seconds(result.effect.waitedMs)}: ${result.effect.describe}` : `effect NOT seen within ${seconds(result.effect.waitedMs)} (expected: ${result.effect.describe})`);
				say(formatObservation(result.observation));
				say(`Undo with: lbwiz lab heal${forPrefix}`);
				return 0;
			}
			case 'heal': {
				const result = await labHeal({prefix, log: line => say(`  ${line}`)});
				say(result.faults.length ? `healed: ${result.faults.join(', ')}` : 'no fault was recorded; the lab was checked and restored anyway');
				say(formatObservation(result.observation));
				say(result.healthy ? 'Healthy.' : `Still not healthy:\n  ${result.problems.join('\n  ')}`);
				return result.healthy ? 0 : 1;
			}
		}
	} catch (error) {
		if (error instanceof LabError || error instanceof TopologyError) {
			io.stderr.write(`lbwiz lab ${sub}: ${error.message}\n`);
			return 1;
		}
		throw error;
	}
	return 2;
}

export default defineCommand({
	name: 'lab',
	summary: 'Build a real test cluster in network namespaces; break and heal it (root only)',
	help,
	run,
});
