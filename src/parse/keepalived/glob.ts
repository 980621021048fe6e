/**
Include-pattern expansion as keepalived does it: `glob(3)` with `GLOB_BRACE`, relative to the
including file's directory, results sorted, over an injectable directory listing so it works on
recorded bundles as well as on the local disk.
*/
import {posix as path} from 'node:path';

/** Expands `{a,b}` alternatives (nested braces allowed), like GLOB_BRACE. */
export function expandBraces(pattern: string, limit = 256): string[] {
	const open = findBrace(pattern);
	if (!open) return [pattern];
	const {start, end, parts} = open;
	const out: string[] = [];
	for (const part of parts) {
		for (const expanded of expandBraces(pattern.slice(0, start) + part + pattern.slice(end + 1), limit)) {
			out.push(expanded);
			if (out.length >= limit) return out;
		}
	}
	return out;
}

function findBrace(pattern: string): {start: number; end: number; parts: string[]} | undefined {
	for (let start = 0; start < pattern.length; start++) {
		if (pattern[start] === '\\') {
			start++;
			continue;
		}
		if (pattern[start] !== '{') continue;
		let depth = 0;
		let partStart = start + 1;
		const parts: string[] = [];
		for (let i = start; i < pattern.length; i++) {
			const c = pattern[i];
			if (c === '\\') {
				i++;
				continue;
			}
			if (c === '{') depth++;
			else if (c === '}') {
				depth--;
				if (depth === 0) {
					parts.push(pattern.slice(partStart, i));
					return {start, end: i, parts};
				}
			} else if (c === ',' && depth === 1) {
				parts.push(pattern.slice(partStart, i));
				partStart = i + 1;
			}
		}
		return undefined;
	}
	return undefined;
}

/** True when a path segment holds glob magic (`*`, `?`, `[`). */
export const hasMagic = (segment: string): boolean => /[*?[]/.test(segment);

/** A glob(3) segment pattern as a RegExp (a leading '.' must be matched explicitly). */
export function segmentRegExp(segment: string): RegExp {
	let source = '';
	for (let i = 0; i < segment.length; i++) {
		const c = segment[i];
		if (c === '\\' && i + 1 < segment.length) {
			source += escape(segment[++i]);
		} else if (c === '*') {
			source += '[^/]*';
		} else if (c === '?') {
			source += '[^/]';
		} else if (c === '[') {
			const close = segment.indexOf(']', i + 2);
			if (close < 0) {
				source += '\\[';
				continue;
			}
			let body = segment.slice(i + 1, close);
			const negate = body.startsWith('!') || body.startsWith('^');
			if (negate) body = body.slice(1);
			source += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
			i = close;
		} else {
			source += escape(c);
		}
	}
	return new RegExp(`^${source}$`);
}

const escape = (c: string) => c.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');

/**
The paths a pattern matches, sorted as glob(3) returns them. Literal patterns are returned as they
are (whether they exist is for the reader to find out).
*/
export function globPaths(pattern: string, listDir: (dir: string) => string[] | undefined, limit = 1000): string[] {
	const out: string[] = [];
	for (const alternative of expandBraces(pattern)) {
		const absolute = alternative.startsWith('/');
		const segments = alternative.split('/').filter((s, i) => s !== '' || i === 0);
		let current: string[] = [absolute ? '/' : ''];
		for (const segment of segments) {
			if (segment === '') continue;
			const next: string[] = [];
			for (const base of current) {
				if (!hasMagic(segment)) {
					next.push(base === '' ? segment : path.join(base, segment));
					continue;
				}
				const names = listDir(base === '' ? '.' : base) ?? [];
				const re = segmentRegExp(segment);
				for (const name of [...names].sort()) {
					if (name.startsWith('.') && !segment.startsWith('.')) continue;
					if (re.test(name)) next.push(base === '' ? name : path.join(base, name));
					if (next.length >= limit) break;
				}
			}
			current = next;
			if (current.length === 0) break;
		}
		out.push(...current.filter(p => p !== '' && p !== '/'));
		if (out.length >= limit) break;
	}
	return out.slice(0, limit);
}
