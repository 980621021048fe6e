import {hostname} from 'node:os';
import {resolve} from 'node:path';
import {createInterface} from 'node:readline/promises';
import {parseArgs} from 'node:util';
import type {Bundle, FactKey} from '../collect/types.js';
import type {HostTarget} from '../collect/engine-types.js';
import {checks} from '../../checks/index.js';
import {evaluateBundle} from '../doctor/evaluate.js';
import {applyFix, arpingFlavour, fixLines, garpArgv, mergeBundles, neighbourVerdict, orderFixes, recheckPlan, safeFixCandidates, withoutFacts, type FixCandidate} from '../doctor/fix-apply.js';
import {Facts} from '../doctor/facts.js';
import type {DoctorReport, Finding, Fix} from '../doctor/report-model.js';
import {advertIntervals, hostPriority, trackRiseSeconds} from '../doctor/vrrp.js';
import {defaultCaptureSeconds, findDemoBundle, runDoctor, type DoctorEvent} from '../doctor/run-doctor.js';
import {unknownPatterns} from '../doctor/run-checks.js';
import {topologyHosts} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {formatText} from '../report/format-text.js';
import {shJoin} from '../transport/sh-quote.js';
import {readBundleArgument} from './bundle-argument.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const help = `Usage: lbwiz doctor [--topology FILE | --host NAME=SPEC ...] [--from BUNDLE | --demo]
                    [--json] [--capture-seconds N] [--only IDS] [--skip IDS] [--report FILE]
                    [--fix [--yes]] [--no-redact] [--plain]

Diagnose a keepalived / LVS / HAProxy cluster: collect facts from every host (configs, addresses,
firewall, processes, logs, a VRRP capture, HAProxy and IPVS state, HTTP probes), run every check, and
print the root cause first, with the evidence and the commands that fix it.

Hosts:
  (none)                   this host; its keepalived.conf / haproxy.cfg and the adverts it captures
                           name its peers, which the report lists so you can add them with --host
  -t, --topology FILE      every host of an lbwiz.yaml (roles and transports from the file)
  -H, --host NAME=SPEC     a host and how to reach it: local, ssh://[user@]host[:port], netns:NAME
                           (repeatable; roles are inferred from the configs found there)
  --from BUNDLE            evaluate a bundle written by 'lbwiz collect' instead of collecting
  --demo                   evaluate the recorded split-brain incident shipped with lbwiz

Options:
  --capture-seconds N      VRRP capture window (default 3 × advert_int + 1 s, one window per run)
  --only IDS               run only these checks: ids, areas or globs, comma-separated (vrrp,vip.*)
  --skip IDS               leave these checks out (same forms)
  --list-checks            list every check id with its severity and title
  --json                   print the report as JSON (schema: docs/json-schema.md)
  --plain                  plain text even on a terminal (no live view)
  --report FILE            also write an incident report (.md, .html or .json)
  --fix                    offer the safe fixes one by one and apply the confirmed ones, then
                           re-check (after a split brain the VIP holder sends gratuitous ARP, and
                           the VIP is checked from the topology's client hosts); without a
                           terminal and without --yes it only prints them
  -y, --yes                apply every safe fix without asking (with --fix)
  --no-redact              keep secrets in clear in output and reports
  -v, --verbose            list every skipped check with its reason
  -h, --help               show this help

Exit status: 0 no warning or critical finding, 1 warnings only, 2 at least one critical finding,
3 the doctor could not run (bad arguments, unreadable bundle, no host reachable).

Examples:
  lbwiz doctor --demo                                   a recorded incident, no cluster or root needed
  lbwiz doctor                                          this host and what it can see
  lbwiz doctor --topology lbwiz.yaml                    every host of the topology
  lbwiz doctor -H lb1=ssh://root@10.0.0.11 -H lb2=ssh://root@10.0.0.12 --json
  lbwiz doctor --from bundle.json --only vrrp,vip --report incident.html
  sudo lbwiz doctor --topology /var/lib/lbwiz/lab/lbwiz-/topology.yaml --fix
`;

const usage = (message: string) => new UsageError(message, 3);

/** `--only a,b --only c` → ['a', 'b', 'c']. */
const splitList = (values: string[] | undefined) => (values ?? []).flatMap(v => v.split(',')).map(v => v.trim()).filter(Boolean);

function parseHostOption(value: string): HostTarget {
	const eq = value.indexOf('=');
	if (eq <= 0) throw usage(`--host '${value}': expected NAME=SPEC, e.g. lb1=ssh://root@10.0.0.11 or lb2=netns:lab-lb2`);
	const name = value.slice(0, eq);
	const spec = value.slice(eq + 1);
	if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name)) throw usage(`--host '${value}': host name '${name}' must be letters, digits, '-', '_', '.'`);
	return {name, spec};
}

async function validateSpecs(targets: HostTarget[]): Promise<void> {
	const {parseTransportSpec} = await import('../transport/spec.js');
	for (const target of targets) {
		try {
			parseTransportSpec(target.spec);
		} catch (error) {
			throw usage(`--host ${target.name}=${target.spec}: ${(error as Error).message}`);
		}
	}
}

/**
advert_int values of the hosts' keepalived.conf (for the capture window), read before collection with one
quick file read per host (2 s at most; an unreachable host simply contributes nothing).
*/
async function advertInts(targets: HostTarget[]): Promise<number[]> {
	const {createTransport} = await import('../transport/spec.js');
	const perHost = await Promise.all(
		targets.map(async target => {
			const transport = createTransport(target.spec);
			try {
				const result = await transport.readFile('/etc/keepalived/keepalived.conf', {timeoutMs: 2000, maxBytes: 1 << 20});
				return [...(result.content ?? '').matchAll(/^\s*advert_int\s+([\d.]+)/gm)].map(m => Number(m[1]));
			} catch {
				return [];
			} finally {
				await transport.close();
			}
		}),
	);
	return perHost.flat();
}

async function confirm(io: CommandIo, question: string): Promise<'yes' | 'no' | 'all' | 'quit'> {
	const rl = createInterface({input: io.stdin as NodeJS.ReadableStream, output: io.stdout as NodeJS.WritableStream, terminal: false});
	try {
		const answer = (await rl.question(question)).trim().toLowerCase();
		if (answer === 'a' || answer === 'all') return 'all';
		if (answer === 'q' || answer === 'quit') return 'quit';
		return answer === 'y' || answer === 'yes' ? 'yes' : 'no';
	} finally {
		rl.close();
	}
}

type FixContext = {io: CommandIo; report: DoctorReport; bundle: Bundle; yes: boolean; live: boolean; targets: HostTarget[]; topology?: Topology; redact: boolean};

const sleepSeconds = (seconds: number) => new Promise(done => setTimeout(done, seconds * 1000));

/** Asks before a fix unless every fix was accepted; `all` is remembered. */
type Asker = {all: boolean; ask(): Promise<'yes' | 'no' | 'quit'>};

/**
`--fix`: offer, apply (in `orderFixes` order, pausing where VRRP must see a change first), re-collect
what the affected checks read, re-check, then make sure clients reach the VIP: after a healed split
brain (or when a client's ARP entry is wrong) the holder announces the VIP, and every client host of
the topology is checked (its neighbour entry for the VIP against the holder's MAC, and an HTTP
request). Returns the new report and the exit status (2 when a client still cannot use the VIP).
*/
async function runFixes(ctx: FixContext): Promise<{report: DoctorReport; exitCode: number}> {
	const {io, report} = ctx;
	const facts = new Facts(ctx.bundle);
	const advertInt = Math.max(1, ...advertIntervals(facts), ...(ctx.topology?.vrrp?.advert_int ? [ctx.topology.vrrp.advert_int] : []));
	const candidates = orderFixes(report, safeFixCandidates(report), {priority: host => hostPriority(facts, host), advertInt});
	const out = (line = '') => io.stdout.write(`${line}\n`);
	out();
	if (candidates.length === 0) {
		out('--fix: no finding has a fix lbwiz can apply safely; the fixes above need a review by hand.');
		return {report, exitCode: report.summary.exitCode};
	}
	const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
	const dryRun = !ctx.live || (!ctx.yes && !interactive);
	out(`--fix: ${candidates.length} safe fix(es)${dryRun ? (ctx.live ? ' (no terminal and no --yes: showing what would run)' : ' (from a bundle: showing what would run on each host)') : ''}`);
	const asker: Asker = {
		all: ctx.yes,
		async ask() {
			const answer = await confirm(io, 'Apply? [y]es / [N]o / [a]ll / [q]uit: ');
			if (answer === 'all') this.all = true;
			return answer === 'all' ? 'yes' : answer;
		},
	};
	const applied: FixCandidate[] = [];
	for (const [index, candidate] of candidates.entries()) {
		const {finding, fix} = candidate;
		out();
		out(`[${finding.id}] ${finding.check}${finding.host ? ` on ${finding.host}` : ''}: ${fix.description}`);
		const result = await offerFix(ctx, fix, dryRun, asker);
		if (result === 'quit') break;
		if (result === 'applied') applied.push(candidate);
		if (candidate.pause && index < candidates.length - 1 && (dryRun || result === 'applied')) {
			out(`    ${dryRun ? 'then wait' : 'waiting'} ${candidate.pause.seconds} s: ${candidate.pause.why}`);
			if (!dryRun) await sleepSeconds(candidate.pause.seconds);
		}
	}
	if (dryRun) {
		if (facts.allVips().some(vip => splitHolders(facts, vip).length > 1)) out('\nThen, once the split brain is gone, the VIP holder would announce the VIP (gratuitous ARP) and each client host would be checked.');
		return {report, exitCode: report.summary.exitCode};
	}
	if (applied.length === 0) return {report, exitCode: report.summary.exitCode};
	const plan = recheckPlan(report, applied.map(a => a.finding), checks);
	// VRRP only needs time to settle when something changed on a director (a real server's sysctl or lo VIP does not move the VIP)
	const directors = new Set(facts.directors());
	const vrrp = applied.some(a => directors.has(a.fix.host)) && plan.checks.some(id => /^(vrrp|vip|firewall|service)\./.test(id));
	// A master-down interval (3 × advert_int + 1 s), and when tracked scripts weigh in, their rise time and one more advert.
	const rise = trackRiseSeconds(facts);
	const settle = vrrp ? defaultCaptureSeconds([advertInt]) + (rise > 0 ? Math.ceil(rise + advertInt) : 0) : 1;
	const facts2 = [...new Set<FactKey>([...plan.facts, 'net.addresses', ...(vrrp ? (['keepalived.data', 'keepalived.log'] as FactKey[]) : [])])];
	out();
	const why = vrrp ? ` (letting VRRP settle: 3 × advert_int ${advertInt} s + 1${rise > 0 ? ` + tracked scripts' rise ${rise} s + advert_int` : ''})` : '';
	out(`Re-checking ${plan.checks.join(', ')} in ${settle} s${why}, re-reading ${facts2.length} fact(s)…`);
	await sleepSeconds(settle);
	const {collectBundle} = await import('../collect/collect-hosts.js');
	const hosts = [...new Set(applied.map(a => a.fix.host))];
	const affectedHosts = ctx.targets.length > 0 ? ctx.targets : ctx.bundle.hosts.map(h => ({name: h.name, spec: h.spec}));
	const fresh = await collectBundle({hosts: affectedHosts, captureSeconds: 0, redact: ctx.redact, only: facts2, ...(ctx.topology ? {topology: ctx.topology} : {})});
	const merged = withoutFacts(mergeBundles(ctx.bundle, fresh), ['vrrp.adverts'], 'not captured again after --fix: the capture before the fixes no longer describes the cluster');
	const after = evaluateBundle(merged, {source: {kind: 'live', captureSeconds: merged.capture.seconds}});
	for (const {finding} of applied) {
		const still = after.findings.some(f => f.check === finding.check && f.host === finding.host);
		out(`  ${still ? 'STILL FAILING' : 'passes now  '} ${finding.check}${finding.host ? ` on ${finding.host}` : ''}`);
		for (const symptom of report.findings.filter((f: Finding) => f.caused_by.includes(finding.id))) {
			const gone = !after.findings.some(f => f.check === symptom.check && f.host === symptom.host);
			const skipped = after.skipped.find(k => k.check === symptom.check && (k.host === undefined || k.host === symptom.host));
			out(`    ${!gone ? 'still there' : skipped ? 'not re-checked' : 'resolved   '} ${symptom.check}${symptom.host ? ` on ${symptom.host}` : ''}${gone && skipped ? ` (${skipped.reason})` : ''}`);
		}
	}
	const afterFacts = new Facts(merged);
	const healedSplit = facts.allVips().filter(vip => splitHolders(facts, vip).length > 1 && splitHolders(afterFacts, vip).length === 1);
	const announced = new Set<string>();
	for (const vip of healedSplit) await announceVip(ctx, afterFacts, vip, `the split brain on ${vip} is over`, asker, announced, out);
	let clients = await checkClients(ctx, afterFacts, out, announced.size === 0);
	const stale = clients.filter(c => c.stale && !announced.has(c.vip));
	if (stale.length > 0) {
		for (const vip of new Set(stale.map(c => c.vip))) await announceVip(ctx, afterFacts, vip, `a client still resolves ${vip} to another MAC`, asker, announced, out);
		if (announced.size > 0) clients = await checkClients(ctx, afterFacts, out, false);
	}
	for (const f of after.findings.filter(f => f.severity !== 'info')) out(`  still reported: ${f.severity} ${f.check}${f.host ? ` on ${f.host}` : ''}: ${f.message}`);
	const failed = clients.filter(c => !c.ok);
	const verdict = failed.length > 0 ? ` NOT healthy: ${failed.map(c => `${c.vip} from ${c.client}: ${c.problem}`).join('; ')}.` : '';
	out(`Fixed on ${hosts.join(', ')}. Summary after the fixes: ${after.summary.critical} critical, ${after.summary.warning} warning.${verdict}`);
	return {report: after, exitCode: failed.length > 0 ? Math.max(2, after.summary.exitCode) : after.summary.exitCode};
}

/** Directors holding a VIP (on a non-loopback interface). */
const splitHolders = (facts: Facts, vip: string) => [...new Set(facts.vipHolders(vip).filter(h => facts.directors().includes(h.host)).map(h => h.host))];

/** Prints a fix's lines, asks when needed, applies it through its host's transport. */
async function offerFix(ctx: FixContext, fix: Fix, dryRun: boolean, asker: Asker): Promise<'applied' | 'failed' | 'skipped' | 'quit'> {
	const out = (line: string) => ctx.io.stdout.write(`${line}\n`);
	for (const line of fixLines(fix)) out(`    ${fix.host}$ ${line}`);
	if (dryRun) return 'skipped';
	if (!asker.all) {
		const answer = await asker.ask();
		if (answer !== 'yes') return answer === 'quit' ? 'quit' : 'skipped';
	}
	const transport = await transportOf(ctx, fix.host);
	try {
		const result = await applyFix(fix, transport);
		for (const step of result.steps) out(`    ${step.ok ? 'ok  ' : 'FAIL'} ${step.what}${step.output ? `: ${step.output.split('\n')[0]}` : ''}`);
		if (!result.ok) out('    stopped at the failing step; nothing else was run for this fix.');
		return result.ok ? 'applied' : 'failed';
	} finally {
		await transport.close();
	}
}

async function transportOf(ctx: FixContext, host: string) {
	const target = ctx.targets.find(t => t.name === host) ?? {name: host, spec: ctx.bundle.hosts.find(h => h.name === host)?.spec ?? 'local'};
	const {createTransport} = await import('../transport/spec.js');
	return createTransport(target.spec);
}

/**
Has the one director holding `vip` announce it (gratuitous ARP with iputils or busybox arping, probed
on the host): safe only there, so nothing is sent while another director still holds it.
*/
async function announceVip(ctx: FixContext, facts: Facts, vip: string, why: string, asker: Asker, announced: Set<string>, out: (line?: string) => void): Promise<void> {
	const holders = facts.vipHolders(vip).filter(h => facts.directors().includes(h.host));
	out();
	if (holders.length !== 1) {
		out(`  not announcing ${vip}: ${holders.length === 0 ? 'no director holds it' : `${holders.map(h => h.host).join(' and ')} hold it`} (gratuitous ARP is only safe from the one holder)`);
		return;
	}
	const [{host, ifname}] = holders;
	const transport = await transportOf(ctx, host);
	let flavour: ReturnType<typeof arpingFlavour>;
	try {
		const version = await transport.run(['arping', '-V'], {timeoutMs: 3000});
		const busybox = await transport.run(['busybox', 'arping', '--help'], {timeoutMs: 3000});
		flavour = arpingFlavour(`${version.stdout}${version.stderr}`, `${busybox.stdout}${busybox.stderr}`);
	} finally {
		await transport.close();
	}
	if (!flavour) {
		out(`  cannot announce ${vip} from ${host} (${why}): it has neither iputils arping nor busybox arping. Clients and routers keep the old MAC until their ARP entry expires (minutes; hours on some routers): install iputils-arping, or restart keepalived on ${host} to make it send gratuitous ARPs.`);
		return;
	}
	const fix: Fix = {host, description: `announce ${vip} from ${host}, its holder now (${why}): gratuitous ARP, so clients and routers drop the MAC of the director that gave it up`, commands: [garpArgv(flavour, ifname, vip)], safe: true};
	out(`[after] vip.split-brain on ${host}: ${fix.description}`);
	if ((await offerFix(ctx, fix, false, asker)) === 'applied') announced.add(vip);
}

type ClientCheck = {client: string; vip: string; ok: boolean; stale: boolean; problem?: string};

/**
The VIPs seen from each client host of the topology: its neighbour entry for the VIP (must be the
holder's MAC when it has one) and an HTTP request to the VIP's first frontend port. Without a client
host it says what was not verified. `firstLook`: a stale ARP entry is only reported (the holder is
asked to announce the VIP and the clients are checked again).
*/
async function checkClients(ctx: FixContext, facts: Facts, out: (line?: string) => void, firstLook: boolean): Promise<ClientCheck[]> {
	const vips = facts.allVips().filter(vip => splitHolders(facts, vip).length > 0);
	if (vips.length === 0) return [];
	const clients = ctx.topology ? topologyHosts(ctx.topology).filter(h => h.kind === 'client') : [];
	if (clients.length === 0) {
		out(`  not verified from a client: ${ctx.topology ? 'the topology names no client host' : 'no topology, so no client host'}, so what clients and routers cache for ${vips.join(', ')} (ARP) and whether it answers them was not checked (add one under clients: in lbwiz.yaml).`);
		return [];
	}
	const {targetsFromTopology} = await import('../collect/collectors/http-probes.js');
	const {curlProbeArgv, parseCurlProbe} = await import('../parse/curl-probe.js');
	const macOwner = (mac: string) => facts.hostNames().find(h => (facts.get(h, 'net.addresses') ?? []).some(i => i.mac?.toLowerCase() === mac.toLowerCase()));
	const checksOut: ClientCheck[] = [];
	for (const client of clients) {
		const transport = await transportOf(ctx, client.name);
		try {
			for (const vip of vips) {
				const holders = facts.vipHolders(vip).filter(h => facts.directors().includes(h.host));
				const holderMac = holders.length === 1 ? facts.get(holders[0].host, 'net.addresses')?.find(i => i.ifname === holders[0].ifname)?.mac : undefined;
				const neigh = await transport.run(['ip', '-j', 'neigh', 'show', vip], {timeoutMs: 5000});
				const arp = holderMac ? neighbourVerdict(neigh.stdout, vip, holderMac) : undefined;
				const port = targetsFromTopology({topology: ctx.topology}).find(t => t.target === 'vip' && t.address === vip)?.port ?? 80;
				const url = `http://${vip}${port === 80 ? '' : `:${port}`}/`;
				const probe = await transport.run(curlProbeArgv(url, {timeoutSeconds: 3}), {timeoutMs: 6000});
				const http = parseCurlProbe(probe.stdout, probe.stderr, probe.exitCode);
				const stale = arp?.verdict === 'stale';
				const problems = [...(stale ? [`its ARP entry for ${vip} is ${arp!.mac}${macOwner(arp!.mac!) ? ` (${macOwner(arp!.mac!)})` : ''}, not the holder ${holders[0].host}'s ${holderMac}`] : []), ...(http.ok ? [] : [`${url} ${http.error ?? (http.status ? `answered HTTP ${http.status}` : 'did not answer')}`])];
				const arpText = arp ? (arp.verdict === 'ok' ? `its ARP entry is ${holders[0].host}'s MAC` : arp.verdict === 'none' ? 'no ARP entry yet' : '') : holders.length === 1 ? `${holders[0].host}'s MAC unknown` : `${holders.length} directors hold it`;
				out(`  ${problems.length === 0 ? 'client OK   ' : stale && firstLook ? 'stale ARP   ' : 'STILL FAILING'} ${vip} from ${client.name}: ${problems.length === 0 ? `${url} answered HTTP ${http.status}, ${arpText}` : problems.join('; ')}`);
				checksOut.push({client: client.name, vip, ok: problems.length === 0, stale, ...(problems.length ? {problem: problems.join('; ')} : {})});
			}
		} finally {
			await transport.close();
		}
	}
	return checksOut;
}

export default defineCommand({
	name: 'doctor',
	summary: 'Diagnose a keepalived / LVS / HAProxy cluster: root cause first, with evidence and fixes',
	help,
	async run(argv, io) {
		let parsed;
		try {
			parsed = parseArgs({
				args: argv,
				allowPositionals: false,
				strict: true,
				options: {
					topology: {type: 'string', short: 't'},
					host: {type: 'string', short: 'H', multiple: true},
					from: {type: 'string'},
					demo: {type: 'boolean'},
					json: {type: 'boolean'},
					'capture-seconds': {type: 'string'},
					only: {type: 'string', multiple: true},
					skip: {type: 'string', multiple: true},
					'list-checks': {type: 'boolean'},
					report: {type: 'string'},
					fix: {type: 'boolean'},
					yes: {type: 'boolean', short: 'y'},
					'no-redact': {type: 'boolean'},
					plain: {type: 'boolean'},
					verbose: {type: 'boolean', short: 'v'},
				},
			});
		} catch (error) {
			throw usage((error as Error).message);
		}
		const values = parsed.values;
		if (values['list-checks']) {
			for (const check of checks) io.stdout.write(`${check.meta.id.padEnd(34)} ${check.meta.severity.padEnd(8)} ${check.meta.title}\n`);
			return 0;
		}
		const only = splitList(values.only);
		const skip = splitList(values.skip);
		const unknown = unknownPatterns(checks, [...only, ...skip]);
		if (unknown.length > 0) {
			throw usage(unknown.map(u => `unknown check '${u.pattern}'${u.suggestion ? ` (did you mean '${u.suggestion}'?)` : ''}`).join('; ') + ". Run 'lbwiz doctor --list-checks' for the ids");
		}
		if (values.from && values.demo) throw usage('--from and --demo both name a bundle: use one');
		const offline = Boolean(values.from || values.demo);
		if (offline && (values.topology || values.host?.length)) throw usage(`--${values.demo ? 'demo' : 'from'} evaluates a recorded bundle: it cannot be combined with --topology or --host`);
		if (values.json && values.fix) throw usage('--fix asks questions and prints progress: it cannot be combined with --json');
		if (values.yes && !values.fix) throw usage('--yes only applies to --fix');
		let captureSeconds: number | undefined;
		if (values['capture-seconds'] !== undefined) {
			captureSeconds = Number(values['capture-seconds']);
			if (!Number.isFinite(captureSeconds) || captureSeconds < 0 || captureSeconds > 600) throw usage(`--capture-seconds '${values['capture-seconds']}': expected a number of seconds from 0 to 600`);
		}
		if (values.report) {
			const {reportFormatOf} = await import('../report/index.js');
			try {
				reportFormatOf(values.report);
			} catch (error) {
				throw usage(`--report: ${(error as Error).message}`);
			}
		}
		const redact = !values['no-redact'];
		let bundle: Bundle | undefined;
		let source: {kind: 'bundle' | 'demo'; path: string} | undefined;
		let topology: Topology | undefined;
		let targets: HostTarget[] = [];
		if (offline) {
			const path = values.demo ? findDemoBundle() : values.from!;
			if (!path) throw usage('the demo bundle is not installed next to lbwiz (expected fixtures/bundles/split-brain-firewall/bundle.json); use --from with a bundle from `lbwiz collect`');
			bundle = await readBundleArgument(path, io, {exitCode: 3});
			source = {kind: values.demo ? 'demo' : 'bundle', path: values.demo ? 'fixtures/bundles/split-brain-firewall/bundle.json' : values.from!};
		} else {
			if (values.topology) {
				const {loadTopology} = await import('../model/load-topology.js');
				try {
					topology = (await loadTopology(resolve(io.cwd, values.topology))).topology;
				} catch (error) {
					throw usage((error as Error).message);
				}
				targets = topologyHosts(topology).map(h => ({name: h.name, spec: h.transport, roles: h.roles}));
			}
			for (const value of values.host ?? []) {
				const target = parseHostOption(value);
				targets = [...targets.filter(t => t.name !== target.name), target];
			}
			await validateSpecs(targets);
			if (targets.length === 0) targets = [{name: hostname().split('.')[0] || 'localhost', spec: 'local'}];
			captureSeconds ??= defaultCaptureSeconds(topology?.vrrp?.advert_int ? [topology.vrrp.advert_int] : await advertInts(targets));
		}
		const doctorOptions = {targets, ...(topology ? {topology} : {}), ...(bundle ? {bundle} : {}), ...(source ? {source} : {}), ...(captureSeconds !== undefined ? {captureSeconds} : {}), redact, only, skip};
		// Ink draws only the last frame under CI (is-in-ci): the plain text is better there.
		const ci = io.env.CI !== undefined && io.env.CI !== '0' && io.env.CI !== 'false';
		const useLive = !values.json && !values.plain && Boolean(io.stdout.isTTY) && io.env.TERM !== 'dumb' && !values.fix && !ci;
		let report: DoctorReport | undefined;
		let collected: Bundle | undefined;
		if (useLive) {
			const live = await loadLiveView();
			if (live) {
				let result: {report: DoctorReport; bundle: Bundle} | undefined;
				const code = await live({
					io,
					noRedact: !redact,
					hosts: bundle ? bundle.hosts.map(h => h.name) : targets.map(t => t.name),
					captureSeconds: bundle ? bundle.capture.seconds : (captureSeconds ?? 4),
					start: async (onEvent: (event: DoctorEvent) => void, signal: AbortSignal) => {
						result = await runDoctor({...doctorOptions, onEvent, signal});
						return result.report;
					},
				});
				if (values.report && result) await writeReportFile(io, result.report, values.report, redact, result.bundle);
				return code;
			}
		}
		try {
			({report, bundle: collected} = await runDoctor(doctorOptions));
		} catch (error) {
			if (error instanceof UsageError) throw error;
			io.stderr.write(`lbwiz doctor: could not collect: ${(error as Error).message}\n`);
			return 3;
		}
		if (values.json) io.stdout.write(`${JSON.stringify(await redacted(report, redact), null, 2)}\n`);
		else io.stdout.write(formatText(await redacted(report, redact), {verbose: Boolean(values.verbose), width: Math.max(60, Math.min(io.stdout.columns ?? 100, 120))}));
		if (values.report) await writeReportFile(io, report, values.report, redact, collected);
		if (values.fix) return (await runFixes({io, report, bundle: collected, yes: Boolean(values.yes), live: !offline, targets, ...(topology ? {topology} : {}), redact})).exitCode;
		return report.summary.exitCode;
	},
});

/** Report-level redaction (the last line of defence: a --no-redact bundle replayed without the flag). */
async function redacted(report: DoctorReport, redact: boolean): Promise<DoctorReport> {
	if (!redact) return report;
	try {
		const {redactReport} = await import('../report/redact.js');
		return redactReport(report);
	} catch {
		return report;
	}
}

async function writeReportFile(io: CommandIo, report: DoctorReport, file: string, redact: boolean, bundle: Bundle): Promise<void> {
	let module: typeof import('../report/index.js') | undefined;
	try {
		module = await import('../report/index.js');
	} catch {
		module = undefined;
	}
	if (!module?.writeReport) {
		io.stderr.write(`lbwiz doctor: --report: the report writer is not available in this build; use --json > ${shJoin([file])} instead\n`);
		return;
	}
	try {
		await module.writeReport(report, resolve(io.cwd, file), {noRedact: !redact, secrets: module.secretsOf(bundle)});
		io.stderr.write(`Report written to ${file}\n`);
	} catch (error) {
		io.stderr.write(`lbwiz doctor: --report ${file}: ${(error as Error).message}\n`);
	}
}

/** The Ink live view (src/ui/doctor), loaded only on a terminal; undefined when this build cannot load it. */
async function loadLiveView() {
	try {
		return (await import('../ui/doctor/run-doctor-live.js')).runDoctorLive;
	} catch {
		return undefined;
	}
}
