/**
A small unified diff (`diff -u` format) of two texts, for the setup review: what a file is now and what
lbwiz would write. Line-based LCS; files are configs of a few hundred lines. Pure.
*/

export type DiffOptions = {
	/** name shown in the `---`/`+++` header */
	path?: string;
	/** unchanged lines around each change (default 3) */
	context?: number;
};

type Op = {kind: ' ' | '-' | '+'; line: string};

const splitLines = (text: string): string[] => {
	if (text === '') return [];
	const lines = text.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
};

/** The edit script from `a` to `b` (longest common subsequence; a plain replace for huge inputs). */
function editScript(a: string[], b: string[]): Op[] {
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const head: Op[] = a.slice(0, start).map(line => ({kind: ' ', line}));
	const tail: Op[] = a.slice(endA).map(line => ({kind: ' ', line}));
	const midA = a.slice(start, endA);
	const midB = b.slice(start, endB);
	const n = midA.length;
	const m = midB.length;
	if (n * m > 4_000_000) {
		return [...head, ...midA.map(line => ({kind: '-' as const, line})), ...midB.map(line => ({kind: '+' as const, line})), ...tail];
	}
	// lengths[i][j] = LCS of midA[i..] and midB[j..]
	const lengths = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lengths[i][j] = midA[i] === midB[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
		}
	}
	const mid: Op[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (midA[i] === midB[j]) {
			mid.push({kind: ' ', line: midA[i]});
			i++;
			j++;
		} else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
			mid.push({kind: '-', line: midA[i++]});
		} else {
			mid.push({kind: '+', line: midB[j++]});
		}
	}
	while (i < n) mid.push({kind: '-', line: midA[i++]});
	while (j < m) mid.push({kind: '+', line: midB[j++]});
	return [...head, ...mid, ...tail];
}

/**
The unified diff of `before` → `after` as lines (`--- a/path`, `+++ b/path`, `@@ -l,n +l,n @@`, then
` `/`-`/`+` lines); empty when the texts are equal. `before` undefined means the file does not exist.
*/
export function unifiedDiff(before: string | undefined, after: string, options: DiffOptions = {}): string[] {
	if (before === after) return [];
	const context = options.context ?? 3;
	const a = splitLines(before ?? '');
	const b = splitLines(after);
	const ops = editScript(a, b);
	const path = options.path ?? 'file';
	const out = [before === undefined ? '--- /dev/null' : `--- a${path.startsWith('/') ? '' : '/'}${path}`, `+++ b${path.startsWith('/') ? '' : '/'}${path}`];
	const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter(index => index >= 0);
	if (changed.length === 0) {
		// Only the final newline differs.
		out.push('@@ -1 +1 @@', '\\ No newline at end of file');
		return out;
	}
	// Group changes whose context windows touch into hunks.
	const hunks: Array<[number, number]> = [];
	for (const index of changed) {
		const from = Math.max(0, index - context);
		const to = Math.min(ops.length - 1, index + context);
		const last = hunks[hunks.length - 1];
		if (last && from <= last[1] + 1) last[1] = to;
		else hunks.push([from, to]);
	}
	for (const [from, to] of hunks) {
		let lineA = 1;
		let lineB = 1;
		for (let k = 0; k < from; k++) {
			if (ops[k].kind !== '+') lineA++;
			if (ops[k].kind !== '-') lineB++;
		}
		const slice = ops.slice(from, to + 1);
		const countA = slice.filter(op => op.kind !== '+').length;
		const countB = slice.filter(op => op.kind !== '-').length;
		const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);
		out.push(`@@ -${range(lineA, countA)} +${range(lineB, countB)} @@`);
		for (const op of slice) out.push(`${op.kind}${op.line}`);
	}
	return out;
}

/** Counts of added and removed lines of a diff made by unifiedDiff. */
export function diffStat(diff: readonly string[]): {added: number; removed: number} {
	let added = 0;
	let removed = 0;
	for (const line of diff.slice(2)) {
		if (line.startsWith('+')) added++;
		else if (line.startsWith('-')) removed++;
	}
	return {added, removed};
}
