/** The fallback size of a terminal that reports none. */
export const DEFAULT_SCREEN = {columns: 80, rows: 24} as const;

/**
The size screens are laid out in: `size` when given (tests), else the terminal's. A terminal that reports
0 or no columns/rows (serial consoles, `script` or ssh ptys without a size) counts as 80×24.
@example
screenSize({columns: 0, rows: 0}) // {columns: 80, rows: 24}
*/
export function screenSize(stdout: {columns?: number; rows?: number}, size?: {columns: number; rows: number}): {columns: number; rows: number} {
	return {columns: size?.columns ?? (stdout.columns || DEFAULT_SCREEN.columns), rows: size?.rows ?? (stdout.rows || DEFAULT_SCREEN.rows)};
}

/**
Makes a terminal that reports 0 or no columns/rows (serial consoles, ptys without a size) report 80×24
while Ink draws on it: Ink lays out to `stdout.columns` (and, when that is 0, to `stty size`, 0 too) and
would draw nothing. Returns what puts the reported size back.
*/
export function assumeScreenSize(stdout: {columns?: number; rows?: number}): () => void {
	const {columns, rows} = stdout;
	if (columns && rows) return () => {};
	Object.assign(stdout, screenSize(stdout));
	return () => {
		Object.assign(stdout, {columns, rows});
	};
}
