import type {Diagnostic} from '../../lint/diagnostic.js';
import {type ConditionContext, DEBIAN_26_FEATURES, evaluateCondition} from './conditions.js';
import {ALL_SECTION_TYPES, type SectionType} from './keywords.js';
import {type LexedLine, type Word, lexLine, splitLines} from './lexer.js';

/** One configuration statement: a non-empty line (keyword and arguments) with its positions. */
export type Statement = {
	file: string;
	line: number;
	/** column of the keyword */
	column: number;
	/** first word, as HAProxy sees it */
	keyword: string;
	/** every word including the keyword */
	words: Word[];
	/** words after the keyword */
	args: Word[];
	/** the line as written, without end-of-line characters */
	text: string;
	comment?: string;
};

/** A section: its header statement and the statements up to the next header. */
export type Section = {
	type: SectionType;
	/** section name (`frontend web` → 'web'); undefined for `global`, anonymous `defaults` … */
	name?: string;
	/** `defaults foo from bar` / `backend be from foo`: the explicitly inherited defaults section */
	from?: string;
	header: Statement;
	statements: Statement[];
	/** the section type exists only in a newer HAProxy (e.g. crt-store in 3.0) */
	newerThan26?: string;
};

/** The syntax tree of one haproxy.cfg file. */
export type HaproxyAst = {
	file: string;
	sections: Section[];
	/** statements before the first section header (HAProxy rejects them) */
	orphans: Statement[];
	/** `.if`/`.elif`/`.else`/`.endif`/`.notice`… directives, in order */
	directives: Statement[];
	/** statements skipped because a `.if` condition is false for the target version */
	skipped: Statement[];
	/** every active statement in file order (headers included) */
	statements: Statement[];
	lineCount: number;
};

/** Options of {@link parseHaproxyAst} and `parseHaproxy`. */
export type HaproxyParseOptions = {
	file?: string;
	/** HAProxy version `.if version_atleast()` is evaluated against; default 2.6.12 */
	version?: string;
	/** build features for `.if feature()`; default: the Debian 12 2.6.12 build */
	features?: ReadonlySet<string>;
	/** environment variables known to be set; default none (unknown `"${VAR}"` stay literal) */
	env?: Readonly<Record<string, string>>;
};

/** Keywords that can only take a name as the first argument in section headers. */
const NAMED_SECTIONS = new Set(['frontend', 'backend', 'listen', 'userlist', 'peers', 'mailers', 'resolvers', 'program', 'http-errors', 'ring', 'log-forward', 'cache', 'fcgi-app', 'crt-store', 'log-profile', 'acme']);

/**
Builds the section tree of one file: lexes every line (HAProxy quoting rules), evaluates `.if`
blocks, groups statements under section headers. Reports lexical and file-level problems the way
`haproxy -c` does (unmatched quotes, missing final LF, NUL bytes, unbalanced `.if`). Never throws.
*/
export function parseHaproxyAst(text: string, options: HaproxyParseOptions = {}): {ast: HaproxyAst; diagnostics: Diagnostic[]} {
	const file = options.file ?? 'haproxy.cfg';
	const diagnostics: Diagnostic[] = [];
	const report = (line: number, column: number, severity: Diagnostic['severity'], code: string, message: string) =>
		diagnostics.push({file, line, column, severity, code, message});
	const context: ConditionContext = {
		version: options.version ?? '2.6.12',
		features: options.features ?? DEBIAN_26_FEATURES,
		env: options.env ?? {},
	};
	const split = splitLines(text);
	const ast: HaproxyAst = {file, sections: [], orphans: [], directives: [], skipped: [], statements: [], lineCount: split.lines.length};
	// conditional stack: each level knows whether it is active and whether a branch was taken
	const stack: Array<{active: boolean; taken: boolean; parentActive: boolean; line: number; sawElse: boolean}> = [];
	const isActive = () => stack.every(level => level.active);
	let current: Section | undefined;

	for (const {text: lineText, line} of split.lines) {
		const nul = lineText.indexOf('\0');
		const lexed: LexedLine = lexLine(nul >= 0 ? lineText.slice(0, nul) : lineText, file, line, {env: options.env});
		if (nul >= 0) report(line, nul + 1, 'error', 'haproxy/syntax', `NUL character at position ${nul + 1}; HAProxy reads the line only up to it`);
		if (lexed.words.length === 0) {
			for (const p of lexed.problems) report(line, p.column, 'error', 'haproxy/syntax', p.message);
			continue;
		}
		const statement: Statement = {
			file,
			line,
			column: lexed.words[0].column,
			keyword: lexed.words[0].text,
			words: lexed.words,
			args: lexed.words.slice(1),
			text: lineText,
			comment: lexed.comment,
		};
		const keyword = statement.keyword;
		if (keyword.startsWith('.') && /^\.(if|elif|else|endif|diag|notice|warning|alert)$/.test(keyword)) {
			ast.directives.push(statement);
			for (const p of lexed.problems) report(line, p.column, 'error', 'haproxy/syntax', p.message);
			handleDirective(statement);
			continue;
		}
		if (!isActive()) {
			ast.skipped.push(statement);
			continue;
		}
		for (const p of lexed.problems) report(line, p.column, 'error', 'haproxy/syntax', p.message);
		ast.statements.push(statement);
		if (ALL_SECTION_TYPES.has(keyword) && statement.words[0].raw === keyword) {
			current = openSection(statement);
			ast.sections.push(current);
			continue;
		}
		if (current) current.statements.push(statement);
		else ast.orphans.push(statement);
	}

	for (const level of stack) {
		report(level.line, 1, 'error', 'haproxy/syntax', "missing '.endif' for this '.if' block at end of file");
	}
	if (split.missingFinalNewline) {
		const last = split.lines.at(-1);
		if (last) {
			report(last.line, last.text.length + 1, 'error', 'haproxy/missing-final-newline', `Missing LF on last line, file might have been truncated at position ${last.text.length + 1}.`);
		}
	}
	return {ast, diagnostics};

	function handleDirective(statement: Statement) {
		const {line, column} = statement;
		const args = statement.args.map(w => w.text);
		switch (statement.keyword) {
			case '.if': {
				const parentActive = isActive();
				const result = evaluateCondition(args, context);
				if (result.error) report(line, column, 'error', 'haproxy/syntax', `failed to evaluate condition: ${result.error}`);
				const value = Boolean(result.value);
				stack.push({active: value, taken: value, parentActive, line, sawElse: false});
				break;
			}
			case '.elif': {
				const level = stack.at(-1);
				if (!level || level.sawElse) {
					report(line, column, 'error', 'haproxy/syntax', level ? "'.elif' after '.else' is not permitted" : "'.elif' without matching '.if'");
					break;
				}
				if (level.taken) level.active = false;
				else {
					const result = evaluateCondition(args, context);
					if (result.error) report(line, column, 'error', 'haproxy/syntax', `failed to evaluate condition: ${result.error}`);
					level.active = Boolean(result.value);
					level.taken = level.active;
				}
				break;
			}
			case '.else': {
				const level = stack.at(-1);
				if (!level || level.sawElse) {
					report(line, column, 'error', 'haproxy/syntax', level ? "'.else' after '.else' is not permitted" : "'.else' without matching '.if'");
					break;
				}
				level.sawElse = true;
				level.active = !level.taken;
				level.taken = true;
				break;
			}
			case '.endif':
				if (!stack.pop()) report(line, column, 'error', 'haproxy/syntax', "'.endif' without matching '.if'");
				break;
			case '.alert':
				if (isActive()) report(line, column, 'error', 'haproxy/alert-directive', args.join(' ') || '.alert directive');
				break;
			case '.warning':
				if (isActive()) report(line, column, 'warning', 'haproxy/warning-directive', args.join(' ') || '.warning directive');
				break;
			default:
				break;
		}
	}

	function openSection(header: Statement): Section {
		const type = header.keyword as SectionType;
		const section: Section = {type, header, statements: []};
		const args = header.args;
		if (type === 'defaults' || NAMED_SECTIONS.has(type)) {
			if (args[0] && args[0].text !== 'from') section.name = args[0].text;
			const fromIndex = args.findIndex(w => w.text === 'from');
			if (fromIndex >= 0 && args[fromIndex + 1]) section.from = args[fromIndex + 1].text;
		}
		return section;
	}
}
