/**
Builds the statement tree from the reader's flat stream. A `{` (on the same line or the next)
opens a block under the statement just before it, `}` closes the innermost block. Where
keepalived itself would mis-nest (a `{` after a keyword that takes no block, a brace without a
keyword), the tree keeps the writer's evident intent and tree.ts reports what keepalived does.
*/
import type {Diagnostic} from '../../lint/diagnostic.js';
import type {KaStatement, SourcePos} from './ast.js';
import type {ReaderItem} from './reader.js';

const describe = (s: KaStatement) => [s.keyword, ...s.args.map(a => a.text)].join(' ').slice(0, 60) || '{';

/** The statement tree of a reader stream, with brace diagnostics. Never throws. */
export function buildTree(items: ReaderItem[], options: {file: string; hiddenBraces?: SourcePos[]}): {statements: KaStatement[]; diagnostics: Diagnostic[]} {
	const builder = new TreeBuilder();
	for (const item of items) builder.add(item);
	return builder.finish(options.hiddenBraces);
}

/** buildTree one item at a time, so the reader's stream need not be kept (`readKeepalived`'s `onItem`). */
export class TreeBuilder {
	readonly diagnostics: Diagnostic[] = [];
	readonly root: KaStatement[] = [];
	readonly stack: Array<{statement?: KaStatement; children: KaStatement[]}> = [{children: this.root}];
	last: KaStatement | undefined;

	diag(pos: SourcePos, code: string, message: string) {
		this.diagnostics.push({file: pos.file, line: pos.line, column: pos.column, severity: 'error', code: `keepalived/${code}`, message});
	}

	/** Adds the next item of the stream. */
	add(item: ReaderItem) {
		const stack = this.stack;
		const top = stack[stack.length - 1];
		if (item.kind === 'words') {
			const keywordToken = item.tokens[0];
			const args = item.tokens.slice(1);
			const statement: KaStatement = {keyword: keywordToken.text, keywordToken, args, pos: keywordToken.pos};
			if (item.condition) statement.condition = item.condition;
			if (item.expandedFrom) statement.expandedFrom = item.expandedFrom;
			top.children.push(statement);
			this.last = statement;
		} else if (item.kind === 'open') {
			let owner = this.last;
			if (!owner || owner.block) {
				this.diag(item.pos, 'unexpected-brace', `'{' without a keyword before it: keepalived ignores it ("Unexpected '{'") and its '}' then closes the enclosing block`);
				owner = {keyword: '', args: [], pos: item.pos};
				top.children.push(owner);
			}
			owner.block = {open: item.pos, children: []};
			stack.push({statement: owner, children: owner.block.children});
			this.last = undefined;
		} else {
			if (stack.length > 1) {
				const closed = stack.pop()!;
				closed.statement!.block!.close = item.pos;
			} else {
				this.diag(item.pos, 'extra-brace', `'}' with no open block: keepalived reports "Unknown keyword '}'" here (an extra '}' or a missing '{' above)`);
			}
			this.last = undefined;
		}
	}

	/** The tree, after reporting the blocks that never closed. */
	finish(hiddenBraces?: SourcePos[]): {statements: KaStatement[]; diagnostics: Diagnostic[]} {
		const stack = this.stack;
		for (let i = stack.length - 1; i >= 1; i--) {
			const open = stack[i].statement!;
			const hidden = hiddenBraces?.find(p => p.line > open.block!.open.line || (p.line === open.block!.open.line && p.column > open.block!.open.column));
			this.diag(
				open.block!.open,
				'missing-brace',
				`'{' of '${describe(open)}' is never closed${hidden ? ` — the '}' at line ${hidden.line} is inside a comment` : ''}: keepalived reports "missing '}'" and everything after it belongs to this block`,
			);
		}
		return {statements: this.root, diagnostics: this.diagnostics};
	}
}
