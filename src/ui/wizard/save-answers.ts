/**
Saving the wizard's answers as lbwiz.yaml (at any step) and reading them back to resume. A file saved
mid-way carries `# wizard-step: <question id>` so `lbwiz setup --answers FILE` continues there.
*/
import {chmod, copyFile, readFile, rename, writeFile} from 'node:fs/promises';
import {isScalar, parseDocument, Document, visit} from 'yaml';
import {parseTopology} from '../../model/load-topology.js';
import {TopologyError, formatTopologyDiagnostic} from '../../model/diagnostics.js';
import {topologySchema} from '../../model/schema.js';
import {answersToTopology, topologyToAnswers, type WizardAnswers} from './answers.js';
import type {Detection} from './detect.js';

const STEP_MARK = /^# wizard-step: (\S+)$/m;

/**
The lbwiz.yaml text for the answers: block style, short lists of scalars inline (`vips: [203.0.113.100/24]`),
and a header saying how to use it; `at` marks a wizard saved before the review.
*/
export function answersToYaml(answers: WizardAnswers, options: {at?: string} = {}): string {
	const doc = new Document(answersToTopology(answers));
	visit(doc, {
		Seq(_key, node) {
			if (node.items.every(item => isScalar(item)) && node.items.length <= 6) node.flow = true;
		},
		Map(_key, node) {
			// Backend servers read best on one line each: `- {server: web1, port: 80, weight: 1}`.
			const scalars = node.items.length <= 4 && node.items.every(pair => isScalar(pair.value));
			if (scalars && node.items.some(pair => isScalar(pair.key) && pair.key.value === 'server')) node.flow = true;
		},
	});
	const header = [
		'# lbwiz.yaml: written by `lbwiz setup`.',
		'# Render:  lbwiz setup --answers lbwiz.yaml --out out/',
		'# Resume:  lbwiz setup --answers lbwiz.yaml  (on a terminal: back in the wizard)',
		...(options.at ? [`# wizard-step: ${options.at}`] : []),
		'',
	].join('\n');
	return header + doc.toString({lineWidth: 0});
}

/**
Writes the answers to `path` (mode 0600: it may hold auth_pass and the stats password). An existing
file that lbwiz did not write and that differs is kept as `path.bak` first.
*/
export async function saveAnswers(answers: WizardAnswers, path: string, options: {at?: string} = {}): Promise<{path: string; backup?: string}> {
	const text = answersToYaml(answers, options);
	let backup: string | undefined;
	const previous = await readFile(path, 'utf8').catch(() => undefined);
	if (previous !== undefined && previous !== text && !previous.startsWith('# lbwiz.yaml: written by `lbwiz setup`')) {
		backup = `${path}.bak`;
		await copyFile(path, backup);
	}
	const temporary = `${path}.lbwiz-tmp`;
	await writeFile(temporary, text, {mode: 0o600});
	await chmod(temporary, 0o600);
	await rename(temporary, path);
	return {path, backup};
}

export type LoadedAnswers = {answers: WizardAnswers; at?: string; problems: string[]};

/**
Reads an lbwiz.yaml to resume from. Rule errors (a MASTER below its BACKUP, …) do not stop the resume:
the wizard opens at the question concerned. Files the schema rejects throw TopologyError (file:line).
*/
export async function loadAnswers(path: string, detection?: Detection): Promise<LoadedAnswers> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new TopologyError([{file: path, line: 1, column: 1, severity: 'error', code: 'topology/unreadable', path: '(file)', message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`}]);
	}
	return answersFromText(text, path, detection);
}

/** loadAnswers on text already read. */
export function answersFromText(text: string, path: string, detection?: Detection): LoadedAnswers {
	const at = STEP_MARK.exec(text)?.[1];
	try {
		const loaded = parseTopology(text, path);
		const input = parseDocument(text).toJS() as Parameters<typeof topologyToAnswers>[1];
		return {answers: topologyToAnswers(loaded.topology, input, detection), at, problems: loaded.warnings.map(formatTopologyDiagnostic)};
	} catch (error) {
		if (!(error instanceof TopologyError)) throw error;
		const raw = parseDocument(text).toJS() as unknown;
		const parsed = topologySchema.safeParse(raw);
		if (!parsed.success) throw error;
		return {answers: topologyToAnswers(parsed.data, raw as Parameters<typeof topologyToAnswers>[1], detection), at, problems: error.diagnostics.map(formatTopologyDiagnostic)};
	}
}
