/**
POSIX shell quoting: the only place lbwiz builds a shell string (for ssh, whose remote side always
runs the command through the login shell). Single quotes work in dash, ash, bash and ksh; zx's
`quote()` emits bash-only `$'…'` and must not be used for this.
*/

const SAFE = /^[\w@%+=:,./-]+$/;

/** Quotes one word so a POSIX shell reads it back verbatim (newlines, `$()`, quotes, empty string). */
export function shQuote(word: string): string {
	if (word !== '' && SAFE.test(word)) return word;
	return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Quotes and joins an argv into one command line for a POSIX shell. */
export function shJoin(argv: readonly string[]): string {
	// A first word such as `A=b` would be read as a variable assignment: quote it.
	return argv.map((word, i) => (i === 0 && word.includes('=') ? `'${word.replaceAll("'", `'\\''`)}'` : shQuote(word))).join(' ');
}
