/** What `.if` conditions are evaluated against. */
export type ConditionContext = {
	/** HAProxy version, e.g. '2.6.12' */
	version: string;
	/** names that `haproxy -vv` lists with a '+' in its feature list */
	features: ReadonlySet<string>;
	/** environment variables known to be set */
	env: Readonly<Record<string, string>>;
};

/** The feature list of the Debian 12 HAProxy 2.6.12 build (`haproxy -vv`, '+' entries). */
export const DEBIAN_26_FEATURES: ReadonlySet<string> = new Set([
	'ACCEPT4', 'BACKTRACE', 'CPU_AFFINITY', 'CRYPT_H', 'DL', 'EPOLL', 'GETADDRINFO', 'LIBCRYPT', 'LINUX_SPLICE',
	'LINUX_TPROXY', 'LUA', 'NETFILTER', 'NS', 'OPENSSL', 'OT', 'PCRE2', 'PCRE2_JIT', 'POLL', 'PRCTL', 'PROMEX',
	'RT', 'SLZ', 'SYSTEMD', 'TFO', 'THREAD', 'THREAD_DUMP', 'TPROXY',
]);

/** Compares HAProxy version strings the way `version_atleast()` does (missing parts are zero; `-devN` sorts before the release). */
export function compareHaproxyVersions(a: string, b: string): number {
	const parse = (v: string) => {
		const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-(dev|pre|rc)?(\d+)?)?/.exec(v.trim());
		if (!m) return [0, 0, 0, 3, 0];
		const stage = m[4] === 'dev' ? 0 : m[4] === 'pre' ? 1 : m[4] === 'rc' ? 2 : 3;
		return [Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3] ?? 0), stage, Number(m[5] ?? 0)];
	};
	const x = parse(a);
	const y = parse(b);
	for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
	return 0;
}

/**
Evaluates a `.if`/`.elif` condition (the words after the directive, already unquoted). Returns
`undefined` with an error message when the expression cannot be parsed.
*/
export function evaluateCondition(words: readonly string[], context: ConditionContext): {value?: boolean; error?: string} {
	const source = words.join(' ').trim();
	if (source === '') return {value: false};
	let pos = 0;
	const skip = () => {
		while (pos < source.length && /\s/.test(source[pos])) pos++;
	};
	const fail = (message: string): never => {
		throw new ConditionError(message);
	};
	const term = (): boolean => {
		skip();
		if (source[pos] === '!') {
			pos++;
			return !term();
		}
		if (source[pos] === '(') {
			pos++;
			const value = orExpression();
			skip();
			if (source[pos] !== ')') fail(`expected ')' at position ${pos + 1}`);
			pos++;
			return value;
		}
		const m = /^[\w.-]+/.exec(source.slice(pos));
		if (!m) fail(`unparsable conditional expression '${source.slice(pos)}'`);
		const name = m![0];
		pos += name.length;
		if (source[pos] !== '(') {
			if (/^-?\d+$/.test(name)) return Number(name) !== 0;
			// a plain word (e.g. an expanded variable) is true when it is a non-zero integer
			return false;
		}
		pos++;
		const args: string[] = [];
		let current = '';
		let quote: string | undefined;
		while (pos < source.length) {
			const c = source[pos];
			if (quote) {
				if (c === quote) quote = undefined;
				else current += c;
			} else if (c === '"' || c === "'") {
				quote = c;
			} else if (c === ',') {
				args.push(current);
				current = '';
			} else if (c === ')') {
				break;
			} else {
				current += c;
			}
			pos++;
		}
		if (source[pos] !== ')') fail(`missing closing ')' after '${name}('`);
		pos++;
		args.push(current);
		switch (name) {
			case 'defined':
				return Object.hasOwn(context.env, args[0].trim());
			case 'feature':
				return context.features.has(args[0].trim());
			case 'streq':
				return args[0] === args[1];
			case 'strneq':
				return args[0] !== args[1];
			case 'version_atleast':
				return compareHaproxyVersions(context.version, args[0]) >= 0;
			case 'version_before':
				return compareHaproxyVersions(context.version, args[0]) < 0;
			default:
				return fail(`unknown predicate '${name}'`);
		}
	};
	const andExpression = (): boolean => {
		let value = term();
		skip();
		while (source.startsWith('&&', pos)) {
			pos += 2;
			const right = term();
			value = value && right;
			skip();
		}
		return value;
	};
	const orExpression = (): boolean => {
		let value = andExpression();
		skip();
		while (source.startsWith('||', pos)) {
			pos += 2;
			const right = andExpression();
			value = value || right;
			skip();
		}
		return value;
	};
	try {
		const value = orExpression();
		skip();
		if (pos < source.length) return {error: `unparsable conditional expression '${source.slice(pos)}'`};
		return {value};
	} catch (error) {
		if (error instanceof ConditionError) return {error: error.message};
		return {error: String(error)};
	}
}

class ConditionError extends Error {}
