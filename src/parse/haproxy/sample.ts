import {ACL_KEYWORDS_26, CONVERTERS_26, SAMPLE_FETCHES_26} from './sample-keywords.js';

const byName = (list: readonly string[]) => new Map(list.map(k => [k.replace(/\(\)$/, ''), k.endsWith('()')]));

/** Sample fetch name → accepts arguments. */
export const FETCHES: ReadonlyMap<string, boolean> = byName(SAMPLE_FETCHES_26);
/** Converter name → accepts arguments. */
export const CONVERTERS: ReadonlyMap<string, boolean> = byName(CONVERTERS_26);
/** ACL keyword names (derived matches). */
export const ACL_KEYWORDS: ReadonlySet<string> = new Set(ACL_KEYWORDS_26);

/** ACLs every proxy has (manual §7.4). */
export const PREDEFINED_ACLS: ReadonlySet<string> = new Set([
	'FALSE', 'HTTP', 'HTTP_1.0', 'HTTP_1.1', 'HTTP_2.0', 'HTTP_CONTENT', 'HTTP_URL_ABS', 'HTTP_URL_SLASH', 'HTTP_URL_STAR',
	'LOCALHOST', 'METH_CONNECT', 'METH_DELETE', 'METH_GET', 'METH_HEAD', 'METH_OPTIONS', 'METH_POST', 'METH_PUT',
	'METH_TRACE', 'RDP_COOKIE', 'REQ_CONTENT', 'TRUE', 'WAIT_END',
]);

/** A fetch, `sc0_…`-style tracked-counter fetch or Lua-registered fetch HAProxy 2.6 knows. */
const isKnownFetch = (name: string) => FETCHES.has(name) || /^lua\./.test(name);
const isKnownConverter = (name: string) => CONVERTERS.has(name) || /^lua\./.test(name);

/**
Scans `text` from `from` as HAProxy reads sample arguments (quotes and backslash escapes hide what they
enclose) and returns the index of the first other character for which `stop(char, depth)` holds, `depth`
being the parentheses open after that character; -1 when none does.
*/
function scanUnquoted(text: string, from: number, stop: (char: string, depth: number) => boolean): number {
	let depth = 0;
	let quote: string | undefined;
	for (let i = from; i < text.length; i++) {
		const c = text[i];
		if (c === '\\') {
			i++;
			continue;
		}
		if (quote) {
			if (c === quote) quote = undefined;
			continue;
		}
		if (c === '"' || c === "'") {
			quote = c;
			continue;
		}
		if (c === '(') depth++;
		else if (c === ')') depth--;
		if (stop(c, depth)) return i;
	}
	return -1;
}

/** Scans `(…)` starting at `open`, honouring quotes and backslashes; returns the index of the closing paren or -1. */
const closingParen = (text: string, open: number): number => scanUnquoted(text, open, (c, depth) => c === ')' && depth === 0);

/**
Checks one sample expression `fetch[(args)][,conv[(args)]]*` as HAProxy's `sample_parse_expr()` does:
known fetch and converters, balanced parentheses, commas between them. Returns the first problem or undefined.
*/
export function checkSampleExpression(expr: string): string | undefined {
	let i = 0;
	const name = /^[\w.+-]*/.exec(expr)?.[0] ?? '';
	i = name.length;
	if (name === '') return 'missing fetch method';
	if (!isKnownFetch(name)) return `unknown fetch method '${name}'`;
	if (expr[i] === '(') {
		const close = closingParen(expr, i);
		if (close < 0) return `missing closing ')' after arguments to fetch keyword '${name}'`;
		if (FETCHES.get(name) === false && close > i + 1) return `fetch method '${name}' : no argument supported, but got '${expr.slice(i + 1, close)}'`;
		i = close + 1;
	}
	let last = name;
	let lastKind = 'fetch';
	while (i < expr.length) {
		if (/\s/.test(expr[i])) {
			i++;
			continue;
		}
		if (expr[i] !== ',') return `missing comma after ${lastKind} keyword '${last}'`;
		i++;
		const conv = /^[\w.+-]*/.exec(expr.slice(i))?.[0] ?? '';
		if (conv === '') return 'missing converter name after comma';
		i += conv.length;
		if (!isKnownConverter(conv)) return `unknown converter '${conv}'`;
		if (expr[i] === '(') {
			const close = closingParen(expr, i);
			if (close < 0) return `missing closing ')' after arguments to converter '${conv}'`;
			i = close + 1;
		}
		last = conv;
		lastKind = 'conv';
	}
	return undefined;
}

/** Finds every `%[…]` in a log-format string and checks it; returns the problems with their offsets in the string. */
export function checkLogFormat(text: string): Array<{offset: number; message: string}> {
	const problems: Array<{offset: number; message: string}> = [];
	let index = text.indexOf('%[');
	while (index >= 0) {
		const end = scanUnquoted(text, index + 2, (c, depth) => c === ']' && depth <= 0);
		if (end < 0) {
			problems.push({offset: index, message: `failed to parse sample expression <${text.slice(index + 2)}> : missing closing ']'`});
			break;
		}
		const expr = text.slice(index + 2, end);
		const problem = checkSampleExpression(expr);
		if (problem) problems.push({offset: index, message: `failed to parse sample expression <${expr}]> : ${problem}`});
		index = text.indexOf('%[', end + 1);
	}
	return problems;
}

/** Checks an ACL criterion (`path_beg`, `req.hdr(host),lower`, `hdr(x)` …) the way ACL parsing does. */
export function checkAclCriterion(criterion: string): string | undefined {
	const name = /^[\w.+-]*/.exec(criterion)?.[0] ?? '';
	if (name === '') return `missing fetch method in ACL expression '${criterion}'.`;
	if (ACL_KEYWORDS.has(name) || /^lua\./.test(name)) {
		const rest = criterion.slice(name.length);
		if (rest.startsWith('(') && closingParen(rest, 0) < 0) return `missing closing ')' after arguments to ACL keyword '${name}' in ACL expression '${criterion}'.`;
		return undefined;
	}
	if (!isKnownFetch(name)) return `unknown fetch method '${name}' in ACL expression '${criterion}'.`;
	const problem = checkSampleExpression(criterion);
	return problem ? `${problem} in ACL expression '${criterion}'.` : undefined;
}

/** One term of an `if`/`unless` condition. */
export type ConditionTerm = {kind: 'acl'; name: string; index: number; negated: boolean} | {kind: 'anonymous'; words: string[]; index: number};

/** Splits condition words into named-ACL references and anonymous `{ … }` ACLs. */
export function conditionTerms(words: readonly string[]): {terms: ConditionTerm[]; error?: string} {
	const terms: ConditionTerm[] = [];
	let negated = false;
	for (let i = 0; i < words.length; i++) {
		let w = words[i];
		if (w === '||' || w === 'or') {
			negated = false;
			continue;
		}
		if (w === '!') {
			negated = true;
			continue;
		}
		if (w.startsWith('!') && w.length > 1) {
			negated = true;
			w = w.slice(1);
		}
		if (w === '{') {
			const close = words.indexOf('}', i + 1);
			if (close < 0) return {terms, error: "missing closing '}' in condition"};
			terms.push({kind: 'anonymous', words: words.slice(i + 1, close), index: i});
			i = close;
		} else if (w === '}') {
			return {terms, error: "unexpected '}' in condition"};
		} else {
			terms.push({kind: 'acl', name: w, index: i, negated});
		}
		negated = false;
	}
	return {terms};
}
