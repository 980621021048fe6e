/**
The files init systems read a daemon's start options from — Debian's `/etc/default/NAME`, Red Hat's
`/etc/sysconfig/NAME` — as plain `KEY=value` assignments: what systemd's `EnvironmentFile=` reads and
what a SysV script gets by sourcing them. Nothing is expanded or run: a line that needs a shell
(`$VAR`, backquotes, commands) is kept apart as not understood.
*/
import {splitShellWords} from './keepalived-log-sources.js';

/** One defaults file, read. */
export type ParsedDefaults = {
	/** `KEY=value` assignments, quotes removed; the last assignment of a key wins, as when sourced */
	vars: Record<string, string>;
	/** lines that are not comments, blank or plain assignments, with their 1-based line numbers */
	unparsed: Array<{line: number; text: string}>;
};

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** Whether a raw value needs a shell: `$` or a backquote outside single quotes. */
function needsShell(raw: string): boolean {
	let single = false;
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i];
		if (c === "'") single = !single;
		else if (!single && c === '\\') i++;
		else if (!single && (c === '$' || c === '`')) return true;
	}
	return false;
}

/** Reads a defaults file: its assignments, and the lines that would need a shell. */
export function parseDefaultsFile(text: string): ParsedDefaults {
	const vars: Record<string, string> = {};
	const unparsed: ParsedDefaults['unparsed'] = [];
	text.split('\n').forEach((raw, index) => {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) return;
		const m = ASSIGNMENT.exec(raw);
		const words = m && !needsShell(m[2]) ? splitShellWords(m[2]) : undefined;
		if (!m || !words || words.length > 1) {
			unparsed.push({line: index + 1, text: line});
			return;
		}
		vars[m[1]] = words[0] ?? '';
	});
	return {vars, unparsed};
}

/** Renders assignments as a defaults file (values double-quoted, `"`, `\`, `$` and backquotes escaped). */
export function formatDefaultsFile(comment: string[], vars: Array<[string, string]>): string {
	const quote = (value: string) => `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
	return [...comment.map(line => `# ${line}`.trimEnd()), ...vars.map(([key, value]) => `${key}=${quote(value)}`), ''].join('\n');
}

/** Joins argv words for a defaults-file variable (words with spaces or quotes single-quoted). */
export function joinArgs(words: readonly string[]): string {
	return words.map(w => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)).join(' ');
}
