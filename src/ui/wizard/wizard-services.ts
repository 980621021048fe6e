/**
The wizard's side effects behind one interface, so the Ink view and plain mode share them and tests
can replace them: detect this host, build the review, write the files, save the answers.
*/
import {relative, resolve} from 'node:path';
import {writeRenderedFiles} from '../../generate/setup-plan.js';
import {formatTopologyDiagnostic, TopologyError} from '../../model/diagnostics.js';
import {LocalTransport} from '../../transport/local.js';
import type {WizardAnswers} from './answers.js';
import {detectHost, emptyDetection, type Detection} from './detect.js';
import {nextSteps} from './next-steps.js';
import {buildReview, readFromOutDir, type Review} from './review.js';
import {loadAnswers, saveAnswers} from './save-answers.js';
import type {ApplyItem, WizardState} from './wizard-reducer.js';

export type ApplyOutcome = {ok: boolean; lines: string[]};

export type WizardServices = {
	/** Probes this host; `found` is an lbwiz.yaml in the working directory to offer. */
	detect(): Promise<{detection: Detection; found?: WizardState['found']}>;
	buildReview(answers: WizardAnswers): Promise<Review>;
	/** Writes what the review showed; reports each step through `onProgress`. */
	apply(review: Review, answers: WizardAnswers, onProgress: (item: ApplyItem) => void, signal: AbortSignal): Promise<ApplyOutcome>;
	/** Saves the answers; `at` is the question to resume at. Returns a one-line message. */
	save(answers: WizardAnswers, at?: string): Promise<string>;
};

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
	return {
		async detect() {
			let detection: Detection;
			try {
				detection = await detectHost(new LocalTransport(), {cwd: options.cwd, timeoutMs: 2000});
			} catch (error) {
				detection = emptyDetection(`could not look at this host: ${(error as Error).message}`);
			}
			if (options.resuming || !detection.existing.lbwizYaml) return {detection};
			try {
				const loaded = await loadAnswers(detection.existing.lbwizYaml, detection);
				return {detection, found: {path: shown(detection.existing.lbwizYaml), answers: loaded.answers, problems: loaded.problems}};
			} catch (error) {
				const first = error instanceof TopologyError ? error.diagnostics.find(d => d.severity === 'error') : undefined;
				detection.notes.push(`${shown(detection.existing.lbwizYaml)} cannot be used: ${first ? formatTopologyDiagnostic(first) : (error as Error).message}`);
				return {detection};
			}
		},
		buildReview(answers) {
			return buildReview(answers, {target: {kind: 'out', dir: shown(outDir)}, readCurrent: readFromOutDir(outDir), source: shown(answersFile)});
		},
		async apply(review, answers, onProgress, signal) {
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
		async save(answers, at) {
			const saved = await saveAnswers(answers, answersFile, {at});
			return `Saved ${shown(saved.path)}${saved.backup ? ` (previous file kept as ${shown(saved.backup)})` : ''}; resume with: lbwiz setup --answers ${shown(saved.path)}`;
		},
	};
}
