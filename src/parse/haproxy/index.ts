import type {Diagnostic} from '../../lint/diagnostic.js';
import {type HaproxyAst, type HaproxyParseOptions, parseHaproxyAst} from './ast.js';
import {checkHaproxyAst} from './check.js';
import {buildHaproxyConfig, type HaproxyConfig} from './model.js';

export type {HaproxyAst, HaproxyParseOptions, Section, Statement} from './ast.js';
export type {Position, Word} from './lexer.js';
export type {
	Acl, Bind, Condition, CookieSettings, GlobalSettings, HaproxyConfig, HttpCheck, Located, LogTarget, OtherSection,
	Proxy, ProxyOption, Server, StatsAuth, StatsSettings, StatsSocket, UseBackend, Userlist,
} from './model.js';
export type {HaproxyAddress} from './address.js';
export {isSpecificIp, parseAddress, parseTime} from './address.js';
export {didYouMean} from './did-you-mean.js';
export {parseShowServersState, parseShowStat, type ServerStateRow, type ShowStatRow} from './stats-csv.js';

/** What {@link parseHaproxy} returns. */
export type HaproxyParseResult = {ast: HaproxyAst; config: HaproxyConfig; diagnostics: Diagnostic[]};

/**
Parses one haproxy.cfg: syntax tree with positions, semantic model, and the diagnostics HAProxy 2.6
would give while parsing (syntax, unknown/removed/newer keywords, bad names, addresses and ports).
Cross-section checks (missing backends, timeouts, credentials…) are `lintHaproxy`'s. Never throws.
*/
export function parseHaproxy(text: string, options: HaproxyParseOptions = {}): HaproxyParseResult {
	const file = options.file ?? 'haproxy.cfg';
	try {
		const {ast, diagnostics} = parseHaproxyAst(text, {...options, file});
		diagnostics.push(...checkHaproxyAst(ast));
		diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
		return {ast, config: buildHaproxyConfig(ast), diagnostics};
	} catch (error) {
		const ast: HaproxyAst = {file, sections: [], orphans: [], directives: [], skipped: [], statements: [], lineCount: 0};
		return {
			ast,
			config: buildHaproxyConfig(ast),
			diagnostics: [{file, line: 1, column: 1, severity: 'error', code: 'haproxy/internal', message: `internal parser error: ${String(error)}`}],
		};
	}
}
