/** One linter finding, printed as `file:line:col: severity code message`. */
export type Diagnostic = {
	file: string;
	line: number; // 1-based
	column: number; // 1-based
	severity: 'error' | 'warning' | 'info';
	code: string; // e.g. 'keepalived/unknown-keyword', 'haproxy/default-stats-credentials'
	message: string;
	/** did-you-mean replacement, when known */
	suggestion?: string;
};

export const formatDiagnostic = (d: Diagnostic): string =>
	`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}${d.suggestion ? ` (did you mean '${d.suggestion}'?)` : ''}`;
