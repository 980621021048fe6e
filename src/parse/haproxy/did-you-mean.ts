const slot = (c: string): number => {
	const code = c.toLowerCase().charCodeAt(0);
	if (code >= 97 && code <= 122) return code - 96; // a..z → 1..26
	if (code >= 48 && code <= 57) return 27;
	return 28;
};

/** HAProxy's `make_word_fingerprint()`: character-presence marks plus counts of character-class transitions. */
function fingerprint(word: string): Map<number, number> {
	const fp = new Map<number, number>();
	const bump = (index: number) => fp.set(index, (fp.get(index) ?? 0) + 1);
	let from = 28;
	for (const c of word) {
		const to = slot(c);
		fp.set(to, 1);
		bump(32 * from + to);
		from = to;
	}
	bump(32 * from + 28);
	return fp;
}

function distance(a: Map<number, number>, b: Map<number, number>): number {
	let total = 0;
	for (const [k, v] of a) total += Math.abs(v - (b.get(k) ?? 0));
	for (const [k, v] of b) if (!a.has(k)) total += v;
	return total;
}

/**
The closest candidate to `word` by HAProxy's own fingerprint distance (tools.c, used for its
"did you mean '…' maybe ?" hints), or undefined when nothing is close enough.
*/
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
	if (word === '') return undefined;
	const target = fingerprint(word);
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		if (candidate === word) continue;
		const d = distance(target, fingerprint(candidate));
		if (d < bestDistance) {
			bestDistance = d;
			best = candidate;
		}
	}
	if (best === undefined) return undefined;
	if (bestDistance > 2 * word.length || bestDistance > 2 * best.length) return undefined;
	return best;
}
