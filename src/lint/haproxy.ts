import type {HaproxyAst, Section} from '../parse/haproxy/ast.js';
import {isIpv4, isSpecificIp} from '../parse/haproxy/address.js';
import {parseHaproxy} from '../parse/haproxy/index.js';
import {DEFAULT_STATS_CREDENTIALS} from '../parse/haproxy/keywords.js';
import {buildHaproxyConfig, type HaproxyConfig, type Proxy} from '../parse/haproxy/model.js';
import type {Diagnostic} from './diagnostic.js';

/** Options of {@link lintHaproxy}. */
export type LintHaproxyOptions = {
	/**
	Treat the files as the parts of one HAProxy configuration (`haproxy -f a.cfg -f b.cfg`, a conf.d
	directory) instead of independent configurations (e.g. the haproxy.cfg of two nodes). Default false.
	*/
	combined?: boolean;
};

type Unit = {asts: HaproxyAst[]; config: HaproxyConfig};

/**
Lints haproxy.cfg files for HAProxy 2.6: everything `parseHaproxy` reports (syntax, unknown, removed
and newer keywords, names, ports) plus configuration-level rules — references to missing backends,
duplicate proxies and servers, no listener, missing timeouts, health checks that never run, cookie
persistence without server cookies, default stats credentials, VIP binds that need
`ip_nonlocal_bind`, and `option httpchk`'s OPTIONS default. Codes are `haproxy/<kebab>`. Never throws.
*/
export function lintHaproxy(files: Array<{path: string; text: string}>, options: LintHaproxyOptions = {}): Diagnostic[] {
	const diagnostics: Diagnostic[] = [];
	const parsed = files.map(f => ({file: f, result: parseHaproxy(f.text, {file: f.path})}));
	for (const {result} of parsed) diagnostics.push(...result.diagnostics);
	const units: Unit[] = options.combined
		? [{asts: parsed.map(p => p.result.ast), config: buildHaproxyConfig(mergeAsts(parsed.map(p => p.result.ast)))}]
		: parsed.map(p => ({asts: [p.result.ast], config: p.result.config}));
	for (const unit of units) {
		try {
			diagnostics.push(...lintUnit(unit));
		} catch (error) {
			const file = unit.asts[0]?.file ?? '';
			diagnostics.push({file, line: 1, column: 1, severity: 'error', code: 'haproxy/internal', message: `internal linter error: ${String(error)}`});
		}
	}
	return dedupe(diagnostics).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function mergeAsts(asts: HaproxyAst[]): HaproxyAst {
	return {
		file: asts[0]?.file ?? '',
		sections: asts.flatMap(a => a.sections),
		orphans: asts.flatMap(a => a.orphans),
		directives: asts.flatMap(a => a.directives),
		skipped: asts.flatMap(a => a.skipped),
		statements: asts.flatMap(a => a.statements),
		lineCount: asts.reduce((n, a) => n + a.lineCount, 0),
	};
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
	const seen = new Set<string>();
	return list.filter(d => {
		const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

const hasFrontend = (p: Proxy) => p.kind === 'frontend' || p.kind === 'listen';
const hasBackend = (p: Proxy) => p.kind === 'backend' || p.kind === 'listen';
const isDisabled = (p: Proxy) => p.statements.some(s => s.keyword === 'disabled');
const effectiveMode = (p: Proxy) => p.mode?.value ?? 'tcp';

function lintUnit({asts, config}: Unit): Diagnostic[] {
	const out: Diagnostic[] = [];
	const at = (position: {file: string; line: number; column: number}, severity: Diagnostic['severity'], code: string, message: string, suggestion?: string) => {
		const d: Diagnostic = {file: position.file, line: position.line, column: position.column, severity, code, message};
		if (suggestion) d.suggestion = suggestion;
		out.push(d);
	};
	const sections = asts.flatMap(a => a.sections);

	checkDuplicateProxies(config, at);
	checkBackendReferences(config, at);
	checkModeMismatch(config, at);
	checkListeners(config, sections, asts, at);
	checkDefaultsUsage(sections, at);
	for (const proxy of config.proxies) {
		checkDuplicateServers(proxy, at);
		checkTimeouts(proxy, at);
		checkHealthChecks(proxy, at);
		checkCookies(proxy, at);
		checkBinds(proxy, at);
	}
	checkStats(config, at);
	checkResolversReferences(config, at);
	return out;
}

type At = (position: {file: string; line: number; column: number}, severity: Diagnostic['severity'], code: string, message: string, suggestion?: string) => void;

function checkDuplicateProxies(config: HaproxyConfig, at: At) {
	const seen: Proxy[] = [];
	for (const proxy of config.proxies) {
		const clash = seen.find(p => p.name === proxy.name && ((hasFrontend(p) && hasFrontend(proxy)) || (hasBackend(p) && hasBackend(proxy))));
		if (clash) {
			at(proxy.position, 'error', 'haproxy/duplicate-proxy', `proxy '${proxy.name}' has the same name as proxy '${clash.name}' declared at ${clash.position.file}:${clash.position.line}.`);
		}
		seen.push(proxy);
	}
}

function checkBackendReferences(config: HaproxyConfig, at: At) {
	const backends = new Set(config.proxies.filter(hasBackend).map(p => p.name));
	const candidates = [...backends];
	for (const proxy of config.proxies.filter(hasFrontend)) {
		for (const use of proxy.useBackends) {
			if (use.dynamic || backends.has(use.backend)) continue;
			const suggestion = closest(use.backend, candidates);
			at(use.namePosition, 'error', 'haproxy/missing-backend', `Proxy '${proxy.name}': unable to find required use_backend: '${use.backend}'.`, suggestion);
		}
		const def = proxy.defaultBackend;
		if (def && !def.dynamic && !backends.has(def.name)) {
			const suggestion = closest(def.name, candidates);
			at(def.position, 'error', 'haproxy/missing-backend', `Proxy '${proxy.name}': unable to find required default_backend: '${def.name}'.`, suggestion);
		}
	}
}

function checkModeMismatch(config: HaproxyConfig, at: At) {
	const backends = new Map(config.proxies.filter(hasBackend).map(p => [p.name, p]));
	for (const proxy of config.proxies.filter(hasFrontend)) {
		if (effectiveMode(proxy) !== 'http') continue;
		const targets = [
			...proxy.useBackends.filter(u => !u.dynamic).map(u => ({name: u.backend, rule: 'use_backend', position: u.namePosition})),
			...(proxy.defaultBackend ? [{name: proxy.defaultBackend.name, rule: 'default_backend', position: proxy.defaultBackend.position}] : []),
		];
		for (const target of targets) {
			const backend = backends.get(target.name);
			if (!backend || effectiveMode(backend) !== 'tcp') continue;
			at(target.position, 'error', 'haproxy/mode-mismatch', `http frontend '${proxy.name}' (${proxy.position.file}:${proxy.position.line}) tries to use incompatible tcp backend '${backend.name}' (${backend.position.file}:${backend.position.line}) in a '${target.rule}' rule (see 'mode').`);
		}
	}
}

/** The most similar name (case-insensitive match or small edit distance), for missing references. */
function closest(name: string, candidates: string[]): string | undefined {
	const lower = name.toLowerCase();
	const exact = candidates.find(c => c.toLowerCase() === lower);
	if (exact) return exact;
	let best: string | undefined;
	let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
	for (const c of candidates) {
		const d = editDistance(lower, c.toLowerCase());
		if (d < bestDistance) {
			bestDistance = d;
			best = c;
		}
	}
	return best;
}

function editDistance(a: string, b: string): number {
	if (Math.abs(a.length - b.length) > 10) return 99;
	const row = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const temp = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = temp;
		}
	}
	return row[b.length];
}

function checkListeners(config: HaproxyConfig, sections: Section[], asts: HaproxyAst[], at: At) {
	const proxyBinds = config.proxies.some(p => hasFrontend(p) && !isDisabled(p) && p.binds.length > 0);
	const otherBinds = sections.some(s => (s.type === 'log-forward' || s.type === 'peers') && s.statements.some(st => st.keyword === 'bind' || st.keyword === 'dgram-bind' || st.keyword === 'peer'));
	if (proxyBinds || otherBinds || config.global.statsSockets.length > 0) return;
	const first = asts[0];
	if (!first) return;
	const position = config.proxies[0]?.position ?? sections[0]?.header ?? {file: first.file, line: 1, column: 1};
	at(position, 'error', 'haproxy/no-listener', "no listener: no frontend or listen section has a 'bind' (haproxy -c: \"Configuration file has no error but will not start (no listener) => exit(2)\")");
}

function checkDefaultsUsage(sections: Section[], at: At) {
	// HAProxy 2.6: a defaults section referenced with `from` must not also be used implicitly by a later proxy,
	// and a listen section cannot inherit TCP/HTTP rules from a defaults section.
	const explicitlyUsed = new Map<string, Section>();
	for (const s of sections) if (s.from !== undefined) explicitlyUsed.set(s.from, s);
	let last: Section | undefined;
	const byName = new Map<string, Section>();
	for (const s of sections) {
		if (s.type === 'defaults') {
			last = s;
			if (s.name) byName.set(s.name, s);
			continue;
		}
		if (s.type !== 'frontend' && s.type !== 'backend' && s.type !== 'listen') continue;
		const parent = s.from === undefined ? last : byName.get(s.from);
		if (!parent) continue;
		if (s.from === undefined && parent.name && explicitlyUsed.has(parent.name)) {
			// haproxy 2.6.12 prints this as an ALERT yet still exits 0 (checked): a warning, not an error
			at(s.header, 'warning', 'haproxy/defaults-ambiguity', `defaults section '${parent.name}' (declared at ${parent.header.file}:${parent.header.line}) is explicitly referenced by another proxy and implicitly used here. To avoid any ambiguity don't mix both usage. Add a last defaults section not explicitly used or always use explicit references.`);
		}
		if (s.type === 'listen' && parent.statements.some(st => /^(tcp|http)-(request|response)$|^http-after-response$/.test(st.keyword))) {
			at(s.header, 'error', 'haproxy/listen-inherits-rules', `a listen section cannot inherit from a defaults section defining TCP/HTTP rules (defaults '${parent.name ?? ''}' at ${parent.header.file}:${parent.header.line}).`);
		}
	}
}

function checkDuplicateServers(proxy: Proxy, at: At) {
	const seen = new Map<string, number>();
	for (const server of proxy.servers) {
		if (server.template) continue;
		const line = seen.get(server.name);
		if (line !== undefined) {
			at(server.position, 'error', 'haproxy/duplicate-server', `proxy '${proxy.name}', another server named '${server.name}' was already defined at line ${line}, please use distinct names.`);
		} else seen.set(server.name, server.position.line);
	}
}

function checkTimeouts(proxy: Proxy, at: At) {
	if (isDisabled(proxy)) return;
	const mode = effectiveMode(proxy);
	if (mode !== 'tcp' && mode !== 'http') return;
	const t = proxy.timeouts;
	const feMissing = hasFrontend(proxy) && !t.client?.value;
	const beMissing = hasBackend(proxy) && proxy.servers.length > 0 && (!t.connect?.value || (!t.server?.value && (mode === 'http' || !t.tunnel?.value)));
	if (!feMissing && !beMissing) return;
	const kind = proxy.kind === 'listen' ? 'proxy' : proxy.kind;
	at(proxy.position, 'warning', 'haproxy/missing-timeouts', `missing timeouts for ${kind} '${proxy.name}': set 'timeout client', 'timeout connect' and 'timeout server' to non-zero values (in this section or its defaults), or connections can pile up forever.`);
}

function checkHealthChecks(proxy: Proxy, at: At) {
	if (!hasBackend(proxy)) return;
	const check = proxy.httpCheck;
	if (check && proxy.options.httpchk && !proxy.options.httpchk.negated) {
		for (const server of proxy.servers) {
			if (server.check || server.disabled) continue;
			at(server.position, 'warning', 'haproxy/server-without-check', `server '${server.name}' in backend '${proxy.name}' has no 'check': 'option httpchk' (line ${check.position.line}) never probes it, so HAProxy keeps sending traffic to it when it is down; add 'check'.`, 'check');
		}
		if (check.defaultMethod && !check.inherited && proxy.servers.some(s => s.check)) {
			at(check.position, 'info', 'haproxy/httpchk-options-method', `'${check.source}' without a method sends 'OPTIONS ${check.uri}': busybox httpd and some servers answer 501, which marks every server DOWN; prefer 'option httpchk GET ${check.uri}'.`, `option httpchk GET ${check.uri}`);
		}
	}
}

function checkCookies(proxy: Proxy, at: At) {
	if (!hasBackend(proxy) || !proxy.cookie) return;
	const cookie = proxy.cookie;
	if (effectiveMode(proxy) !== 'http') {
		at(cookie.inherited ? proxy.position : cookie.position, 'warning', 'haproxy/cookie-needs-http', `cookie will be ignored for ${proxy.kind} '${proxy.name}' (needs 'mode http').`);
		return;
	}
	if (cookie.options.includes('dynamic') || proxy.statements.some(s => s.keyword === 'dynamic-cookie-key')) return;
	const without = proxy.servers.filter(s => s.cookie === undefined && !s.template && !s.disabled);
	if (without.length === 0 || proxy.servers.length === 0) return;
	for (const server of without) {
		at(server.position, 'warning', 'haproxy/server-without-cookie', `backend '${proxy.name}' uses cookie persistence ('cookie ${cookie.name}' at line ${cookie.position.line}) but server '${server.name}' has no 'cookie <value>': clients are never made sticky to it.`, 'cookie');
	}
}

function checkBinds(proxy: Proxy, at: At) {
	if (!hasFrontend(proxy)) return;
	for (const bind of proxy.binds) {
		const a = bind.address;
		if (!isSpecificIp(a)) continue;
		if (isIpv4(a.host) ? a.host.startsWith('127.') : a.host === '::1') continue;
		if (bind.transparent) continue;
		const sysctl = isIpv4(a.host) ? 'net.ipv4.ip_nonlocal_bind=1' : 'net.ipv6.ip_nonlocal_bind=1';
		at(bind.position, 'info', 'haproxy/vip-bind', `'bind ${bind.raw}' listens on a specific address: if it is a keepalived VIP, the node that does not hold it needs ${sysctl} (or 'transparent' on the bind), else HAProxy fails with "cannot bind socket (Cannot assign requested address)".`);
	}
}

function checkStats(config: HaproxyConfig, at: At) {
	const defaults = new Set(DEFAULT_STATS_CREDENTIALS.map(([u, p]) => `${u}\0${p}`));
	for (const proxy of [...config.defaults, ...config.proxies]) {
		for (const auth of proxy.stats.auth) {
			if (auth.inherited) continue;
			if (!auth.redacted && auth.password === '' && !auth.user.includes(':')) {
				at(auth.position, 'warning', 'haproxy/stats-auth-format', `'stats auth ${auth.user}' has no ':': HAProxy expects <user>:<password> (a realm text belongs in 'stats realm').`);
				continue;
			}
			if (auth.redacted) continue;
			if (defaults.has(`${auth.user}\0${auth.password}`) || (auth.user !== '' && auth.user === auth.password)) {
				at(auth.position, 'warning', 'haproxy/default-stats-credentials', `'stats auth' for user '${auth.user}' uses a well-known default password (not shown): anyone who finds the stats page can log in${proxy.stats.admin ? ' and change server states' : ''}; set a strong password.`);
			}
		}
		const extra = proxy.statements.filter(s => s.keyword === 'stats' && s.args[0]?.text === 'auth' && s.args.length > 2);
		for (const s of extra) {
			at(s.args[2], 'warning', 'haproxy/stats-auth-format', `'stats auth' takes one <user>:<password> argument; '${s.args[2].text}' and what follows are ignored.`);
		}
	}
	for (const socket of config.global.statsSockets) {
		const address = socket.address;
		const inet = /^(ipv4@|ipv6@|tcp@|tcp4@|tcp6@)?[\d.*:[\]]*:\d+$/.test(address) && !address.startsWith('/');
		if (inet && socket.level === 'admin') {
			at(socket.position, 'warning', 'haproxy/stats-socket-admin-tcp', `'stats socket ${address} level admin' exposes the admin runtime API over TCP without authentication; prefer a unix socket with 'mode 600'.`);
		}
	}
}

function checkResolversReferences(config: HaproxyConfig, at: At) {
	const names = new Set(config.resolvers.map(r => r.name ?? ''));
	for (const proxy of config.proxies) {
		for (const server of proxy.servers) {
			if (server.resolvers && !names.has(server.resolvers)) {
				at(server.position, 'error', 'haproxy/missing-resolvers', `'server ${proxy.name}/${server.name}' : unable to find required resolvers section '${server.resolvers}'.`);
			}
		}
	}
}
