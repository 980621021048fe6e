/**
The keepalived.conf linter. Each file is parsed (its includes read through `readFile`), then the
rules run in three layers, ESLint-style over one parsed source:

- keepalived-syntax.ts — keywords and values per block, as `keepalived -t` judges them;
- keepalived-vrrp.ts, keepalived-lvs.ts — one node's VRRP and LVS semantics on the model;
- keepalived-cluster.ts — several nodes linted together (priorities, weights, agreement).

Codes are `keepalived/<kebab>`; see RULES for the list. Never throws.
*/
import {posix as path} from 'node:path';
import {memoryFiles, parseKeepalived, type KeepalivedParseResult} from '../parse/keepalived/index.js';
import type {KaStatement} from '../parse/keepalived/ast.js';
import type {ListDir, ReadFile} from '../parse/keepalived/reader.js';
import type {Diagnostic} from './diagnostic.js';
import {lintCluster} from './keepalived-cluster.js';
import {lintLvs} from './keepalived-lvs.js';
import {lintSyntax, syntaxVisitor, type Report} from './keepalived-syntax.js';
import {lintVrrp} from './keepalived-vrrp.js';

/** Every code the keepalived linter emits, with its default severity and what it means. */
export const RULES: Record<string, {severity: Diagnostic['severity']; description: string}> = {
	'unicode-space': {severity: 'error', description: 'non-breaking / Unicode spaces keepalived reads as part of words'},
	'unmatched-quote': {severity: 'error', description: 'a " without its closing quote'},
	'comment-in-word': {severity: 'warning', description: "'#' or '!' inside a word starts a comment there"},
	'line-continuation': {severity: 'warning', description: "a trailing '\\' does not join lines outside $NAME= definitions"},
	'undefined-parameter': {severity: 'warning', description: '$NAME used but never defined'},
	'parameter-not-substituted': {severity: 'warning', description: '$NAME directly followed by text is not substituted'},
	'template-placeholder': {severity: 'error', description: 'an undefined ${NAME} (unrendered template): keepalived reads "$" and a block'},
	'include-missing': {severity: 'warning', description: 'include matches no file'},
	'include-cycle': {severity: 'error', description: 'include loop or too deep'},
	'invalid-seq': {severity: 'error', description: 'invalid ~SEQ line'},
	'parse-limit': {severity: 'error', description: 'expansion limits hit'},
	'unexpected-brace': {severity: 'error', description: "'{' without a keyword"},
	'extra-brace': {severity: 'error', description: "'}' without an open block"},
	'missing-brace': {severity: 'error', description: 'a block never closed'},
	'unknown-keyword': {severity: 'error', description: 'keyword keepalived 2.2.7 does not know in this block (with a did-you-mean)'},
	'misplaced-keyword': {severity: 'error', description: 'keyword valid only in another block'},
	'glued-keyword': {severity: 'error', description: 'keyword and value written without a space'},
	'build-dependent': {severity: 'warning', description: 'keyword only some keepalived builds know'},
	'deprecated-keyword': {severity: 'warning', description: 'deprecated keyword, with its replacement'},
	'missing-name': {severity: 'error', description: 'block without its name'},
	'missing-parameter': {severity: 'error', description: 'keyword without its value (keepalived aborts)'},
	'missing-block': {severity: 'error', description: "block keyword without '{'"},
	'unexpected-block': {severity: 'error', description: "'{' after a keyword that takes no block"},
	'duplicate-keyword': {severity: 'warning', description: 'the same keyword twice in a block'},
	'invalid-number': {severity: 'error', description: 'not a number'},
	'out-of-range': {severity: 'error', description: 'number outside the range keepalived accepts'},
	'invalid-value': {severity: 'error', description: 'value not among those keepalived accepts'},
	'invalid-state': {severity: 'error', description: 'state other than MASTER/BACKUP'},
	'invalid-auth-type': {severity: 'error', description: 'auth_type other than PASS/AH'},
	'auth-pass-too-long': {severity: 'error', description: 'auth_pass longer than 8 characters (truncated)'},
	'invalid-ip': {severity: 'error', description: 'invalid IP address'},
	'invalid-port': {severity: 'error', description: 'invalid port'},
	'ipv6-scope': {severity: 'error', description: 'scope on an IPv6 VIP'},
	'vip-option': {severity: 'warning', description: 'unknown word in a VIP line'},
	semicolon: {severity: 'warning', description: "';' kept as part of a value"},
	'vrrp-iptables': {severity: 'info', description: 'vrrp_iptables on nftables builds'},
	'duplicate-name': {severity: 'error', description: 'two vrrp_instance / vrrp_script with one name'},
	'missing-interface': {severity: 'error', description: 'vrrp_instance without interface'},
	'missing-vrid': {severity: 'error', description: 'vrrp_instance without virtual_router_id'},
	'duplicate-vrid': {severity: 'error', description: 'two instances with one VRID on one interface'},
	'no-vip': {severity: 'warning', description: 'vrrp_instance without virtual_ipaddress'},
	'unknown-track-script': {severity: 'error', description: 'track_script names no vrrp_script'},
	'unused-script': {severity: 'warning', description: 'vrrp_script nobody tracks'},
	'missing-script': {severity: 'error', description: "vrrp_script without 'script'"},
	'nopreempt-master': {severity: 'warning', description: 'nopreempt with state MASTER (cleared by keepalived)'},
	'owner-track-weight': {severity: 'warning', description: 'priority 255 ignores tracked weights'},
	'strict-auth': {severity: 'error', description: 'authentication under vrrp_strict (ignored)'},
	'strict-unicast': {severity: 'error', description: 'unicast peers under vrrp_strict'},
	'strict-master-priority': {severity: 'warning', description: 'vrrp_strict MASTER without priority 255'},
	'strict-preempt-delay': {severity: 'warning', description: 'preempt_delay under vrrp_strict'},
	'strict-no-accept': {severity: 'info', description: 'vrrp_strict drops traffic to the VIP (no_accept)'},
	'auth-ignored': {severity: 'warning', description: 'authentication with VRRPv3'},
	'ah-master': {severity: 'warning', description: 'AH authentication with state MASTER'},
	'auth-missing-pass': {severity: 'warning', description: 'auth_type without auth_pass'},
	'unicast-without-peers': {severity: 'warning', description: 'unicast_src_ip without unicast_peer'},
	'advert-int-fraction': {severity: 'warning', description: 'fractional advert_int with VRRPv2'},
	'unknown-sync-member': {severity: 'error', description: 'sync group member that is no vrrp_instance'},
	'empty-sync-group': {severity: 'warning', description: 'sync group without members'},
	'script-security': {severity: 'warning', description: 'scripts without enable_script_security'},
	'script-user': {severity: 'info', description: 'enable_script_security without script_user'},
	'unknown-vs-group': {severity: 'error', description: 'virtual_server group that is not defined'},
	'no-protocol': {severity: 'warning', description: 'virtual_server without protocol (UDP in 2.2.7)'},
	'fwmark-protocol': {severity: 'warning', description: 'protocol on a fwmark virtual_server'},
	'no-scheduler': {severity: 'warning', description: 'virtual_server without lb_algo'},
	'no-forwarding-method': {severity: 'warning', description: 'virtual_server without lb_kind'},
	'no-real-servers': {severity: 'warning', description: 'virtual_server without real_server'},
	'duplicate-real-server': {severity: 'warning', description: 'one real server twice'},
	'port-mismatch': {severity: 'warning', description: 'DR/TUN real server port differs from the VIP port'},
	'missing-url': {severity: 'error', description: 'HTTP_GET/SSL_GET without url (2.2.7 crashes)'},
	'missing-url-path': {severity: 'error', description: 'url without path'},
	'missing-misc-path': {severity: 'error', description: 'MISC_CHECK without misc_path'},
	'quorum-exceeds-weight': {severity: 'warning', description: 'quorum above the total real server weight'},
	'master-priority': {severity: 'error', description: 'state MASTER not above its peers (files linted together)'},
	'weight-cannot-move-vip': {severity: 'warning', description: 'tracked script weight too small to fail over'},
	'peer-auth-mismatch': {severity: 'error', description: 'peers disagree on authentication'},
	'peer-advert-mismatch': {severity: 'error', description: 'peers disagree on advert_int'},
	'peer-version-mismatch': {severity: 'error', description: 'peers disagree on the VRRP version'},
	'peer-vip-mismatch': {severity: 'warning', description: 'peers disagree on the VIPs'},
};

export type LintKeepalivedOptions = {
	/** reads include targets not among `files` (e.g. readLocalFile for the CLI); default: only `files` */
	readFile?: ReadFile;
	listDir?: ListDir;
	/** keepalived's `-i` config id for `@id` lines */
	configId?: string;
	/** skip the cross-file rules (files of one host) */
	single?: boolean;
};

/**
One linted configuration: the parse result of a main file (includes folded in) and, when the
syntax rules ran during the parse, what they reported (in order) and the error that stopped them.
*/
export type LintedKeepalived = {file: string; parsed: KeepalivedParseResult; syntax?: {reports: Array<Parameters<Report>>; error?: Error}};

const sortDiagnostics = (a: Diagnostic, b: Diagnostic) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);

/**
Parses the main files among `files` (a file another one includes is linted as part of it),
falling back to `options.readFile` for includes not given.
*/
export function parseForLint(files: Array<{path: string; text: string}>, options: LintKeepalivedOptions = {}): LintedKeepalived[] {
	const memory = memoryFiles(files);
	const readFile: ReadFile = p => memory.readFile(p) ?? options.readFile?.(p);
	const listDir: ListDir = d => {
		const names = new Set([...(memory.listDir(d) ?? []), ...(options.listDir?.(d) ?? [])]);
		return names.size > 0 ? [...names] : undefined;
	};
	const results: LintedKeepalived[] = [];
	const includedBy = new Map<string, string>();
	for (const file of files) {
		if (includedBy.has(path.normalize(file.path))) continue;
		const syntax: NonNullable<LintedKeepalived['syntax']> = {reports: []};
		const rules = syntaxVisitor((...args) => {
			syntax.reports.push(args);
		});
		const visit = (statement: KaStatement) => {
			if (syntax.error) return;
			try {
				rules(statement);
			} catch (error) {
				syntax.error = error as Error;
			}
		};
		const parsed = parseKeepalived(file.text, {file: file.path, readFile, listDir, visit, ...(options.configId !== undefined ? {configId: options.configId} : {})});
		for (const f of parsed.ast.files.slice(1)) if (path.normalize(f.path) !== path.normalize(file.path)) includedBy.set(path.normalize(f.path), file.path);
		results.push({file: file.path, parsed, syntax});
	}
	const mains = results.filter(r => !includedBy.has(path.normalize(r.file)));
	return mains.length > 0 ? mains : results.slice(0, 1);
}

/**
Lints keepalived configurations. Each given file is one node's main configuration unless another
given file includes it; two or more nodes enable the cluster rules. Never throws.
*/
export function lintKeepalived(files: Array<{path: string; text: string}>, options: LintKeepalivedOptions = {}): Diagnostic[] {
	const out: Diagnostic[] = [];
	const seen = new Set<string>();
	const report: Report = (pos, severity, code, message, suggestion) => {
		const d: Diagnostic = {file: pos.file, line: pos.line, column: pos.column, severity, code: `keepalived/${code}`, message, ...(suggestion ? {suggestion} : {})};
		const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
		if (seen.has(key)) return;
		seen.add(key);
		out.push(d);
	};
	let linted: LintedKeepalived[] = [];
	try {
		linted = parseForLint(files, options);
	} catch (error) {
		report({file: files[0]?.path ?? 'keepalived.conf', line: 1, column: 1}, 'error', 'parse-limit', `internal parser error: ${(error as Error).message}`);
	}
	const syntaxRules = (parsed: KeepalivedParseResult, syntax: LintedKeepalived['syntax']) => {
		if (!syntax) return lintSyntax(parsed.ast, report);
		for (const args of syntax.reports) report(...args);
		if (syntax.error) throw syntax.error;
	};
	for (const {parsed, syntax} of linted) {
		for (const d of parsed.diagnostics) report({file: d.file, line: d.line, column: d.column}, d.severity, d.code.replace(/^keepalived\//, ''), d.message, d.suggestion);
		for (const rule of [() => syntaxRules(parsed, syntax), () => lintVrrp(parsed.config, report), () => lintLvs(parsed.config, report)]) {
			try {
				rule();
			} catch (error) {
				report({file: parsed.ast.file, line: 1, column: 1}, 'error', 'parse-limit', `internal linter error: ${(error as Error).message}`);
			}
		}
	}
	if (!options.single && linted.length > 1) {
		try {
			lintCluster(
				linted.map(l => l.parsed.config),
				report,
			);
		} catch (error) {
			report({file: linted[0].file, line: 1, column: 1}, 'error', 'parse-limit', `internal linter error: ${(error as Error).message}`);
		}
	}
	return out.sort(sortDiagnostics);
}
