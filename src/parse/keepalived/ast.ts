/**
The keepalived.conf syntax tree. Every node keeps the file, line and column it came from, so
diagnostics, the doctor's evidence and `lbwiz import` warnings can point at the exact word.
*/

/** A place in a source file: 1-based line and column (a tab counts as one column). */
export type SourcePos = {file: string; line: number; column: number};

/** One word of a statement, quotes removed. */
export type KaToken = {
	text: string;
	/** written between double quotes */
	quoted: boolean;
	pos: SourcePos;
	/** set when the word came from a `$NAME` substitution: the parameter's name */
	param?: string;
};

/**
One keyword line, e.g. `priority 100`, or a block header with its block, e.g.
`vrrp_instance VI_1 { … }`. Braces are split off the way keepalived does it, so
`track_script { chk }` is a statement with one child statement `chk`.
*/
export type KaStatement = {
	/** the first word ('' for a stray `{ … }` block without a keyword) */
	keyword: string;
	keywordToken?: KaToken;
	args: KaToken[];
	pos: SourcePos;
	block?: KaBlock;
	/** the `@id` the line was conditional on, when it had one and it applied */
	condition?: string;
	/** set when the statement came out of a multi-line `$NAME` expansion */
	expandedFrom?: {param: string; defined?: SourcePos};
};

/** A `{ … }` block: where it opens and closes (`close` is missing when it never closes). */
export type KaBlock = {open: SourcePos; close?: SourcePos; children: KaStatement[]};

/** One file that was read (the main file first, then includes in the order keepalived reads them). */
export type KaFile = {
	path: string;
	/** the `include` statement that pulled it in */
	includedFrom?: SourcePos;
	lines: number;
	crlf: boolean;
	finalNewline: boolean;
};

/** A `$NAME=value` parameter definition. */
export type KaParam = {name: string; value: string; multiline: boolean; pos: SourcePos};

/** The whole parsed configuration. */
export type KeepalivedAst = {
	/** the main file */
	file: string;
	files: KaFile[];
	statements: KaStatement[];
	/** parameters as defined at the end of the configuration */
	params: KaParam[];
	/** `@id` values that guarded lines which were skipped (no --config-id matched) */
	skippedConditions: string[];
};
