/**
Reads a statement the way its writer meant it: the keyword as written when keepalived knows it
in this block, or — for a keyword glued to its value by a lost space (`virtual_server192.168.10.30`,
`notification_email_fromAlexandre.Cassen@firewall.loc`) — the keyword and the value split apart,
marked `glued` so the linter reports it and `lbwiz import` can warn.
*/
import type {KaStatement, KaToken} from './ast.js';
import {KEYWORDS, type KeywordContext, type KeywordSpec} from './keywords.js';

export type ResolvedStatement = {
	keyword: string;
	args: KaToken[];
	spec?: KeywordSpec;
	/** the written word held the keyword and its first value without a space between them */
	glued?: {written: string; keyword: string; rest: string};
};

/** The longest keyword of `context` that `word` starts with, when the rest looks like a value. */
export function gluedKeyword(context: KeywordContext, word: string): {keyword: string; rest: string} | undefined {
	let best: string | undefined;
	for (const keyword of KEYWORDS[context].keys()) {
		if (keyword.length < 4 || word.length <= keyword.length || !word.startsWith(keyword)) continue;
		if (!best || keyword.length > best.length) best = keyword;
	}
	if (!best) return undefined;
	const rest = word.slice(best.length);
	if (/^[_-]/.test(rest)) return undefined;
	return {keyword: best, rest};
}

/** Resolves a statement in a block context (see the module comment). */
export function resolveStatement(context: KeywordContext, statement: KaStatement): ResolvedStatement {
	const spec = KEYWORDS[context].get(statement.keyword);
	if (spec) return {keyword: statement.keyword, args: statement.args, spec};
	if (!statement.keywordToken) return {keyword: statement.keyword, args: statement.args};
	const glued = gluedKeyword(context, statement.keyword);
	if (!glued) return {keyword: statement.keyword, args: statement.args};
	const token = statement.keywordToken;
	const restToken: KaToken = {
		text: glued.rest,
		quoted: false,
		pos: {...token.pos, column: token.pos.column + glued.keyword.length},
		...(token.param ? {param: token.param} : {}),
	};
	return {
		keyword: glued.keyword,
		args: [restToken, ...statement.args],
		spec: KEYWORDS[context].get(glued.keyword),
		glued: {written: statement.keyword, keyword: glued.keyword, rest: glued.rest},
	};
}
