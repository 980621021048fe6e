/**
The UI's screens are lists of rows, each row a few styled segments, built by pure functions and laid out
to the terminal's size before React sees them: a screen can never be taller than the terminal or wider
than its columns, and the same rows serve Ink, plain text and tests.
*/

/** A piece of text with a style. `color` is dropped when colour is off (NO_COLOR). */
export type Segment = {text: string; color?: string; bold?: boolean; dim?: boolean; inverse?: boolean};

/** One terminal row. */
export type Row = Segment[];

/** A row of one segment. */
export const row = (text: string, style: Omit<Segment, 'text'> = {}): Row => [{text, ...style}];

/** An empty row. */
export const blank = (): Row => [{text: ''}];

/** The visible width of a string (our texts are single-width characters). */
export const widthOf = (text: string): number => [...text].length;

/** Cuts a row to `width` columns, ending with `…` when something was cut. */
export function fitRow(r: Row, width: number): Row {
	const out: Row = [];
	let used = 0;
	for (const seg of r) {
		const chars = [...seg.text];
		if (used + chars.length <= width) {
			out.push(seg);
			used += chars.length;
			continue;
		}
		const room = width - used;
		if (room > 0) out.push({...seg, text: `${chars.slice(0, Math.max(0, room - 1)).join('')}…`});
		break;
	}
	return out;
}

/** The plain text of a row. */
export const rowText = (r: Row): string => r.map(s => s.text).join('');

/**
Word-wraps `text` to `width` columns, keeping the spacing inside a line (aligned columns stay aligned);
words longer than a line are cut; `indent` starts every line after the first.
*/
export function wrapText(text: string, width: number, indent = ''): string[] {
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const token of paragraph.split(/(\s+)/)) {
			if (token === '') continue;
			const space = /^\s+$/.test(token);
			if (widthOf(line) + widthOf(token) <= width) {
				line += token;
				continue;
			}
			if (space) {
				lines.push(line);
				line = indent;
				continue;
			}
			if (line.trim() !== '') {
				lines.push(line.trimEnd());
				line = indent;
			}
			let rest = token;
			while (widthOf(line) + widthOf(rest) > width) {
				const room = Math.max(1, width - widthOf(line));
				lines.push(line + [...rest].slice(0, room).join(''));
				rest = [...rest].slice(room).join('');
				line = indent;
			}
			line += rest;
		}
		lines.push(line.trimEnd());
	}
	return lines;
}

/** Wrapped rows of one style, the first prefixed by `first`, the others by spaces of its width. */
export function wrappedRows(text: string, width: number, style: Omit<Segment, 'text'> = {}, first = ''): Row[] {
	const pad = ' '.repeat(widthOf(first));
	return wrapText(text, width - widthOf(first)).map((line, i) => row(`${i === 0 ? first : pad}${line}`, style));
}
