/**
Report-level redaction: the last line of defence before a report leaves the machine. A bundle collected
with `--no-redact` (or evidence a collector did not clean) may still hold auth_pass values, stats
passwords, SNMP communities or private keys. `redactReport` applies collection's own rules
(src/collect/redact.ts) to every string of the report, sweeps every secret they found out of the rest of
the report (a password quoted in a message), adds the few places only a report shows (URL credentials,
`Authorization:` headers, `curl -u user:pass`), and fingerprints whatever the user's `--redact REGEX`
patterns match. Tokens are collection's (`lbwiz-redacted:<fp>:<len>:<fp8>`), so equal secrets look equal
in a bundle and in every report; tokens already present are never touched.
*/
import type {DoctorReport} from '../doctor/report-model.js';
import {isSecretToken, redactText, secretToken, stripSecretValues, sweepSecrets} from '../collect/redact.js';

/** How a report treats secrets. Redaction is on unless `redact: false` or `noRedact: true`. */
export type RedactOptions = {
	/** Built-in secret rules (auth_pass, stats auth, SNMP communities, keys…). Default true. */
	redact?: boolean;
	/** Same as `redact: false` (the CLI's `--no-redact`). */
	noRedact?: boolean;
	/**
	Extra patterns (`--redact REGEX`, repeatable). The whole match is replaced, or only the first capture
	group when the pattern has one. Applied even with `noRedact`: the user asked for them explicitly.
	*/
	extraRedact?: RegExp[];
	/** Clear secret values known to the caller (e.g. the SecretRef values of a bundle): swept everywhere. */
	secrets?: string[];
};

/** One redaction token as written by src/collect/redact.ts `secretToken`. */
export const REDACTED_TOKEN_RE = /lbwiz-redacted:[0-9a-f]{12}:\d+:[0-9a-f]{12}/g;

/** Places only a report shows; group `v` is the secret. */
const REPORT_RULES: RegExp[] = [
	/\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(?<v>[^\s@/]+)@/gi,
	/\b(?:Proxy-)?Authorization:[ \t]*\w+[ \t]+(?<v>[^\s"']+)/gi,
];

/** argv flags whose next word is `user:password` (curl, wget) or a bare password. */
const ARGV_SECRET_FLAGS: Record<string, 'userpass' | 'secret'> = {'-u': 'userpass', '--user': 'userpass', '--proxy-user': 'userpass', '-U': 'userpass', '--password': 'secret', '--http-password': 'secret'};

const MIN_SWEEP = 4;

/**
Placeholders in prose (`stats auth admin:<new password>`, `admin:…`) match the secret rules but hide
nothing; their tokens are turned back into the placeholder outside evidence output.
*/
const PLACEHOLDER = /<[^\s<>]*>?|…|\.{3}|\*{3,}/g;
const isPlaceholder = (value: string) => value.replace(PLACEHOLDER, '') === '';

function restorePlaceholders(original: string, redacted: string): string {
	let out = redacted;
	for (const [placeholder] of original.matchAll(PLACEHOLDER)) out = out.replaceAll(secretToken(placeholder), placeholder);
	return out;
}

/** Applies `transform` to the parts of `text` that are not redaction tokens. */
function outsideTokens(text: string, transform: (part: string) => string): string {
	if (!text.includes('lbwiz-redacted:')) return transform(text);
	let out = '';
	let last = 0;
	for (const match of text.matchAll(REDACTED_TOKEN_RE)) {
		out += transform(text.slice(last, match.index)) + match[0];
		last = match.index + match[0].length;
	}
	return out + transform(text.slice(last));
}

const withIndices = new WeakMap<RegExp, RegExp>();

/** The span of group `v` (or group 1, or the whole match) of every non-empty match of `re` in `text`. */
function* secretSpans(text: string, re: RegExp): Generator<[number, number]> {
	let compiled = withIndices.get(re);
	if (!compiled) {
		compiled = new RegExp(re.source, [...new Set(`${re.flags}gd`)].join(''));
		withIndices.set(re, compiled);
	}
	for (const match of text.matchAll(compiled)) {
		const span = match.indices?.groups?.v ?? match.indices?.[1] ?? match.indices?.[0];
		if (match[0] !== '' && span && span[1] > span[0]) yield span;
	}
}

function replaceSpans(text: string, re: RegExp, replace: (value: string) => string): string {
	let out = '';
	let last = 0;
	for (const [start, end] of secretSpans(text, re)) {
		out += text.slice(last, start) + replace(text.slice(start, end));
		last = end;
	}
	return out + text.slice(last);
}

/**
Fields the doctor writes in prose from check templates (titles, messages, explanations, fix texts):
keyword rules would misread them (`auth_pass on every advert` is no password), so they only get the
sweep of secrets found elsewhere, the report-only rules and the user's patterns.
*/
function isProse(path: readonly string[]): boolean {
	const [section, , field, , sub] = path;
	if (section === 'findings') {
		if (field === 'title' || field === 'message' || field === 'explanation' || field === 'doc') return path.length === 3;
		if (field === 'fix') return path.length === 5 && (sub === 'description' || sub === 'change');
		if (field === 'evidence') return path.length === 5 && sub === 'note';
		return false;
	}
	if (section === 'skipped') return field === 'reason';
	return section === 'errors';
}

function visitStrings(value: unknown, visit: (text: string, path: string[]) => void, path: string[] = []): void {
	if (typeof value === 'string') visit(value, path);
	else if (Array.isArray(value)) value.forEach((item, index) => visitStrings(item, visit, [...path, String(index)]));
	else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) visitStrings(item, visit, [...path, key]);
}

function mapStringsAt<T>(value: T, map: (text: string, path: string[]) => string, path: string[] = []): T {
	if (typeof value === 'string') return map(value, path) as T;
	if (Array.isArray(value)) return value.map((item, index) => mapStringsAt(item, map, [...path, String(index)])) as T;
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStringsAt(item, map, [...path, key])])) as T;
	return value;
}

/** Every argv in a report: evidence commands and fix commands. */
const argvsOf = (report: DoctorReport): string[][] => [
	...Object.values(report.evidence ?? {}).map(evidence => evidence.argv ?? []),
	...(report.findings ?? []).flatMap(finding => (finding.fix ?? []).flatMap(fix => fix.commands ?? [])),
];

/**
Returns a copy of `report` with secrets replaced by fingerprint tokens (see the module comment). The
input is not modified. With `noRedact` and no `extraRedact` it returns the report unchanged.
*/
export function redactReport(report: DoctorReport, options: RedactOptions = {}): DoctorReport {
	const builtin = options.redact !== false && options.noRedact !== true;
	const extra = options.extraRedact ?? [];
	if (!builtin && extra.length === 0) return report;
	let out = report;
	if (builtin) {
		const found = new Set<string>((options.secrets ?? []).filter(secret => secret !== '' && !isSecretToken(secret)));
		const learn = (value: string) => {
			if (value !== '' && !isSecretToken(value)) found.add(value);
		};
		visitStrings(report, (text, path) => {
			if (isProse(path)) return;
			redactText(text, {found});
			for (const re of REPORT_RULES) for (const [start, end] of secretSpans(text, re)) learn(text.slice(start, end));
		});
		for (const value of found) if (isPlaceholder(value)) found.delete(value);
		for (const argv of argvsOf(report)) {
			argv.forEach((word, index) => {
				const kind = ARGV_SECRET_FLAGS[argv[index - 1] ?? ''];
				if (kind === 'secret') learn(word);
				if (kind === 'userpass' && word.includes(':')) learn(word.slice(word.indexOf(':') + 1));
			});
		}
		const reportRules = (text: string) => REPORT_RULES.reduce((clean, re) => outsideTokens(clean, part => replaceSpans(part, re, secretToken)), text);
		const sweep = (text: string) => outsideTokens(text, part => sweepSecrets(part, found, MIN_SWEEP));
		out = mapStringsAt(stripSecretValues(out), (text, path) =>
			isProse(path) ? restorePlaceholders(text, sweep(reportRules(text))) : sweep(reportRules(redactText(text, {}))),
		);
	}
	if (extra.length > 0) {
		out = mapStringsAt(out, text => extra.reduce((clean, re) => outsideTokens(clean, part => replaceSpans(part, re, secretToken)), text));
	}
	return out;
}

/**
Clear secret values a bundle carries, to pass as `RedactOptions.secrets`: SecretRef `value`s and
whatever collection's rules find in its texts (both only exist in a bundle collected with
`--no-redact`; a redacted bundle gives none).
*/
export function secretsOf(bundle: unknown): string[] {
	const found = new Set<string>();
	const walk = (value: unknown): void => {
		if (typeof value === 'string') redactText(value, {found});
		else if (Array.isArray(value)) value.forEach(walk);
		else if (value && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			if (typeof record.fingerprint === 'string' && typeof record.value === 'string' && record.value !== '') found.add(record.value);
			Object.values(record).forEach(walk);
		}
	};
	walk(bundle);
	return [...found].filter(value => value !== '' && !isSecretToken(value) && !isPlaceholder(value));
}

/**
Compiles a `--redact` argument, `PATTERN` or `/PATTERN/FLAGS`. Throws an Error that names the problem
for an invalid pattern or one that matches the empty string.
*/
export function compileRedactPattern(source: string): RegExp {
	const literal = /^\/(.+)\/([a-z]*)$/s.exec(source);
	const [pattern, flags] = literal ? [literal[1], literal[2]] : [source, ''];
	let re: RegExp;
	try {
		re = new RegExp(pattern, [...new Set(`${flags}g`)].join(''));
	} catch (error) {
		throw new Error(`--redact ${JSON.stringify(source)}: not a valid regular expression (${(error as Error).message})`);
	}
	if (new RegExp(re.source, re.flags.replace('g', '')).test('')) {
		throw new Error(`--redact ${JSON.stringify(source)}: the pattern matches the empty string; give one that matches the secret itself`);
	}
	return re;
}
