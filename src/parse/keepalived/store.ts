/**
The parser's compact form of the syntax tree: every word and every statement is a row in growable
typed arrays (text, file, line, column, flags; first child, next sibling, block braces), so a large
configuration costs a few arrays instead of millions of small objects for the garbage collector to
copy. The public `KaStatement` / `KaToken` objects (ast.ts) are built from it on demand: the whole
tree once when `ast.statements` is first read, or one top-level block at a time for the model and
the linter (`forEachRootStatement`), whose copies are dropped after use.
*/
import type {KaStatement, KaToken, KeepalivedAst, SourcePos} from './ast.js';

/** Where a statement came from when it was produced by a multi-line `$NAME` expansion. */
export type ExpandedFrom = {param: string; defined?: SourcePos};

const grow = <T extends Int32Array | Uint8Array>(array: T, need: number): T => {
	if (need <= array.length) return array;
	const next = new (array.constructor as new (n: number) => T)(Math.max(need, array.length * 2));
	next.set(array);
	return next;
};

/** Words and statements of one parse, as rows of typed arrays. Row numbers are the handles. */
export class KaStore {
	/** file paths by index (a word's `file` column) */
	readonly files: string[] = [];
	private readonly fileIndex = new Map<string, number>();

	tokenCount = 0;
	readonly text: string[] = [];
	tokenFile: Int32Array;
	tokenLine: Int32Array;
	tokenColumn: Int32Array;
	/** 1: written between double quotes */
	tokenQuoted: Uint8Array;
	/** the `param` of words that came from a `$NAME` substitution */
	readonly tokenParam = new Map<number, string>();

	statementCount = 0;
	/** the keyword's word (its arguments are the words after it); -1 for a `{` without a keyword */
	stmtToken: Int32Array;
	stmtArgs: Int32Array;
	/** the `{` of its block (line 0: no block); for a keyword-less statement, also its position */
	openFile: Int32Array;
	openLine: Int32Array;
	openColumn: Int32Array;
	/** the `}` (line 0: never closed) */
	closeFile: Int32Array;
	closeLine: Int32Array;
	closeColumn: Int32Array;
	firstChild: Int32Array;
	lastChild: Int32Array;
	nextSibling: Int32Array;
	readonly condition = new Map<number, string>();
	readonly expandedFrom = new Map<number, ExpandedFrom>();
	firstRoot = -1;
	lastRoot = -1;

	/** `sizeHint`: the length of the main text, to size the arrays once for it (they grow past it as needed). */
	constructor(sizeHint = 0) {
		const tokens = Math.max(1024, Math.ceil(sizeHint / 8));
		const statements = Math.max(1024, Math.ceil(sizeHint / 16));
		this.tokenFile = new Int32Array(tokens);
		this.tokenLine = new Int32Array(tokens);
		this.tokenColumn = new Int32Array(tokens);
		this.tokenQuoted = new Uint8Array(tokens);
		this.stmtToken = new Int32Array(statements);
		this.stmtArgs = new Int32Array(statements);
		this.openFile = new Int32Array(statements);
		this.openLine = new Int32Array(statements);
		this.openColumn = new Int32Array(statements);
		this.closeFile = new Int32Array(statements);
		this.closeLine = new Int32Array(statements);
		this.closeColumn = new Int32Array(statements);
		this.firstChild = new Int32Array(statements);
		this.lastChild = new Int32Array(statements);
		this.nextSibling = new Int32Array(statements);
	}

	/** The index of a file path in `files`. */
	fileId(file: string): number {
		let id = this.fileIndex.get(file);
		if (id === undefined) {
			id = this.files.length;
			this.files.push(file);
			this.fileIndex.set(file, id);
		}
		return id;
	}

	/** Appends a word; returns its row. */
	addToken(text: string, file: number, line: number, column: number, quoted: boolean): number {
		const t = this.tokenCount++;
		if (t >= this.tokenFile.length) {
			const need = t + 1;
			this.tokenFile = grow(this.tokenFile, need);
			this.tokenLine = grow(this.tokenLine, need);
			this.tokenColumn = grow(this.tokenColumn, need);
			this.tokenQuoted = grow(this.tokenQuoted, need);
		}
		this.text[t] = text;
		this.tokenFile[t] = file;
		this.tokenLine[t] = line;
		this.tokenColumn[t] = column;
		this.tokenQuoted[t] = quoted ? 1 : 0;
		return t;
	}

	/** Drops the words from row `count` on (a line read twice, e.g. to recognise `include`). */
	truncateTokens(count: number) {
		for (let t = count; t < this.tokenCount; t++) this.tokenParam.delete(t);
		this.tokenCount = count;
		this.text.length = count;
	}

	/** Appends a statement without a block (-1 `token`: a keyword-less `{`); returns its row. */
	addStatement(token: number, args: number): number {
		const s = this.statementCount++;
		if (s >= this.stmtToken.length) {
			const need = s + 1;
			this.stmtToken = grow(this.stmtToken, need);
			this.stmtArgs = grow(this.stmtArgs, need);
			this.openFile = grow(this.openFile, need);
			this.openLine = grow(this.openLine, need);
			this.openColumn = grow(this.openColumn, need);
			this.closeFile = grow(this.closeFile, need);
			this.closeLine = grow(this.closeLine, need);
			this.closeColumn = grow(this.closeColumn, need);
			this.firstChild = grow(this.firstChild, need);
			this.lastChild = grow(this.lastChild, need);
			this.nextSibling = grow(this.nextSibling, need);
		}
		this.stmtToken[s] = token;
		this.stmtArgs[s] = args;
		this.openLine[s] = 0;
		this.closeLine[s] = 0;
		this.firstChild[s] = -1;
		this.lastChild[s] = -1;
		this.nextSibling[s] = -1;
		return s;
	}

	/** Appends statement `s` to the children of `parent` (-1: the top level). */
	append(parent: number, s: number) {
		const last = parent < 0 ? this.lastRoot : this.lastChild[parent];
		if (last >= 0) this.nextSibling[last] = s;
		else if (parent < 0) this.firstRoot = s;
		else this.firstChild[parent] = s;
		if (parent < 0) this.lastRoot = s;
		else this.lastChild[parent] = s;
	}

	/** A word's position, as a new object. */
	tokenPos(t: number): SourcePos {
		return {file: this.files[this.tokenFile[t]], line: this.tokenLine[t], column: this.tokenColumn[t]};
	}

	/** A word as the public object (a new one on every call). */
	token(t: number): KaToken {
		const token: KaToken = {text: this.text[t], quoted: this.tokenQuoted[t] === 1, pos: this.tokenPos(t)};
		if (this.tokenParam.size > 0) {
			const param = this.tokenParam.get(t);
			if (param !== undefined) token.param = param;
		}
		return token;
	}

	/** The keyword of statement `s` ('' for a keyword-less block). */
	keyword(s: number): string {
		const t = this.stmtToken[s];
		return t < 0 ? '' : this.text[t];
	}

	/** Statement `s` and its whole block as public objects (new ones on every call). */
	statement(s: number): KaStatement {
		const t = this.stmtToken[s];
		let statement: KaStatement;
		if (t < 0) {
			statement = {keyword: '', args: [], pos: this.openPos(s)};
		} else {
			// the keyword's position is the statement's, which the model keeps: built here, apart from
			// the arguments' (mostly short-lived) ones, so V8 can allocate these straight in the old space
			const keywordToken: KaToken = {text: this.text[t], quoted: this.tokenQuoted[t] === 1, pos: {file: this.files[this.tokenFile[t]], line: this.tokenLine[t], column: this.tokenColumn[t]}};
			if (this.tokenParam.size > 0) {
				const param = this.tokenParam.get(t);
				if (param !== undefined) keywordToken.param = param;
			}
			const count = this.stmtArgs[s];
			const args: KaToken[] = new Array(count);
			for (let i = 0; i < count; i++) args[i] = this.token(t + 1 + i);
			statement = {keyword: keywordToken.text, keywordToken, args, pos: keywordToken.pos};
			if (this.condition.size > 0) {
				const condition = this.condition.get(s);
				if (condition !== undefined) statement.condition = condition;
			}
			if (this.expandedFrom.size > 0) {
				const expandedFrom = this.expandedFrom.get(s);
				if (expandedFrom) statement.expandedFrom = expandedFrom;
			}
		}
		if (this.openLine[s] > 0) {
			const children: KaStatement[] = [];
			for (let c = this.firstChild[s]; c >= 0; c = this.nextSibling[c]) children.push(this.statement(c));
			statement.block = {open: t < 0 ? statement.pos : this.openPos(s), children};
			if (this.closeLine[s] > 0) statement.block.close = {file: this.files[this.closeFile[s]], line: this.closeLine[s], column: this.closeColumn[s]};
		}
		return statement;
	}

	/** Where the block of statement `s` opens. */
	openPos(s: number): SourcePos {
		return {file: this.files[this.openFile[s]], line: this.openLine[s], column: this.openColumn[s]};
	}

	/** Every top-level statement as public objects. */
	statements(): KaStatement[] {
		const out: KaStatement[] = [];
		for (let s = this.firstRoot; s >= 0; s = this.nextSibling[s]) out.push(this.statement(s));
		return out;
	}
}

const stores = new WeakMap<KeepalivedAst, {store: KaStore; statements?: KaStatement[]}>();

/**
An AST whose `statements` are built from `store` the first time they are read (then kept). The
property is a plain enumerable one as far as spreading, `JSON.stringify` and deep equality go.
*/
export function lazyAst(fields: Omit<KeepalivedAst, 'statements'>, store: KaStore): KeepalivedAst {
	const entry: {store: KaStore; statements?: KaStatement[]} = {store};
	const ast = {file: fields.file, files: fields.files} as KeepalivedAst;
	Object.defineProperty(ast, 'statements', {
		enumerable: true,
		configurable: true,
		get: () => (entry.statements ??= store.statements()),
		set: (value: KaStatement[]) => {
			entry.statements = value;
		},
	});
	ast.params = fields.params;
	ast.skippedConditions = fields.skippedConditions;
	stores.set(ast, entry);
	return ast;
}

/**
Calls `fn` with each top-level statement of `ast`, in order. When the tree has not been built yet,
each statement (with its block) is built for the call only and left to the garbage collector, so
the model and the linter never hold the whole object tree at once.
*/
export function forEachRootStatement(ast: KeepalivedAst, fn: (statement: KaStatement) => void) {
	const entry = stores.get(ast);
	if (!entry || entry.statements) {
		for (const statement of ast.statements) fn(statement);
		return;
	}
	const store = entry.store;
	for (let s = store.firstRoot; s >= 0; s = store.nextSibling[s]) fn(store.statement(s));
}
