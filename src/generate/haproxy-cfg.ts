/**
haproxy.cfg for one HAProxy node: global (admin socket), defaults (timeouts), frontends with ACL
routes, backends with health checks and cookie persistence, and a `listen stats` page. Written
for HAProxy 2.x (`http-check send`); pure.
*/
import {haproxySocketPath} from '../model/hosts.js';
import type {HaproxyBackend, HaproxyFrontend, Topology} from '../model/schema.js';
import {generatedHeader, type RenderContext} from './header.js';

/** HAProxy's main configuration file. */
export const HAPROXY_CFG_PATH = '/etc/haproxy/haproxy.cfg';

const INDENT = '    ';

const section = (head: string, lines: readonly string[]) => [head, ...lines.map(line => `${INDENT}${line}`)];

const time = (value: number | string) => String(value);

/** The haproxy.cfg text for one node. */
export function renderHaproxyCfg(topology: Topology, node: string, ctx: RenderContext): string {
	const haproxy = topology.haproxy!;
	const out: string[] = [generatedHeader(ctx), ''];
	out.push(
		...section('global', [
			'log /dev/log local0',
			`maxconn ${haproxy.maxconn}`,
			`user ${haproxy.user}`,
			`group ${haproxy.group}`,
			`stats socket ${haproxySocketPath(topology, node)} mode 660 level admin`,
		]),
		'',
		...section('defaults', [
			'log global',
			'mode http',
			'option httplog',
			'option dontlognull',
			'option redispatch',
			'retries 3',
			`timeout connect ${time(haproxy.timeouts.connect)}`,
			`timeout client ${time(haproxy.timeouts.client)}`,
			`timeout server ${time(haproxy.timeouts.server)}`,
		]),
	);
	for (const frontend of haproxy.frontends) out.push('', ...renderFrontend(frontend));
	for (const backend of haproxy.backends) out.push('', ...renderBackend(topology, backend));
	if (haproxy.stats) {
		const stats = haproxy.stats;
		const lines = [`bind ${stats.bind ?? `*:${stats.port}`}`, 'mode http', 'stats enable', `stats uri ${stats.uri}`, 'stats refresh 10s'];
		if (stats.user !== undefined && stats.password !== undefined) lines.push(`stats auth ${stats.user}:${stats.password}`);
		out.push('', ...section('listen stats', lines));
	}
	return `${out.join('\n')}\n`;
}

/** The ACL expression of one route (path_regex → `path_reg`, host → `hdr(host) -i`). */
function aclExpression(route: HaproxyFrontend['routes'][number]): string {
	if (route.path_regex !== undefined) return `path_reg ${route.path_regex}`;
	if (route.path_beg !== undefined) return `path_beg ${route.path_beg}`;
	if (route.path_end !== undefined) return `path_end ${route.path_end}`;
	return `hdr(host) -i ${route.host}`;
}

function renderFrontend(frontend: HaproxyFrontend): string[] {
	const lines = [`bind ${frontend.bind}`, `mode ${frontend.mode}`];
	if (frontend.mode === 'http') lines.push('option forwardfor');
	for (const route of frontend.routes) lines.push(`acl ${route.acl} ${aclExpression(route)}`);
	for (const route of frontend.routes) lines.push(`use_backend ${route.backend} if ${route.acl}`);
	lines.push(`default_backend ${frontend.default_backend}`);
	return section(`frontend ${frontend.name}`, lines);
}

function renderBackend(topology: Topology, backend: HaproxyBackend): string[] {
	const lines = [`mode ${backend.mode}`, `balance ${backend.balance}`];
	if (backend.cookie) lines.push(`cookie ${backend.cookie} insert indirect nocache`);
	const check = backend.check;
	if (check?.http) {
		const [method, uri] = check.http.split(' ');
		lines.push('option httpchk', `http-check send meth ${method} uri ${uri}`);
	}
	const repeated = new Set(backend.servers.filter((entry, i) => backend.servers.findIndex(other => other.server === entry.server) !== i).map(entry => entry.server));
	for (const entry of backend.servers) {
		const server = topology.real_servers.find(r => r.name === entry.server);
		if (!server) continue;
		const port = entry.port ?? server.port;
		// A real server listed twice (two ports) needs two HAProxy server names.
		const name = repeated.has(entry.server) ? `${entry.server}-${port}` : entry.server;
		const options = [`${server.address}:${port}`];
		if (backend.cookie) options.push(`cookie ${name}`);
		options.push('check');
		if (check) options.push(`inter ${check.inter}`, `rise ${check.rise}`, `fall ${check.fall}`);
		options.push(`weight ${entry.weight}`);
		if (entry.backup) options.push('backup');
		lines.push(`server ${name} ${options.join(' ')}`);
	}
	return section(`backend ${backend.name}`, lines);
}
