/**
"Did you mean" helpers for config keywords: edit distance with transpositions, a closest-match
picker with a length-aware threshold, and the lost-space split (`MASTERinterface` →
`MASTER interface`).
*/

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
	if (a === b) return 0;
	if (Math.abs(a.length - b.length) > max) return max + 1;
	const rows = a.length + 1;
	const cols = b.length + 1;
	let prevPrev = new Array<number>(cols).fill(0);
	let prev = Array.from({length: cols}, (_, j) => j);
	for (let i = 1; i < rows; i++) {
		const current = new Array<number>(cols).fill(0);
		current[0] = i;
		let rowMin = current[0];
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let value = Math.min(prev[j] + 1, current[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2] + 1);
			current[j] = value;
			if (value < rowMin) rowMin = value;
		}
		if (rowMin > max) return max + 1;
		prevPrev = prev;
		prev = current;
	}
	return prev[cols - 1];
}

/** How far a word may be from a candidate to still be suggested. */
const threshold = (word: string) => (word.length <= 3 ? 0 : word.length <= 5 ? 1 : word.length <= 12 ? 2 : 3);

/**
The closest candidate, or undefined when none is close enough. Case differences alone count as
one edit; ties go to the candidate that shares the longest prefix.
*/
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
	if (word === '' || word.length > 64) return undefined;
	const lower = word.toLowerCase();
	let best: string | undefined;
	let bestScore = Number.POSITIVE_INFINITY;
	const limit = threshold(word);
	for (const candidate of candidates) {
		if (candidate === word) continue;
		let score: number;
		if (candidate.toLowerCase() === lower) score = 0.5;
		else {
			const d = editDistance(lower, candidate.toLowerCase(), limit);
			if (d > limit || d > threshold(candidate)) continue;
			score = d;
		}
		const tie = score === bestScore && best !== undefined && commonPrefix(word, candidate) > commonPrefix(word, best);
		if (score < bestScore || tie) {
			best = candidate;
			bestScore = score;
		}
	}
	return best;
}

const commonPrefix = (a: string, b: string) => {
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	return i;
};

/**
Splits a word that swallowed the next keyword because a space or line break was lost
(`MASTERinterface`, `1authentication`, `TCPreal_server`): returns `[value, keyword, rest]` for the
earliest keyword (5+ characters) starting inside the word.
*/
export function splitGluedValue(word: string, keywords: Iterable<string>): {value: string; keyword: string; rest: string} | undefined {
	let best: {value: string; keyword: string; rest: string} | undefined;
	for (const keyword of keywords) {
		if (keyword.length < 5) continue;
		const at = word.indexOf(keyword, 1);
		if (at <= 0) continue;
		if (!best || at < best.value.length || (at === best.value.length && keyword.length > best.keyword.length)) {
			best = {value: word.slice(0, at), keyword, rest: word.slice(at + keyword.length)};
		}
	}
	return best;
}
