/**
Builds the statement tree (in the compact store, store.ts) from the reader's flat stream. A `{` (on
the same line or the next) opens a block under the statement just before it, `}` closes the
innermost block. Where keepalived itself would mis-nest (a `{` after a keyword that takes no block,
a brace without a keyword), the tree keeps the writer's evident intent and tree.ts reports what
keepalived does.
*/
import type {Diagnostic} from '../../lint/diagnostic.js';
import type {SourcePos} from './ast.js';
import type {ExpandedFrom, KaStore} from './store.js';

/** The statement tree of the reader's stream, built one item at a time, with brace diagnostics. Never throws. */
export class TreeBuilder {
	readonly diagnostics: Diagnostic[] = [];
	/** the statements whose blocks are open, innermost last (-1: the top level) */
	private readonly stack: number[] = [-1];
	private last = -1;

	constructor(readonly store: KaStore) {}

	private diag(file: string, line: number, column: number, code: string, message: string) {
		this.diagnostics.push({file, line, column, severity: 'error', code: `keepalived/${code}`, message});
	}

	/** A statement: the keyword at word `token` and the `args` words after it. */
	words(token: number, args: number, condition: string | undefined, expandedFrom: ExpandedFrom | undefined) {
		const store = this.store;
		const s = store.addStatement(token, args);
		if (condition) store.condition.set(s, condition);
		if (expandedFrom) store.expandedFrom.set(s, expandedFrom);
		store.append(this.stack[this.stack.length - 1], s);
		this.last = s;
	}

	/** A `{` at file `fileId`, line, column. */
	open(fileId: number, line: number, column: number) {
		const store = this.store;
		let owner = this.last;
		if (owner < 0 || store.openLine[owner] > 0) {
			this.diag(store.files[fileId], line, column, 'unexpected-brace', `'{' without a keyword before it: keepalived ignores it ("Unexpected '{'") and its '}' then closes the enclosing block`);
			owner = store.addStatement(-1, 0);
			store.append(this.stack[this.stack.length - 1], owner);
		}
		store.openFile[owner] = fileId;
		store.openLine[owner] = line;
		store.openColumn[owner] = column;
		this.stack.push(owner);
		this.last = -1;
	}

	/** A `}`. */
	close(fileId: number, line: number, column: number) {
		const store = this.store;
		if (this.stack.length > 1) {
			const closed = this.stack.pop()!;
			store.closeFile[closed] = fileId;
			store.closeLine[closed] = line;
			store.closeColumn[closed] = column;
		} else {
			this.diag(store.files[fileId], line, column, 'extra-brace', `'}' with no open block: keepalived reports "Unknown keyword '}'" here (an extra '}' or a missing '{' above)`);
		}
		this.last = -1;
	}

	/** The brace diagnostics, after reporting the blocks that never closed. */
	finish(hiddenBraces?: SourcePos[]): Diagnostic[] {
		const store = this.store;
		for (let i = this.stack.length - 1; i >= 1; i--) {
			const open = this.stack[i];
			const line = store.openLine[open];
			const column = store.openColumn[open];
			const hidden = hiddenBraces?.find(p => p.line > line || (p.line === line && p.column > column));
			this.diag(
				store.files[store.openFile[open]],
				line,
				column,
				'missing-brace',
				`'{' of '${this.describe(open)}' is never closed${hidden ? ` — the '}' at line ${hidden.line} is inside a comment` : ''}: keepalived reports "missing '}'" and everything after it belongs to this block`,
			);
		}
		return this.diagnostics;
	}

	private describe(s: number): string {
		const store = this.store;
		const t = store.stmtToken[s];
		if (t < 0) return '{';
		const words: string[] = [];
		for (let i = 0; i <= store.stmtArgs[s]; i++) words.push(store.text[t + i]);
		return words.join(' ').slice(0, 60) || '{';
	}
}
