/** A position in a configuration file; line and column are 1-based (column counts UTF-16 units). */
export type Position = {file: string; line: number; column: number};

/** One word of a haproxy.cfg line after HAProxy's quoting and escaping rules. */
export type Word = Position & {
	/** the word as HAProxy sees it: quotes removed, escapes resolved; environment variables are kept as written (`${VAR}`) unless a value was supplied */
	text: string;
	/** the characters of the word exactly as written in the file */
	raw: string;
	/** the word contains single or double quotes */
	quoted: boolean;
	/** the word references an environment variable inside double quotes whose value is unknown */
	hasEnv: boolean;
};

/** One physical line of the file, cut into words. */
export type LexedLine = {
	file: string;
	line: number;
	/** the line without its end-of-line characters */
	text: string;
	words: Word[];
	/** the text after an unprotected `#`, without the `#` */
	comment?: string;
	/** column of the `#` starting the comment */
	commentColumn?: number;
	/** lexical problems found on this line */
	problems: Array<{column: number; message: string}>;
};

/** Options of {@link lexLine}. */
export type LexOptions = {
	/** environment variables known to be set; unknown ones stay literal and mark the word `hasEnv` */
	env?: Readonly<Record<string, string>>;
};

/** HAProxy 2.6 refuses lines with more words than this (MAX_LINE_ARGS). */
export const MAX_LINE_ARGS = 64;

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f';
const isHex = (c: string | undefined) => c !== undefined && /^[\da-fA-F]$/.test(c);
const isVarStart = (c: string | undefined) => c !== undefined && /^[A-Za-z_.]$/.test(c);
const isVarChar = (c: string | undefined) => c !== undefined && /^[\w.]$/.test(c);

/**
Cuts one line into words the way HAProxy 2.6's `parse_line()` does: blanks separate words, `#` outside
quotes starts a comment (even in the middle of a word), `\` escapes outside single quotes, `'…'` is
strong quoting, `"…"` weak quoting in which `$VAR`, `${VAR}`, `${VAR-default}` and `${VAR[*]}` are
environment references. Never throws.
*/
export function lexLine(text: string, file: string, line: number, options: LexOptions = {}): LexedLine {
	const words: Word[] = [];
	const problems: LexedLine['problems'] = [];
	const result: LexedLine = {file, line, text, words, problems};
	let squote = false;
	let dquote = false;
	let quoteColumn = 0;
	let current: Word | undefined;
	let start = 0;

	const begin = (index: number) => {
		if (!current) {
			current = {file, line, column: index + 1, text: '', raw: '', quoted: false, hasEnv: false};
			start = index;
		}
		return current;
	};
	const finish = (end: number) => {
		if (current) {
			current.raw = text.slice(start, end);
			words.push(current);
			current = undefined;
		}
	};

	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (!squote && !dquote && isBlank(c)) {
			finish(i);
			i++;
			continue;
		}
		if (!squote && !dquote && c === '#') {
			finish(i);
			result.comment = text.slice(i + 1);
			result.commentColumn = i + 1;
			break;
		}
		const word = begin(i);
		if (c === '\\' && !squote) {
			const next = text[i + 1];
			if (next === undefined) {
				word.text += '\\';
				i++;
			} else if (next === ' ' || next === '\t' || next === '#' || next === '\\' || next === "'" || next === '"' || next === '$') {
				word.text += next;
				i += 2;
			} else if (next === 'n') {
				word.text += '\n';
				i += 2;
			} else if (next === 'r') {
				word.text += '\r';
				i += 2;
			} else if (next === 't') {
				word.text += '\t';
				i += 2;
			} else if (next === 'x' && isHex(text[i + 2]) && isHex(text[i + 3])) {
				word.text += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 4), 16));
				i += 4;
			} else if (next === 'x') {
				problems.push({column: i + 1, message: `truncated or invalid hexadecimal sequence at position ${i + 1}`});
				word.text += '\\';
				i++;
			} else {
				// HAProxy keeps a backslash that does not start a known escape (regexes rely on it)
				word.text += '\\';
				i++;
			}
			continue;
		}
		if (c === "'" && !dquote) {
			if (!squote) quoteColumn = i + 1;
			squote = !squote;
			word.quoted = true;
			i++;
			continue;
		}
		if (c === '"' && !squote) {
			if (!dquote) quoteColumn = i + 1;
			dquote = !dquote;
			word.quoted = true;
			i++;
			continue;
		}
		if (c === '$' && dquote && (text[i + 1] === '{' || isVarStart(text[i + 1]))) {
			i = expandVariable(text, i, word, options.env, problems);
			continue;
		}
		word.text += c;
		i++;
	}
	if (squote || dquote) {
		problems.push({column: quoteColumn, message: `unmatched quote at position ${quoteColumn}`});
	}
	finish(result.commentColumn === undefined ? text.length : result.commentColumn - 1);
	if (words.length > MAX_LINE_ARGS) {
		const extra = words[MAX_LINE_ARGS];
		problems.push({column: extra.column, message: `too many words, truncating after word ${MAX_LINE_ARGS}, position ${extra.column - 1}: <${extra.raw}>`});
	}
	return result;
}

function expandVariable(
	text: string,
	dollar: number,
	word: Word,
	env: Readonly<Record<string, string>> | undefined,
	problems: LexedLine['problems'],
): number {
	let i = dollar + 1;
	const braced = text[i] === '{';
	if (braced) i++;
	const nameStart = i;
	while (isVarChar(text[i])) i++;
	const name = text.slice(nameStart, i);
	let fallback: string | undefined;
	if (braced) {
		if (text[i] === '-') {
			const end = text.indexOf('}', i);
			if (end < 0) {
				problems.push({column: dollar + 1, message: `Variable expansion: missing closing '}' at position ${dollar + 1}`});
				word.text += text.slice(dollar);
				return text.length;
			}
			fallback = text.slice(i + 1, end);
			i = end;
		} else if (text.startsWith('[*]', i)) {
			i += 3;
		}
		if (text[i] !== '}') {
			problems.push({column: dollar + 1, message: `Variable expansion: missing closing '}' at position ${dollar + 1}`});
			word.text += text.slice(dollar, i);
			return i;
		}
		i++;
	}
	const value = env?.[name];
	if (value !== undefined) word.text += value;
	else if (fallback !== undefined && env) word.text += fallback;
	else {
		word.text += text.slice(dollar, i);
		word.hasEnv = true;
	}
	return i;
}

/** A file cut into physical lines, with the facts HAProxy checks about line ends. */
export type SplitText = {
	lines: Array<{text: string; line: number}>;
	/** the last line has no LF: HAProxy 2.6 rejects the file */
	missingFinalNewline: boolean;
	/** 1-based line numbers that contain a NUL byte */
	nulLines: number[];
};

/** Splits a file into lines (LF or CRLF), noting a missing final LF and NUL bytes. */
export function splitLines(text: string): SplitText {
	const raw = text.split('\n');
	const missingFinalNewline = text.length > 0 && !text.endsWith('\n');
	if (!missingFinalNewline) raw.pop();
	const nulLines: number[] = [];
	const lines = raw.map((t, index) => {
		if (t.includes('\0')) nulLines.push(index + 1);
		return {text: t.endsWith('\r') ? t.slice(0, -1) : t, line: index + 1};
	});
	return {lines, missingFinalNewline, nulLines};
}
