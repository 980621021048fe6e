/**
`npm run record-fixtures` (root): brings up the lab, records a healthy bundle, then for each fault
injects it, waits until the cluster shows its effect, records a bundle labelled with the scenario,
and heals; the lab is always torn down at the end. Bundles are redacted like `lbwiz collect`'s.

  sudo npm run record-fixtures                          # every scenario
  sudo npm run record-fixtures -- --only vrrp-blocked,auth-mismatch
  sudo npm run record-fixtures -- --prefix lbwrec- --capture-seconds 5
*/
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {collectBundle} from '../src/collect/collect-hosts.js';
import type {Bundle} from '../src/collect/types.js';
import {FAULTS, labBreak, labDown, labHeal, labRestartKeepalived, labUp, LabError} from '../src/lab/lab.js';
import {topologyHosts} from '../src/model/hosts.js';
import type {Topology} from '../src/model/schema.js';
import {packageRoot} from '../src/lab/topology.js';

/** fixtures/bundles/INDEX.md from every recorded scenario.json (so a partial run with --only keeps it whole). */
function writeIndex(): void {
	mkdirSync(outRoot, {recursive: true});
	const rows = readdirSync(outRoot, {withFileTypes: true})
		.filter(entry => entry.isDirectory() && existsSync(join(outRoot, entry.name, 'scenario.json')))
		.map(entry => JSON.parse(readFileSync(join(outRoot, entry.name, 'scenario.json'), 'utf8')) as {scenario: string; why: string; detail?: string; vipHolders?: string[]; recordedAt?: string})
		.sort((a, b) => a.scenario.localeCompare(b.scenario));
	writeFileSync(
		join(outRoot, 'INDEX.md'),
		[
			'# Recorded bundles',
			'',
			'Written by `npm run record-fixtures` (scripts/record-fixtures.ts) from a real `lbwiz lab`; never edit by hand.',
			'Each `<scenario>/bundle.json` is `lbwiz collect` output (redacted) with `scenario` set; `scenario.json` says what was injected.',
			'One lab serves every scenario: after each heal keepalived is restarted with an empty log, so each bundle\'s',
			'keepalived logs start with a fresh healthy cluster and then show only its own fault.',
			'',
			'| scenario | what was done | VIP holders while recorded | recorded |',
			'|---|---|---|---|',
			...rows.map(r => `| ${r.scenario} | ${r.detail ?? r.why} | ${r.vipHolders ? r.vipHolders.join(', ') || 'none' : '-'} | ${r.recordedAt ?? '-'} |`),
			'',
		].join('\n'),
	);
}

/** One recorded scenario: a fault (with its hosts) or the healthy lab. */
type Scenario = {name: string; fault?: string; hosts?: string[]; why: string};

const SCENARIOS: Scenario[] = [
	{name: 'healthy-keepalived-haproxy', why: 'the lab as built: VIP on lb1, both web servers answer'},
	...FAULTS.map(f => ({name: f.name, fault: f.name, why: f.summary})),
	{name: 'keepalived-stopped-both', fault: 'keepalived-stopped', hosts: ['both'], why: 'keepalived stopped on both directors: nobody holds the VIP'},
];

const {values} = parseArgs({
	options: {
		prefix: {type: 'string', default: 'lbwiz-'},
		only: {type: 'string'},
		'capture-seconds': {type: 'string', default: '4'},
		out: {type: 'string'},
	},
});

const outRoot = values.out ?? join(packageRoot(), 'fixtures', 'bundles');
const captureSeconds = Number(values['capture-seconds']);
const only = values.only?.split(',').map(s => s.trim()).filter(Boolean);
const unknown = (only ?? []).filter(name => !SCENARIOS.some(s => s.name === name));
if (unknown.length > 0) {
	console.error(`record-fixtures: unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map(s => s.name).join(', ')}`);
	process.exit(2);
}
const selected = SCENARIOS.filter(s => !only || only.includes(s.name));
const log = (line: string) => console.log(line);

async function record(topology: Topology, scenario: Scenario, meta: Record<string, unknown>): Promise<Bundle> {
	const bundle = await collectBundle({
		hosts: topologyHosts(topology).map(h => ({name: h.name, spec: h.transport, roles: h.roles})),
		captureSeconds,
		redact: true,
		topology,
	});
	bundle.scenario = scenario.name;
	const dir = join(outRoot, scenario.name);
	mkdirSync(dir, {recursive: true});
	writeFileSync(join(dir, 'bundle.json'), `${JSON.stringify(bundle, null, '\t')}\n`);
	writeFileSync(join(dir, 'scenario.json'), `${JSON.stringify({...meta, recordedAt: bundle.createdAt}, null, '\t')}\n`);
	const unreachable = bundle.hosts.filter(h => !h.reachable).map(h => h.name);
	log(`  recorded ${join(dir, 'bundle.json')} (${bundle.hosts.length} hosts${unreachable.length ? `, UNREACHABLE: ${unreachable.join(', ')}` : ''})`);
	return bundle;
}

let failures = 0;
/** Only a lab this script brought up is torn down (never a lab someone else runs with the same prefix). */
let ours = false;
const started = Date.now();
let interrupted = false;
process.on('SIGINT', () => {
	interrupted = true;
	log('\ninterrupted: finishing the current step, then tearing the lab down');
});
try {
	log(`lab up (prefix ${values.prefix}) …`);
	const lab = await labUp({prefix: values.prefix, log: line => log(`  ${line}`)});
	ours = true;
	log(`  healthy after ${(lab.durationMs / 1000).toFixed(1)} s`);
	for (const scenario of selected) {
		if (interrupted) {
			failures++;
			break;
		}
		log(`\n${scenario.name}: ${scenario.why}`);
		try {
			let meta: Record<string, unknown> = {scenario: scenario.name, why: scenario.why, vipHolders: lab.observation?.vipHolders};
			if (scenario.fault) {
				const broken = await labBreak({prefix: values.prefix, fault: scenario.fault, hosts: scenario.hosts, log: line => log(`  ${line}`)});
				if (broken.effect && !broken.effect.seen) throw new LabError(`the fault's effect did not show within ${(broken.effect.waitedMs / 1000).toFixed(1)} s (${broken.effect.describe}); not recording a misleading bundle`);
				if (broken.effect) log(`  effect after ${(broken.effect.waitedMs / 1000).toFixed(1)} s: ${broken.effect.describe}`);
				meta = {...meta, fault: broken.fault, hosts: broken.hosts, detail: broken.detail, vipHolders: broken.observation.vipHolders};
			}
			await record(lab.topology, scenario, meta);
		} catch (error) {
			failures++;
			log(`  FAILED: ${(error as Error).message}`);
		} finally {
			if (scenario.fault) {
				const healed = await labHeal({prefix: values.prefix});
				if (!healed.healthy) throw new LabError(`heal after ${scenario.name} left the lab unhealthy: ${healed.problems.join('; ')}`);
				// Each bundle's keepalived logs should tell its own story, not the previous scenarios'.
				const fresh = await labRestartKeepalived({prefix: values.prefix});
				if (!fresh.healthy) throw new LabError(`restarting keepalived after ${scenario.name} left the lab unhealthy: ${fresh.problems.join('; ')}`);
				log('  healed (keepalived restarted with an empty log)');
			}
		}
	}
	writeIndex();
} catch (error) {
	failures++;
	console.error(`record-fixtures: ${(error as Error).message}`);
} finally {
	if (ours) {
		log('\nlab down …');
		const down = await labDown({prefix: values.prefix});
		if (down.leftovers.length) {
			failures++;
			console.error(`record-fixtures: lab down left ${down.leftovers.join(', ')}`);
		}
	}
	log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; ${failures ? `${failures} failure(s)` : 'all scenarios recorded'}`);
}
process.exitCode = failures ? 1 : 0;
