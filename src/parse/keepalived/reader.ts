/**
keepalived's line reader (lib/parser.c `read_line`, `decomment`, `alloc_strvec`), rebuilt with
positions: `!`/`#` comments outside double quotes (`\#`, `\!` escape them), `"…"` words, `{`/`}`
split off as their own items wherever they stand, `@id` conditional lines, `$NAME=value`
parameters (multi-line with a trailing `\`), `$NAME`/`${NAME}` substitution, `~SEQ(…)` repeats
and `include` globs relative to the including file. Output: the words go to the compact store
(store.ts), statements and braces to the tree builder (tree.ts), one line at a time. It never
throws; every limit (include depth, expansion) is a diagnostic.
*/
import {posix as path} from 'node:path';
import type {Diagnostic} from '../../lint/diagnostic.js';
import type {KaFile, KaParam, KaToken, SourcePos} from './ast.js';
import {expandBraces, globPaths, hasMagic} from './glob.js';
import {KaStore, type ExpandedFrom} from './store.js';
import type {TreeBuilder} from './tree.js';

/** Reads an include target: its text, or undefined when it does not exist or is not a regular file. */
export type ReadFile = (path: string) => string | undefined;
/** Lists the names in a directory (for include globs), or undefined when it cannot be read. */
export type ListDir = (dir: string) => string[] | undefined;

export type ReaderOptions = {
	file: string;
	readFile?: ReadFile;
	listDir?: ListDir;
	/** keepalived's `-i` / config_id (default: none, so `@id` lines are skipped and `@^id` lines kept) */
	configId?: string;
	limits?: Partial<ReaderLimits>;
	/** receives the statements and braces (and, through its store, the words); without it they are collected as `items` */
	tree?: ReaderSink;
};

/** Where the reader puts what it reads: the words into `store`, statements and braces through the methods (tree.ts). */
export type ReaderSink = Pick<TreeBuilder, 'store' | 'words' | 'open' | 'close'>;

/** One item of the flat stream: the words of a (brace-free) line piece, or a brace. */
export type ReaderItem =
	| {kind: 'words'; tokens: KaToken[]; condition?: string; expandedFrom?: {param: string; defined?: SourcePos}}
	| {kind: 'open'; pos: SourcePos}
	| {kind: 'close'; pos: SourcePos};

/** A sink that keeps the stream as ReaderItems (readKeepalived without a tree). */
class ItemSink implements ReaderSink {
	readonly store = new KaStore();
	readonly items: ReaderItem[] = [];

	words(token: number, args: number, condition: string | undefined, expandedFrom: ExpandedFrom | undefined) {
		const tokens: KaToken[] = [];
		for (let t = token; t <= token + args; t++) tokens.push(this.store.token(t));
		const item: ReaderItem = {kind: 'words', tokens};
		if (condition) item.condition = condition;
		if (expandedFrom) item.expandedFrom = expandedFrom;
		this.items.push(item);
	}

	open(fileId: number, line: number, column: number) {
		this.items.push({kind: 'open', pos: {file: this.store.files[fileId], line, column}});
	}

	close(fileId: number, line: number, column: number) {
		this.items.push({kind: 'close', pos: {file: this.store.files[fileId], line, column}});
	}
}

/** Guards against runaway input: include nesting and count, expanded text (bytes, counted as UTF-16 code units plus a newline per line), `$NAME` expansions per line, `~SEQ` repeats. */
export type ReaderLimits = {includeDepth: number; files: number; bytes: number; substitutions: number; seq: number};
const DEFAULT_LIMITS: ReaderLimits = {includeDepth: 16, files: 256, bytes: 256 * 1024 * 1024, substitutions: 100, seq: 10_000};

export type ReaderResult = {
	/** the stream, when no `tree` was given */
	items: ReaderItem[];
	files: KaFile[];
	params: KaParam[];
	skippedConditions: string[];
	/** comments that contain a brace keepalived never sees (a common cause of unbalanced blocks) */
	hiddenBraces: SourcePos[];
	diagnostics: Diagnostic[];
};

/** A logical line; `cols` maps each character to its source column (a number: contiguous from there). */
type Line = {text: string; cols: Cols; file: string; line: number; expandedFrom?: {param: string; defined?: SourcePos}};
type Cols = number[] | number;
const colAt = (cols: Cols, i: number): number => (typeof cols === 'number' ? cols + i : (cols[i] ?? cols[cols.length - 1] ?? 1));
const sliceCols = (cols: Cols, start: number): Cols => (typeof cols === 'number' ? cols + start : cols.slice(start));
const materialize = (cols: Cols, length: number): number[] => (typeof cols === 'number' ? Array.from({length}, (_, i) => cols + i) : cols);
/** True when `text` from `from` to `to` holds no comment mark, backslash or `$`. */
const plainRest = (text: string, from: number, to: number): boolean => {
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c === 35 || c === 33 || c === 36 || c === 92) return false;
	}
	return true;
};
/** True when the characters i..j-1 do not come from consecutive source columns (a substituted `$NAME`). */
const fromParam = (cols: number[], i: number, j: number): boolean => {
	const start = cols[i];
	for (let k = i; k < j; k++) if (cols[k] !== start + (k - i)) return true;
	return false;
};
type Def = {name: string; value: string; multiline: boolean; pos?: SourcePos; fn?: (params: number[]) => string; maxParams?: number};

/** Size of the table of interned words (at most half of it is filled). */
const WORD_SLOTS = 1 << 17;
/** White space for alloc_strvec on a character code (space, \t, \n, \v, \f, \r). */
const isWhiteCode = (code: number) => code === 32 || (code >= 9 && code <= 13);
const isBlank = (c: string) => c === ' ' || c === '\t';
const isAlpha = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
/** Spaces that editors and web pages produce but keepalived does not treat as white space. */
const UNICODE_SPACE = /[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

const unicodeName = (c: string) =>
	({'\u00a0': 'non-breaking space (U+00A0)', '\u3000': 'ideographic space (U+3000)', '\ufeff': 'byte-order mark (U+FEFF)', '\u200b': 'zero-width space (U+200B)'})[c] ??
	`Unicode space U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Reads a keepalived configuration into `options.tree` (words, statements and braces). Never throws. */
export function readKeepalived(text: string, options: ReaderOptions): ReaderResult {
	const reader = new Reader(options);
	try {
		reader.readText(text, options.file, undefined);
	} catch (error) {
		reader.diag({file: options.file, line: 1, column: 1}, 'error', 'parse-limit', `internal reader error: ${(error as Error).message}`);
	}
	return reader.result();
}

class Reader {
	readonly files: KaFile[] = [];
	readonly diagnostics: Diagnostic[] = [];
	readonly defs = new Map<string, Def>();
	readonly conditionalDefs = new Map<string, string[]>();
	readonly skipped = new Set<string>();
	readonly hiddenBraces: SourcePos[] = [];
	readonly limits: ReaderLimits;
	readonly includeStack: string[] = [];
	/** interned words: an open-addressing table of (hash, word) */
	readonly wordHash = new Int32Array(WORD_SLOTS);
	readonly wordText: Array<string | undefined> = new Array(WORD_SLOTS);
	wordCount = 0;
	readonly store: KaStore;
	readonly tree: ReaderSink;
	readonly itemSink: ItemSink | undefined;
	/** the pieces of the line being split (see `scan`) */
	readonly pieces: number[] = [];
	lineFile: string | undefined;
	lineFileId = 0;
	byteCount = 0;
	limitReported = false;
	currentFile = '';

	constructor(readonly options: ReaderOptions) {
		this.limits = {...DEFAULT_LIMITS, ...options.limits};
		this.itemSink = options.tree ? undefined : new ItemSink();
		this.tree = options.tree ?? this.itemSink!;
		this.store = this.tree.store;
		this.defs.set('_PWD', {name: '_PWD', value: '', multiline: false, fn: () => path.dirname(this.currentFile) || '.'});
		this.defs.set('_INSTANCE', {name: '_INSTANCE', value: '', multiline: false, fn: () => options.configId ?? ''});
		this.defs.set('_RANDOM', {name: '_RANDOM', value: '', multiline: false, maxParams: 2, fn: params => String(params[0] ?? 0)});
	}

	result(): ReaderResult {
		const params: KaParam[] = [...this.defs.values()]
			.filter(d => !d.fn && d.pos)
			.map(d => ({name: d.name, value: d.value, multiline: d.multiline, pos: d.pos!}));
		return {items: this.itemSink?.items ?? [], files: this.files, params, skippedConditions: [...this.skipped], hiddenBraces: this.hiddenBraces, diagnostics: this.diagnostics};
	}

	/**
	`text.slice(start, end)`, one shared copy of each short word (keywords and common values repeat on
	every line of a large file): found by hash without slicing, so a known word costs no allocation.
	`fnv`: the word's 32-bit FNV-1a hash, computed by the caller while it found the word's end.
	*/
	intern(text: string, start: number, end: number, fnv: number): string {
		const length = end - start;
		if (length > 24) return text.slice(start, end);
		const hash = fnv | 1;
		const mask = WORD_SLOTS - 1;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const h = this.wordHash[slot];
			if (h === 0) {
				const word = text.slice(start, end);
				if (this.wordCount < WORD_SLOTS >> 1) {
					this.wordHash[slot] = hash;
					this.wordText[slot] = word;
					this.wordCount++;
				}
				return word;
			}
			if (h !== hash) continue;
			const known = this.wordText[slot]!;
			if (known.length !== length) continue;
			let same = true;
			for (let k = 0; k < length; k++) {
				if (known.charCodeAt(k) !== text.charCodeAt(start + k)) {
					same = false;
					break;
				}
			}
			if (same) return known;
		}
	}

	diag(pos: SourcePos, severity: Diagnostic['severity'], code: string, message: string, suggestion?: string) {
		this.diagnostics.push({file: pos.file, line: pos.line, column: pos.column, severity, code: `keepalived/${code}`, message, ...(suggestion ? {suggestion} : {})});
	}

	readText(text: string, file: string, includedFrom: SourcePos | undefined) {
		if (this.files.length >= this.limits.files) {
			this.diag(includedFrom ?? {file, line: 1, column: 1}, 'error', 'parse-limit', `more than ${this.limits.files} configuration files; not reading ${file}`);
			return;
		}
		const previousFile = this.currentFile;
		this.currentFile = file;
		this.includeStack.push(file);
		const finalNewline = text.endsWith('\n');
		let lineTotal = finalNewline ? 0 : 1;
		for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lineTotal++;
		this.files.push({path: file, ...(includedFrom ? {includedFrom} : {}), lines: lineTotal, crlf: text.includes('\r\n'), finalNewline});
		const unicode = {count: 0, first: undefined as SourcePos | undefined, char: ''};
		const anyUnicode = UNICODE_SPACE.test(text);
		UNICODE_SPACE.lastIndex = 0;
		let pending: {def: Def} | undefined;
		for (let index = 0, start = 0; index < lineTotal; index++) {
			let end = text.indexOf('\n', start);
			if (end < 0) end = text.length;
			const from = start;
			start = end + 1;
			const line = index + 1;
			if (!pending && !anyUnicode && this.plainLine(text, from, end, file, line)) continue;
			let physical = text.slice(from, end);
			if (physical.charCodeAt(physical.length - 1) === 13) physical = physical.replace(/\r+$/, '');
			if (anyUnicode && UNICODE_SPACE.test(physical)) {
				UNICODE_SPACE.lastIndex = 0;
				const at = physical.search(UNICODE_SPACE);
				unicode.count++;
				if (!unicode.first) {
					unicode.first = {file, line, column: at + 1};
					unicode.char = physical[at];
				}
				physical = physical.replace(UNICODE_SPACE, ' ');
			}
			UNICODE_SPACE.lastIndex = 0;
			if (physical.length === 0) {
				if (pending) pending = this.endMultiline(pending);
				continue;
			}
			const dec = this.decomment(physical, file, line);
			if (pending) {
				pending = this.continueMultiline(pending, dec.text);
				continue;
			}
			if (dec.text === '') continue;
			const started = this.processLine({text: dec.text, cols: dec.cols, file, line}, 0);
			if (started) pending = {def: started};
			if (this.byteCount > this.limits.bytes) break;
		}
		if (unicode.first) {
			const example = unicode.char === '\ufeff' ? 'the first keyword' : "'global_defs {'";
			this.diag(
				unicode.first,
				'error',
				'unicode-space',
				`${unicodeName(unicode.char)} on ${unicode.count} line${unicode.count === 1 ? '' : 's'} (first here): keepalived does not treat it as white space, so ${example} and every line holding one is read as an unknown word; replace them with plain spaces${unicode.char === '\u00a0' ? " (sed -i 's/\\xc2\\xa0/ /g' FILE)" : ''}`,
			);
		}
		this.includeStack.pop();
		this.currentFile = previousFile;
	}

	/**
	The common line, read in place from `text` (no copies, no per-line objects): nothing but words,
	quotes and braces — no comment mark, backslash or `$`, not an `@id` / `~SEQ` / `include` line.
	Returns false, having done nothing, for any other line (the general path then reads it).
	*/
	plainLine(text: string, from: number, to: number, file: string, lineNo: number): boolean {
		let end = to;
		while (end > from && text.charCodeAt(end - 1) === 13) end--;
		let p = from;
		let c = 0;
		while (p < end && ((c = text.charCodeAt(p)) === 32 || c === 9)) p++;
		if (p === end) return true;
		if (c === 64 || c === 126 || (c === 105 && text.startsWith('include', p) && (text.charCodeAt(p + 7) === 32 || text.charCodeAt(p + 7) === 9))) return false;
		while ((c = text.charCodeAt(end - 1)) === 32 || c === 9) end--;
		if (this.byteCount + (end - p) + 1 > this.limits.bytes) return false;
		const mark = this.store.tokenCount;
		const count = this.scanRange(text, p, end, p - from + 1, file, lineNo, true, undefined, true);
		if (count < 0) {
			this.store.truncateTokens(mark);
			return false;
		}
		this.byteCount += end - p + 1;
		if (count > 0) this.emitPieces(count, lineNo, undefined, undefined);
		return true;
	}

	/** keepalived's decomment(): strips comments, leading/trailing blanks; keeps a trailing '\' as the continuation mark. */
	decomment(raw: string, file: string, line: number): {text: string; cols: Cols} {
		let p = 0;
		while (p < raw.length && isBlank(raw[p])) p++;
		if (!/["\\!#]/.test(raw)) {
			let end = raw.length;
			while (end > p && isBlank(raw[end - 1])) end--;
			return {text: raw.slice(p, end), cols: p + 1};
		}
		const out: string[] = [];
		const cols: number[] = [];
		let quote = false;
		let skip = -1;
		let cont = -1;
		while (p < raw.length) {
			const c = raw[p];
			if (c === '"') {
				if (skip < 0) {
					quote = !quote;
					out.push(c);
					cols.push(p + 1);
				}
				p++;
				continue;
			}
			if (c === '\\') {
				if (p + 1 < raw.length) {
					const next = raw[p + 1];
					if (skip < 0) {
						if (!quote && (next === '#' || next === '!')) {
							out.push(next);
							cols.push(p + 2);
						} else {
							out.push(c, next);
							cols.push(p + 1, p + 2);
						}
					}
					p += 2;
					continue;
				}
				cont = p;
				break;
			}
			if (!quote && skip < 0 && (c === '!' || c === '#')) {
				skip = p;
				const brace = raw.slice(p).search(/[{}]/);
				if (brace >= 0) this.hiddenBraces.push({file, line, column: p + brace + 1});
				if (out.length > 0 && !isBlank(out[out.length - 1])) {
					const word = /[^\s"]*$/.exec(out.join(''))?.[0] ?? '';
					if (word !== '' && word !== '{' && word !== '}' && !word.endsWith('{') && !word.endsWith('}')) {
						this.diag(
							{file, line, column: p + 1},
							'warning',
							'comment-in-word',
							`'${c}' starts a comment even inside a word: keepalived reads '${word}' and drops '${raw.slice(p).trim().slice(0, 30)}'; put the value in double quotes or write \\${c}`,
						);
					}
				}
			} else if (skip < 0) {
				out.push(c);
				cols.push(p + 1);
			}
			p++;
		}
		while (out.length > 0 && isBlank(out[out.length - 1])) {
			out.pop();
			cols.pop();
		}
		if (cont >= 0) {
			out.push('\\');
			cols.push(cont + 1);
		}
		return {text: out.join(''), cols};
	}

	/** A physical line inside a multi-line `$NAME=` definition; returns the still-open definition or undefined. */
	continueMultiline(pending: {def: Def}, text: string): {def: Def} | undefined {
		const def = pending.def;
		if (text.endsWith('\\')) {
			const body = text.slice(0, -1).replace(/[ \t]+$/, '');
			if (body.length > 0) def.value += `${body}\n`;
			return pending;
		}
		if (text.length > 0) def.value += text;
		return this.endMultiline(pending);
	}

	endMultiline(pending: {def: Def}): undefined {
		const def = pending.def;
		def.value = def.value.replace(/\n$/, '');
		if (def.value === '') def.multiline = false;
		return undefined;
	}

	/** Processes one logical line; returns a multi-line definition it opened. */
	processLine(input: Line, depth: number): Def | undefined {
		this.byteCount += input.text.length + 1;
		if (this.byteCount > this.limits.bytes) {
			if (!this.limitReported) {
				this.limitReported = true;
				this.diag({file: input.file, line: input.line, column: 1}, 'error', 'parse-limit', `more than ${this.limits.bytes >= 2 ** 20 ? `${Math.round(this.limits.bytes / 2 ** 20)} MiB` : `${this.limits.bytes} bytes`} of configuration text after includes and parameter expansion; stopped reading here`);
			}
			return undefined;
		}
		if (depth > 64) {
			this.diag({file: input.file, line: input.line, column: 1}, 'error', 'parse-limit', 'parameter expansion nested too deeply (a definition that expands to itself?)');
			return undefined;
		}
		let line: Line = input;
		let condition: string | undefined;
		let rest: {lines: string[]; from: {param: string; defined?: SourcePos}; pos: SourcePos} | undefined;
		for (let round = 0; round < 20; round++) {
			let recheck = false;
			if (line.text.startsWith('@')) {
				const reverse = line.text[1] === '^';
				const ofs = reverse ? 2 : 1;
				const ws = line.text.slice(ofs).search(/[ \t]/);
				if (ws < 0) return undefined;
				const id = line.text.slice(ofs, ofs + ws);
				const matches = this.options.configId !== undefined && id === this.options.configId;
				if (matches === reverse) {
					this.skipped.add(`${reverse ? '^' : ''}${id}`);
					const skippedDef = /^\$([A-Za-z_][A-Za-z0-9_]*)=/.exec(line.text.slice(ofs + ws).trimStart());
					if (skippedDef) this.conditionalDefs.set(skippedDef[1], [...(this.conditionalDefs.get(skippedDef[1]) ?? []), `@${reverse ? '^' : ''}${id}`]);
					return undefined;
				}
				let start = ofs + ws;
				while (start < line.text.length && isBlank(line.text[start])) start++;
				line = {...line, text: line.text.slice(start), cols: sliceCols(line.cols, start)};
				condition = `${reverse ? '^' : ''}${id}`;
			}
			if (line.text.startsWith('$')) {
				const def = this.checkDefinition(line);
				if (def) return def.multiline ? def : undefined;
			}
			if (line.text.startsWith('~')) {
				this.sequence(line, depth);
				return undefined;
			}
			if (line.text.includes('$')) {
				const substituted = this.substitute(line);
				if (substituted) {
					line = substituted.line;
					if (substituted.rest) rest = substituted.rest;
					if (line.text.startsWith('@') || line.text.includes('$')) recheck = true;
				}
			}
			if (!recheck) break;
		}
		if (line.text.includes('${'))
			for (const m of line.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
			if (this.defs.has(m[1])) continue;
			const at = m.index ?? 0;
			this.diag(
				{file: line.file, line: line.line, column: colAt(line.cols, at)},
				'error',
				'template-placeholder',
				`'${m[0]}' is not defined here — an unrendered template placeholder? keepalived reads it as '$' followed by a '{ ${m[1]} }' block`,
			);
		}
		this.emit(line, condition, depth);
		if (rest) {
			for (const text of rest.lines) {
				const trimmed = text.replace(/^[ \t]+/, '');
				const cols = Array.from({length: trimmed.length}, () => rest!.pos.column);
				const opened = this.processLine({text: trimmed, cols, file: rest.pos.file, line: rest.pos.line, expandedFrom: rest.from}, depth + 1);
				if (opened) opened.multiline = false;
			}
		}
		return undefined;
	}

	/** `$NAME=value` (check_definition): stores it; multi-line when the value ends with '\'. */
	checkDefinition(line: Line): Def | undefined {
		const m = /^\$([A-Za-z_][A-Za-z0-9_]*)=/.exec(line.text);
		if (!m) return undefined;
		let value = line.text.slice(m[0].length).replace(/^[ \t]+/, '');
		let multiline = false;
		if (value.endsWith('\\')) {
			value = value.slice(0, -1).replace(/[ \t]+$/, '');
			multiline = true;
			if (value !== '') value += '\n';
		}
		const def: Def = {name: m[1], value, multiline, pos: {file: line.file, line: line.line, column: colAt(line.cols, 0)}};
		this.defs.set(def.name, def);
		return def;
	}

	/** `~SEQ(var, start, step, end) text`: the text once per value of var. */
	sequence(line: Line, depth: number) {
		const pos = {file: line.file, line: line.line, column: colAt(line.cols, 0)};
		const m = /^~SEQ[ \t]*\([ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*,([^)]*)\)[ \t]*(.*)$/.exec(line.text);
		const numbers = m ? m[2].split(',').map(s => Number(s.trim() === '' ? Number.NaN : s.trim())) : [];
		if (!m || numbers.length < 1 || numbers.length > 3 || numbers.some(n => Number.isNaN(n))) {
			this.diag(pos, 'error', 'invalid-seq', `invalid ~SEQ specification '${line.text}' (expected ~SEQ(var, [start,] [step,] end) text)`);
			return;
		}
		const [start, step, end] = numbers.length === 1 ? [numbers[0] < 0 ? -1 : 1, numbers[0] < 1 ? -1 : 1, numbers[0]] : numbers.length === 2 ? [numbers[0], numbers[0] <= numbers[1] ? 1 : -1, numbers[1]] : numbers;
		if (step === 0 || (start < end && step < 0) || (start > end && step > 0)) {
			this.diag(pos, 'error', 'invalid-seq', `invalid ~SEQ values '${line.text}'`);
			return;
		}
		const text = m[3];
		const offset = line.text.length - text.length;
		let count = 0;
		for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
			if (++count > this.limits.seq) {
				this.diag(pos, 'error', 'parse-limit', `~SEQ repeats more than ${this.limits.seq} times; stopped`);
				break;
			}
			this.defs.set(m[1], {name: m[1], value: String(value), multiline: false, pos});
			this.processLine({...line, text, cols: sliceCols(line.cols, offset)}, depth + 1);
		}
	}

	/** keepalived's replace_param(): `$NAME` (before a blank or the line end) and `${NAME}`; rescans replaced text. */
	substitute(line: Line): {line: Line; rest?: {lines: string[]; from: {param: string; defined?: SourcePos}; pos: SourcePos}} | undefined {
		let text = line.text;
		let cols = materialize(line.cols, line.text.length);
		let position = 0;
		let count = 0;
		let changed = false;
		let rest: {lines: string[]; from: {param: string; defined?: SourcePos}; pos: SourcePos} | undefined;
		for (;;) {
			const at = text.indexOf('$', position);
			if (at < 0 || at + 1 >= text.length) break;
			const ref = this.matchReference(text, at);
			if (!ref) {
				position = at + 1;
				continue;
			}
			const {def, length, params} = ref;
			let value = def.fn ? def.fn(params) : def.value;
			const pos: SourcePos = {file: line.file, line: line.line, column: cols[at] ?? 1};
			if (def.multiline) {
				const [first, ...others] = value.split('\n');
				value = first;
				rest = {lines: others, from: {param: def.name, ...(def.pos ? {defined: def.pos} : {})}, pos};
			}
			text = text.slice(0, at) + value + text.slice(at + length);
			cols = [...cols.slice(0, at), ...Array.from({length: value.length}, () => pos.column), ...cols.slice(at + length)];
			changed = true;
			if (++count > this.limits.substitutions) {
				this.diag(pos, 'error', 'parse-limit', `parameter $${def.name} expands more than ${this.limits.substitutions} times on one line (does it refer to itself?)`);
				break;
			}
			if (value.replace(/^[ \t]+/, '').startsWith('~')) break;
			if (text.length > 1 << 16) {
				this.diag(pos, 'error', 'parse-limit', 'line longer than 64 KiB after parameter expansion');
				break;
			}
		}
		if (!changed) return undefined;
		return {line: {...line, text, cols, ...(line.expandedFrom ? {expandedFrom: line.expandedFrom} : {})}, ...(rest ? {rest} : {})};
	}

	matchReference(text: string, at: number): {def: Def; length: number; params: number[]} | undefined {
		let j = at + 1;
		const braces = text[j] === '{';
		if (braces) j++;
		if (!isAlpha(text[j])) return undefined;
		let k = j;
		while (isAlnum(text[k])) k++;
		const name = text.slice(j, k);
		const def = this.defs.get(name);
		if (!def) return undefined;
		const params: number[] = [];
		let atEnd: boolean;
		let length: number;
		if (braces) {
			const paramText = /^[ 0-9]*/.exec(text.slice(k))![0];
			if (paramText.trim() !== '') {
				if (!def.maxParams || paramText.endsWith(' ')) return undefined;
				params.push(...paramText.trim().split(/ +/).map(Number));
			}
			k += paramText.length;
			if (text[k] !== '}') return undefined;
			length = k + 1 - at;
			atEnd = k + 1 === text.length;
		} else {
			if (k < text.length && !isBlank(text[k])) return undefined;
			length = k - at;
			atEnd = k === text.length;
		}
		if (def.multiline && !atEnd) return undefined;
		return {def, length, params};
	}

	/** Splits a processed line into words and braces, handles `include`, and passes the statements and braces to the tree. */
	emit(line: Line, condition: string | undefined, depth: number) {
		const store = this.store;
		const text = line.text;
		if (text.startsWith('include') && (text.charCodeAt(7) === 32 || text.charCodeAt(7) === 9)) {
			const mark = store.tokenCount;
			const words = this.scan(line, false);
			const isInclude = words === 2 && store.text[mark] === 'include';
			const target = isInclude ? {text: store.text[mark + 1], pos: store.tokenPos(mark + 1)} : undefined;
			store.truncateTokens(mark);
			if (target) {
				this.include(target, depth);
				return;
			}
		}
		const first = store.tokenCount;
		const count = this.scan(line, true);
		if (count === 0) return;
		if (text.charCodeAt(text.length - 1) === 92 && !line.expandedFrom && store.tokenCount > first) {
			this.diag(
				{file: line.file, line: line.line, column: colAt(line.cols, text.length - 1)},
				'warning',
				'line-continuation',
				`keepalived does not join a line ending in '\\' with the next one (only inside $NAME= definitions): the backslash becomes part of '${store.text[store.tokenCount - 1]}'`,
			);
		}
		this.emitPieces(count, line.line, condition, line.expandedFrom);
	}

	/** Passes the `count` pieces `scan` left of line `lineNo` to the tree: runs of words as statements, and the braces. */
	emitPieces(count: number, lineNo: number, condition: string | undefined, expandedFrom: ExpandedFrom | undefined) {
		const store = this.store;
		const tree = this.tree;
		const pieces = this.pieces;
		const fileId = this.lineFileId;
		let groupStart = -1;
		let groupLength = 0;
		for (let i = 0; i < count; i++) {
			const piece = pieces[i];
			if (piece >= 0) {
				if (store.text[piece].includes('$')) this.checkParams(piece);
				if (groupLength === 0) groupStart = piece;
				groupLength++;
				continue;
			}
			if (groupLength > 0) {
				tree.words(groupStart, groupLength - 1, condition, expandedFrom);
				groupLength = 0;
			}
			const brace = -piece - 1;
			if ((brace & 1) === 0) tree.open(fileId, lineNo, brace >> 1);
			else tree.close(fileId, lineNo, brace >> 1);
		}
		if (groupLength > 0) tree.words(groupStart, groupLength - 1, condition, expandedFrom);
	}

	/**
	alloc_strvec(): blank-separated words, `"…"` as one word, plus `{`/`}` outside quotes as separate
	pieces. Words go to the store; `pieces` gets, in order, each word's row or a brace (negative:
	`-(column * 2 + (close ? 1 : 0)) - 1`). Returns the number of pieces.
	*/
	scan(line: Line, braces: boolean): number {
		return this.scanRange(line.text, 0, line.text.length, line.cols, line.file, line.line, braces, line.expandedFrom?.param);
	}

	/**
	`scan` over `text` from `from` to `to` (the character at `from` is at column `cols` when a number,
	else `cols[i - from]`); `param`: the words came out of that multi-line parameter. With `plain`, it
	stops at the first comment mark, backslash or `$` and returns -1 (the line needs the general path).
	*/
	scanRange(text: string, from: number, to: number, cols: Cols, file: string, lineNo: number, braces: boolean, param: string | undefined, plain = false): number {
		const store = this.store;
		const pieces = this.pieces;
		if (file !== this.lineFile) {
			this.lineFile = file;
			this.lineFileId = store.fileId(file);
		}
		const fileId = this.lineFileId;
		const base = typeof cols === 'number' ? cols - from : -1;
		let count = 0;
		let i = from;
		while (i < to) {
			let code = text.charCodeAt(i);
			while (isWhiteCode(code) && ++i < to) code = text.charCodeAt(i);
			if (i >= to) break;
			const column = typeof cols === 'number' ? base + i : colAt(cols, i - from);
			if (braces && (code === 123 || code === 125)) {
				pieces[count++] = -((column << 1) | (code === 125 ? 1 : 0)) - 1;
				i++;
				continue;
			}
			if (code === 34) {
				if (plain && !plainRest(text, i, to)) return -1;
				let close = text.indexOf('"', i + 1);
				if (close >= to) close = -1;
				if (close < 0) {
					this.diag({file, line: lineNo, column}, 'error', 'unmatched-quote', `unmatched '"': keepalived drops the rest of the line ('${text.slice(i, Math.min(i + 40, to))}')`);
					break;
				}
				const t = store.addToken(text.slice(i + 1, close), fileId, lineNo, column, true);
				if (param !== undefined || (typeof cols !== 'number' && fromParam(cols, i - from, close + 1 - from))) store.tokenParam.set(t, param ?? 'parameter');
				pieces[count++] = t;
				i = close + 1;
				continue;
			}
			let hash = 0x811c9dc5;
			let j = i;
			for (; j < to; j++) {
				const c = text.charCodeAt(j);
				if (isWhiteCode(c) || c === 34 || (braces && (c === 123 || c === 125))) break;
				if (plain && (c === 35 || c === 33 || c === 36 || c === 92)) return -1;
				hash = Math.imul(hash ^ c, 0x01000193);
			}
			const t = store.addToken(this.intern(text, i, j, hash), fileId, lineNo, column, false);
			if (param !== undefined || (typeof cols !== 'number' && fromParam(cols, i - from, j - from))) store.tokenParam.set(t, param ?? 'parameter');
			pieces[count++] = t;
			i = j;
		}
		return count;
	}

	/** Flags `$NAME` left in word `t`: undefined, or defined but not substituted there. */
	checkParams(t: number) {
		const text = this.store.text[t];
		const quoted = this.store.tokenQuoted[t] === 1;
		for (const m of text.matchAll(/\$(\{?)([A-Za-z_][A-Za-z0-9_]*)/g)) {
			const name = m[2];
			const def = this.defs.get(name);
			if (def) {
				if (def.multiline) continue;
				if (!m[1]) {
					const next = text[(m.index ?? 0) + m[0].length];
					this.diag(
						this.store.tokenPos(t),
						'warning',
						'parameter-not-substituted',
						`$${name} is defined but keepalived only substitutes $${name} before a space or at the end of the line, not before '${next}': write \${${name}}`,
						`\${${name}}`,
					);
				}
				continue;
			}
			if (quoted) continue;
			const guarded = this.conditionalDefs.get(name);
			this.diag(
				this.store.tokenPos(t),
				'warning',
				'undefined-parameter',
				guarded
					? `$${name} is only defined on lines conditional on ${guarded.join(', ')}, which do not apply (no matching --config-id); keepalived uses the text '$${name}' literally`
					: `$${name} is not defined (no $${name}=… line before it); keepalived uses the text '$${name}' literally`,
			);
		}
	}

	/** `include PATTERN`: every file the glob matches, read in place, relative to the including file. */
	include(target: {text: string; pos: SourcePos}, depth: number) {
		const from = target.pos;
		if (this.includeStack.length > this.limits.includeDepth) {
			this.diag(from, 'error', 'include-cycle', `includes nested more than ${this.limits.includeDepth} deep; not reading '${target.text}'`);
			return;
		}
		const base = path.dirname(this.currentFile);
		const pattern = target.text.startsWith('/') ? target.text : path.join(base, target.text);
		const listDir = this.options.listDir ?? (() => undefined);
		const magic = hasMagic(pattern) || expandBraces(pattern).length > 1;
		const candidates = magic ? globPaths(pattern, listDir) : [pattern];
		let read = 0;
		for (const candidate of candidates) {
			const normalized = path.normalize(candidate);
			if (this.includeStack.includes(normalized) || this.includeStack.includes(candidate)) {
				this.diag(from, 'error', 'include-cycle', `'${target.text}' includes ${normalized}, which is already being read (include loop)`);
				read++;
				continue;
			}
			let text: string | undefined;
			try {
				text = this.options.readFile?.(normalized);
			} catch {
				text = undefined;
			}
			if (text === undefined) continue;
			read++;
			this.readText(text, normalized, from);
		}
		if (read === 0) {
			this.diag(
				from,
				'warning',
				'include-missing',
				`include '${target.text}' matches no readable file (${pattern}); keepalived logs "Config files missing" and goes on without it`,
			);
		}
		void depth;
	}
}
