/**
Reads lbwiz.yaml: YAML with positions (yaml's parseDocument + LineCounter), the zod schema, then the
cross-field rules of validate.ts. Every problem becomes a diagnostic naming the key path,
file:line:col, the bad value and what is allowed; errors throw one TopologyError, never a stack.
*/
import {readFile} from 'node:fs/promises';
import {isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node} from 'yaml';
import type {z} from 'zod';
import type {KeyPath, TopologyDiagnostic, TopologyIssue} from './diagnostics.js';
import {didYouMean, formatKeyPath, showValue, TopologyError} from './diagnostics.js';
import {topologySchema, type Topology} from './schema.js';
import {validateTopology} from './validate.js';

/** A topology that passed the schema and every error rule, with the warnings found. */
export type LoadedTopology = {topology: Topology; warnings: TopologyDiagnostic[]; file: string};

/** Reads and validates a topology file; throws TopologyError (with file:line:col diagnostics). */
export async function loadTopology(path: string): Promise<LoadedTopology> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
		throw new TopologyError([{file: path, line: 1, column: 1, severity: 'error', code: 'topology/unreadable', path: '(file)', message: `cannot read ${path}: ${reason}`}]);
	}
	return parseTopology(text, path);
}

/** Parses and validates topology text; `file` is used in diagnostics only. Throws TopologyError. */
export function parseTopology(text: string, file: string): LoadedTopology {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
	const at = (offset: number) => {
		const pos = lineCounter.linePos(offset);
		return {line: pos.line, column: pos.col};
	};
	const diagnostics: TopologyDiagnostic[] = [];

	for (const problem of doc.errors) {
		diagnostics.push({file, ...at(problem.pos[0]), severity: 'error', code: 'topology/yaml-syntax', path: '(yaml)', message: problem.message.split('\n')[0]});
	}
	for (const problem of doc.warnings) {
		diagnostics.push({file, ...at(problem.pos[0]), severity: 'warning', code: 'topology/yaml-syntax', path: '(yaml)', message: problem.message.split('\n')[0]});
	}
	if (diagnostics.some(d => d.severity === 'error')) throw new TopologyError(diagnostics);

	const raw: unknown = doc.toJS({maxAliasCount: 100});
	if (raw === null || raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) {
		throw new TopologyError([
			...diagnostics,
			{file, line: 1, column: 1, severity: 'error', code: 'topology/not-a-mapping', path: '(top level)', message: `the file holds ${showValue(raw)}; expected a mapping with name, directors and optionally vrrp, lvs, haproxy, real_servers, clients`},
		]);
	}

	const locate = (issue: TopologyIssue): TopologyDiagnostic => ({
		file,
		...at(offsetOf(doc, issue.path)),
		severity: issue.severity,
		code: issue.code,
		path: formatKeyPath(issue.path),
		message: `${formatKeyPath(issue.path)}: ${issue.message}`,
		...(issue.suggestion ? {suggestion: issue.suggestion} : {}),
	});

	const parsed = topologySchema.safeParse(raw);
	if (!parsed.success) {
		const issues = parsed.error.issues.flatMap(issue => schemaIssues(issue as ZodIssueLike, raw));
		const located = issues.map(issue => (issue.keyOnly ? {...locate(issue), ...at(keyOffsetOf(doc, issue.path))} : locate(issue)));
		throw new TopologyError([...diagnostics, ...sortByPosition(located)]);
	}
	const issues = validateTopology(parsed.data, raw).map(locate);
	diagnostics.push(...sortByPosition(issues));
	if (diagnostics.some(d => d.severity === 'error')) throw new TopologyError(diagnostics);
	return {topology: parsed.data, warnings: diagnostics, file};
}

const sortByPosition = (list: TopologyDiagnostic[]) => [...list].sort((a, b) => a.line - b.line || a.column - b.column);

/** The offset of the node at `path`, or of its nearest existing ancestor (a missing key points at its parent). */
function offsetOf(doc: Document, path: KeyPath): number {
	for (let depth = path.length; depth >= 0; depth--) {
		const node = doc.getIn(path.slice(0, depth), true) as Node | undefined;
		if (node && typeof node === 'object' && 'range' in node && node.range) return node.range[0];
	}
	return 0;
}

/** The offset of the key `path[last]` inside its mapping (for unknown keys). */
function keyOffsetOf(doc: Document, path: KeyPath): number {
	const parent = doc.getIn(path.slice(0, -1), true);
	const key = path[path.length - 1];
	if (isMap(parent)) {
		const pair = parent.items.find(item => isPair(item) && isScalar(item.key) && item.key.value === key);
		if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
	}
	return offsetOf(doc, path);
}

/** The fields of a zod issue we read (zod 4's $ZodIssue union, loosely). */
type ZodIssueLike = {
	code: string;
	path: PropertyKey[];
	message: string;
	expected?: string;
	values?: unknown[];
	keys?: string[];
	minimum?: number | bigint;
	maximum?: number | bigint;
	origin?: string;
	format?: string;
	pattern?: string;
	errors?: ZodIssueLike[][];
};

type LocatedIssue = TopologyIssue & {keyOnly?: boolean};

const valueAt = (root: unknown, path: KeyPath): unknown => path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined), root);

/** Turns one zod issue into lbwiz issues with the value and what is allowed. */
function schemaIssues(issue: ZodIssueLike, raw: unknown, prefix: KeyPath = []): LocatedIssue[] {
	const path: KeyPath = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
	const key = path[path.length - 1];
	const value = valueAt(raw, path);
	const shown = showValue(value, key);
	const leaf = schemaAt(path);
	const base = {severity: 'error' as const, path};
	switch (issue.code) {
		case 'unrecognized_keys': {
			const known = objectKeys(leaf);
			return (issue.keys ?? []).map(unknownKey => ({
				...base,
				path: [...path, unknownKey],
				keyOnly: true,
				code: 'topology/unknown-key',
				message: `unknown key ${JSON.stringify(unknownKey)}; allowed here: ${known.join(', ')}`,
				...(didYouMean(unknownKey, known) ? {suggestion: didYouMean(unknownKey, known)} : {}),
			}));
		}
		case 'invalid_type': {
			if (value === undefined) return [{...base, code: 'topology/missing-key', message: `is required (${describeAllowed(leaf, issue)})`}];
			return [{...base, code: 'topology/invalid-type', message: `${shown} is not allowed; expected ${describeAllowed(leaf, issue)}`}];
		}
		case 'invalid_value': {
			const allowed = (issue.values ?? []).map(v => String(v));
			const suggestion = typeof value === 'string' ? allowed.find(a => a.toLowerCase() === value.toLowerCase()) ?? didYouMean(value, allowed) : undefined;
			return [{...base, code: 'topology/invalid-value', message: `${shown} is not allowed; allowed: ${allowed.join(', ')}`, ...(suggestion ? {suggestion} : {})}];
		}
		case 'too_small':
		case 'too_big':
			return [{...base, code: 'topology/out-of-range', message: `${shown} is not allowed; ${describeRange(leaf, issue)}`}];
		case 'invalid_format': {
			const expected = issue.message.startsWith('Invalid') ? `text matching ${issue.pattern ?? issue.format}` : issue.message;
			return [{...base, code: 'topology/invalid-format', message: `${shown} is not allowed; expected ${expected}`}];
		}
		case 'invalid_union': {
			if (value && typeof value === 'object') {
				const objectBranch = (issue.errors ?? []).find(branch => !branch.some(e => e.code === 'invalid_type' && e.path.length === 0));
				if (objectBranch) return objectBranch.flatMap(inner => schemaIssues(inner, raw, path));
			}
			return [{...base, code: 'topology/invalid-type', message: `${shown} is not allowed; expected ${describeAllowed(leaf, issue)}`}];
		}
		case 'not_multiple_of':
			return [{...base, code: 'topology/out-of-range', message: `${shown} is not allowed; expected a whole number`}];
		default:
			return [{...base, code: 'topology/invalid', message: `${shown} is not allowed: ${issue.message}`}];
	}
}

type AnySchema = z.ZodType;
type Def = {type: string; innerType?: AnySchema; element?: AnySchema; shape?: Record<string, AnySchema>; options?: AnySchema[]; entries?: Record<string, string>};

const defOf = (schema: AnySchema): Def => (schema as unknown as {_zod: {def: Def}})._zod.def;

/** Strips optional/default/nullable wrappers. */
function unwrap(schema: AnySchema | undefined): AnySchema | undefined {
	let current = schema;
	while (current) {
		const def = defOf(current);
		if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) current = def.innerType;
		else break;
	}
	return current;
}

/** The schema at a key path (the object branch of unions), or undefined. */
function schemaAt(path: KeyPath): AnySchema | undefined {
	let current: AnySchema | undefined = topologySchema;
	for (const part of path) {
		current = unwrap(current);
		if (!current) return undefined;
		let def = defOf(current);
		if (def.type === 'union') {
			const branch: AnySchema | undefined = def.options?.find(option => {
				const t = defOf(unwrap(option)!).type;
				return typeof part === 'number' ? t === 'array' : t === 'object';
			});
			if (!branch) return undefined;
			current = unwrap(branch);
			def = defOf(current!);
		}
		if (typeof part === 'number') current = def.type === 'array' ? def.element : undefined;
		else current = def.type === 'object' ? def.shape?.[part] : undefined;
	}
	return current;
}

function objectKeys(schema: AnySchema | undefined): string[] {
	const inner = unwrap(schema);
	if (!inner) return [];
	const def = defOf(inner);
	if (def.type === 'object') return Object.keys(def.shape ?? {});
	if (def.type === 'union') return [...new Set((def.options ?? []).flatMap(objectKeys))];
	return [];
}

/** A human description of what a schema accepts. */
function describeAllowed(schema: AnySchema | undefined, issue: ZodIssueLike): string {
	const inner = unwrap(schema);
	if (!inner) return issue.expected ?? 'a different value';
	const def = defOf(inner);
	switch (def.type) {
		case 'number':
			return describeNumber(inner);
		case 'string':
			return describeString(inner);
		case 'boolean':
			return 'true or false';
		case 'enum':
			return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
		case 'array':
			return `a list of ${describeAllowed(def.element, {...issue, expected: undefined})}`;
		case 'object':
			return `a mapping with keys ${Object.keys(def.shape ?? {}).join(', ')}`;
		case 'union':
			return (def.options ?? []).map(option => describeAllowed(option, {...issue, expected: undefined})).join(', or ');
		case 'literal':
			return 'a fixed value';
		default:
			return issue.expected ?? def.type;
	}
}

function describeNumber(schema: AnySchema): string {
	const n = schema as unknown as {minValue: number | null; maxValue: number | null; isInt: boolean};
	const kind = n.isInt ? 'an integer' : 'a number';
	const finite = (v: number | null) => v !== null && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER;
	if (finite(n.minValue) && finite(n.maxValue)) return `${kind} from ${n.minValue} to ${n.maxValue}`;
	if (finite(n.minValue)) return `${kind} of at least ${n.minValue}`;
	if (finite(n.maxValue)) return `${kind} of at most ${n.maxValue}`;
	return kind;
}

function describeString(schema: AnySchema): string {
	const s = schema as unknown as {minLength: number | null; maxLength: number | null};
	if (s.maxLength !== null && s.minLength !== null && s.minLength > 0) return `a string of ${s.minLength} to ${s.maxLength} characters`;
	if (s.maxLength !== null) return `a string of at most ${s.maxLength} characters`;
	return 'a string';
}

function describeRange(schema: AnySchema | undefined, issue: ZodIssueLike): string {
	const inner = unwrap(schema);
	const type = inner ? defOf(inner).type : issue.origin;
	if (type === 'number' && inner) return `allowed: ${describeNumber(inner)}`;
	if (type === 'string') return issue.message.startsWith('Too') ? `allowed: ${inner ? describeString(inner) : 'a shorter string'}` : `allowed: ${issue.message}`;
	if (type === 'array') return issue.code === 'too_small' ? `allowed: a list of at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}` : `allowed: at most ${String(issue.maximum)} items`;
	return issue.message;
}
