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
	const diagnostics: Diagnostic[] = [];
	const diag = (pos: SourcePos, code: string, message: string) =>
		diagnostics.push({file: pos.file, line: pos.line, column: pos.column, severity: 'error', code: `keepalived/${code}`, message});
	const root: KaStatement[] = [];
	const stack: Array<{statement?: KaStatement; children: KaStatement[]}> = [{children: root}];
	let last: KaStatement | undefined;
	for (const item of items) {
		const top = stack[stack.length - 1];
		if (item.kind === 'words') {
			const [keywordToken, ...args] = item.tokens;
			const statement: KaStatement = {
				keyword: keywordToken.text,
				keywordToken,
				args,
				pos: keywordToken.pos,
				...(item.condition ? {condition: item.condition} : {}),
				...(item.expandedFrom ? {expandedFrom: item.expandedFrom} : {}),
			};
			top.children.push(statement);
			last = statement;
		} else if (item.kind === 'open') {
			let owner = last;
			if (!owner || owner.block) {
				diag(item.pos, 'unexpected-brace', `'{' without a keyword before it: keepalived ignores it ("Unexpected '{'") and its '}' then closes the enclosing block`);
				owner = {keyword: '', args: [], pos: item.pos};
				top.children.push(owner);
			}
			owner.block = {open: item.pos, children: []};
			stack.push({statement: owner, children: owner.block.children});
			last = undefined;
		} else {
			if (stack.length > 1) {
				const closed = stack.pop()!;
				closed.statement!.block!.close = item.pos;
			} else {
				diag(item.pos, 'extra-brace', `'}' with no open block: keepalived reports "Unknown keyword '}'" here (an extra '}' or a missing '{' above)`);
			}
			last = undefined;
		}
	}
	for (let i = stack.length - 1; i >= 1; i--) {
		const open = stack[i].statement!;
		const hidden = options.hiddenBraces?.find(p => p.line > open.block!.open.line || (p.line === open.block!.open.line && p.column > open.block!.open.column));
		diag(
			open.block!.open,
			'missing-brace',
			`'{' of '${describe(open)}' is never closed${hidden ? ` — the '}' at line ${hidden.line} is inside a comment` : ''}: keepalived reports "missing '}'" and everything after it belongs to this block`,
		);
	}
	return {statements: root, diagnostics};
}
