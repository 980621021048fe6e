/**
haproxy.cfg → the `haproxy:` section of lbwiz.yaml, through the HAProxy parser's semantic model.
What the model cannot say (TLS binds, complex ACL conditions, per-server cookie values, extra
options…) becomes a warning naming the file and line.
*/
import type {TopologyInput} from '../model/schema.js';
import {parseHaproxy, type HaproxyConfig, type Proxy, type Server} from '../parse/haproxy/index.js';
import type {ImportSource, Place, RealServerRegistry, WarningLog} from './types.js';

type HaproxyInput = NonNullable<TopologyInput['haproxy']>;
type FrontendInput = HaproxyInput['frontends'][number];
type BackendInput = HaproxyInput['backends'][number];
type RouteInput = NonNullable<FrontendInput['routes']>[number];

const BALANCES = new Set(['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri']);
/** HAProxy's own defaults when a server line has `check` without inter/rise/fall. */
const HAPROXY_CHECK_DEFAULTS = {inter: 2000, rise: 2, fall: 3};
/** Statements the model expresses (or lbwiz renders anyway) in frontends/backends/listen sections. */
const EXPRESSED = new Set(['bind', 'mode', 'acl', 'use_backend', 'default_backend', 'balance', 'cookie', 'server', 'http-check', 'log', 'stats', 'maxconn', 'timeout', 'retries']);
/** Options lbwiz renders itself, so dropping the user's copy loses nothing. */
const RENDERED_OPTIONS = new Set(['httpchk', 'httplog', 'dontlognull', 'redispatch', 'forwardfor']);

/** The result of importing one or more haproxy.cfg files (one per HAProxy node). */
export type HaproxyImport = {haproxy: HaproxyInput; nodes: number};

const place = (p: {file: string; line: number; column?: number}): Place => ({file: p.file, line: p.line, column: p.column});

/** Imports the first file fully and reports how the others differ (each file is one node). */
export function importHaproxy(sources: readonly ImportSource[], registry: RealServerRegistry, log: WarningLog): HaproxyImport | undefined {
	if (sources.length === 0) return undefined;
	const parsed = sources.map(source => ({source, result: parseHaproxy(source.text, {file: source.file})}));
	for (const {result} of parsed) {
		for (const d of result.diagnostics.filter(d => d.severity === 'error')) log.warn(d, 'haproxy-syntax', `${d.message} (HAProxy 2.6 rejects the file as written; lbwiz renders without it)`);
	}
	const first = convert(parsed[0].result.config, registry, log);
	for (const other of parsed.slice(1)) {
		const next = convert(other.result.config, registry, log, true);
		if (JSON.stringify(withoutSecrets(next)) !== JSON.stringify(withoutSecrets(first))) {
			log.warn({file: other.source.file, line: 1}, 'haproxy-nodes-differ', `${other.source.file} differs from ${parsed[0].source.file} in what lbwiz models; lbwiz.yaml describes ${parsed[0].source.file} and will render the same haproxy.cfg on every node`);
		}
	}
	return {haproxy: first, nodes: sources.length};
}

const withoutSecrets = (h: HaproxyInput) => ({...h, stats: h.stats ? {...h.stats, password: h.stats.password === undefined ? undefined : 'x'} : undefined});

function convert(config: HaproxyConfig, registry: RealServerRegistry, realLog: WarningLog, quiet = false): HaproxyInput {
	// The second and later files only need comparing: their warnings would repeat the first's.
	const log = quiet ? ({warn() {}} as unknown as WarningLog) : realLog;
	const out: HaproxyInput = {frontends: [], backends: []};
	const global = config.global;
	if (global.maxconn) out.maxconn = global.maxconn.value;
	if (global.user) out.user = global.user.value;
	if (global.group) out.group = global.group.value;
	for (const [key, value] of [['uid', global.uid], ['gid', global.gid]] as const) {
		if (value) log.warn(place(value.position), 'haproxy-uid', `global ${key} ${value.value}: lbwiz.yaml names the account (haproxy.user/group, default haproxy); set them if ${value.value} is not haproxy`);
	}
	const socket = global.statsSockets.find(s => s.address.startsWith('/'));
	if (socket) out.socket = socket.address;
	else log.warn({file: global.positions[0]?.file ?? '?', line: global.positions[0]?.line ?? 1}, 'haproxy-no-socket', 'no `stats socket` in global: lbwiz adds /run/haproxy/admin.sock (doctor reads server states there)', 'info');

	const defaults = config.defaults[config.defaults.length - 1];
	if (defaults) {
		const t = defaults.timeouts;
		const timeouts: Record<string, number> = {};
		for (const kind of ['connect', 'client', 'server'] as const) if (t[kind]) timeouts[kind] = t[kind].value;
		if (Object.keys(timeouts).length > 0) out.timeouts = timeouts;
		reportUnexpressed(defaults, log);
	}

	const statsListen = config.listens.find(l => l.stats.enabled && l.servers.length === 0 && l.binds.length > 0);
	for (const proxy of config.proxies) {
		if (proxy === statsListen) continue;
		if (proxy.kind === 'frontend' || (proxy.kind === 'listen' && proxy.binds.length > 0)) {
			const frontend = convertFrontend(proxy, config, log);
			if (frontend) out.frontends.push(frontend);
		}
		if (proxy.kind === 'backend' || proxy.kind === 'listen') {
			if (proxy.servers.length === 0 && proxy.kind === 'listen') continue;
			out.backends.push(convertBackend(proxy, registry, log));
		}
		if (proxy.kind !== 'backend') reportUnexpressed(proxy, log);
	}

	const statsSource = statsListen ?? config.proxies.find(p => p.stats.enabled) ?? config.defaults.find(d => d.stats.enabled);
	if (statsSource) {
		const stats = statsSource.stats;
		const auth = stats.auth.find(a => a.password !== '');
		for (const bad of stats.auth.filter(a => a.password === '' && !a.inherited)) {
			log.warn(place(bad.position), 'stats-auth', `\`stats auth ${bad.user}…\` is not user:password (a realm belongs in \`stats realm\`); not imported`);
		}
		const bind = statsListen?.binds[0];
		const port = bind?.address.port ?? 8404;
		if (!statsListen) {
			log.warn(place(stats.position ?? statsSource.position), 'stats-moved', `the stats page is served on ${statsSource.kind === 'defaults' ? 'every proxy of these defaults' : `${statsSource.kind} ${statsSource.name}`}; lbwiz serves it from its own \`listen stats\` on port ${port}`);
		}
		out.stats = {
			port,
			...(stats.uri ? {uri: stats.uri.value} : {}),
			...(auth ? {user: auth.user, password: auth.password} : {}),
			...(bind && bind.address.host && bind.address.host !== '0.0.0.0' && bind.address.host !== '*' ? {bind: bind.raw} : {}),
		};
		if (stats.auth.filter(a => a.password !== '').length > 1) log.warn(place(stats.auth[1].position), 'stats-auth', 'several stats users: lbwiz.yaml keeps the first');
	}
	const {frontends, backends, ...settings} = out;
	return {...settings, frontends, backends};
}

function convertFrontend(proxy: Proxy, config: HaproxyConfig, log: WarningLog): FrontendInput | undefined {
	const bind = proxy.binds[0];
	if (!bind) return undefined;
	if (proxy.binds.length > 1) log.warn(place(proxy.binds[1].position), 'frontend-binds', `${proxy.kind} ${proxy.name} listens on ${proxy.binds.length} addresses; lbwiz.yaml keeps ${bind.raw}`);
	if (bind.ssl) log.warn(place(bind.position), 'frontend-tls', `bind ${bind.raw} terminates TLS (ssl crt …): lbwiz.yaml cannot express TLS; the rendered bind is plain`);
	const host = bind.address.host;
	const bindText = !host || host === '*' || host === '0.0.0.0' || host === '::' ? `*:${bind.address.port}` : `${host}:${bind.address.port}`;
	const mode = modeOf(proxy, log);
	const routes: RouteInput[] = [];
	for (const use of proxy.useBackends) {
		const route = routeOf(proxy, use, log);
		if (route) routes.push(route);
	}
	let defaultBackend = proxy.defaultBackend?.name;
	if (proxy.kind === 'listen') defaultBackend = proxy.name;
	if (!defaultBackend) {
		defaultBackend = routes[0]?.backend ?? config.backends[0]?.name ?? proxy.name;
		log.warn(place(proxy.position), 'frontend-default', `${proxy.kind} ${proxy.name} has no default_backend; lbwiz.yaml requires one and uses ${defaultBackend}`);
	}
	return {name: proxy.name, bind: bindText, mode, default_backend: defaultBackend, ...(routes.length > 0 ? {routes} : {})};
}

function modeOf(proxy: Proxy, log: WarningLog): 'http' | 'tcp' {
	const mode = proxy.mode?.value ?? 'tcp';
	if (mode === 'http' || mode === 'tcp') return mode;
	log.warn(place(proxy.mode?.position ?? proxy.position), 'mode', `mode ${mode} is not modelled; imported as http`);
	return 'http';
}

function routeOf(proxy: Proxy, use: Proxy['useBackends'][number], log: WarningLog): RouteInput | undefined {
	const terms = use.condition?.terms ?? [];
	if (use.dynamic || !use.condition || use.condition.kind !== 'if' || terms.length !== 1 || terms[0].startsWith('!') || terms[0].startsWith('{')) {
		log.warn(place(use.position), 'route-condition', `use_backend ${use.backend}${use.condition ? ` ${use.condition.kind} ${terms.join(' ')}` : ''}: only \`if <one acl>\` routes are modelled; not imported`);
		return undefined;
	}
	const acls = proxy.acls.filter(a => a.name === terms[0]);
	if (acls.length === 0) {
		log.warn(place(use.position), 'route-acl', `use_backend ${use.backend} if ${terms[0]}: no acl ${terms[0]} in ${proxy.kind} ${proxy.name}; not imported`);
		return undefined;
	}
	const acl = acls[0];
	if (acls.length > 1) log.warn(place(acls[1].position), 'route-acl', `acl ${acl.name} is defined ${acls.length} times (OR); lbwiz.yaml keeps the first`);
	if (acl.patterns.length !== 1) log.warn(place(acl.position), 'route-acl', `acl ${acl.name} has ${acl.patterns.length} patterns; lbwiz.yaml keeps one matcher per route (${acl.patterns[0] ?? 'none'})`);
	const flags = acl.flags.filter(f => f !== '-m');
	if (flags.length > 0) log.warn(place(acl.position), 'route-flags', `acl ${acl.name} uses ${flags.join(' ')}${flags.includes('-i') ? ' (case-insensitive)' : ''}: not modelled; the rendered ACL matches case-sensitively`);
	const pattern = acl.patterns[0];
	if (pattern === undefined) return undefined;
	const route = (matcher: Partial<RouteInput>): RouteInput => ({acl: acl.name, ...matcher, backend: use.backend});
	const fetch = acl.fetch.toLowerCase();
	if (fetch === 'path_reg' || fetch === 'path_regex') return route({path_regex: pattern});
	if (fetch === 'url_reg' || fetch === 'url_regex') {
		log.warn(place(acl.position), 'route-url-reg', `acl ${acl.name} ${acl.fetch} matches the whole URL (query string too); imported as path_regex, which matches the path only`);
		return route({path_regex: pattern});
	}
	if (fetch === 'path_beg' || fetch === 'url_beg') return route({path_beg: pattern});
	if (fetch === 'path_end' || fetch === 'url_end') return route({path_end: pattern});
	if ((fetch === 'hdr' || fetch === 'hdr_str' || fetch === 'req.hdr') && acl.fetchArgs?.toLowerCase() === 'host') return route({host: pattern});
	log.warn(place(acl.position), 'route-fetch', `acl ${acl.name} ${acl.fetch}${acl.fetchArgs ? `(${acl.fetchArgs})` : ''}: lbwiz.yaml models path_reg, path_beg, path_end and hdr(host) only; not imported`);
	return undefined;
}

function convertBackend(proxy: Proxy, registry: RealServerRegistry, log: WarningLog): BackendInput {
	const balance = proxy.balance?.value.algorithm;
	const backend: BackendInput = {name: proxy.name, mode: modeOf(proxy, log), servers: []};
	if (balance && BALANCES.has(balance)) backend.balance = balance as BackendInput['balance'];
	else if (balance) log.warn(place(proxy.balance!.position), 'balance', `balance ${balance} is not modelled; imported as roundrobin`);
	if (proxy.cookie) {
		backend.cookie = proxy.cookie.name;
		const options = [...new Set([proxy.cookie.mode, ...proxy.cookie.options].filter(Boolean))].join(' ');
		if (options !== 'insert indirect nocache') log.warn(place(proxy.cookie.position), 'cookie', `cookie ${proxy.cookie.name} ${options}: lbwiz renders \`insert indirect nocache\``);
		const values = proxy.servers.filter(s => s.cookie !== undefined && s.cookie !== s.name);
		if (values.length > 0) log.warn(place(values[0].position), 'cookie-values', `per-server cookie values (${values.map(s => `${s.name}=${s.cookie}`).join(', ')}) become the server names: clients holding the old cookie are re-balanced once`);
	}
	const checked = proxy.servers.filter(s => s.check);
	const reference = checked[0];
	const check = reference ? {inter: reference.inter ?? HAPROXY_CHECK_DEFAULTS.inter, rise: reference.rise ?? HAPROXY_CHECK_DEFAULTS.rise, fall: reference.fall ?? HAPROXY_CHECK_DEFAULTS.fall} : undefined;
	if (proxy.httpCheck) {
		backend.check = {http: `${proxy.httpCheck.method} ${proxy.httpCheck.uri}`, ...(check ?? HAPROXY_CHECK_DEFAULTS)};
		if (proxy.httpCheck.defaultMethod) log.warn(place(proxy.httpCheck.position), 'httpchk-options', `option httpchk without a method sends OPTIONS (busybox httpd answers 501); imported as "OPTIONS ${proxy.httpCheck.uri}"`);
	} else if (check) backend.check = check;
	for (const s of checked.slice(1)) {
		if ((s.inter ?? 2000) !== check!.inter || (s.rise ?? 2) !== check!.rise || (s.fall ?? 3) !== check!.fall) {
			log.warn(place(s.position), 'check-timing', `server ${s.name} checks with inter ${s.inter ?? 2000} rise ${s.rise ?? 2} fall ${s.fall ?? 3}; lbwiz.yaml has one setting per backend (${reference!.name}'s)`);
		}
	}
	for (const s of proxy.servers) {
		const server = serverOf(s, registry, log);
		if (!server) continue;
		if (backend.servers.some(other => other.server === server.server && other.port === server.port)) {
			log.warn(place(s.position), 'server-twice', `server ${s.name} ${s.rawAddress} points where another server of backend ${proxy.name} points; lbwiz.yaml lists each address:port once; not imported`);
			continue;
		}
		backend.servers.push(server);
	}
	if (backend.servers.length === 0) log.warn(place(proxy.position), 'backend-empty', `backend ${proxy.name} has no importable server`);
	// Key order as people write it: name, mode, balance, cookie, check, servers.
	const {servers, ...rest} = backend;
	return {...rest, servers};
}

function serverOf(s: Server, registry: RealServerRegistry, log: WarningLog): BackendInput['servers'][number] | undefined {
	const host = s.address.host;
	if (s.template || !host || !/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
		log.warn(place(s.position), 'server-address', `server ${s.name} ${s.rawAddress}: only IPv4 servers are modelled; not imported`);
		return undefined;
	}
	if (!s.check) log.warn(place(s.position), 'server-check', `server ${s.name} has no \`check\`; lbwiz always health-checks servers`, 'info');
	if (s.disabled) log.warn(place(s.position), 'server-disabled', `server ${s.name} is disabled; lbwiz.yaml cannot say so and renders it enabled`);
	const draft = registry.get(host, s.name);
	if (s.port !== undefined && draft.port === undefined) draft.port = s.port;
	return {server: draft.name, ...(s.port !== undefined ? {port: s.port} : {}), ...(s.weight !== undefined && s.weight !== 1 ? {weight: s.weight} : {}), ...(s.backup ? {backup: true} : {})};
}

/** One info line per section listing statements lbwiz.yaml does not carry. */
function reportUnexpressed(proxy: Proxy, log: WarningLog) {
	const dropped = proxy.statements.filter(st => {
		if (EXPRESSED.has(st.keyword)) return false;
		if (st.keyword === 'option' && RENDERED_OPTIONS.has(st.args[0]?.text ?? '')) return false;
		return true;
	});
	if (dropped.length === 0) return;
	const what = [...new Set(dropped.map(st => (st.keyword === 'option' || st.keyword === 'no' ? `${st.keyword} ${st.args[0]?.text ?? ''}`.trim() : st.keyword)))];
	log.warn(place(dropped[0]), 'haproxy-unexpressed', `${proxy.kind}${proxy.name ? ` ${proxy.name}` : ''}: not expressed in lbwiz.yaml: ${what.join(', ')}`, 'info');
}
