/**
The keyword-level keepalived rules: walks the tree block by block with keepalived 2.2.7's
keyword table and reports what `keepalived -t` would reject — unknown, misplaced, glued or
deprecated keywords, missing or unexpected blocks, missing parameters (which abort the whole
configuration), and values keepalived refuses (numbers, ranges, addresses, enums).
*/
import type {KaStatement, KaToken, KeepalivedAst, SourcePos} from '../parse/keepalived/ast.js';
import {CONTEXT_LABEL, KEYWORDS, REPLACED, contextsOf, OTHER_BUILDS, type KeywordContext, type ValueBlock} from '../parse/keepalived/keywords.js';
import {parseVipLine} from '../parse/keepalived/model.js';
import {resolveStatement} from '../parse/keepalived/resolve.js';
import {forEachRootStatement} from '../parse/keepalived/store.js';
import {ipFamily, isIPv4, parseAddress, parseDecimal, parseInteger, parsePort, parseUnsigned, secretLength, isRedactedToken} from '../parse/keepalived/values.js';
import type {Diagnostic} from './diagnostic.js';
import {didYouMean, splitGluedValue} from './suggest.js';

/** Adds one diagnostic (code without the `keepalived/` prefix). */
export type Report = (pos: SourcePos, severity: Diagnostic['severity'], code: string, message: string, suggestion?: string) => void;

const show = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos'];
const FORWARDING = ['NAT', 'DR', 'TUN'];
const VIP_OPTIONS = new Set(['home', '-nodad', 'nodad', 'noprefixroute', 'autojoin', 'no_track', 'track_group']);
const ROUTE_TYPES = new Set(['blackhole', 'unreachable', 'prohibit', 'throw', 'local', 'broadcast', 'anycast', 'multicast', 'unicast', 'nat']);
/** Blocks where a keyword set twice is worth a warning (the later one silently wins). */
const SINGLE_VALUED: ReadonlySet<KeywordContext> = new Set([
	'global_defs',
	'vrrp_instance',
	'authentication',
	'vrrp_script',
	'virtual_server',
	'real_server',
	'TCP_CHECK',
	'HTTP_GET',
	'url',
	'MISC_CHECK',
	'SMTP_CHECK',
	'DNS_CHECK',
	'UDP_CHECK',
	'PING_CHECK',
]);
const REPEATABLE = new Set(['url', 'host', 'real_server', 'notification_email', 'track_script', 'track_interface', 'virtual_ipaddress', 'unicast_peer']);

type Ctx = {report: Report; context: KeywordContext; owner: string; depth?: number};

/** Runs the keyword-level rules over a parsed configuration. */
export function lintSyntax(ast: KeepalivedAst, report: Report): void {
	forEachRootStatement(ast, syntaxVisitor(report));
}

/**
The keyword-level rules as a function of each top-level statement, in order: what lintSyntax runs,
for passing to the parser (`visit`) so the rules check the statements the model is built from.
*/
export function syntaxVisitor(report: Report): (statement: KaStatement) => void {
	const ctx: Ctx = {report, context: 'root', owner: 'the top level', depth: 1};
	const seen = new Map<string, SourcePos>();
	return statement => check(statement, ctx, seen);
}

function walk(statements: KaStatement[], parent: Ctx) {
	const ctx: Ctx = {...parent, depth: (parent.depth ?? 0) + 1};
	if (ctx.depth! > 64) {
		if (statements[0]) ctx.report(statements[0].pos, 'error', 'parse-limit', 'blocks nested more than 64 deep; not checked further');
		return;
	}
	const seen = new Map<string, SourcePos>();
	for (const statement of statements) check(statement, ctx, seen);
}

function check(statement: KaStatement, ctx: Ctx, seen: Map<string, SourcePos>) {
	if (statement.keyword === '') {
		if (statement.block) walk(statement.block.children, ctx);
		return;
	}
	try {
		checkStatement(statement, ctx, seen);
	} catch (error) {
		ctx.report(statement.pos, 'error', 'parse-limit', `internal linter error on '${show(statement.keyword)}': ${(error as Error).message}`);
	}
}

function checkStatement(statement: KaStatement, ctx: Ctx, seen: Map<string, SourcePos>) {
	const {report, context} = ctx;
	const resolved = resolveStatement(context, statement);
	if (resolved.glued) {
		const {written, keyword, rest} = resolved.glued;
		report(
			statement.pos,
			'error',
			'glued-keyword',
			`'${show(written)}' is '${keyword}' and '${show(rest)}' without a space between them: keepalived reports "Unknown keyword '${show(written)}'"${statement.block ? ' and ignores the whole block' : ''}`,
			`${keyword} ${rest}`,
		);
	}
	const spec = resolved.spec;
	if (!spec) {
		unknownKeyword(statement, ctx);
		return;
	}
	const keyword = resolved.keyword;
	const args = resolved.args;
	if (spec.deprecated) report(statement.pos, 'warning', 'deprecated-keyword', spec.deprecated.message, spec.deprecated.use);
	if (spec.block?.kind === 'keywords' && context === 'root' && ['vrrp_instance', 'vrrp_sync_group', 'vrrp_script', 'vrrp_track_process', 'track_group', 'bfd_instance', 'track_file', 'vrrp_track_file'].includes(keyword) && args.length !== 1) {
		report(
			args[1]?.pos ?? statement.pos,
			'error',
			'missing-name',
			args.length === 0
				? `${keyword} needs a name: keepalived ${spec.needsArg ? 'stops reading the configuration here ("missing a parameter")' : 'skips this block'}`
				: `${keyword} takes exactly one name, got ${args.length} words ('${show(args.map(a => a.text).join(' '))}'): keepalived skips this block`,
		);
	} else if (spec.needsArg && args.length === 0) {
		report(
			statement.pos,
			'error',
			'missing-parameter',
			`'${keyword}' is missing its value: keepalived stops reading the configuration here ("Configuration line starting \`${keyword}\` is missing a parameter") and exits`,
		);
	}
	if (spec.block && !statement.block) {
		report(
			statement.pos,
			'error',
			'missing-block',
			spec.block.kind === 'keywords'
				? `'${keyword}' needs a '{ … }' block: keepalived reports "Missing '{'" and reads the following lines as its contents`
				: `'${keyword}' needs its values in a '{ … }' block: without '{' keepalived swallows the following lines up to the next '}'`,
		);
	}
	if (!spec.block && statement.block) {
		report(
			statement.block.open,
			'error',
			'unexpected-block',
			`'${keyword}' takes no block: keepalived ignores this '{' ("Unexpected '{'") and the '}' that was meant to close it ends the enclosing ${CONTEXT_LABEL[context]} block early`,
		);
	}
	if (SINGLE_VALUED.has(context) && !spec.block && !REPEATABLE.has(keyword)) {
		const canonical = spec.aliasOf ?? keyword;
		const before = seen.get(canonical);
		if (before && before.file === statement.pos.file) {
			report(statement.pos, 'warning', 'duplicate-keyword', `'${keyword}' is set again (first at line ${before.line}); keepalived keeps ${keyword === 'state' ? 'the first state MASTER it sees' : 'the last value'}`);
		}
		seen.set(canonical, statement.pos);
	}
	checkValues(context, keyword, args, statement, report);
	if (statement.block) {
		if (spec.block?.kind === 'keywords') walk(statement.block.children, {...ctx, context: spec.block.context, owner: keyword});
		else if (spec.block?.kind === 'values') checkValueBlock(spec.block.values, keyword, statement.block.children, report);
		else walk(statement.block.children, ctx);
	}
}

function unknownKeyword(statement: KaStatement, ctx: Ctx) {
	const {report, context} = ctx;
	const word = statement.keyword;
	const where = CONTEXT_LABEL[context];
	const replaced = REPLACED[word];
	const elsewhere = contextsOf(word).filter(c => c !== context);
	if (OTHER_BUILDS[context]?.includes(word)) {
		report(statement.pos, 'warning', 'build-dependent', `'${word}' is only known to keepalived builds with ipset support; this (Debian/Ubuntu nftables) build reports "Unknown keyword"`);
		return;
	}
	if (replaced) {
		report(statement.pos, 'error', 'unknown-keyword', `Unknown keyword '${word}' in ${where}: ${replaced.message}`, replaced.use);
	} else if (elsewhere.length > 0) {
		const places = [...new Set(elsewhere.map(c => CONTEXT_LABEL[c]))];
		report(statement.pos, 'error', 'misplaced-keyword', `'${word}' is not valid in ${where} (keepalived: "Unknown keyword"); it belongs in ${places.slice(0, 3).join(' / ')}`);
	} else {
		const suggestion = didYouMean(word, KEYWORDS[context].keys());
		const looksLikeValue = ipFamily(word.split('/')[0]) !== undefined || /^[\d.]+$/.test(word);
		const hint =
			!suggestion && context === 'root' && looksLikeValue
				? ' (a value outside its block — is a keyword or a "{" missing above?)'
				: statement.block
					? context === 'root'
						? `; keepalived reports "Unexpected '{'" and every line of its block as another unknown keyword`
						: `; keepalived reports "Unexpected '{'", reads its block's lines as part of ${where}, and its '}' closes ${where} early`
					: '';
		report(statement.pos, 'error', 'unknown-keyword', `Unknown keyword '${show(word)}' in ${where}${hint}`, suggestion);
		const intended = suggestion ? KEYWORDS[context].get(suggestion)?.block : undefined;
		if (statement.block && intended?.kind === 'keywords') walk(statement.block.children, {...ctx, context: intended.context, owner: suggestion!});
		else if (statement.block && intended?.kind === 'values') checkValueBlock(intended.values, suggestion!, statement.block.children, report);
	}
	if (statement.block && elsewhere.length > 0) {
		const blockContexts = [...new Set(elsewhere.map(c => KEYWORDS[c].get(word)?.block).filter(b => b?.kind === 'keywords').map(b => (b as {context: KeywordContext}).context))];
		if (blockContexts.length === 1) walk(statement.block.children, {...ctx, context: blockContexts[0], owner: word});
	}
}

// ---- values ------------------------------------------------------------------------------------

type Check = (args: KaToken[], v: ValueCheck) => void;

class ValueCheck {
	constructor(
		readonly context: KeywordContext,
		readonly keyword: string,
		readonly statement: KaStatement,
		readonly report: Report,
	) {}

	/** A suggestion when a bad value swallowed the next keyword (`MASTERinterface`). */
	glued(token: KaToken): {hint: string; suggestion?: string} {
		const split = splitGluedValue(token.text, KEYWORDS[this.context].keys());
		if (!split) return {hint: ''};
		return {hint: ` — '${split.keyword}' glued to it (a lost space or line break?)`, suggestion: `${split.value} ${split.keyword}${split.rest ? ` ${split.rest}` : ''}`};
	}

	bad(token: KaToken, code: string, message: string, suggestion?: string) {
		const glued = this.glued(token);
		let hint = glued.hint;
		let fix = suggestion ?? glued.suggestion;
		if (!glued.suggestion && token.text.endsWith(';') && !token.quoted) {
			hint = " — ';' is not a separator in keepalived.conf, it becomes part of the value";
			fix = token.text.replace(/;+$/, '');
		}
		this.report(token.pos, 'error', code, `${message}${hint}`, fix);
	}

	integer(token: KaToken | undefined, min: number, max: number, signed = false) {
		if (!token) return undefined;
		const n = signed ? parseInteger(token.text) : parseUnsigned(token.text);
		if (n === undefined) {
			this.bad(token, 'invalid-number', `invalid number '${show(token.text)}' for ${this.keyword}${!signed && /^-\d+$/.test(token.text) ? ' (must not be negative)' : ''}`);
			return undefined;
		}
		if (n < min || n > max) this.bad(token, 'out-of-range', `${this.keyword} ${n} is out of range [${min}, ${max}]`);
		return n;
	}

	decimal(token: KaToken | undefined, min: number, max: number, message?: string) {
		if (!token) return undefined;
		const n = parseDecimal(token.text);
		if (n === undefined) {
			this.bad(token, 'invalid-number', `invalid number '${show(token.text)}' for ${this.keyword}`);
			return undefined;
		}
		if (n < min || n > max) this.bad(token, 'out-of-range', message ?? `${this.keyword} ${token.text} is out of range [${min}, ${max}]`);
		return n;
	}

	oneOf(token: KaToken | undefined, allowed: string[], code: string, message: (t: string) => string) {
		if (!token || allowed.includes(token.text)) return;
		const near = didYouMean(token.text, allowed) ?? allowed.find(a => a.toLowerCase() === token.text.toLowerCase());
		this.bad(token, code, message(token.text), near);
	}

	ip(token: KaToken | undefined, what: string, family?: 4 | 6) {
		if (!token) return;
		const f = ipFamily(token.text);
		if (!f || (family && f !== family)) this.bad(token, 'invalid-ip', `${what} '${show(token.text)}' is not a valid IPv${family ?? '4/IPv6'} address`);
	}

	port(token: KaToken | undefined, what = this.keyword) {
		if (!token) return;
		if (parsePort(token.text) === undefined) this.bad(token, 'invalid-port', `invalid port '${show(token.text)}' for ${what} (expected 0-65535)`);
	}

	bool(token: KaToken | undefined) {
		if (token && !['true', 'false', 'on', 'off', 'yes', 'no'].includes(token.text)) this.bad(token, 'invalid-value', `invalid ${this.keyword} value '${show(token.text)}' (expected true/false, on/off or yes/no)`);
	}

	semicolon(args: KaToken[]) {
		const last = args[args.length - 1];
		if (last && !last.quoted && last.text.endsWith(';'))
			this.report(last.pos, 'warning', 'semicolon', `';' is not a separator in keepalived.conf: the value is '${show(last.text)}', semicolon included`, last.text.replace(/;+$/, ''));
	}
}

const timer = (min = 0, max = 4294.967295): Check => ([a], v) => v.decimal(a, min, max);
const unsigned = (min = 0, max = 4294967295): Check => ([a], v) => v.integer(a, min, max);

/** Value rules per `context.keyword` (or plain `keyword` for every context). */
const CHECKS: Record<string, Check> = {
	'vrrp_instance.state': ([a], v) =>
		v.oneOf(a, ['MASTER', 'BACKUP'], 'invalid-state', t => `unknown state '${show(t)}': keepalived uses BACKUP instead ("unknown state, defaulting to BACKUP")`),
	'vrrp_instance.virtual_router_id': ([a], v) => v.integer(a, 1, 255),
	'vrrp_instance.priority': ([a], v) => v.integer(a, 1, 255),
	'vrrp_instance.advert_int': ([a], v) => v.decimal(a, 0.01, 255, `advert_int ${a?.text} is not valid: it must be > 0 (and at most 255 seconds)`),
	'vrrp_instance.version': ([a], v) => v.oneOf(a, ['2', '3'], 'invalid-value', t => `VRRP version '${t}' is not valid (2 or 3)`),
	'vrrp_instance.mcast_src_ip': ([a], v) => v.ip(a, 'mcast_src_ip'),
	'vrrp_instance.unicast_src_ip': ([a], v) => v.ip(a, 'unicast_src_ip'),
	'vrrp_instance.preempt_delay': timer(0, 1000),
	'vrrp_instance.debug': unsigned(0, 4),
	'vrrp_instance.unicast_ttl': unsigned(1, 255),
	'vrrp_instance.garp_master_delay': unsigned(),
	'vrrp_instance.garp_master_repeat': unsigned(),
	'vrrp_instance.garp_master_refresh': unsigned(),
	'vrrp_instance.garp_master_refresh_repeat': unsigned(),
	'vrrp_instance.smtp_alert': ([a], v) => v.bool(a),
	'vrrp_instance.interface': (args, v) => v.semicolon(args),
	'authentication.auth_type': ([a], v) =>
		v.oneOf(a, ['PASS', 'AH'], 'invalid-auth-type', t => `unknown authentication type '${show(t)}' (PASS or AH): keepalived ignores it and the instance runs without authentication`),
	'authentication.auth_pass': ([a], v) => {
		if (!a) return;
		const length = secretLength(a.text);
		if (length > 8)
			v.report(
				a.pos,
				'error',
				'auth-pass-too-long',
				`auth_pass is ${length} characters${isRedactedToken(a.text) ? ' (redacted)' : ''}: VRRPv2 PASS carries 8, keepalived truncates it ("Truncating auth_pass to 8 characters") and peers whose passwords share the first 8 characters authenticate each other`,
			);
		v.semicolon([a]);
	},
	'vrrp_script.interval': timer(0.000001),
	'vrrp_script.timeout': timer(0.000001),
	'vrrp_script.weight': ([a, b], v) => {
		v.integer(a, -253, 253, true);
		if (b && b.text !== 'reverse') v.bad(b, 'invalid-value', `unexpected '${show(b.text)}' after the weight (only 'reverse' may follow)`);
	},
	'vrrp_script.rise': unsigned(1),
	'vrrp_script.fall': unsigned(1),
	'global_defs.vrrp_garp_interval': ([a], v) => v.decimal(a, 0.000001, 4294.967295, `vrrp_garp_interval '${a?.text}' is invalid: number outside range [0.000001, 4294.967295] (leave the keyword out for no delay)`),
	'global_defs.vrrp_gna_interval': ([a], v) => v.decimal(a, 0.000001, 4294.967295, `vrrp_gna_interval '${a?.text}' is invalid: number outside range [0.000001, 4294.967295] (leave the keyword out for no delay)`),
	'global_defs.vrrp_garp_master_delay': unsigned(),
	'global_defs.vrrp_garp_master_repeat': unsigned(),
	'global_defs.vrrp_garp_master_refresh': unsigned(),
	'global_defs.vrrp_garp_master_refresh_repeat': unsigned(),
	'global_defs.vrrp_garp_lower_prio_delay': unsigned(),
	'global_defs.vrrp_garp_lower_prio_repeat': unsigned(),
	'global_defs.vrrp_version': ([a], v) => v.oneOf(a, ['2', '3'], 'invalid-value', t => `vrrp_version '${t}' is not valid (2 or 3)`),
	'global_defs.vrrp_mcast_group4': ([a], v) => {
		if (a && !(isIPv4(a.text) && Number(a.text.split('.')[0]) >= 224 && Number(a.text.split('.')[0]) <= 239)) v.bad(a, 'invalid-ip', `vrrp_mcast_group4 '${show(a.text)}' is not an IPv4 multicast address`);
	},
	'global_defs.vrrp_mcast_group6': ([a], v) => {
		if (a && !(ipFamily(a.text) === 6 && /^ff/i.test(a.text))) v.bad(a, 'invalid-ip', `vrrp_mcast_group6 '${show(a.text)}' is not an IPv6 multicast address`);
	},
	'global_defs.smtp_server': ([host, port], v) => {
		if (host && !ipFamily(host.text) && !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host.text))
			v.bad(host, 'invalid-value', `invalid smtp server '${show(host.text)}' (an IP address or host name, optionally followed by a port)`);
		if (port && parsePort(port.text) === undefined) v.bad(port, 'invalid-port', `invalid smtp server port '${show(port.text)}'`);
	},
	'global_defs.smtp_connect_timeout': unsigned(),
	'global_defs.router_id': (args, v) => v.semicolon(args),
	'global_defs.vrrp_iptables': (_args, v) =>
		v.report(v.statement.pos, 'info', 'vrrp-iptables', "on nftables builds of keepalived (Debian 12, Ubuntu 22.04 and later) 'vrrp_iptables' is replaced by nftables (\"iptables not supported, using nftables instead\")"),
	'virtual_server.lb_algo': ([a], v) => v.oneOf(a, SCHEDULERS, 'invalid-value', t => `Invalid lvs_scheduler '${show(t)}' (one of ${SCHEDULERS.join(', ')}): keepalived ignores it and uses wlc`),
	'virtual_server.lvs_sched': ([a], v) => v.oneOf(a, SCHEDULERS, 'invalid-value', t => `Invalid lvs_scheduler '${show(t)}' (one of ${SCHEDULERS.join(', ')}): keepalived ignores it and uses wlc`),
	'virtual_server.lb_kind': ([a], v) => v.oneOf(a, FORWARDING, 'invalid-value', t => `unknown [${show(t)}] routing method for virtual server (NAT, DR or TUN)`),
	'virtual_server.lvs_method': ([a], v) => v.oneOf(a, FORWARDING, 'invalid-value', t => `unknown [${show(t)}] routing method for virtual server (NAT, DR or TUN)`),
	'real_server.lvs_method': ([a], v) => v.oneOf(a, FORWARDING, 'invalid-value', t => `unknown [${show(t)}] routing method for real server (NAT, DR or TUN)`),
	'virtual_server.sorry_server_lvs_method': ([a], v) => v.oneOf(a, FORWARDING, 'invalid-value', t => `unknown [${show(t)}] routing method for sorry server (NAT, DR or TUN)`),
	'virtual_server.protocol': ([a], v) => v.oneOf(a, ['TCP', 'UDP', 'SCTP'], 'invalid-value', t => `unknown protocol '${show(t)}' (TCP, UDP or SCTP)`),
	'virtual_server.persistence_timeout': unsigned(),
	'virtual_server.quorum': unsigned(1),
	'virtual_server.hysteresis': unsigned(),
	'virtual_server.sorry_server': ([ip, port], v) => {
		v.ip(ip, 'sorry_server address');
		v.port(port, 'sorry_server');
	},
	'real_server.weight': unsigned(0, 2147483647),
	'real_server.uthreshold': unsigned(),
	'real_server.lthreshold': unsigned(),
	'virtual_server.weight': unsigned(1, 2147483647),
	delay_loop: timer(0.000001),
	connect_timeout: timer(0.000001),
	delay_before_retry: timer(),
	warmup: timer(),
	retry: unsigned(),
	nb_get_retry: unsigned(),
	connect_port: ([a], v) => v.port(a),
	bind_port: ([a], v) => v.port(a),
	connect_ip: ([a], v) => v.ip(a, 'connect_ip'),
	bindto: ([a], v) => v.ip(a, 'bindto'),
	fwmark: unsigned(1),
	'url.digest': ([a], v) => {
		if (a && !/^[0-9a-fA-F]{32}$/.test(a.text)) v.bad(a, 'invalid-value', `digest '${show(a.text)}' is not an MD5 digest (32 hex digits)`);
	},
	'url.status_code': (args, v) => {
		for (const a of args) if (!/^[1-5]\d\d(-[1-5]\d\d)?$/.test(a.text)) v.bad(a, 'invalid-value', `status_code '${show(a.text)}' is not an HTTP status code or range (e.g. 200 or 200-299)`);
	},
	'MISC_CHECK.misc_timeout': unsigned(1),
	'DNS_CHECK.type': ([a], v) => v.oneOf(a, ['A', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'AAAA'], 'invalid-value', t => `unknown DNS query type '${show(t)}'`),
};

/** CHECKS looked up once per context and keyword (the keys are keywords of the table, so this stays small). */
const checkCache = new Map<KeywordContext, Map<string, Check | undefined>>();

function checkFor(context: KeywordContext, keyword: string): Check | undefined {
	let byKeyword = checkCache.get(context);
	if (!byKeyword) checkCache.set(context, (byKeyword = new Map()));
	if (byKeyword.has(keyword)) return byKeyword.get(keyword);
	const check = CHECKS[`${context}.${keyword}`] ?? (isChecker(context) || context === 'virtual_server' || context === 'real_server' ? CHECKS[keyword] : undefined);
	byKeyword.set(keyword, check);
	return check;
}

function checkValues(context: KeywordContext, keyword: string, args: KaToken[], statement: KaStatement, report: Report) {
	if (context === 'root' && keyword === 'virtual_server') return virtualServerHeader(args, new ValueCheck(context, keyword, statement, report));
	if (context === 'virtual_server' && keyword === 'real_server') {
		const v = new ValueCheck(context, keyword, statement, report);
		v.ip(args[0], 'real_server address');
		if (args[1]) v.port(args[1], 'real_server');
		return;
	}
	const check = checkFor(context, keyword);
	if (check) check(args, new ValueCheck(context, keyword, statement, report));
}

const isChecker = (c: KeywordContext) => ['TCP_CHECK', 'HTTP_GET', 'MISC_CHECK', 'SMTP_CHECK', 'smtp_host', 'DNS_CHECK', 'UDP_CHECK', 'PING_CHECK'].includes(c);

function virtualServerHeader(args: KaToken[], v: ValueCheck) {
	const [first, second] = args;
	if (!first) return;
	if (first.text === 'fwmark') {
		if (!second) v.report(first.pos, 'error', 'missing-parameter', "'virtual_server fwmark' needs the mark number");
		else v.integer(second, 1, 4294967295);
		return;
	}
	if (first.text === 'group') {
		if (!second) v.report(first.pos, 'error', 'missing-parameter', "'virtual_server group' needs the virtual_server_group name");
		return;
	}
	if (!ipFamily(first.text)) {
		v.bad(first, 'invalid-ip', `Invalid virtual server IP address '${show(first.text)}'${second ? `/${second.text}` : ''}: keepalived skips this virtual server`);
		return;
	}
	if (second) v.port(second, 'virtual_server');
}

// ---- value blocks ------------------------------------------------------------------------------

function checkValueBlock(kind: ValueBlock, owner: string, lines: KaStatement[], report: Report) {
	for (const line of lines) {
		if (line.keyword === '') continue;
		if (line.block) report(line.block.open, 'error', 'unexpected-block', `a block inside ${owner} { … }: keepalived reads '${show(line.keyword)}' as a value and the '}' ends ${owner} early`);
		const words = [line.keyword, ...line.args.map(a => a.text)];
		const tokens = [line.keywordToken ?? {text: line.keyword, quoted: false, pos: line.pos}, ...line.args];
		switch (kind) {
			case 'vip': {
				const vip = parseVipLine(line);
				if (!vip.valid) {
					report(line.pos, 'error', 'invalid-ip', `VRRP parsed invalid IP '${show(words[0])}' in ${owner}: ${vip.error ?? 'not an address'}; keepalived skips it`);
					break;
				}
				if (vip.family === 6 && vip.scope) {
					const at = tokens[words.indexOf('scope')];
					report(at?.pos ?? line.pos, 'error', 'ipv6-scope', `Cannot specify scope for IPv6 addresses (${words[0]}): keepalived ignores the scope`);
				}
				for (const option of vip.options) {
					if (VIP_OPTIONS.has(option) || words[words.indexOf(option) - 1] === 'track_group') continue;
					const at = tokens[words.indexOf(option)];
					const near = didYouMean(option, ['dev', 'label', 'scope', 'brd', 'broadcast', 'peer', ...VIP_OPTIONS]);
					report(at?.pos ?? line.pos, 'warning', 'vip-option', `unknown word '${show(option)}' in a ${owner} entry: keepalived ignores it${/^[a-z]+\d/.test(option) ? " (an interface name? write 'dev " + option + "')" : ''}`, near ?? (/^[a-z]+\d/.test(option) ? `dev ${option}` : undefined));
				}
				break;
			}
			case 'peer':
				if (!ipFamily(words[0])) report(line.pos, 'error', 'invalid-ip', `malformed unicast peer address '${show(words[0])}': keepalived skips it`);
				break;
			case 'track-script':
			case 'track-interface':
			case 'track-file':
			case 'track-process':
			case 'track-bfd': {
				const at = words.indexOf('weight');
				if (at > 0) {
					const token = tokens[at + 1];
					const weight = parseInteger(token?.text);
					if (token === undefined) report(tokens[at].pos, 'error', 'missing-parameter', `'weight' in ${owner} needs a value`);
					else if (weight === undefined) report(token.pos, 'error', 'invalid-number', `invalid weight '${show(token.text)}' for ${words[0]} in ${owner}`);
					else if (weight < -254 || weight > 254) report(token.pos, 'error', 'out-of-range', `weight ${weight} for ${words[0]} is out of range [-254, 254]`);
				} else if (words.length > 1) {
					report(tokens[1].pos, 'warning', 'invalid-value', `unexpected '${show(words.slice(1).join(' '))}' after '${words[0]}' in ${owner} (only 'weight N [reverse]' may follow)`);
				}
				break;
			}
			case 'route':
			case 'rule':
				routeOrRule(kind, owner, words, tokens, line, report);
				break;
			case 'vsg': {
				if (words[0] === 'fwmark') {
					if (parseUnsigned(words[1]) === undefined) report(tokens[1]?.pos ?? line.pos, 'error', 'invalid-number', `invalid fwmark '${words[1] ?? ''}' in virtual_server_group`);
					break;
				}
				const parsed = parseAddress(words[0], {range: true, prefix: false});
				if ('error' in parsed) report(line.pos, 'error', 'invalid-ip', `invalid virtual_server_group entry '${show(words[0])}': ${parsed.error}`);
				if (words[1] !== undefined && parsePort(words[1]) === undefined) report(tokens[1].pos, 'error', 'invalid-port', `invalid port '${show(words[1])}' in virtual_server_group`);
				break;
			}
			default:
				break;
		}
	}
}

function routeOrRule(kind: 'route' | 'rule', owner: string, words: string[], tokens: KaToken[], line: KaStatement, report: Report) {
	const addressAfter = kind === 'route' ? ['src', 'via', 'gw', 'from', 'to'] : ['from', 'to'];
	const isAddress = (w: string) => w === 'default' || w === 'all' || !('error' in parseAddress(w));
	for (let i = 0; i < words.length; i++) {
		const word = words[i];
		if (kind === 'route' && word === 'gw') report(tokens[i].pos, 'warning', 'deprecated-keyword', '"gw" for routes is deprecated. Please use "via"', 'via');
		if (kind === 'route' && word === 'or') report(tokens[i].pos, 'warning', 'deprecated-keyword', '"or" for routes is deprecated. Please use "nexthop"', 'nexthop');
		if (!addressAfter.includes(word)) continue;
		const next = words[i + 1] === 'inet' || words[i + 1] === 'inet6' ? i + 2 : i + 1;
		if (words[next] !== undefined && !isAddress(words[next])) report(tokens[next].pos, 'error', 'invalid-ip', `VRRP parsed invalid IP '${show(words[next])}' after '${word}' in ${owner}`);
		i = next;
	}
	if (kind === 'route') {
		const first = ROUTE_TYPES.has(words[0]) ? 1 : 0;
		const destination = words[first];
		if (destination !== undefined && !addressAfter.includes(destination) && !isAddress(destination) && !['dev', 'table', 'metric', 'nexthop'].includes(destination)) {
			report(tokens[first].pos, 'error', 'invalid-ip', `VRRP parsed invalid IP '${show(destination)}' (route destination) in ${owner}`);
		}
	}
}
