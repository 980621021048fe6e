/**
Markdown escaping for untrusted text (evidence, log lines, host names). CommonMark treats any ASCII
punctuation after a backslash as literal, so inline text escapes the characters that start markup; code
goes in code spans or fenced blocks whose fence is longer than any backtick run inside.
*/
import {visibleText} from './report-view.js';

/** Length of the longest run of backticks in `text`. */
const longestBackticks = (text: string): number => Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length));

const escapeInline = (text: string): string =>
	visibleText(text)
		.replace(/[\\`*[\]<>|~&]/g, '\\$&')
		.replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');

/**
Inline text for a paragraph or list item: markup characters escaped, controls made visible, and what
would start a block at a line start (heading, list, quote, setext underline, indented code) neutralised.
*/
export function mdText(text: string): string {
	return escapeInline(text)
		.replace(/^[ \t]+/gm, '')
		.replace(/^(#{1,6}|[-+]|\d{1,9}[.)])(?=[ \t]|$)/gm, match => (/^\d/.test(match) ? `${match.slice(0, -1)}\\${match.slice(-1)}` : `\\${match}`))
		.replace(/^(=+|-+)[ \t]*$/gm, '\\$&');
}

/** Text for a table cell: inline escapes, pipes escaped, newlines as `<br>` (a cell starts no block). */
export const mdCell = (text: string): string => escapeInline(text).replace(/\n/g, '<br>');

/** A code span that survives any content: fence longer than the longest backtick run, newlines as spaces. */
export function mdCode(text: string): string {
	const clean = visibleText(text).replace(/\n/g, ' ');
	if (clean === '') return '(empty)';
	const fence = '`'.repeat(longestBackticks(clean) + 1);
	const pad = clean.startsWith('`') || clean.endsWith('`') || (clean.startsWith(' ') && clean.endsWith(' ')) ? ' ' : '';
	return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A code span inside a table cell: GFM splits cells on `|` even inside code spans, so pipes are escaped. */
export const mdCodeCell = (text: string): string => mdCode(text).replace(/\|/g, '\\|');

/** A fenced block whose fence is longer than any backtick run in `text`; `indent` prefixes every line. */
export function mdFence(text: string, info = 'text', indent = ''): string {
	const body = visibleText(text).replace(/\n$/, '');
	const fence = '`'.repeat(Math.max(3, longestBackticks(body) + 1));
	const lines = [`${fence}${info}`, ...(body === '' ? [] : body.split('\n')), fence];
	return lines.map(line => (line === '' ? line : indent + line)).join('\n');
}

/** A GFM table; cells are already escaped. */
export function mdTable(header: string[], rows: string[][]): string {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map(row => `| ${row.map(cell => (cell === '' ? ' ' : cell)).join(' | ')} |`)].join('\n');
}
