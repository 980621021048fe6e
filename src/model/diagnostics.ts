import type {Diagnostic} from '../lint/diagnostic.js';
import {formatDiagnostic} from '../lint/diagnostic.js';

/** A key path inside lbwiz.yaml, e.g. `['directors', 1, 'priority']`. */
export type KeyPath = ReadonlyArray<string | number>;

/**
A problem found in a topology before positions are known: what validate.ts returns. `message`
names the bad value and what is allowed; the loader adds file:line:col.
*/
export type TopologyIssue = {
	severity: 'error' | 'warning';
	/** `topology/<kebab-name>`, stable: tests and docs refer to it. */
	code: string;
	path: KeyPath;
	message: string;
	/** did-you-mean replacement, when known */
	suggestion?: string;
};

/** A topology issue with its place in the file: a lint Diagnostic plus the key path. */
export type TopologyDiagnostic = Diagnostic & {severity: 'error' | 'warning'; path: string};

/** `directors[1].priority` for `['directors', 1, 'priority']`. */
export function formatKeyPath(path: KeyPath): string {
	let text = '';
	for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
	return text === '' ? '(top level)' : text;
}

/** `lbwiz.yaml:12:5: error topology/vrid-range vrrp.virtual_router_id: …` */
export const formatTopologyDiagnostic = (d: TopologyDiagnostic): string => formatDiagnostic(d);

/**
Thrown by loadTopology/parseTopology when the file cannot be used: it carries every diagnostic
(errors and the warnings found alongside), and its message is their formatted list — never a stack.
*/
export class TopologyError extends Error {
	readonly diagnostics: TopologyDiagnostic[];
	constructor(diagnostics: TopologyDiagnostic[]) {
		const errors = diagnostics.filter(d => d.severity === 'error');
		super(`${errors.length} error${errors.length === 1 ? '' : 's'} in the topology:\n${diagnostics.map(formatTopologyDiagnostic).join('\n')}`);
		this.name = 'TopologyError';
		this.diagnostics = diagnostics;
	}
}

/** Keys whose values are secrets: messages say how long the value is, never what it is. */
export const SECRET_KEYS = new Set(['auth_pass', 'password']);

/** Shows a bad value in a message; secrets are replaced by their length. */
export function showValue(value: unknown, key?: string | number): string {
	if (typeof key === 'string' && SECRET_KEYS.has(key) && value !== undefined) {
		return typeof value === 'string' ? `(a ${value.length}-character secret)` : '(a secret)';
	}
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
	if (Array.isArray(value)) return `a list of ${value.length}`;
	return 'a mapping';
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
	const d: number[][] = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
		}
	}
	return d[a.length][b.length];
}

/** The closest candidate within a small edit distance (case-insensitive), if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
	return best !== undefined && bestDistance <= limit ? best : undefined;
}
