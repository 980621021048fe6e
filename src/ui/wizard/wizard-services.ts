/**
The wizard's side effects behind one interface, so the Ink view and plain mode share them and tests
can replace them: detect this host, build the review, write the files, save the answers.
*/
import {relative, resolve} from 'node:path';
import {applyPlan, formatApplyResult, planApply, TransportPool, verifyCluster, type ApplyEvent, type ApplyPlan} from '../../apply/index.js';
import {renderTopology} from '../../generate/index.js';
import {writeRenderedFiles, type SetupPlan} from '../../generate/setup-plan.js';
import {topologySchema, type Topology} from '../../model/schema.js';
import {importTopology} from '../../import/import-topology.js';
import {readKeepalivedSource} from '../../import/keepalived-adapter.js';
import {topologyToAnswers} from './answers.js';
import {formatTopologyDiagnostic, TopologyError} from '../../model/diagnostics.js';
import {LocalTransport} from '../../transport/local.js';
import type {WizardAnswers} from './answers.js';
import {detectHost, emptyDetection, type Detection} from './detect.js';
import {nextSteps} from './next-steps.js';
import {buildReview, readFromOutDir, topologyOf, type Review, type ReviewFile} from './review.js';
import {loadAnswers, saveAnswers} from './save-answers.js';
import type {ApplyItem, WizardState} from './wizard-reducer.js';

export type ApplyOutcome = {ok: boolean; lines: string[]};

/**
This host's keepalived.conf (and haproxy.cfg) turned into answers by src/import, to start the wizard
from what runs here. Undefined when there is none or it cannot be used (said in detection's notes).
*/
export async function importFound(detection: Detection): Promise<WizardState['found']> {
	const path = detection.existing.keepalivedConf;
	if (!path) return undefined;
	try {
		const transport = new LocalTransport();
		const read = async (file: string) => {
			const result = await transport.readFile(file, {timeoutMs: 2000});
			return result.failed || result.content === undefined ? undefined : result.content;
		};
		const text = await read(path);
		if (text === undefined) return undefined;
		const haproxyText = detection.existing.haproxyCfg ? await read(detection.existing.haproxyCfg) : undefined;
		const result = importTopology({
			keepalived: [readKeepalivedSource({file: path, text}, {fs: true})],
			...(haproxyText !== undefined && detection.existing.haproxyCfg ? {haproxy: [{file: detection.existing.haproxyCfg, text: haproxyText}]} : {}),
		});
		const parsed = topologySchema.safeParse(result.topology);
		if (!parsed.success) {
			detection.notes.push(`${path} was found but cannot be imported: ${parsed.error.issues[0]?.message ?? 'not a topology'}`);
			return undefined;
		}
		return {
			path: `${path}${haproxyText !== undefined ? ' + haproxy.cfg' : ''}`,
			answers: topologyToAnswers(parsed.data, result.topology, detection),
			problems: result.warnings.map(w => w.message),
			imported: true,
		};
	} catch (error) {
		detection.notes.push(`${path} was found but cannot be imported: ${(error as Error).message}`);
		return undefined;
	}
}

export type WizardServices = {
	/** an apply service is there: the review can also plan and apply on the hosts */
	canApply: boolean;
	/** Probes this host; `found` is an lbwiz.yaml in the working directory to offer. */
	detect(): Promise<{detection: Detection; found?: WizardState['found']}>;
	/** the files and commands: against the output directory (`out`), or planned against the hosts themselves */
	buildReview(answers: WizardAnswers, target?: 'out' | 'hosts'): Promise<Review>;
	/** Writes what the review showed; reports each step through `onProgress`. */
	apply(review: Review, answers: WizardAnswers, onProgress: (item: ApplyItem) => void, signal: AbortSignal): Promise<ApplyOutcome>;
	/** Saves the answers; `at` is the question to resume at. Returns a one-line message. */
	save(answers: WizardAnswers, at?: string): Promise<string>;
	/** releases connections (ssh masters) a hosts review opened */
	close?(): Promise<void>;
};

/** One apply event as a progress line (key, host, label, status). */
export function applyItem(event: ApplyEvent): [ApplyItem] {
	switch (event.type) {
		case 'preflight:start':
			return [{key: `${event.host}:preflight`, host: event.host, label: 'validate the configs on the host', status: 'running'}];
		case 'preflight:done':
			return [{key: `${event.host}:preflight`, host: event.host, label: 'validate the configs on the host', status: event.ok ? 'done' : 'failed', detail: event.detail}];
		case 'host:start':
			return [{key: `${event.host}:host`, host: event.host, label: `${event.steps} step${event.steps === 1 ? '' : 's'}`, status: 'running'}];
		case 'host:done':
			return [{key: `${event.host}:host`, host: event.host, label: event.status, status: event.status === 'failed' ? 'failed' : event.status === 'skipped' ? 'skipped' : 'done'}];
		case 'step:start':
			return [{key: `${event.host}:${event.step}`, host: event.host, label: event.description, status: 'running'}];
		case 'step:done':
			return [{key: `${event.host}:${event.step}`, host: event.host, label: '', status: event.status === 'done' ? 'done' : 'failed', detail: event.detail}];
		case 'undo:start':
			return [{key: `${event.host}:undo:${event.step}`, host: event.host, label: `undo: ${event.description}`, status: 'running'}];
		case 'undo:done':
			return [{key: `${event.host}:undo:${event.step}`, host: event.host, label: `undo ${event.step}`, status: event.ok ? 'done' : 'failed', detail: event.detail}];
	}
}

/** An apply plan (steps per host, diffs against what the hosts have now) as a review. */
export function applyPlanReview(plan: ApplyPlan, topology: Topology): Review {
	return {
		topology,
		target: {kind: 'hosts'},
		hosts: plan.hosts.map(h => {
			const files: ReviewFile[] = [];
			const commands: Review['hosts'][number]['commands'] = [];
			for (const step of h.steps) {
				if (step.kind === 'write-file') {
					files.push({path: step.path, purpose: step.description, mode: step.mode, content: step.content, status: step.existed ? (step.diff.length > 0 ? 'changed' : 'unchanged') : 'new', diff: step.diff});
				} else {
					for (const argv of step.argv) commands.push({host: h.host, argv, purpose: step.description});
				}
			}
			return {host: h.host, roles: [h.roleLabel], transport: h.transport, files, commands, notes: h.notes, problems: h.problems};
		}),
	};
}

export type ServiceOptions = {
	cwd: string;
	/** where files go (default ./lbwiz-out) */
	outDir?: string;
	/** where answers are saved (default ./lbwiz.yaml) */
	answersFile?: string;
	/** do not offer an lbwiz.yaml found in cwd (we are resuming one already) */
	resuming?: boolean;
};

/** Paths the services use, resolved once. */
export function servicePaths(options: ServiceOptions): {outDir: string; answersFile: string; shown: (path: string) => string} {
	const outDir = resolve(options.cwd, options.outDir ?? 'lbwiz-out');
	const answersFile = resolve(options.cwd, options.answersFile ?? 'lbwiz.yaml');
	const shown = (path: string) => {
		const rel = relative(options.cwd, path);
		return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
	};
	return {outDir, answersFile, shown};
}

/** The real services: the local transport for detection, files under the output directory. */
export function createWizardServices(options: ServiceOptions): WizardServices {
	const {outDir, answersFile, shown} = servicePaths(options);
	let hostPlan: {plan: ApplyPlan; topology: Topology; transports: TransportPool} | undefined;
	const closeHostPlan = async () => {
		await hostPlan?.transports.close();
		hostPlan = undefined;
	};
	async function applyToHosts(answers: WizardAnswers, onProgress: (item: ApplyItem) => void): Promise<ApplyOutcome> {
		if (!hostPlan) return {ok: false, lines: ['No plan to apply: go back to the review.']};
		const {plan, topology, transports} = hostPlan;
		onProgress({key: 'save', host: 'lbwiz', label: `save ${shown(answersFile)}`, status: 'running'});
		const saved = await saveAnswers(answers, answersFile);
		onProgress({key: 'save', host: 'lbwiz', label: `save ${shown(answersFile)}`, status: 'done', detail: saved.backup ? `previous kept as ${shown(saved.backup)}` : undefined});
		try {
			const result = await applyPlan(plan, {transports, onEvent: event => onProgress(...applyItem(event))});
			if (!result.ok) return {ok: false, lines: formatApplyResult(result, plan).trimEnd().split('\n')};
			let verification: string | undefined;
			if (result.changedHosts.length > 0) {
				onProgress({key: 'verify', host: 'doctor', label: 'verify: VIPs settle, then the doctor on the cluster', status: 'running'});
				const verified = await verifyCluster({topology, transports, changedHosts: result.changedHosts});
				verification = verified.summary;
				onProgress({key: 'verify', host: 'doctor', label: 'verify: VIPs settle, then the doctor on the cluster', status: verified.healthy ? 'done' : 'failed', detail: verified.healthy ? 'healthy' : 'see below'});
			}
			const review = applyPlanReview(plan, topology);
			return {ok: true, lines: nextSteps(answers, review, {outDir: shown(outDir), saved: shown(answersFile), fileCount: 0, applied: {hosts: result.changedHosts, verification}})};
		} finally {
			await closeHostPlan();
		}
	}

	return {
		canApply: true,
		async detect() {
			let detection: Detection;
			try {
				detection = await detectHost(new LocalTransport(), {cwd: options.cwd, timeoutMs: 2000});
			} catch (error) {
				detection = emptyDetection(`could not look at this host: ${(error as Error).message}`);
			}
			if (options.resuming) return {detection};
			if (!detection.existing.lbwizYaml) return {detection, found: await importFound(detection)};
			try {
				const loaded = await loadAnswers(detection.existing.lbwizYaml, detection);
				return {detection, found: {path: shown(detection.existing.lbwizYaml), answers: loaded.answers, problems: loaded.problems}};
			} catch (error) {
				const first = error instanceof TopologyError ? error.diagnostics.find(d => d.severity === 'error') : undefined;
				detection.notes.push(`${shown(detection.existing.lbwizYaml)} cannot be used: ${first ? formatTopologyDiagnostic(first) : (error as Error).message}`);
				return {detection};
			}
		},
		async buildReview(answers, target = 'out') {
			if (target === 'out') return buildReview(answers, {target: {kind: 'out', dir: shown(outDir)}, readCurrent: readFromOutDir(outDir), source: shown(answersFile)});
			await closeHostPlan();
			const topology = topologyOf(answers);
			const setup: SetupPlan = {file: answersFile, topology, warnings: [], hosts: renderTopology(topology, {source: shown(answersFile)})};
			const transports = new TransportPool();
			const {plan} = await planApply({answers: answersFile, setup, transports});
			hostPlan = {plan, topology, transports};
			return applyPlanReview(plan, topology);
		},
		async apply(review, answers, onProgress, signal) {
			if (review.target.kind === 'hosts') return applyToHosts(answers, onProgress);
			let count = 0;
			for (const host of review.hosts) {
				for (const file of host.files) {
					const key = `${host.host}:${file.path}`;
					if (signal.aborted) {
						onProgress({key, host: host.host, label: `write ${file.path}`, status: 'skipped', detail: 'stopped'});
						continue;
					}
					onProgress({key, host: host.host, label: `write ${file.path}`, status: 'running'});
					try {
						await writeRenderedFiles({file: shown(answersFile), topology: review.topology, warnings: [], hosts: [{host: host.host, roles: host.roles, files: [{...file, host: host.host}], commands: []}]}, outDir);
						count++;
						onProgress({key, host: host.host, label: `write ${file.path}`, status: 'done', detail: file.status === 'unchanged' ? 'unchanged' : undefined});
					} catch (error) {
						onProgress({key, host: host.host, label: `write ${file.path}`, status: 'failed', detail: (error as Error).message});
						return {ok: false, lines: [`Could not write ${file.path} for ${host.host}: ${(error as Error).message}`, 'lbwiz.yaml was not saved.']};
					}
				}
			}
			if (signal.aborted) return {ok: false, lines: ['Stopped: the files marked ✔ were written, lbwiz.yaml was not saved.']};
			onProgress({key: 'save', host: 'lbwiz', label: `save ${shown(answersFile)}`, status: 'running'});
			try {
				const saved = await saveAnswers(answers, answersFile);
				onProgress({key: 'save', host: 'lbwiz', label: `save ${shown(answersFile)}`, status: 'done', detail: saved.backup ? `previous kept as ${shown(saved.backup)}` : undefined});
			} catch (error) {
				onProgress({key: 'save', host: 'lbwiz', label: `save ${shown(answersFile)}`, status: 'failed', detail: (error as Error).message});
				return {ok: false, lines: [`Could not save ${shown(answersFile)}: ${(error as Error).message}`]};
			}
			return {ok: true, lines: nextSteps(answers, review, {outDir: shown(outDir), saved: shown(answersFile), fileCount: count})};
		},
		async close() {
			await closeHostPlan();
		},
		async save(answers, at) {
			const saved = await saveAnswers(answers, answersFile, {at});
			return `Saved ${shown(saved.path)}${saved.backup ? ` (previous file kept as ${shown(saved.backup)})` : ''}; resume with: lbwiz setup --answers ${shown(saved.path)}`;
		},
	};
}
