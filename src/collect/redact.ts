/**
Secrets never reach a bundle, report or log in clear (unless --no-redact): every place a tool or a
config file prints one is replaced by a stable fingerprint token

  lbwiz-redacted:<hmac-sha256(secret), 12 hex>:<length>:<hmac-sha256(first 8 chars), 12 hex>

keyed with a constant (not per bundle), so equal secrets give equal tokens on every host and in
every run: "both nodes use the same auth_pass" stays decidable, and so does "they agree on the wire"
(VRRPv2 PASS compares only the first 8 characters). Parsers turn tokens back into `SecretRef`s.
Short secrets can be guessed from a fingerprint by brute force: the token proves equality, it is
not encryption.
*/
import {createHmac} from 'node:crypto';
import type {SecretRef} from './types.js';

const KEY = 'lbwiz secret fingerprint v1';
const TOKEN = /lbwiz-redacted:([0-9a-f]{12}):(\d+):([0-9a-f]{12})/;
const TOKEN_ONLY = new RegExp(`^${TOKEN.source}$`);

const hmac12 = (value: string) => createHmac('sha256', KEY).update(value, 'utf8').digest('hex').slice(0, 12);

/** The fingerprint of a secret (no value). */
export function fingerprintSecret(value: string): SecretRef {
	return {fingerprint: hmac12(value), length: [...value].length, fingerprint8: hmac12([...value].slice(0, 8).join(''))};
}

/** The token that stands for a secret in redacted text. */
export function secretToken(value: string): string {
	const ref = fingerprintSecret(value);
	return `lbwiz-redacted:${ref.fingerprint}:${ref.length}:${ref.fingerprint8}`;
}

/** Every redaction token in a text (global: use with matchAll / replace). */
export const REDACTED_TOKEN_RE = /lbwiz-redacted:[0-9a-f]{12}:\d+:[0-9a-f]{12}/g;

/** The token for a value (the same function collection uses; for report-level `--redact` patterns). */
export function fingerprint(value: string): string {
	return secretToken(value);
}

/** Whether a string is exactly one redaction token. */
export function isSecretToken(text: string): boolean {
	return TOKEN_ONLY.test(text);
}

/** A token read back as a SecretRef; undefined when `text` is not a token. */
export function parseSecretToken(text: string): SecretRef | undefined {
	const m = TOKEN_ONLY.exec(text.trim());
	return m ? {fingerprint: m[1], length: Number(m[2]), fingerprint8: m[3]} : undefined;
}

/**
What parsers store for a secret they read: from a token (redacted text) its fingerprints; from a
clear value (text collected with --no-redact) the fingerprints plus the value itself.
*/
export function secretRef(textValue: string): SecretRef {
	return parseSecretToken(textValue) ?? {...fingerprintSecret(textValue), value: textValue};
}

/**
A config value (`auth_pass …`, `stats auth user:…`) as a SecretRef: from a token its fingerprints,
from clear text (a --no-redact bundle) fingerprints plus value; undefined for an empty value. The
fingerprint is deterministic (constant key), so a well-known password is recognised by comparing
with `fingerprintSecret('admin')`.
*/
export function secretRefFromToken(value: string | undefined): SecretRef | undefined {
	if (value === undefined || value === '') return undefined;
	return secretRef(value);
}

/** A SecretRef without its clear value (what a redacted bundle keeps). */
export function withoutValue(ref: SecretRef): SecretRef {
	const {value: _value, ...rest} = ref;
	return rest;
}

/** A place secrets appear: four capture groups, (lead)(prefix)(secret)(tail). */
type Rule = {name: string; pattern: RegExp};

/** Where secrets appear, by tool; in each pattern the third group is the secret. */
export const REDACTION_RULES: readonly Rule[] = [
	// keepalived.conf: `auth_pass secret` or `auth_pass "a secret"`
	{name: 'keepalived auth_pass (quoted)', pattern: /(^|[\s{])(auth_pass\s+")((?:[^"\\\n]|\\.)*)(")/gm},
	// keepalived ends a word at '#' or '!' (a comment; checked with 2.2.7: `auth_pass Kp4ss!x9` is
	// `Kp4ss`): the token stands for what keepalived uses, the rest of the word gets its own token
	{name: 'keepalived auth_pass', pattern: /(^|[\s{])(auth_pass[ \t]+)([^\s"#!{}][^\s#!{}]*)((?:[#!]\S*)?)/gm},
	// keepalived.data (SIGUSR1): `   Password = secret` (clear text up to 2.3.4)
	{name: 'keepalived.data Password', pattern: /(^)([ \t]*Password = )(.*?)([ \t]*)$/gm},
	// tcpdump -v: `auth "secret"` (print-vrrp.c prints the PASS password)
	{name: 'tcpdump VRRP auth', pattern: /(\b)(auth ")((?:[^"\\\n]|\\.)*)(")/g},
	// haproxy.cfg: `stats auth user:password`
	{name: 'haproxy stats auth', pattern: /(^|\s)(stats[ \t]+auth[ \t]+[^:\s]*:)(\S+)()/gm},
	// haproxy.cfg userlist: `user NAME password HASH` / `user NAME insecure-password PASS`
	{name: 'haproxy userlist password', pattern: /(^|\s)(user[ \t]+\S+[ \t]+(?:insecure-)?password[ \t]+)(\S+)()/gm},
	// snmpd.conf communities (also printed by sos-like dumps)
	{name: 'SNMP community', pattern: /(^)([ \t]*(?:ro|rw)community6?[ \t]+)(\S+)()/gm},
	{name: 'SNMP com2sec community', pattern: /(^)([ \t]*com2sec6?[ \t]+(?:-Cn[ \t]+\S+[ \t]+)?\S+[ \t]+\S+[ \t]+)(\S+)()/gm},
	// credentials in URLs (`http://user:secret@host/`) and HTTP basic auth headers
	{name: 'URL credentials', pattern: /()(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi},
	{name: 'Authorization header', pattern: /(^|\s)(Authorization:[ \t]*(?:Basic|Bearer)[ \t]+)(\S+)()/gim},
	// YAML / JSON secrets (a topology file, `auth_pass: x`, `"password": "x"`)
	{name: 'yaml secret', pattern: /(^|[\s{,])((?:auth_pass|password|community)[ \t]*:[ \t]*)((?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#,}][^\n#,}]*?))([ \t]*(?=$|[#,}]))/gm},
];

const PRIVATE_KEY = /(-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----)([\s\S]*?)(-----END \2PRIVATE KEY-----)/g;

const unquote = (value: string) => (/^"(.*)"$/s.test(value) || /^'(.*)'$/s.test(value) ? value.slice(1, -1) : value);

/**
Redacts one text. Values already redacted are left alone; `found` collects the clear secrets seen
(for the bundle-wide sweep). Returns the text unchanged when `enabled` is false.
*/
export function redactText(text: string, options: {enabled?: boolean; found?: Set<string>} = {}): string {
	if (options.enabled === false || text === '') return text;
	let out = text.replace(PRIVATE_KEY, (_all, begin: string, _kind: string, body: string, end: string) => {
		if (isSecretToken(body.trim())) return `${begin}${body}${end}`;
		options.found?.add(body.trim());
		return `${begin}\n${secretToken(body.trim())}\n${end}`;
	});
	for (const rule of REDACTION_RULES) {
		out = out.replace(rule.pattern, (...m: string[]) => {
			const [lead, prefix, raw, tail] = [m[1], m[2], m[3], m[4]];
			const quoted = rule.name === 'yaml secret' && /^(["']).*\1$/s.test(raw);
			const value = rule.name === 'yaml secret' ? unquote(raw) : raw;
			if (value === '' || isSecretToken(value)) return m[0];
			options.found?.add(value);
			const token = secretToken(value);
			// a comment glued to a keepalived password is the rest of what the operator typed: hide it too
			const rest = rule.name === 'keepalived auth_pass' && tail.length > 1 && !isSecretToken(tail.slice(1)) ? `${tail[0]}${secretToken(tail.slice(1))}` : tail;
			return `${lead}${prefix}${quoted ? `${raw[0]}${token}${raw[0]}` : token}${rest}`;
		});
	}
	return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
The safety net: replaces every other standalone occurrence of a known secret (found by the rules
anywhere in the bundle) with its token. Secrets shorter than `minLength` are skipped: "1111" would
also match counters (the rules above still redact them where tools print them).
*/
export function sweepSecrets(text: string, secrets: Iterable<string>, minLength = 6): string {
	let out = text;
	for (const secret of [...secrets].filter(s => s.length >= minLength).sort((a, b) => b.length - a.length)) {
		if (!out.includes(secret)) continue;
		out = out.replace(new RegExp(`(?<![\\w-])${escapeRe(secret)}(?![\\w-])`, 'g'), secretToken(secret));
	}
	return out;
}

/** Applies `fn` to every string in a JSON-like value (objects and arrays are copied). */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
	if (typeof value === 'string') return fn(value) as T;
	if (Array.isArray(value)) return value.map(v => mapStrings(v, fn)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'value' && isSecretRefLike(value) ? v : mapStrings(v, fn)])) as T;
	}
	return value;
}

const isSecretRefLike = (o: object) => 'fingerprint' in o && 'fingerprint8' in o;

/** Drops clear values from every SecretRef inside a value (used when a bundle is redacted). */
export function stripSecretValues<T>(value: T): T {
	if (Array.isArray(value)) return value.map(stripSecretValues) as T;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(([k]) => !(k === 'value' && isSecretRefLike(value)));
		return Object.fromEntries(entries.map(([k, v]) => [k, stripSecretValues(v)])) as T;
	}
	return value;
}
