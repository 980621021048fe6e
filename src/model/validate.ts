/**
Cross-field rules of lbwiz.yaml that a schema cannot express: roles and priorities, references
between sections, address clashes, the vrrp_script weight arithmetic. Each rule has a stable code
(`topology/<name>`) and a test in test/model/validate.test.ts.
*/
import type {KeyPath, TopologyIssue} from './diagnostics.js';
import {didYouMean, showValue} from './diagnostics.js';
import {haproxyNodeNames, lvsMemberName, parseBind, preferredMaster} from './hosts.js';
import {networkOf, sameSubnet, splitCidr} from './ipv4.js';
import type {Topology} from './schema.js';

/** Well-known credentials for the HAProxy stats page (seed 004 ships `admin:admin`). */
const DEFAULT_STATS_CREDENTIALS = new Set(['admin:admin', 'admin:password', 'admin:123456', 'haproxy:haproxy', 'admin:haproxy', 'stats:stats', 'root:root']);

type Issues = TopologyIssue[];

const error = (issues: Issues, code: string, path: KeyPath, message: string, suggestion?: string) =>
	issues.push({severity: 'error', code, path, message, ...(suggestion ? {suggestion} : {})});
const warning = (issues: Issues, code: string, path: KeyPath, message: string, suggestion?: string) =>
	issues.push({severity: 'warning', code, path, message, ...(suggestion ? {suggestion} : {})});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
Checks the cross-field rules of a schema-valid topology. `raw` is the document before defaults
were applied (the YAML as written); rules about keys the user left out need it and are skipped without it.
*/
export function validateTopology(topology: Topology, raw?: unknown): TopologyIssue[] {
	const issues: Issues = [];
	checkNames(topology, issues);
	checkVrrp(topology, raw, issues);
	checkLvs(topology, issues);
	checkHaproxy(topology, issues);
	checkUnused(topology, issues);
	return issues;
}

function checkNames(t: Topology, issues: Issues) {
	const seen = new Map<string, string>();
	const addresses = new Map<string, string>();
	const groups: Array<[string, ReadonlyArray<{name: string; address: string}>]> = [
		['directors', t.directors],
		['real_servers', t.real_servers],
		['clients', t.clients ?? []],
	];
	for (const [section, hosts] of groups) {
		hosts.forEach((host, i) => {
			const where = `${section}[${i}]`;
			const previous = seen.get(host.name);
			if (previous) error(issues, 'topology/duplicate-name', [section, i, 'name'], `${showValue(host.name)} is already the name of ${previous}; every director, real server and client needs its own name`);
			else seen.set(host.name, where);
			const owner = addresses.get(host.address);
			if (owner) error(issues, 'topology/duplicate-address', [section, i, 'address'], `${host.address} is already the address of ${owner}; every host needs its own address`);
			else addresses.set(host.address, `${where} (${host.name})`);
		});
	}
}

function checkVrrp(t: Topology, raw: unknown, issues: Issues) {
	const vrrp = t.vrrp;
	if (!vrrp) {
		t.directors.forEach((d, i) => {
			if (d.priority === 255) error(issues, 'topology/priority-owner', ['directors', i, 'priority'], `priority 255 means "address owner" but there is no vrrp section; allowed: 1–254`);
		});
		if (t.directors.length > 1 && !t.haproxy) {
			warning(issues, 'topology/no-vrrp', ['directors'], `${t.directors.length} directors but no vrrp section: nothing moves a VIP between them`);
		}
		return;
	}
	const rawDirectors = isRecord(raw) && Array.isArray(raw.directors) ? raw.directors : undefined;
	if (rawDirectors) {
		rawDirectors.forEach((entry, i) => {
			if (!isRecord(entry)) return;
			for (const key of ['state', 'priority']) {
				if (!(key in entry)) {
					error(issues, `topology/${key}-required`, ['directors', i], `${key} is missing; with a vrrp section every director needs one (${key === 'state' ? 'MASTER or BACKUP' : 'an integer 1–254'})`);
				}
			}
		});
	}

	const vipPrefixes = vrrp.vips.map(splitCidr);
	const vipSeen = new Set<string>();
	vipPrefixes.forEach((vip, i) => {
		if (vipSeen.has(vip.address)) error(issues, 'topology/duplicate-vip', ['vrrp', 'vips', i], `${vip.address} is listed twice; each VIP once`);
		vipSeen.add(vip.address);
	});

	const hostAddresses = [
		...t.directors.map((h, i) => ({kind: 'director', host: h.name, address: h.address, priority: h.priority as number | undefined, path: ['directors', i, 'address']})),
		...t.real_servers.map((h, i) => ({kind: 'real server', host: h.name, address: h.address, priority: undefined, path: ['real_servers', i, 'address']})),
		...(t.clients ?? []).map((h, i) => ({kind: 'client', host: h.name, address: h.address, priority: undefined, path: ['clients', i, 'address']})),
	];
	vipPrefixes.forEach((vip, i) => {
		for (const host of hostAddresses) {
			if (host.address !== vip.address) continue;
			if (host.kind === 'director' && host.priority === 255) continue;
			error(issues, 'topology/vip-is-host-address', ['vrrp', 'vips', i], `VIP ${vip.address} is also the address of ${host.kind} ${host.host}; a VIP must be an address no host owns (only a director with priority 255, the address owner, may use its own address)`);
		}
		if (vip.prefix !== undefined && vip.prefix < 32) {
			for (const [j, d] of t.directors.entries()) {
				if (!sameSubnet(vip.address, d.address, vip.prefix)) {
					warning(issues, 'topology/vip-outside-subnet', ['vrrp', 'vips', i], `VIP ${vrrp.vips[i]} is not in ${d.name}'s subnet (${d.address} is outside ${networkOf(vip.address, vip.prefix)}): gratuitous ARPs and clients on ${d.name}'s network may not reach it (directors[${j}])`);
				}
			}
		}
	});

	t.directors.forEach((d, i) => {
		if (d.priority === 255 && !vipPrefixes.some(vip => vip.address === d.address)) {
			error(issues, 'topology/priority-owner', ['directors', i, 'priority'], `priority 255 is reserved for the address owner, but ${d.name}'s address ${d.address} is not a VIP; allowed: 1–254`);
		}
		if (d.priority === 255 && vrrp.nopreempt) {
			error(issues, 'topology/nopreempt-owner', ['vrrp', 'nopreempt'], `nopreempt is incompatible with priority 255 (${d.name}): keepalived resets nopreempt for an address owner`);
		}
	});

	const masters = t.directors.flatMap((d, i) => (d.state === 'MASTER' ? [{d, i}] : []));
	if (masters.length > 1) {
		for (const {d, i} of masters.slice(1)) {
			error(issues, 'topology/master-count', ['directors', i, 'state'], `${d.name} is a second MASTER (${masters[0].d.name} is one); allowed: exactly one MASTER, the others BACKUP`);
		}
	} else if (masters.length === 0 && !vrrp.nopreempt) {
		error(issues, 'topology/master-count', ['directors'], `no director has state MASTER; allowed: exactly one MASTER (or all BACKUP with vrrp.nopreempt: true)`);
	}
	if (masters.length === 1) {
		const {d: master, i} = masters[0];
		for (const backup of t.directors) {
			if (backup.state === 'BACKUP' && backup.priority >= master.priority) {
				error(issues, 'topology/master-priority', ['directors', i, 'priority'], `MASTER ${master.name} has priority ${master.priority}, not above BACKUP ${backup.name}'s ${backup.priority}; the MASTER's priority must be higher than every BACKUP's`);
			}
		}
	} else if (masters.length === 0 && vrrp.nopreempt && t.directors.length > 1) {
		const sorted = [...t.directors].sort((a, b) => b.priority - a.priority);
		if (sorted[0].priority === sorted[1].priority) {
			warning(issues, 'topology/priority-tie', ['directors'], `${sorted[0].name} and ${sorted[1].name} share the highest priority ${sorted[0].priority}: the first election is decided by the higher IP address`);
		}
	}

	if (vrrp.unicast && t.directors.length < 2) {
		error(issues, 'topology/unicast-peers', ['vrrp', 'unicast'], `unicast: true needs at least 2 directors (there is ${t.directors.length}); keepalived goes to FAULT without unicast peers`);
	}
	if (vrrp.version === 3 && vrrp.auth_pass !== undefined) {
		warning(issues, 'topology/auth-ignored', ['vrrp', 'auth_pass'], `VRRP version 3 has no authentication: keepalived ignores auth_pass ("VRRP version 3 does not support authentication"); remove it or use version 2`);
	}
	if (vrrp.version === 2 && !Number.isInteger(vrrp.advert_int)) {
		error(issues, 'topology/advert-int', ['vrrp', 'advert_int'], `${vrrp.advert_int} is not allowed with VRRP version 2: its advertisement interval is whole seconds (1–255); use version: 3 for sub-second intervals`);
	}

	const track = vrrp.track_haproxy;
	if (track) {
		if (!t.haproxy) {
			error(issues, 'topology/track-haproxy-without-haproxy', ['vrrp', 'track_haproxy'], `track_haproxy needs a haproxy section: there is no HAProxy to track`);
		} else {
			const nodes = new Set(haproxyNodeNames(t));
			for (const d of t.directors) {
				if (!nodes.has(d.name)) {
					error(issues, 'topology/track-haproxy-not-on-node', ['vrrp', 'track_haproxy'], `director ${d.name} does not run HAProxy (haproxy.nodes), so its tracked check would always fail; track_haproxy needs HAProxy on every director`);
				}
			}
		}
		checkWeightArithmetic(t, track.weight, issues);
	}
}

/**
Seed 001's arithmetic: a failing check subtracts |weight| (negative) or withholds +weight (positive);
keepalived clamps the result to 1..254, and the VIP moves only when the master's effective priority
falls below the best backup's.
*/
function checkWeightArithmetic(t: Topology, weight: number, issues: Issues) {
	const master = preferredMaster(t);
	if (!master || weight === 0 || t.directors.length < 2) return;
	const backups = t.directors.filter(d => d !== master);
	const best = backups.reduce((a, b) => (b.priority > a.priority ? b : a));
	const clamp = (p: number) => Math.min(254, Math.max(1, p));
	if (weight < 0) {
		const failed = clamp(master.priority + weight);
		if (failed >= best.priority) {
			error(issues, 'topology/track-weight', ['vrrp', 'track_haproxy', 'weight'], `weight ${weight} cannot move the VIP: when HAProxy fails on ${master.name} its priority becomes ${master.priority} ${weight} = ${failed}, not below ${best.name}'s ${best.priority}; allowed: a weight below ${best.priority - master.priority} (MASTER priority + weight < highest BACKUP priority)`);
		}
	} else {
		const healthyBackup = clamp(best.priority + weight);
		if (healthyBackup <= master.priority) {
			error(issues, 'topology/track-weight', ['vrrp', 'track_haproxy', 'weight'], `weight +${weight} cannot move the VIP: when HAProxy fails on ${master.name} it keeps ${master.priority} while ${best.name} has ${best.priority} + ${weight} = ${healthyBackup}, not above it; allowed: a weight above ${master.priority - best.priority}, or a negative weight`);
		}
	}
}

function checkLvs(t: Topology, issues: Issues) {
	if (!t.lvs) return;
	const realServers = new Map(t.real_servers.map(r => [r.name, r]));
	const vips = new Set((t.vrrp?.vips ?? []).map(v => splitCidr(v).address));
	const services = new Set<string>();
	t.lvs.forEach((service, i) => {
		const key = `${service.protocol} ${service.vip}:${service.port}`;
		if (services.has(key)) error(issues, 'topology/duplicate-service', ['lvs', i], `${key} is defined twice; one lvs entry per VIP, port and protocol`);
		services.add(key);
		if (!vips.has(service.vip)) {
			warning(issues, 'topology/lvs-vip-not-managed', ['lvs', i, 'vip'], t.vrrp ? `${service.vip} is not one of vrrp.vips (${[...vips].join(', ')}): no director will hold this address` : `there is no vrrp section: ${service.vip} must be configured on the director by other means`);
		}
		const members = new Set<string>();
		service.real_servers.forEach((member, j) => {
			const name = lvsMemberName(member);
			const path = typeof member === 'string' ? ['lvs', i, 'real_servers', j] : ['lvs', i, 'real_servers', j, 'name'];
			if (!realServers.has(name)) {
				error(issues, 'topology/unknown-real-server', path, `${showValue(name)} is not a real server; allowed: ${[...realServers.keys()].join(', ') || '(real_servers is empty)'}`, didYouMean(name, realServers.keys()));
			}
			if (members.has(name)) error(issues, 'topology/duplicate-member', path, `${name} is listed twice in this service`);
			members.add(name);
			if (typeof member !== 'string' && member.port !== undefined && member.port !== service.port && service.forwarding !== 'NAT') {
				error(issues, 'topology/lvs-port-mismatch', ['lvs', i, 'real_servers', j, 'port'], `port ${member.port} differs from the service port ${service.port}: ${service.forwarding} cannot change the destination port (keepalived resets it); allowed: ${service.port}, or forwarding: NAT`);
			}
		});
		const check = service.health_check;
		const checkPath = ['lvs', i, 'health_check'];
		if (check.type === 'MISC_CHECK' && !check.script) {
			error(issues, 'topology/health-check-script', checkPath, `MISC_CHECK needs script: the command keepalived runs (exit 0 = healthy)`);
		}
		if (check.type !== 'MISC_CHECK' && check.script !== undefined) {
			warning(issues, 'topology/health-check-ignored', [...checkPath, 'script'], `script is only used by MISC_CHECK; ${check.type} ignores it`);
		}
		if ((check.type === 'TCP_CHECK' || check.type === 'MISC_CHECK') && (check.path !== undefined || check.status_code !== undefined)) {
			warning(issues, 'topology/health-check-ignored', checkPath, `path/status_code are only used by HTTP_GET and SSL_GET; ${check.type} ignores them`);
		}
		if (service.forwarding === 'TUN') {
			for (const member of service.real_servers) {
				const index = t.real_servers.findIndex(r => r.name === lvsMemberName(member));
				if (index !== -1 && t.real_servers[index].vip_setup === 'ifcfg') {
					error(issues, 'topology/tun-vip-setup', ['real_servers', index, 'vip_setup'], `${t.real_servers[index].name} is a TUN real server but vip_setup ifcfg cannot load the ipip module; allowed: systemd or init`);
				}
			}
		}
		if (service.forwarding === 'NAT') {
			warning(issues, 'topology/nat-gateway', ['lvs', i, 'forwarding'], `NAT: each real server's default route must go through the directors (a floating gateway address); lbwiz renders ip_forward on the directors but not the real servers' routes`);
		}
	});
}

function checkHaproxy(t: Topology, issues: Issues) {
	const haproxy = t.haproxy;
	if (!haproxy) return;
	const directorNames = new Set(t.directors.map(d => d.name));
	const realServers = new Set(t.real_servers.map(r => r.name));
	haproxy.nodes?.forEach((node, i) => {
		if (!directorNames.has(node) && !realServers.has(node)) {
			const candidates = [...directorNames, ...realServers];
			error(issues, 'topology/unknown-haproxy-node', ['haproxy', 'nodes', i], `${showValue(node)} is neither a director nor a real server; allowed: ${candidates.join(', ')}`, didYouMean(node, candidates));
		}
	});

	const backendNames = new Set<string>();
	haproxy.backends.forEach((backend, i) => {
		if (backendNames.has(backend.name)) error(issues, 'topology/duplicate-backend', ['haproxy', 'backends', i, 'name'], `backend ${showValue(backend.name)} is defined twice`);
		backendNames.add(backend.name);
		const serverNames = new Set<string>();
		backend.servers.forEach((server, j) => {
			if (!realServers.has(server.server)) {
				error(issues, 'topology/unknown-backend-server', ['haproxy', 'backends', i, 'servers', j, 'server'], `${showValue(server.server)} is not a real server; allowed: ${[...realServers].join(', ') || '(real_servers is empty)'}`, didYouMean(server.server, realServers));
			}
			const key = `${server.server}:${server.port ?? ''}`;
			if (serverNames.has(key)) error(issues, 'topology/duplicate-member', ['haproxy', 'backends', i, 'servers', j, 'server'], `${server.server}${server.port ? ` port ${server.port}` : ''} is listed twice in backend ${backend.name}; list a real server again only with another port`);
			serverNames.add(key);
		});
		if (backend.check?.http !== undefined && !/^(?:GET|HEAD|OPTIONS|POST) \/\S*$/.test(backend.check.http)) {
			error(issues, 'topology/check-http', ['haproxy', 'backends', i, 'check', 'http'], `${showValue(backend.check.http)} is not a health-check request; allowed: "METHOD /path" with GET, HEAD, OPTIONS or POST, e.g. "GET /index.html"`);
		}
		if (backend.check?.http !== undefined && backend.mode === 'tcp') {
			error(issues, 'topology/check-http', ['haproxy', 'backends', i, 'check', 'http'], `an HTTP check in a mode tcp backend; allowed: mode http, or check without http (a TCP connect check)`);
		}
		if (backend.cookie !== undefined && backend.mode === 'tcp') {
			error(issues, 'topology/cookie-mode', ['haproxy', 'backends', i, 'cookie'], `cookie persistence needs mode http (backend ${backend.name} is mode tcp)`);
		}
	});

	const listeners = new Map<string, string>();
	const listen = (bind: string, what: string, path: KeyPath) => {
		const parsed = parseBind(bind);
		if (!parsed) {
			error(issues, 'topology/bind', path, `${showValue(bind)} is not a listening address; allowed: "*:PORT", ":PORT" or "IPV4:PORT", e.g. "*:80" or "203.0.113.100:80"`);
			return;
		}
		for (const [other, owner] of listeners) {
			const [otherAddress, otherPort] = other.split('|');
			if (Number(otherPort) === parsed.port && (otherAddress === '*' || parsed.address === undefined || otherAddress === parsed.address)) {
				error(issues, 'topology/bind-conflict', path, `${what} ${showValue(bind)} listens on port ${parsed.port}, as ${owner} does; allowed: a port not used by another frontend or the stats page`);
			}
		}
		listeners.set(`${parsed.address ?? '*'}|${parsed.port}`, what);
	};
	const frontendNames = new Set<string>();
	haproxy.frontends.forEach((frontend, i) => {
		if (frontendNames.has(frontend.name)) error(issues, 'topology/duplicate-frontend', ['haproxy', 'frontends', i, 'name'], `frontend ${showValue(frontend.name)} is defined twice`);
		frontendNames.add(frontend.name);
		listen(frontend.bind, `frontend ${frontend.name}`, ['haproxy', 'frontends', i, 'bind']);
		const referenceBackend = (name: string, path: KeyPath) => {
			if (!backendNames.has(name)) error(issues, 'topology/unknown-backend', path, `${showValue(name)} is not a backend; allowed: ${[...backendNames].join(', ')}`, didYouMean(name, backendNames));
			const backend = haproxy.backends.find(b => b.name === name);
			if (backend && backend.mode !== frontend.mode) {
				error(issues, 'topology/mode-mismatch', path, `frontend ${frontend.name} is mode ${frontend.mode} but backend ${name} is mode ${backend.mode}; HAProxy refuses to mix them`);
			}
		};
		referenceBackend(frontend.default_backend, ['haproxy', 'frontends', i, 'default_backend']);
		const acls = new Set<string>();
		frontend.routes.forEach((route, j) => {
			const path: KeyPath = ['haproxy', 'frontends', i, 'routes', j];
			const matchers = (['path_regex', 'path_beg', 'path_end', 'host'] as const).filter(key => route[key] !== undefined);
			if (matchers.length !== 1) {
				error(issues, 'topology/route-matcher', path, `route ${route.acl} has ${matchers.length === 0 ? 'no matcher' : `${matchers.length} matchers (${matchers.join(', ')})`}; allowed: exactly one of path_regex, path_beg, path_end, host`);
			}
			if (frontend.mode === 'tcp') {
				error(issues, 'topology/route-matcher', path, `route ${route.acl} inspects HTTP but frontend ${frontend.name} is mode tcp; allowed: mode http`);
			}
			if (route.path_regex !== undefined) {
				try {
					new RegExp(route.path_regex);
				} catch {
					error(issues, 'topology/route-regex', [...path, 'path_regex'], `${showValue(route.path_regex)} is not a valid regular expression`);
				}
			}
			if (acls.has(route.acl)) error(issues, 'topology/duplicate-acl', [...path, 'acl'], `acl ${route.acl} is used twice in frontend ${frontend.name}; give each route its own acl name`);
			acls.add(route.acl);
			referenceBackend(route.backend, [...path, 'backend']);
		});
	});

	const stats = haproxy.stats;
	if (stats) {
		listen(stats.bind ?? `*:${stats.port}`, 'the stats page', ['haproxy', 'stats', stats.bind ? 'bind' : 'port']);
		if (stats.bind && parseBind(stats.bind) && parseBind(stats.bind)!.port !== stats.port) {
			error(issues, 'topology/stats-port', ['haproxy', 'stats', 'bind'], `bind ${showValue(stats.bind)} and port ${stats.port} disagree; allowed: the same port in both`);
		}
		if ((stats.user === undefined) !== (stats.password === undefined)) {
			error(issues, 'topology/stats-auth', ['haproxy', 'stats'], `stats needs both user and password, or neither (an open stats page)`);
		} else if (stats.user !== undefined && DEFAULT_STATS_CREDENTIALS.has(`${stats.user}:${stats.password}`)) {
			warning(issues, 'topology/stats-default-credentials', ['haproxy', 'stats', 'password'], `the stats page uses well-known credentials (user ${stats.user} with a default password, as in seed 004); choose a real password`);
		} else if (stats.user === undefined) {
			warning(issues, 'topology/stats-open', ['haproxy', 'stats'], `the stats page has no user/password: anyone who reaches port ${stats.port} sees the servers`);
		}
	}
}

function checkUnused(t: Topology, issues: Issues) {
	const used = new Set<string>([
		...(t.lvs ?? []).flatMap(s => s.real_servers.map(lvsMemberName)),
		...(t.haproxy?.backends ?? []).flatMap(b => b.servers.map(s => s.server)),
		...haproxyNodeNames(t),
	]);
	t.real_servers.forEach((r, i) => {
		if (!used.has(r.name)) warning(issues, 'topology/unused-real-server', ['real_servers', i, 'name'], `real server ${r.name} is not used by any lvs service, haproxy backend or haproxy.nodes`);
	});
	if (t.haproxy) {
		const routed = new Set(t.haproxy.frontends.flatMap(f => [f.default_backend, ...f.routes.map(r => r.backend)]));
		t.haproxy.backends.forEach((b, i) => {
			if (!routed.has(b.name)) warning(issues, 'topology/unused-backend', ['haproxy', 'backends', i, 'name'], `backend ${b.name} is not the default_backend or a route of any frontend`);
		});
	}
}
