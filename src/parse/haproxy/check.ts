import type {Diagnostic} from '../../lint/diagnostic.js';
import {parseAddress, parseTime, splitAddressList, type AddressContext} from './address.js';
import type {HaproxyAst, Section, Statement} from './ast.js';
import {didYouMean} from './did-you-mean.js';
import {
	BALANCE_ALGORITHMS, BIND_FLAGS, BIND_OPTIONS, GLOBAL_BUILD_DEPENDENT, GLOBAL_KEYWORDS, GLOBAL_REGISTERED_KEYWORDS, GLOBAL_STATS_KEYWORDS,
	HTTP_ACTIONS, NEGATABLE_OPTIONS, NEWER_KEYWORDS, NEWER_SECTIONS, PROXY_GROUPS, PROXY_KEYWORDS, PROXY_TIMEOUTS,
	REMOVED_KEYWORDS, SECTION_KEYWORDS, SERVER_FLAGS, SERVER_OPTIONS,
} from './keywords.js';
import type {Word} from './lexer.js';
import {checkAclCriterion, checkLogFormat, conditionTerms, PREDEFINED_ACLS} from './sample.js';

/** Characters HAProxy accepts in proxy, ACL and server names (`invalid_char()`). */
const NAME_CHAR = /^[A-Za-z0-9_.:-]$/;

/** The first character HAProxy refuses in a name, if any. */
export function invalidNameChar(name: string): string | undefined {
	for (const c of name) if (!NAME_CHAR.test(c)) return c;
	return undefined;
}

const LOG_FACILITIES = new Set([
	'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'auth2', 'ftp', 'ntp', 'audit',
	'alert', 'cron2', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
]);

/** Global keywords that take no argument. */
const GLOBAL_FLAGS = new Set([
	'daemon', 'quiet', 'zero-warning', 'noepoll', 'nopoll', 'nosplice', 'nogetaddrinfo', 'noreuseport', 'noevports',
	'nokqueue', 'insecure-fork-wanted', 'insecure-setuid-wanted', 'set-dumpable', 'strict-limits', 'pp2-never-send-local',
	'no-memory-trimming', 'expose-experimental-directives', 'busy-polling', 'h2-workaround-bogus-websocket-clients',
	'ssl-skip-self-issued-ca', 'numa-cpu-mapping', 'h1-accept-payload-with-any-method',
]);

/** Global keywords in the order HAProxy's did-you-mean scans them (registered lists first). */
const GLOBAL_SUGGESTIONS = [...new Set([...GLOBAL_REGISTERED_KEYWORDS, ...GLOBAL_KEYWORDS])];

const PROXY_LETTER: Record<string, string> = {frontend: 'f', listen: 'l', backend: 'b'};
const FIRST_WORDS = [...new Set(Object.keys(PROXY_KEYWORDS).map(k => k.split(' ')[0]))];
const OPTION_NAMES = Object.keys(PROXY_KEYWORDS).filter(k => k.startsWith('option ')).map(k => k.slice(7));
const STATS_NAMES = Object.keys(PROXY_KEYWORDS).filter(k => k.startsWith('stats ')).map(k => k.slice(6));
/** Capability failures that are fatal (others are ignored with a warning). */
const FATAL_CAPABILITY = new Set(['server', 'server-template', 'bind']);

type Report = (at: {line: number; column: number}, severity: Diagnostic['severity'], code: string, message: string, suggestion?: string) => void;

/**
Checks every statement the way HAProxy 2.6 parses it: section headers and names, unknown, removed and
newer-than-2.6 keywords (with a did-you-mean), keywords used in the wrong section, addresses and
ports, bind/server options, timeouts, balance algorithms, log facilities, sample expressions and
ACL references. Returns diagnostics; never throws.
*/
export function checkHaproxyAst(ast: HaproxyAst): Diagnostic[] {
	const diagnostics: Diagnostic[] = [];
	const report: Report = (at, severity, code, message, suggestion) => {
		const d: Diagnostic = {file: ast.file, line: at.line, column: at.column, severity, code, message};
		if (suggestion) d.suggestion = suggestion;
		diagnostics.push(d);
	};
	for (const s of ast.orphans) {
		report(s, 'error', 'haproxy/out-of-section', `unknown keyword '${s.keyword}' out of section.`);
	}
	const defaultsNames = new Map<string, Section>();
	for (const section of ast.sections) {
		try {
			checkSection(section, report, defaultsNames);
		} catch (error) {
			report(section.header, 'error', 'haproxy/internal', `internal error while checking this section: ${String(error)}`);
		}
		if (section.type === 'defaults' && section.name) defaultsNames.set(section.name, section);
	}
	return diagnostics;
}

function checkSection(section: Section, report: Report, defaultsNames: Map<string, Section>) {
	const header = section.header;
	const type = section.type;
	const since = NEWER_SECTIONS[type];
	if (since) {
		report(header, 'error', 'haproxy/newer-keyword', `unknown keyword '${type}': '${type}' sections were added in HAProxy ${since}; HAProxy 2.6 does not know them and rejects every line of this section`);
		return;
	}
	checkHeader(section, report, defaultsNames);
	switch (type) {
		case 'global':
			for (const s of section.statements) checkGlobalStatement(s, report);
			break;
		case 'defaults':
		case 'frontend':
		case 'backend':
		case 'listen': {
			const acls = new Set<string>();
			for (const s of section.statements) checkProxyStatement(s, section, report, acls);
			break;
		}
		default: {
			const known = SECTION_KEYWORDS[type];
			if (!known) return;
			const label = type === 'userlist' ? 'users' : type;
			for (const s of section.statements) {
				if (!known.has(s.keyword)) {
					reportUnknownKeyword(s, s.keyword, label, known, report);
					continue;
				}
				checkSmallSectionStatement(s, type, report);
			}
		}
	}
}

function checkHeader(section: Section, report: Report, defaultsNames: Map<string, Section>) {
	const {header, type} = section;
	const args = header.args;
	if (type === 'global') {
		if (args[0]) report(args[0], 'error', 'haproxy/unexpected-argument', `'global' cannot handle unexpected argument '${args[0].text}'.`);
		return;
	}
	const isProxy = type === 'frontend' || type === 'backend' || type === 'listen';
	if (type === 'defaults' || isProxy) {
		const name = section.name;
		if (isProxy && (name === undefined || name === '')) {
			report(header, 'error', 'haproxy/missing-name', `'${type}' expects an <id> argument`);
			return;
		}
		if (name !== undefined) {
			const bad = invalidNameChar(name);
			if (bad !== undefined) report(args[0], 'error', 'haproxy/invalid-name', `character '${bad}' is not permitted in '${type}' name '${name}'.`);
		}
		const fromIndex = args.findIndex(w => w.text === 'from');
		const extra = args.slice(name === undefined ? 0 : 1).filter((_, i, all) => !(all[i].text === 'from' || (i > 0 && all[i - 1].text === 'from')));
		if (fromIndex >= 0 && args[fromIndex + 1] === undefined) {
			report(args[fromIndex], 'error', 'haproxy/syntax', `'from' expects the name of a defaults section`);
		}
		if (extra.length > 0) {
			if (type === 'listen' || type === 'frontend') {
				report(extra[0], 'error', 'haproxy/listen-address', "please use the 'bind' keyword for listening addresses.");
			} else if (type === 'defaults') {
				report(extra[0], 'warning', 'haproxy/unexpected-argument', `'defaults' ignores the unexpected argument '${extra[0].text}' (only 'defaults [<name>] [from <defaults>]' is read); put it on its own line`);
			} else {
				report(extra[0], 'error', 'haproxy/unexpected-argument', `'${type}' cannot handle unexpected argument '${extra[0].text}'.`);
			}
		}
		if (section.from !== undefined && !defaultsNames.has(section.from)) {
			report(args[fromIndex + 1] ?? header, 'error', 'haproxy/unknown-defaults', `defaults section '${section.from}' not found for ${type} '${name ?? ''}'.`);
		}
		return;
	}
	if (type !== 'namespace_list' && (section.name === undefined || section.name === '')) {
		report(header, 'error', 'haproxy/missing-name', `missing name for ${type} section.`);
	}
}

/**
HAProxy's error for a keyword its section does not know: the version that added it when it is newer
than 2.6, else the nearest of `candidates` as HAProxy's "did you mean" picks it.
*/
function reportUnknownKeyword(s: Statement, kw: string, section: string, candidates: Iterable<string>, report: Report, addedIn?: string) {
	if (addedIn) {
		report(s, 'error', 'haproxy/newer-keyword', `unknown keyword '${kw}' in '${section}' section: it was added in HAProxy ${addedIn}; HAProxy 2.6 does not know it`);
		return;
	}
	const suggestion = didYouMean(kw, candidates);
	report(s, 'error', 'haproxy/unknown-keyword', `unknown keyword '${kw}' in '${section}' section${suggestion ? `; did you mean '${suggestion}' maybe ?` : ''}`, suggestion);
}

function checkGlobalStatement(s: Statement, report: Report) {
	const kw = s.keyword;
	const removed = REMOVED_KEYWORDS.global[kw];
	if (removed) {
		report(s, removed.severity ?? 'error', removed.severity === 'warning' ? 'haproxy/deprecated-keyword' : 'haproxy/removed-keyword', removed.message, removed.replacement);
		return;
	}
	if (!GLOBAL_KEYWORDS.has(kw)) {
		const build = GLOBAL_BUILD_DEPENDENT[kw];
		if (build) {
			report(s, 'warning', 'haproxy/build-dependent-keyword', `'${kw}' exists only when HAProxy is built with ${build}; the Debian/Ubuntu 2.6 packages are not and reject it as an unknown keyword`);
			return;
		}
		reportUnknownKeyword(s, kw, 'global', GLOBAL_SUGGESTIONS, report, NEWER_KEYWORDS.global[kw]);
		return;
	}
	const a = s.args;
	if (GLOBAL_FLAGS.has(kw) && a[0]) {
		report(a[0], 'error', 'haproxy/unexpected-argument', `'${kw}' cannot handle unexpected argument '${a[0].text}'.`);
	}
	switch (kw) {
		case 'stats':
			if (!a[0] || !GLOBAL_STATS_KEYWORDS.has(a[0].text)) {
				report(a[0] ?? s, 'error', 'haproxy/unknown-keyword', `'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got '${a[0]?.text ?? ''}')`, a[0] ? didYouMean(a[0].text, GLOBAL_STATS_KEYWORDS) : undefined);
			} else if (a[0].text === 'socket') {
				if (!a[1]) report(s, 'error', 'haproxy/missing-argument', "'stats socket' expects an address");
				else checkBindOptions(a.slice(2), `stats socket ${a[1].text}`, 'global', report);
			} else if (a[0].text === 'bind-process') {
				report(s, 'warning', 'haproxy/deprecated-keyword', "'stats bind-process' has no effect, is deprecated, and will be removed in version 2.7.");
			} else if (a[0].text === 'timeout' && a[1] && !a[1].hasEnv && parseTime(a[1].text) === undefined) {
				report(a[1], 'error', 'haproxy/bad-value', `'stats timeout' : invalid time value '${a[1].text}'`);
			}
			break;
		case 'log':
			checkLog(s, report, false);
			break;
		case 'maxconn':
		case 'nbthread':
		case 'ulimit-n':
			if (!a[0]) report(s, 'error', 'haproxy/missing-argument', `'${kw}' expects an integer argument.`);
			else if (!a[0].hasEnv && !/^\d+$/.test(a[0].text)) report(a[0], 'error', 'haproxy/bad-value', `'${kw}' expects an integer argument, got '${a[0].text}'.`);
			break;
		default:
			break;
	}
}

function checkLog(s: Statement, report: Report, inProxy: boolean) {
	const a = s.args;
	if (!a[0]) {
		report(s, 'error', 'haproxy/missing-argument', 'log : expects <address> and <facility>  as arguments');
		return;
	}
	if (a[0].text === 'global') return;
	if (!a[0].hasEnv) {
		const target = a[0].text;
		if (!/^(stdout|stderr|ring@|fd@)/.test(target)) {
			const parsed = parseAddress(target, 'log');
			if (parsed.error) report(a[0], 'error', 'haproxy/bad-address', `log : ${parsed.error}`);
		}
	}
	let i = 1;
	while (i < a.length && (a[i].text === 'len' || a[i].text === 'format' || a[i].text === 'sample')) i += 2;
	const facility = a[i];
	if (!facility) {
		report(s, 'error', 'haproxy/missing-argument', 'log : expects <address> and <facility>  as arguments');
		return;
	}
	if (facility.text === 'profile') {
		report(facility, 'error', 'haproxy/newer-keyword', "log : unknown log facility 'profile': the 'profile' log option was added in HAProxy 3.1; HAProxy 2.6 does not know it");
	} else if (!facility.hasEnv && !LOG_FACILITIES.has(facility.text)) {
		const suggestion = didYouMean(facility.text, LOG_FACILITIES);
		report(facility, 'error', 'haproxy/bad-value', `log : unknown log facility '${facility.text}'`, suggestion);
	}
}

function checkProxyStatement(s: Statement, section: Section, report: Report, acls: Set<string>) {
	let kw = s.keyword;
	let words: Word[] = s.words;
	const type = section.type;
	const label = type;
	if (kw === 'no' || kw === 'default') {
		const target = s.args[0];
		if (!target) {
			report(s, 'error', 'haproxy/missing-argument', `'${kw}' expects a keyword`);
			return;
		}
		if (target.text === 'option') {
			const name = s.args[1]?.text;
			if (name && !NEGATABLE_OPTIONS.has(name) && (PROXY_KEYWORDS[`option ${name}`] || !OPTION_NAMES.includes(name))) {
				report(s.args[1], 'error', 'haproxy/bad-option', `negation/default is not supported for option '${name}'.`);
				return;
			}
		} else if (target.text !== 'log') {
			report(target, 'error', 'haproxy/unknown-keyword', `'${kw} ${target.text}' : the '${kw}' prefix only applies to 'option' and 'log'`);
			return;
		}
		words = s.words.slice(1);
		kw = words[0].text;
	}
	const removed = REMOVED_KEYWORDS.proxy[kw];
	if (removed) {
		report(s, removed.severity ?? 'error', removed.severity === 'warning' ? 'haproxy/deprecated-keyword' : 'haproxy/removed-keyword', removed.message, removed.replacement);
		return;
	}
	let full = kw;
	if (PROXY_GROUPS.has(kw)) {
		const sub = words[1]?.text;
		full = kw === 'capture' && sub !== 'cookie' ? `${kw} ${sub ?? ''} ${words[2]?.text ?? ''}` : `${kw} ${sub ?? ''}`;
		if (PROXY_KEYWORDS[full] === undefined && PROXY_KEYWORDS[kw] === undefined) {
			reportUnknownSub(s, kw, sub, words, report);
			return;
		}
		if (PROXY_KEYWORDS[full] === undefined) full = kw;
	} else if (PROXY_KEYWORDS[kw] === undefined) {
		reportUnknownKeyword(s, kw, label, FIRST_WORDS, report, NEWER_KEYWORDS.proxy[kw]);
		return;
	}
	const caps = PROXY_KEYWORDS[full];
	if (type === 'defaults') {
		if (!caps.includes('d') && !caps.includes('D')) {
			report(s, 'error', 'haproxy/not-allowed-here', `'${full}' not allowed in 'defaults' section.`);
			return;
		}
		if (!caps.includes('d') && caps.includes('D') && !section.name) {
			report(s, 'error', 'haproxy/not-allowed-here', `'${kw}' not allowed in anonymous 'defaults' section.`);
			return;
		}
	} else if (!caps.includes(PROXY_LETTER[type])) {
		const other = type === 'frontend' ? 'backend' : 'frontend';
		if (FATAL_CAPABILITY.has(kw) && type === 'frontend') {
			report(s, 'error', 'haproxy/not-allowed-here', `'${kw}' not allowed because ${type} '${section.name ?? ''}' has no ${other} capability.`);
		} else {
			report(s, 'warning', 'haproxy/ignored-keyword', `'${full}' ignored because ${type} '${section.name ?? ''}' has no ${other} capability.`);
		}
		return;
	}
	checkProxyArguments(s, words, section, report, acls);
}

function reportUnknownSub(s: Statement, kw: string, sub: string | undefined, words: readonly Word[], report: Report) {
	const at = words[1] ?? s;
	if (kw === 'option') {
		const removed = sub === undefined ? undefined : REMOVED_KEYWORDS.option[sub];
		if (removed) {
			report(at, 'error', 'haproxy/removed-keyword', removed.message, removed.replacement);
			return;
		}
		const newer = sub === undefined ? undefined : NEWER_KEYWORDS.option[sub];
		if (newer) {
			report(at, 'error', 'haproxy/newer-keyword', `unknown option '${sub}': it was added in HAProxy ${newer}; HAProxy 2.6 does not know it`);
			return;
		}
		const suggestion = sub === undefined ? undefined : didYouMean(sub, OPTION_NAMES);
		report(at, 'error', 'haproxy/unknown-keyword', `unknown option '${sub ?? ''}'${suggestion ? `; did you mean '${suggestion}' maybe ?` : ''}`, suggestion && `option ${suggestion}`);
		return;
	}
	if (kw === 'timeout') {
		const newer = sub === undefined ? undefined : NEWER_KEYWORDS.proxy[`timeout ${sub}`];
		if (newer) {
			report(at, 'error', 'haproxy/newer-keyword', `'timeout ${sub}' was added in HAProxy ${newer}; HAProxy 2.6 does not know it`);
			return;
		}
		const suggestion = sub === undefined ? undefined : didYouMean(sub, PROXY_TIMEOUTS);
		report(at, 'error', 'haproxy/unknown-keyword', `'timeout' supports ${PROXY_TIMEOUTS.map(t => `'${t}'`).join(', ')} (got '${sub ?? ''}')`, suggestion && `timeout ${suggestion}`);
		return;
	}
	if (kw === 'stats') {
		if (sub === 'socket') {
			report(at, 'error', 'haproxy/not-allowed-here', "unknown stats parameter 'socket': 'stats socket' belongs in the global section");
			return;
		}
		const suggestion = sub === undefined ? undefined : didYouMean(sub, STATS_NAMES);
		report(at, 'error', 'haproxy/unknown-keyword', `unknown stats parameter '${sub ?? ''}', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'.`, suggestion && `stats ${suggestion}`);
		return;
	}
	const candidates = Object.keys(PROXY_KEYWORDS).filter(k => k.startsWith(`${kw} `)).map(k => k.slice(kw.length + 1));
	const suggestion = sub === undefined ? undefined : didYouMean(sub, candidates);
	report(at, 'error', 'haproxy/unknown-keyword', `'${kw}' expects ${candidates.map(c => `'${c}'`).join(', ')} (got '${sub ?? ''}')`, suggestion && `${kw} ${suggestion}`);
}

function checkProxyArguments(s: Statement, words: readonly Word[], section: Section, report: Report, acls: Set<string>) {
	const kw = words[0].text;
	const a = words.slice(1);
	const type = section.type;
	switch (kw) {
		case 'mode': {
			const m = a[0]?.text;
			if (m === 'health') report(a[0], 'error', 'haproxy/removed-keyword', "'mode health' doesn't exist anymore. Please use 'http-request return status 200' instead.");
			else if (m !== 'http' && m !== 'tcp' && m !== 'log' && !a[0]?.hasEnv) report(a[0] ?? s, 'error', 'haproxy/bad-value', `unknown proxy mode '${m ?? ''}'.`, m ? didYouMean(m, ['http', 'tcp']) : undefined);
			break;
		}
		case 'bind': {
			if (!a[0]) {
				report(s, 'error', 'haproxy/missing-argument', "'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.");
				break;
			}
			if (!a[0].hasEnv) {
				for (const part of splitAddressList(a[0].text, a[0].column)) {
					const parsed = parseAddress(part.text, 'bind');
					if (parsed.newerPrefix) {
						report(a[0], 'error', 'haproxy/newer-keyword', `'bind' : invalid address: '${parsed.newerPrefix.prefix}@' in '${part.text}': this address prefix was added in HAProxy ${parsed.newerPrefix.since}; HAProxy 2.6 does not know it`);
					} else if (parsed.error) {
						report(a[0], 'error', 'haproxy/bad-address', `'bind' : ${parsed.error}`);
					}
				}
			}
			checkBindOptions(a.slice(1), `bind ${a[0].text}`, type, report);
			break;
		}
		case 'server':
		case 'server-template':
		case 'default-server':
			checkServer(s, words, section, report);
			break;
		case 'acl': {
			const name = a[0]?.text;
			if (!name || !a[1]) {
				report(s, 'error', 'haproxy/missing-argument', "'acl' expects an ACL name and a criterion");
				break;
			}
			const bad = invalidNameChar(name);
			if (bad !== undefined) report(a[0], 'error', 'haproxy/invalid-name', `character '${bad}' is not permitted in acl name '${name}'.`);
			const problem = a[1].hasEnv ? undefined : checkAclCriterion(a[1].text);
			if (problem) report(a[1], 'error', 'haproxy/bad-expression', `error detected while parsing ACL '${name}' : ${problem}`);
			acls.add(name);
			break;
		}
		case 'balance': {
			const algo = a[0]?.text.replace(/\(.*$/s, '');
			if (algo !== undefined && !a[0].hasEnv && !BALANCE_ALGORITHMS.has(algo)) {
				report(a[0] ?? s, 'error', 'haproxy/bad-value', "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'source', 'uri', 'url_param', 'hdr(name)' and 'rdp-cookie(name)' options.", algo ? didYouMean(algo, BALANCE_ALGORITHMS) : undefined);
			}
			break;
		}
		case 'timeout': {
			const value = a[1];
			if (!value) report(s, 'error', 'haproxy/missing-argument', `'timeout ${a[0]?.text ?? ''}' expects an integer value (in milliseconds)`);
			else if (!value.hasEnv && parseTime(value.text) === undefined) {
				const bad = /[^\d.]/.exec(value.text.replace(/(us|ms|s|m|h|d)$/, ''))?.[0] ?? value.text[0];
				report(value, 'error', 'haproxy/bad-value', `unexpected character '${bad}' in 'timeout ${a[0].text}'`);
			}
			break;
		}
		case 'log':
			if (a[0]?.text !== 'global' && s.keyword !== 'no') checkLog({...s, args: a}, report, true);
			break;
		case 'source': {
			if (a[0] && !a[0].hasEnv) {
				const parsed = parseAddress(a[0].text, 'source');
				if (parsed.error) report(a[0], 'error', 'haproxy/bad-address', `'source ${a[0].text}' : ${parsed.error}`);
			}
			const usesrc = a.findIndex(w => w.text === 'usesrc');
			if (usesrc >= 0 && a[usesrc + 1] && !a[usesrc + 1].hasEnv && !/^(client|clientip|hdr_ip)/.test(a[usesrc + 1].text)) {
				const parsed = parseAddress(a[usesrc + 1].text, 'usesrc');
				if (parsed.error) report(a[usesrc + 1], 'error', 'haproxy/bad-address', `'usesrc ${a[usesrc + 1].text}' : ${parsed.error}`);
			}
			break;
		}
		case 'tcp-check':
		case 'http-check':
			if (a[0]?.text === 'connect') {
				const addr = a.findIndex(w => w.text === 'addr');
				if (addr >= 0 && a[addr + 1] && !a[addr + 1].hasEnv) {
					const parsed = parseAddress(a[addr + 1].text, 'check-addr');
					if (parsed.error) report(a[addr + 1], 'error', 'haproxy/bad-address', `'${kw} connect' : 'addr' : ${parsed.error}.`);
				}
			}
			break;
		case 'http-request':
		case 'http-response':
		case 'http-after-response':
			checkHttpRule(s, kw, a, report, acls);
			break;
		case 'tcp-request':
		case 'tcp-response':
		case 'use_backend':
		case 'use-server':
		case 'redirect':
		case 'monitor':
		case 'stick':
		case 'force-persist':
		case 'ignore-persist':
			checkConditionWords(s, kw, a, report, acls);
			if (kw === 'use_backend' && !a[0]) report(s, 'error', 'haproxy/missing-argument', "'use_backend' requires a backend name");
			if (kw === 'use_backend' && a[0]) checkFormatWord(a[0], kw, report);
			break;
		case 'default_backend':
			if (!a[0]) report(s, 'error', 'haproxy/missing-argument', "'default_backend' requires a backend name");
			break;
		case 'log-format':
		case 'log-format-sd':
		case 'error-log-format':
		case 'unique-id-format':
			if (a[0]) checkFormatWord(a[0], kw, report);
			break;
		case 'stats':
			if (a[0]?.text === 'auth' && !a[1]) report(s, 'error', 'haproxy/missing-argument', "'stats auth' expects <user>:<password>");
			if (a[0]?.text === 'uri' && !a[1]) report(s, 'error', 'haproxy/missing-argument', "'stats uri' expects a URI prefix");
			if ((a[0]?.text === 'admin' || a[0]?.text === 'http-request') && a.length > 1) checkConditionWords(s, `stats ${a[0].text}`, a.slice(1), report, acls);
			break;
		default:
			break;
	}
}

/** Checks `%[…]` sample expressions inside a log-format style word. */
function checkFormatWord(word: Word, keyword: string, report: Report) {
	if (word.hasEnv) return;
	for (const problem of checkLogFormat(word.text)) {
		report({line: word.line, column: word.column}, 'error', 'haproxy/bad-expression', `error detected while parsing '${keyword}' : ${problem.message}`);
	}
}

function checkHttpRule(s: Statement, kw: string, a: readonly Word[], report: Report, acls: Set<string>) {
	const action = a[0]?.text;
	if (!action) {
		report(s, 'error', 'haproxy/missing-argument', `'${kw}' expects an action`);
		return;
	}
	const known = HTTP_ACTIONS[kw] ?? [];
	const base = action.replace(/\(.*$/s, '');
	const ok = known.some(k => (k.endsWith('*') ? base.startsWith(k.slice(0, -1)) : k === base));
	if (!ok) {
		const newer = NEWER_KEYWORDS['http-action'][base];
		if (newer) {
			report(a[0], 'error', 'haproxy/newer-keyword', `'${kw} ${base}' was added in HAProxy ${newer}; HAProxy 2.6 does not know it`);
		} else {
			const names = known.map(k => k.replace(/\*$/, ''));
			const suggestion = didYouMean(base, names);
			report(a[0], 'error', 'haproxy/unknown-keyword', `'${kw}' : unknown action '${base}'${suggestion ? `; did you mean '${suggestion}' maybe ?` : ''}`, suggestion && `${kw} ${suggestion}`);
		}
		return;
	}
	const condition = a.findIndex(w => w.text === 'if' || w.text === 'unless');
	const body = condition < 0 ? a.slice(1) : a.slice(1, condition);
	for (const w of body) checkFormatWord(w, `${kw} ${base}`, report);
	checkConditionWords(s, `${kw} ${base}`, a, report, acls);
}

/** Checks the ACL names and anonymous ACLs of an `if`/`unless` condition found among the words. */
function checkConditionWords(s: Statement, rule: string, a: readonly Word[], report: Report, acls: Set<string>) {
	const index = a.findIndex(w => w.text === 'if' || w.text === 'unless');
	if (index < 0) return;
	const words = a.slice(index + 1);
	if (words.length === 0) {
		report(a[index], 'error', 'haproxy/bad-expression', `error detected while parsing an '${rule}' condition : missing condition after '${a[index].text}'.`);
		return;
	}
	if (words.some(w => w.hasEnv)) return;
	const {terms, error} = conditionTerms(words.map(w => w.text));
	if (error) {
		report(a[index], 'error', 'haproxy/bad-expression', `error detected while parsing an '${rule}' condition : ${error}.`);
		return;
	}
	for (const term of terms) {
		const word = words[term.index] ?? a[index];
		if (term.kind === 'acl') {
			if (!acls.has(term.name) && !PREDEFINED_ACLS.has(term.name)) {
				report(word, 'error', 'haproxy/unknown-acl', `error detected while parsing an '${rule}' condition : no such ACL : '${term.name}'.`, didYouMean(term.name, acls));
			}
		} else if (term.words.length === 0) {
			report(word, 'error', 'haproxy/bad-expression', `error detected while parsing an '${rule}' condition : empty anonymous ACL '{ }'.`);
		} else {
			const problem = checkAclCriterion(term.words[0]);
			if (problem) report(words[term.index + 1] ?? word, 'error', 'haproxy/bad-expression', `error detected while parsing an '${rule}' condition : ${problem}`);
		}
	}
}

function checkBindOptions(words: readonly Word[], label: string, sectionType: string, report: Report) {
	for (let i = 0; i < words.length; i++) {
		const key = words[i].text;
		if (BIND_OPTIONS.has(key)) {
			if (key === 'process') report(words[i], 'warning', 'haproxy/deprecated-keyword', `'${label}' in section '${sectionType}' : 'process ${words[i + 1]?.text ?? ''}' on 'bind' lines is deprecated and will be removed in 2.7.`);
			if (!BIND_FLAGS.has(key)) i++;
			continue;
		}
		if (key === 'expose-fd') {
			i++;
			continue;
		}
		const newer = NEWER_KEYWORDS.bind[key];
		if (newer) {
			report(words[i], 'error', 'haproxy/newer-keyword', `'${label}' in section '${sectionType}': unknown keyword '${key}': it was added in HAProxy ${newer}; HAProxy 2.6 does not know it`);
			continue;
		}
		const suggestion = didYouMean(key, BIND_OPTIONS);
		report(words[i], 'error', 'haproxy/unknown-keyword', `'${label}' in section '${sectionType}': unknown keyword '${key}'${suggestion ? `; did you mean '${suggestion}' maybe ?` : ''}`, suggestion);
	}
}

function checkServer(s: Statement, words: readonly Word[], section: Section, report: Report) {
	const kw = words[0].text;
	const a = words.slice(1);
	let optionStart = 0;
	let label = `${kw}`;
	if (kw === 'server' || kw === 'server-template') {
		const nameWord = a[0];
		if (!nameWord) {
			report(s, 'error', 'haproxy/missing-argument', `'${kw}' expects <name> and <addr>[:<port>] as arguments.`);
			return;
		}
		const bad = invalidNameChar(nameWord.text);
		if (bad !== undefined) report(nameWord, 'error', 'haproxy/invalid-name', `character '${bad}' is not permitted in server name '${nameWord.text}'.`);
		label = `server ${section.name ?? ''}/${nameWord.text}`;
		let addrIndex = 1;
		if (kw === 'server-template') {
			if (!a[1] || !/^\d+(-\d+)?$/.test(a[1].text)) report(a[1] ?? s, 'error', 'haproxy/bad-value', `'server-template ${nameWord.text}' : expects <prefix> <nb | range> <addr>[:<port>]`);
			addrIndex = 2;
		}
		const addr = a[addrIndex];
		if (!addr) {
			report(s, 'error', 'haproxy/missing-argument', `'${label}' : expects <addr>[:<port>] as argument.`);
			return;
		}
		if (!addr.hasEnv && !SERVER_OPTIONS.has(addr.text)) {
			const parsed = parseAddress(addr.text, 'server');
			if (parsed.newerPrefix) report(addr, 'error', 'haproxy/newer-keyword', `'${label}' : invalid address '${parsed.newerPrefix.prefix}@': added in HAProxy ${parsed.newerPrefix.since}; HAProxy 2.6 does not know it`);
			else if (parsed.error) report(addr, 'error', 'haproxy/bad-address', `'${label}' : ${parsed.error}`);
			optionStart = addrIndex + 1;
		} else {
			optionStart = SERVER_OPTIONS.has(addr.text) ? addrIndex : addrIndex + 1;
		}
	}
	const options = a.slice(optionStart);
	for (let i = 0; i < options.length; i++) {
		const key = options[i].text;
		const value = options[i + 1];
		if (SERVER_OPTIONS.has(key)) {
			if (SERVER_FLAGS.has(key)) continue;
			if (!value) {
				report(options[i], 'error', 'haproxy/missing-argument', `'${label}' : '${key}' expects an argument.`);
				continue;
			}
			i++;
			if (value.hasEnv) continue;
			const contexts: Record<string, AddressContext> = {source: 'server-source', usesrc: 'usesrc', socks4: 'socks4'};
			if (contexts[key] && !(key === 'usesrc' && /^(client|clientip|hdr_ip)/.test(value.text))) {
				const parsed = parseAddress(value.text, contexts[key]);
				if (parsed.error) report(value, 'error', 'haproxy/bad-address', `'${label}' : '${key} ${value.text}' : ${parsed.error}.`);
			}
			if (['inter', 'fastinter', 'downinter', 'slowstart'].includes(key) && parseTime(value.text) === undefined) {
				report(value, 'error', 'haproxy/bad-value', `'${label}' : invalid time value '${value.text}' for '${key}'.`);
			}
			if (['rise', 'fall', 'maxconn', 'maxqueue', 'minconn', 'port', 'id'].includes(key) && !/^\d+$/.test(value.text)) {
				report(value, 'error', 'haproxy/bad-value', `'${label}' : '${key}' expects an integer argument, got '${value.text}'.`);
			}
			if (key === 'weight' && (!/^\d+$/.test(value.text) || Number(value.text) > 256)) {
				report(value, 'error', 'haproxy/bad-value', `'${label}' : weight of server '${value.text}' must be an integer between 0 and 256.`);
			}
			continue;
		}
		const newer = NEWER_KEYWORDS.server[key];
		if (newer) {
			report(options[i], 'error', 'haproxy/newer-keyword', `'${label}' : unknown keyword '${key}': it was added in HAProxy ${newer}; HAProxy 2.6 does not know it`);
			continue;
		}
		const suggestion = didYouMean(key, SERVER_OPTIONS);
		report(options[i], 'error', 'haproxy/unknown-keyword', `'${label}' : unknown keyword '${key}'${suggestion ? `; did you mean '${suggestion}' maybe ?` : ''}`, suggestion);
	}
}

function checkSmallSectionStatement(s: Statement, type: string, report: Report) {
	const a = s.args;
	if ((type === 'peers' && s.keyword === 'peer') || (type === 'mailers' && s.keyword === 'mailer')) {
		if (!a[0] || !a[1]) {
			report(s, 'error', 'haproxy/missing-argument', `'${s.keyword}' expects <name> and <addr>[:<port>] as arguments.`);
			return;
		}
		const bad = invalidNameChar(a[0].text);
		if (bad !== undefined) report(a[0], 'error', 'haproxy/invalid-name', `character '${bad}' is not permitted in ${s.keyword} name '${a[0].text}'.`);
		if (!a[1].hasEnv) {
			const parsed = parseAddress(a[1].text, 'peer');
			if (parsed.error) report(a[1], 'error', 'haproxy/bad-address', `'${s.keyword} ${a[0].text}' : ${parsed.error}`);
		}
	}
	if (type === 'resolvers' && s.keyword === 'nameserver' && a[1] && !a[1].hasEnv) {
		const parsed = parseAddress(a[1].text, 'generic');
		if (parsed.error) report(a[1], 'error', 'haproxy/bad-address', `'nameserver ${a[0].text}' : ${parsed.error}`);
	}
	if (type === 'userlist' && s.keyword === 'user' && !a[0]) {
		report(s, 'error', 'haproxy/missing-argument', "'user' expects <username> as argument.");
	}
	if (type === 'log-forward' && s.keyword === 'log') checkLog(s, report, true);
}
