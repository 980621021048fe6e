/**
The review before anything is written: per host, the files lbwiz would write with a diff against what
is there now, and the commands that would run. Built from the generators (renderTopology); laid out as
lines of at most `width` columns for the Ink view and plain mode alike. Secrets are masked for display.
*/
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {topologySchema, type Topology} from '../../model/schema.js';
import {renderTopology} from '../../generate/index.js';
import type {HostRender, PlannedCommand} from '../../generate/types.js';
import {redactText} from '../../collect/redact.js';
import {REDACTED_TOKEN_RE} from '../../report/redact.js';
import {shJoin} from '../../transport/sh-quote.js';
import {answersToTopology, stripUndefined, type WizardAnswers} from './answers.js';
import {diffStat, unifiedDiff} from '../review/unified-diff.js';

export type ReviewFile = {path: string; purpose: string; mode: number; content: string; status: 'new' | 'changed' | 'unchanged'; diff: string[]};

export type ReviewHost = {
	host: string;
	roles: string[];
	transport: string;
	files: ReviewFile[];
	commands: PlannedCommand[];
	/** what the operator should know (apply plans) */
	notes?: string[];
	/** what prevents applying to this host: unreachable, not root, a tool missing */
	problems?: string[];
};

/** Where the files go: a directory to copy from (`--out`), or the hosts themselves (apply). */
export type ReviewTarget = {kind: 'out'; dir: string} | {kind: 'hosts'};

export type Review = {topology: Topology; hosts: ReviewHost[]; target: ReviewTarget};

/** Reads what a host has now at `path` (undefined: no such file). */
export type CurrentReader = (host: string, path: string, transport: string) => Promise<string | undefined>;

/** Reads `DIR/<host>/<path>` — what a previous run wrote into the output directory. */
export const readFromOutDir =
	(dir: string): CurrentReader =>
	async (host, path) => {
		try {
			return await readFile(join(dir, host, path), 'utf8');
		} catch {
			return undefined;
		}
	};

/** The topology the answers describe, with lbwiz.yaml's defaults applied. */
export const topologyOf = (answers: WizardAnswers): Topology => topologySchema.parse(stripUndefined(answersToTopology(answers)));

/**
Renders every host's files, reads what exists now (in parallel, through `readCurrent`) and diffs.
`source` names the topology file in generated headers.
*/
export async function buildReview(answers: WizardAnswers, options: {target: ReviewTarget; readCurrent: CurrentReader; source: string}): Promise<Review> {
	const topology = topologyOf(answers);
	const renders: HostRender[] = renderTopology(topology, {source: options.source});
	const transportOf = new Map([...topology.directors, ...topology.real_servers].map(h => [h.name, h.transport]));
	const hosts = await Promise.all(
		renders.map(async render => {
			const transport = transportOf.get(render.host) ?? 'local';
			const files = await Promise.all(
				render.files.map(async file => {
					const current = await options.readCurrent(render.host, file.path, transport);
					const diff = unifiedDiff(current, file.content, {path: file.path});
					const status: ReviewFile['status'] = current === undefined ? 'new' : diff.length === 0 ? 'unchanged' : 'changed';
					return {path: file.path, purpose: file.purpose, mode: file.mode, content: file.content, status, diff};
				}),
			);
			return {host: render.host, roles: render.roles, transport, files, commands: render.commands};
		}),
	);
	return {topology, hosts, target: options.target};
}

export type ReviewLine = {text: string; kind: 'title' | 'heading' | 'file' | 'command' | 'purpose' | 'add' | 'del' | 'hunk' | 'context' | 'meta' | 'note'; continued?: boolean};

/** Masks secrets for the screen: `auth_pass ‹secret, 4 chars›`. */
export function maskSecrets(text: string): string {
	return redactText(text).replace(REDACTED_TOKEN_RE, token => `‹secret, ${token.split(':')[2]} chars›`);
}

const expandTabs = (line: string) => line.replaceAll('\t', '    ');

/** Cuts a line into rows of `width` columns; continuation rows keep the diff marker and indent by 2. */
export function wrapLine(line: ReviewLine, width: number): ReviewLine[] {
	const text = expandTabs(line.text);
	if (text.length <= width) return [{...line, text}];
	const marker = line.kind === 'add' || line.kind === 'del' || line.kind === 'context' ? text[0] : '';
	const indent = marker ? `${marker}  ` : '    ';
	const rows: ReviewLine[] = [{...line, text: text.slice(0, width)}];
	let rest = text.slice(width);
	const room = Math.max(8, width - indent.length);
	while (rest.length > 0) {
		rows.push({...line, text: indent + rest.slice(0, room), continued: true});
		rest = rest.slice(room);
	}
	return rows;
}

const modeText = (mode: number) => `0${mode.toString(8)}`;

/** What the review says for one host, as display lines (unwrapped). */
export function hostReviewLines(review: Review, host: ReviewHost, options: {redact?: boolean} = {}): ReviewLine[] {
	const mask = options.redact === false ? (t: string) => t : maskSecrets;
	const where = review.target.kind === 'out' ? `written to ${join(review.target.dir, host.host)}/` : `applied through ${host.transport}`;
	const lines: ReviewLine[] = [{kind: 'title', text: `${host.host} (${host.roles.join(', ') || 'no role'}): ${where}`}];
	for (const problem of host.problems ?? []) lines.push({kind: 'del', text: `! cannot apply: ${problem}`});
	for (const note of host.notes ?? []) lines.push({kind: 'note', text: `  note: ${note}`});
	lines.push({kind: 'heading', text: `Files (${host.files.length}):`});
	for (const file of host.files) {
		const stat = diffStat(file.diff);
		const change = file.status === 'new' ? `new, ${stat.added} lines` : file.status === 'changed' ? `+${stat.added} -${stat.removed}` : 'unchanged';
		lines.push({kind: 'file', text: `  ${file.path} ${modeText(file.mode)} (${change})`});
		lines.push({kind: 'purpose', text: `    ${file.purpose}`});
	}
	lines.push({kind: 'heading', text: review.target.kind === 'out' ? `Commands to run on ${host.host} once the files are in place:` : `Then, on ${host.host}:`});
	if (host.commands.length === 0) lines.push({kind: 'note', text: '  (none)'});
	host.commands.forEach((command, i) => {
		// An apply step may run several commands: its purpose is said once, after them.
		lines.push({kind: 'command', text: `  $ ${shJoin(command.argv)}`});
		if (host.commands[i + 1]?.purpose !== command.purpose) lines.push({kind: 'purpose', text: `    ${command.purpose}`});
	});
	for (const file of host.files) {
		if (file.diff.length === 0) continue;
		lines.push({kind: 'heading', text: ''});
		for (const d of file.diff) {
			const kind: ReviewLine['kind'] = d.startsWith('+++') || d.startsWith('---') ? 'meta' : d.startsWith('@@') ? 'hunk' : d.startsWith('+') ? 'add' : d.startsWith('-') ? 'del' : 'context';
			lines.push({kind, text: kind === 'meta' || kind === 'hunk' ? d : mask(d)});
		}
	}
	return lines;
}

/** Whether anything blocks applying this review to the hosts. */
export const reviewProblems = (review: Review): string[] => review.hosts.flatMap(h => (h.problems ?? []).map(p => `${h.host}: ${p}`));

/** A one-line summary of the review per host (`lb1: 3 files (2 new, 1 changed), 4 commands`). */
export function reviewSummary(review: Review): string[] {
	return review.hosts.map(h => {
		const count = (status: ReviewFile['status']) => h.files.filter(f => f.status === status).length;
		const parts = [count('new') && `${count('new')} new`, count('changed') && `${count('changed')} changed`, count('unchanged') && `${count('unchanged')} unchanged`].filter(Boolean);
		return `${h.host}: ${h.files.length} file${h.files.length === 1 ? '' : 's'} (${parts.join(', ') || 'none'}), ${h.commands.length} command${h.commands.length === 1 ? '' : 's'}`;
	});
}
