import {parseArgs} from 'node:util';
import {findRollback, rollbackOrder, formatEvent, formatRollbackPlan, formatRollbackResult, journalHosts, rollbackHosts, TransportPool, type RollbackTarget} from '../apply/index.js';
import {RUN_ID} from '../apply/paths.js';
import {confirm} from '../apply/run-apply.js';
import {topologyHosts} from '../model/hosts.js';
import {loadTopology} from '../model/load-topology.js';
import {formatTopologyDiagnostic, TopologyError} from '../model/diagnostics.js';
import {parseTransportSpec, TransportSpecError} from '../transport/spec.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const help = `Usage: lbwiz rollback --answers lbwiz.yaml [--host NAME]... [--run ID] [--yes | --dry-run]
       lbwiz rollback --host NAME=SPEC... [--run ID] [--yes | --dry-run]
       lbwiz rollback [--yes | --dry-run]          (this machine: every host journaled here)

Undo the last \`lbwiz setup --apply\` on hosts, from their journals. Every apply leaves a journal
on each host it changed (/var/lib/lbwiz/journal/<host>/<run-id>.json). Rollback takes the newest
run not yet rolled back on each host (or --run ID) and undoes its steps, newest first: files come
back from their backups (/var/lib/lbwiz/backups/<host>/<run-id>/) or are removed when lbwiz
created them, sysctls get their previous values, the VIPs on lo and the firewall rules lbwiz added
are removed, daemons lbwiz started are stopped, and daemons whose config came back are reloaded
(keepalived: SIGHUP, HAProxy: without dropping connections). BACKUPs first, the MASTER after them,
real servers last. Running it again undoes the run before.

Options:
  --answers FILE     The topology: its hosts and how to reach them (transport).
  --host NAME        Only this host of the topology (repeatable).
  --host NAME=SPEC   A host and its transport, without a topology: local, netns:NAME,
                     ssh://[user@]host[:port] (repeatable).
  --run ID           Undo this run (e.g. 20251123T163000Z-3fa1) instead of the newest.
  --dry-run          Show what would be undone; change nothing.
  --yes              Do not ask. Without --yes and without a terminal: a dry run.
  -h, --help         Show this help.

Exit status: 0 rolled back (or nothing to roll back), 1 a step could not be undone or a journal
could not be read, 2 usage error.

Examples:
  lbwiz rollback --answers lbwiz.yaml                 Show the last run's undo per host, ask, undo
  lbwiz rollback --answers lbwiz.yaml --host lb2 --yes
  lbwiz rollback --host lb1=ssh://root@203.0.113.11 --dry-run
  sudo lbwiz rollback --yes                           This machine (topology not needed)
`;

/** Targets from the flags: the topology's hosts, explicit NAME=SPEC hosts, or this machine's journals. */
async function targetsFrom(values: {answers?: string; host?: string[]}, pool: TransportPool, io: CommandIo): Promise<RollbackTarget[] | number> {
	const explicit: RollbackTarget[] = [];
	const names: string[] = [];
	for (const entry of values.host ?? []) {
		const eq = entry.indexOf('=');
		if (eq === -1) {
			names.push(entry);
			continue;
		}
		const host = entry.slice(0, eq);
		const spec = entry.slice(eq + 1);
		if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(host)) throw new UsageError(`--host ${entry}: '${host}' is not a host name (letters, digits, '-', '_', '.')`);
		try {
			parseTransportSpec(spec);
		} catch (error) {
			if (error instanceof TransportSpecError) throw new UsageError(`--host ${entry}: ${error.message}`);
			throw error;
		}
		explicit.push({host, transport: spec});
	}
	if (values.answers) {
		let topology;
		try {
			({topology} = await loadTopology(values.answers));
		} catch (error) {
			if (error instanceof TopologyError) {
				for (const d of error.diagnostics) io.stderr.write(`${formatTopologyDiagnostic(d)}\n`);
				return 1;
			}
			throw error;
		}
		const hosts = topologyHosts(topology).filter(h => h.kind !== 'client');
		const unknown = names.filter(n => !hosts.some(h => h.name === n));
		if (unknown.length > 0) throw new UsageError(`no host ${unknown.join(', ')} in ${values.answers} (hosts: ${hosts.map(h => h.name).join(', ')})`);
		const chosen = names.length > 0 ? hosts.filter(h => names.includes(h.name)) : explicit.length > 0 ? [] : hosts;
		return [...chosen.map(h => ({host: h.name, transport: h.transport})), ...explicit].filter((t, i, all) => all.findIndex(o => o.host === t.host) === i);
	}
	if (names.length > 0) throw new UsageError(`--host ${names[0]} needs --answers FILE to know how to reach it, or the form --host ${names[0]}=SPEC (e.g. ssh://root@${names[0]})`);
	if (explicit.length > 0) return explicit;
	const local = await journalHosts(pool.get('local'));
	if (local.length === 0) {
		io.stdout.write('No lbwiz journal on this machine (/var/lib/lbwiz/journal/): nothing to roll back. For other hosts give --answers lbwiz.yaml or --host NAME=SPEC.\n');
		return 0;
	}
	return local.map(host => ({host, transport: 'local'}));
}

export default defineCommand({
	name: 'rollback',
	summary: 'Restore the files and state a previous `setup --apply` replaced',
	help,
	async run(argv, io) {
		const {values, positionals} = parseArgs({
			args: argv,
			options: {
				answers: {type: 'string'},
				host: {type: 'string', multiple: true},
				run: {type: 'string'},
				yes: {type: 'boolean'},
				'dry-run': {type: 'boolean'},
			},
			allowPositionals: true,
			strict: true,
		});
		if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (hosts are given with --answers FILE or --host NAME=SPEC)`);
		if (values.yes && values['dry-run']) throw new UsageError('--yes and --dry-run contradict each other');
		if (values.run !== undefined && !RUN_ID.test(values.run)) throw new UsageError(`--run ${values.run}: expected a run id such as 20251123T163000Z-3fa1 (the journal's file name)`);
		const pool = new TransportPool();
		try {
			const targets = await targetsFrom(values, pool, io);
			if (typeof targets === 'number') return targets;
			const candidates = rollbackOrder(await Promise.all(targets.map(t => findRollback(pool.get(t.transport), t, values.run))));
			io.stdout.write(formatRollbackPlan(candidates));
			const unreadable = candidates.filter(c => !c.journal && c.reason && /cannot|not valid|not an lbwiz/.test(c.reason));
			if (candidates.every(c => c.undo.length === 0)) return unreadable.length > 0 ? 1 : 0;
			if (values['dry-run']) {
				io.stdout.write('\nDry run: nothing was changed.\n');
				return 0;
			}
			if (!values.yes) {
				if (!io.stdin.isTTY) {
					io.stdout.write('\nDry run: nothing was changed. Run again with --yes to roll back.\n');
					return 0;
				}
				if (!(await confirm(io, '\nRoll back these steps now? [y/N] '))) {
					io.stdout.write('Nothing was changed.\n');
					return 0;
				}
			}
			io.stdout.write('\n');
			const results = await rollbackHosts(candidates, {transports: pool, onEvent: event => {
				const line = formatEvent(event);
				if (line && event.type !== 'host:done') io.stdout.write(`${line}\n`);
			}});
			io.stdout.write(`\n${formatRollbackResult(results)}`);
			return results.some(r => r.status === 'partial') || unreadable.length > 0 ? 1 : 0;
		} finally {
			await pool.close();
		}
	},
});
