/**
`npm run bench`: lbwiz's speed figures beside a peer's, from one run, as one table.

  start    `lbwiz --version` / `--help` / `doctor --demo --json` / a small `lint` from the bundle copied
           to an empty directory, against `node -e 0` (and `keepalived -t -f` for the lint)
  scale    lint of a generated keepalived.conf (10,000 virtual_server × 10 real_server) against
           `keepalived -t -f` on the same file; the parse and lint stages in-process
  doctor   (root) the lab (`lab up --prefix lbb-`): `doctor --json --topology` wall ÷ capture window,
           and the collection run concurrently (the engine's default) against the same collectors one
           after another (hosts in turn, one command at a time per host)
  hosts    (root) doctor over 20 lab hosts (17 web servers) against the 5-host lab

Options: --only start,scale,doctor,hosts  --runs N (start-up runs, default 30)  --virtual-servers N
  --real-servers N  --web-servers N (default 17: 20 hosts)  --json FILE (the figures as JSON)
Benchmarks are not tests: nothing here fails on a slow figure; rows that cannot run say why.
*/
import {cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, loadavg, tmpdir, totalmem} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {buildBundle, bundleScript} from './build.mjs';
import {bigKeepalivedConf} from './bench/big-keepalived.js';
import {labTopologyWithWebServers} from './bench/lab-topology.js';
import {hasGnuTime, hasProgram, hyperfine, interleaved, median, runOnce, stats, type Stats} from './bench/measure.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

type Row = {section: string; figure: string; ours?: string; peer?: string; peerFigure?: string; ratio?: string; note?: string};

const {values} = parseArgs({
	options: {
		only: {type: 'string'},
		runs: {type: 'string', default: '30'},
		'virtual-servers': {type: 'string', default: '10000'},
		'real-servers': {type: 'string', default: '10'},
		'web-servers': {type: 'string', default: '17'},
		json: {type: 'string'},
	},
});
const sections = new Set((values.only ?? 'start,scale,doctor,hosts').split(',').map(s => s.trim()));
const runs = Number(values.runs);
const rows: Row[] = [];
const figures: Record<string, unknown> = {};
const isRoot = process.getuid?.() === 0;

const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 100 ? 1 : 0)} ms`);
const mb = (kb?: number) => (kb === undefined ? '' : `${(kb / 1024).toFixed(0)} MB`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const cpuNote = (ours: Stats, peer: Stats) => (ours.cpuMs !== undefined && peer.cpuMs !== undefined ? `CPU ${ms(ours.cpuMs)} vs ${ms(peer.cpuMs)} (${ratio(ours.cpuMs, peer.cpuMs)})` : '');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** The bundle as `npm run build` makes it, copied to an empty directory (a bare host). */
async function bareBundle(): Promise<{work: string; dir: string; lbwiz: string; entryBytes: number; totalBytes: number; cleanup: () => void}> {
	const work = mkdtempSync(join(tmpdir(), 'lbwiz-bench-'));
	const built = await buildBundle({outdir: join(work, 'dist'), quiet: true});
	const dir = join(work, 'bare');
	mkdirSync(dir);
	cpSync(join(work, 'dist'), dir, {recursive: true});
	return {work, dir, lbwiz: join(dir, 'lbwiz.mjs'), entryBytes: built.bytes.entry, totalBytes: built.bytes.total, cleanup: () => rmSync(work, {recursive: true, force: true})};
}

const bareEnv = (dir: string): NodeJS.ProcessEnv => ({PATH: process.env.PATH, HOME: dir, NODE_PATH: '', LC_ALL: 'C'});

function startRows(bundle: {dir: string; lbwiz: string; entryBytes: number; totalBytes: number}) {
	const node = process.execPath;
	const small = join(bundle.dir, 'small.conf');
	const smallText = bigKeepalivedConf({virtualServers: 10, realServers: 10, vrrp: false});
	writeFileSync(small, smallText);
	const commands: Record<string, string[]> = {
		node: [node, '-e', '0'],
		version: [node, bundle.lbwiz, '--version'],
		help: [node, bundle.lbwiz, '--help'],
		demo: [node, bundle.lbwiz, 'doctor', '--demo', '--json'],
		lint: [node, bundle.lbwiz, 'lint', small],
		...(hasProgram('keepalived') ? {keepalived: ['keepalived', '-t', '-f', small]} : {}),
	};
	log(`start-up: ${Object.keys(commands).length} commands × ${runs} runs, interleaved${hasProgram('hyperfine') ? ', then hyperfine for CPU time' : ''}`);
	const env = bareEnv(bundle.dir);
	// wall time from interleaved runs (robust to the load drifting on a shared machine); CPU from hyperfine
	const s = interleaved(commands, runs, {cwd: bundle.dir, env, warmup: 3, gnuTime: false});
	const hf = hyperfine(commands, runs, {cwd: bundle.dir, env, warmup: 3});
	if (hf) for (const [name, h] of Object.entries(hf)) if (h.cpuMs !== undefined) s[name].cpuMs = h.cpuMs;
	figures.start = {interleaved: s, hyperfine: hf};
	const method = `${runs} interleaved runs${hf ? `; hyperfine -N median ratio ${ratio(hf.version.medianMs, hf.node.medianMs)}` : ''}`;
	rows.push({section: 'start', figure: '`lbwiz --version` (median wall)', ours: ms(s.version.medianMs), peer: '`node -e 0`', peerFigure: ms(s.node.medianMs), ratio: ratio(s.version.medianMs, s.node.medianMs), note: `target ≤ 1.5×; min ${ms(s.version.minMs)} vs ${ms(s.node.minMs)}; ${cpuNote(s.version, s.node)}; ${method}`});
	rows.push({section: 'start', figure: '`lbwiz --help`', ours: ms(s.help.medianMs), peer: '`node -e 0`', peerFigure: ms(s.node.medianMs), ratio: ratio(s.help.medianMs, s.node.medianMs), note: cpuNote(s.help, s.node)});
	rows.push({section: 'start', figure: '`lbwiz doctor --demo --json` (every check on a recorded bundle)', ours: ms(s.demo.medianMs), peer: '`node -e 0`', peerFigure: ms(s.node.medianMs), ratio: ratio(s.demo.medianMs, s.node.medianMs), note: cpuNote(s.demo, s.node)});
	if (s.keepalived) rows.push({section: 'start', figure: `\`lbwiz lint\` of 10 virtual_server × 10 real_server (${smallText.split('\n').length} lines)`, ours: ms(s.lint.medianMs), peer: '`keepalived -t -f`', peerFigure: ms(s.keepalived.medianMs), ratio: ratio(s.lint.medianMs, s.keepalived.medianMs), note: cpuNote(s.lint, s.keepalived)});
	rows.push({section: 'start', figure: 'bundle size: entry / all chunks', ours: `${(bundle.entryBytes / 1024).toFixed(1)} kB / ${(bundle.totalBytes / 1024).toFixed(0)} kB`, note: 'the entry holds only cli.ts, the version and the command registry'});
}

async function scaleRows(bundle: {work: string; dir: string; lbwiz: string}) {
	const virtualServers = Number(values['virtual-servers']);
	const realServers = Number(values['real-servers']);
	const text = bigKeepalivedConf({virtualServers, realServers, vrrp: false});
	const file = join(bundle.dir, 'big.conf');
	writeFileSync(file, text);
	const lines = text.split('\n').length;
	const label = `${virtualServers.toLocaleString('en')} virtual_server × ${realServers} real_server (${lines.toLocaleString('en')} lines, ${(text.length / 1e6).toFixed(1)} MB)`;
	log(`scale: ${label}`);
	const scaleRuns = 3;
	const lintSamples = Array.from({length: scaleRuns}, () => runOnce([process.execPath, bundle.lbwiz, 'lint', file], {cwd: bundle.dir, env: bareEnv(bundle.dir)}));
	const ours = stats(lintSamples);
	const summary = lintSamples[scaleRuns - 1].stdout.trim().split('\n').pop() ?? '';
	let peer: Stats | undefined;
	let peerStatus = '';
	if (hasProgram('keepalived')) {
		peer = stats(Array.from({length: scaleRuns}, () => runOnce(['keepalived', '-t', '-f', file], {cwd: bundle.dir})));
		peerStatus = `keepalived -t exit ${peer.status}`;
	}
	figures.scale = {lines, bytes: text.length, lint: ours, keepalived: peer, lintSummary: summary};
	rows.push({
		section: 'scale',
		figure: `\`lbwiz lint\` ${label}`,
		ours: ms(ours.medianMs),
		peer: '`keepalived -t -f`',
		peerFigure: peer ? ms(peer.medianMs) : 'not installed',
		...(peer ? {ratio: ratio(ours.medianMs, peer.medianMs)} : {}),
		note: [`lint exit ${ours.status}: ${summary}`, peerStatus, peer ? cpuNote(ours, peer) : '', ours.maxRssKb && peer?.maxRssKb ? `peak RSS ${mb(ours.maxRssKb)} vs ${mb(peer.maxRssKb)}` : '', `median of ${scaleRuns}`].filter(Boolean).join('; '),
	});
	// the parse and lint stages alone, in fresh processes running the production-built code
	const stagesScript = await bundleScript('scripts/bench/lint-stages.ts', join(bundle.work, 'lint-stages.mjs'));
	const stage = (name: 'parse' | 'lint') => {
		const r = runOnce([process.execPath, stagesScript, file, name], {cwd: bundle.dir, env: bareEnv(bundle.dir)});
		try {
			return {...(JSON.parse(r.stdout) as {ms: number; cpuMs: number; readMs: number; heapUsedMb: number; diagnostics: number}), maxRssKb: r.maxRssKb};
		} catch {
			throw new Error(`lint-stages ${name} failed (exit ${r.status}): ${r.stderr.split('\n').slice(0, 3).join(' ')}`);
		}
	};
	const parses = Array.from({length: scaleRuns}, () => stage('parse'));
	const lints = Array.from({length: scaleRuns}, () => stage('lint'));
	const parseMs = median(parses.map(p => p.ms));
	const lintMs = median(lints.map(p => p.ms));
	figures.scaleStages = {parses, lints};
	rows.push({
		section: 'scale',
		figure: 'the same file in-process: parse / parse + lint (no start-up, file already read)',
		ours: `${ms(parseMs)} / ${ms(lintMs)}`,
		note: `target: well under 1 s; CPU ${ms(median(parses.map(p => p.cpuMs)))} / ${ms(median(lints.map(l => l.cpuMs)))}; read ${ms(median(lints.map(l => l.readMs)))}; heap after lint ${lints[0].heapUsedMb.toFixed(0)} MB; fresh process each, median of ${scaleRuns}`,
	});
}

type LabApi = typeof import('../src/lab/lab.js');

/** `doctor --json --topology` from the bundle: wall time, exit status and the capture window it used. */
function doctorRun(bundle: {dir: string; lbwiz: string}, topologyPath: string): {wallMs: number; cpuMs?: number; status: number | null; captureSeconds: number; findings: string[]} {
	const r = runOnce([process.execPath, bundle.lbwiz, 'doctor', '--json', '--topology', topologyPath], {cwd: bundle.dir, env: {...bareEnv(bundle.dir), PATH: process.env.PATH}});
	let captureSeconds = Number.NaN;
	let findings: string[] = [];
	try {
		const report = JSON.parse(r.stdout) as {source: {captureSeconds?: number}; findings: Array<{check: string; host?: string}>};
		captureSeconds = report.source.captureSeconds ?? Number.NaN;
		findings = report.findings.map(f => `${f.check}${f.host ? `@${f.host}` : ''}`);
	} catch {
		log(`doctor printed no JSON (exit ${r.status}): ${r.stderr.split('\n')[0]}`);
	}
	return {wallMs: r.wallMs, ...(r.userMs !== undefined ? {cpuMs: r.userMs + r.sysMs!} : {}), status: r.status, captureSeconds, findings};
}

/** Labs this run has up: torn down on Ctrl-C too. */
const labsUp = new Map<string, LabApi>();
process.once('SIGINT', () => {
	log('interrupted: tearing down the labs');
	Promise.allSettled([...labsUp].map(([prefix, lab]) => lab.labDown({prefix}))).finally(() => process.exit(130));
});

async function withLab<T>(lab: LabApi, prefix: string, topologyPath: string | undefined, fn: (effective: string) => Promise<T>): Promise<T> {
	await lab.labDown({prefix}).catch(() => undefined);
	labsUp.set(prefix, lab);
	log(`lab up --prefix ${prefix}${topologyPath ? ` --topology ${topologyPath}` : ''}`);
	const up = await lab.labUp({prefix, ...(topologyPath ? {topologyPath} : {}), timeoutMs: 180_000});
	log(`lab ${prefix} healthy in ${ms(up.durationMs)} (${up.state.hosts.length} hosts)`);
	try {
		return await fn(up.topologyPath);
	} finally {
		const down = await lab.labDown({prefix});
		labsUp.delete(prefix);
		if (down.leftovers.length > 0) log(`lab down ${prefix}: leftovers ${down.leftovers.join(', ')}`);
	}
}

const labSkipReason = (): string | undefined => {
	if (!isRoot) return 'needs root (network namespaces): sudo npm run bench';
	const missing = ['ip', 'keepalived', 'haproxy', 'busybox', 'curl', 'nft', 'tcpdump'].filter(p => !hasProgram(p));
	return missing.length > 0 ? `missing: ${missing.join(', ')}` : undefined;
};

let fiveHostDoctorMs: number | undefined;

async function doctorRows(bundle: {dir: string; lbwiz: string}) {
	const lab = await import('../src/lab/lab.js');
	const {loadTopology} = await import('../src/model/load-topology.js');
	const {collectBundle, hostsFromTopology} = await import('../src/collect/collect-hosts.js');
	await withLab(lab, 'lbb-', undefined, async topologyPath => {
		const doctorRuns = Array.from({length: 3}, () => doctorRun(bundle, topologyPath));
		const wall = median(doctorRuns.map(d => d.wallMs));
		const capture = doctorRuns[0].captureSeconds;
		fiveHostDoctorMs = wall;
		const cpu = doctorRuns.every(d => d.cpuMs !== undefined) ? median(doctorRuns.map(d => d.cpuMs!)) : undefined;
		rows.push({
			section: 'doctor',
			figure: '`doctor --json --topology` on the lab, 5 hosts (wall ÷ capture window)',
			ours: ms(wall),
			peer: 'VRRP capture window',
			peerFigure: ms(capture * 1000),
			ratio: ratio(wall, capture * 1000),
			note: `target ≤ 1.3×; exit ${doctorRuns.map(d => d.status).join('/')}${doctorRuns[0].findings.length ? ` (${doctorRuns[0].findings.join(', ')})` : ''}; CPU ${cpu !== undefined ? ms(cpu) : '?'}; median of 3`,
		});
		const {topology} = await loadTopology(topologyPath);
		const hosts = hostsFromTopology(topology);
		const concurrent: number[] = [];
		const sequential: number[] = [];
		let evidenceSum = 0;
		for (let round = 0; round < 2; round++) {
			let t = performance.now();
			const bundleAll = await collectBundle({hosts, topology, captureSeconds: capture, redact: true});
			concurrent.push(performance.now() - t);
			evidenceSum = Object.values(bundleAll.evidence).reduce((sum, e) => sum + e.durationMs, 0);
			t = performance.now();
			for (const host of hosts) await collectBundle({hosts: [host], topology, captureSeconds: capture, redact: true, perHostConcurrency: 1});
			sequential.push(performance.now() - t);
		}
		figures.doctor = {runs: doctorRuns, concurrentMs: concurrent, sequentialMs: sequential, evidenceSumMs: evidenceSum, captureSeconds: capture};
		rows.push({
			section: 'doctor',
			figure: 'collection, 5 hosts: concurrent (default) vs one after another',
			ours: ms(median(concurrent)),
			peer: 'hosts in turn, 1 command at a time',
			peerFigure: ms(median(sequential)),
			ratio: ratio(median(concurrent), median(sequential)),
			note: `in-process collectBundle, median of 2; every command's duration summed: ${ms(evidenceSum)} (no overlap at all, capture included)`,
		});
	});
}

async function hostRows(bundle: {dir: string; lbwiz: string}) {
	const lab = await import('../src/lab/lab.js');
	const webServers = Number(values['web-servers']);
	const total = 2 + webServers + 1;
	const dir = mkdtempSync(join(tmpdir(), 'lbwiz-bench-lab-'));
	try {
		const file = join(dir, `lab-${total}.yaml`);
		writeFileSync(file, labTopologyWithWebServers(root, webServers));
		if (fiveHostDoctorMs === undefined) {
			await withLab(lab, 'lbb-', undefined, async topologyPath => {
				fiveHostDoctorMs = median(Array.from({length: 3}, () => doctorRun(bundle, topologyPath).wallMs));
			});
		}
		await withLab(lab, 'lbb20-', file, async topologyPath => {
			const doctorRuns = Array.from({length: 3}, () => doctorRun(bundle, topologyPath));
			const wall = median(doctorRuns.map(d => d.wallMs));
			figures.hosts = {hosts: total, runs: doctorRuns, fiveHostMs: fiveHostDoctorMs};
			rows.push({
				section: 'hosts',
				figure: `\`doctor --json\` over ${total} lab hosts vs 5 hosts`,
				ours: ms(wall),
				peer: 'same doctor, 5 hosts',
				peerFigure: ms(fiveHostDoctorMs!),
				ratio: ratio(wall, fiveHostDoctorMs!),
				note: `${(total / 5).toFixed(0)}× the hosts; exit ${doctorRuns.map(d => d.status).join('/')}; median of 3`,
			});
		});
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

function printTable() {
	const header = ['', 'figure', 'lbwiz', 'peer', 'peer figure', 'ratio', 'notes'];
	const body = rows.map(r => [r.section, r.figure, r.ours ?? '', r.peer ?? '', r.peerFigure ?? '', r.ratio ?? '', r.note ?? '']);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	process.stdout.write(`${line(header)}\n${line(widths.map(w => '-'.repeat(w)))}\n${body.map(line).join('\n')}\n`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load ${loadavg().map(l => l.toFixed(1)).join(' ')}`;
log(machine);
if (!hasGnuTime) log('GNU time (/usr/bin/time) not installed: no CPU or RSS figures for single runs');
const bundle = await bareBundle();
try {
	if (sections.has('start')) startRows(bundle);
	if (sections.has('scale')) await scaleRows(bundle);
	const skip = labSkipReason();
	for (const [section, fn] of [['doctor', doctorRows], ['hosts', hostRows]] as const) {
		if (!sections.has(section)) continue;
		if (skip) rows.push({section, figure: section === 'doctor' ? 'doctor on the lab ÷ capture window; concurrent vs one after another' : 'doctor over 20 lab hosts vs 5', note: `skipped: ${skip}`});
		else await fn(bundle);
	}
} finally {
	bundle.cleanup();
}
printTable();
process.stdout.write(`\nmachine: ${machine} (load average at the end: ${loadavg().map(l => l.toFixed(1)).join(' ')})\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({machine, rows, figures}, null, 2)}\n`);
