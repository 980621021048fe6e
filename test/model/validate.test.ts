import {describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {TopologyError, type TopologyDiagnostic} from '../../src/model/diagnostics.js';
import {parseTopology} from '../../src/model/load-topology.js';

/** A valid keepalived + HAProxy pair with an LVS service; each test breaks one rule. */
const base = () => ({
	name: 'web-lb',
	directors: [
		{name: 'lb1', address: '203.0.113.11', interface: 'eth0', priority: 100, state: 'MASTER'},
		{name: 'lb2', address: '203.0.113.12', interface: 'eth0', priority: 90, state: 'BACKUP'},
	] as Array<Record<string, unknown>>,
	vrrp: {virtual_router_id: 51, advert_int: 1, auth_pass: '1111', vips: ['203.0.113.100/24'], track_haproxy: {weight: -20}} as Record<string, unknown>,
	lvs: [
		{vip: '203.0.113.100', port: 8080, forwarding: 'DR', real_servers: ['web1', 'web2'] as unknown[], health_check: {type: 'TCP_CHECK'} as Record<string, unknown>},
	] as Array<Record<string, unknown>>,
	haproxy: {
		stats: {port: 8404, user: 'admin', password: 'Zz8-long'} as Record<string, unknown>,
		frontends: [{name: 'http-in', bind: '203.0.113.100:80', default_backend: 'web', routes: [] as Array<Record<string, unknown>>}] as Array<Record<string, unknown>>,
		backends: [{name: 'web', check: {http: 'GET /'}, servers: [{server: 'web1'}, {server: 'web2'}]}] as Array<Record<string, unknown>>,
	} as {stats: Record<string, unknown>; frontends: Array<Record<string, unknown>>; backends: Array<Record<string, unknown>>; nodes?: string[]},
	real_servers: [
		{name: 'web1', address: '203.0.113.21'},
		{name: 'web2', address: '203.0.113.22'},
	] as Array<Record<string, unknown>>,
});

type Base = ReturnType<typeof base>;

/** Every diagnostic of a topology (errors come from the thrown TopologyError). */
function diagnose(input: unknown, file = 'lbwiz.yaml'): TopologyDiagnostic[] {
	const text = typeof input === 'string' ? input : stringify(input);
	try {
		return parseTopology(text, file).warnings;
	} catch (error) {
		if (error instanceof TopologyError) return error.diagnostics;
		throw error;
	}
}

const codes = (list: TopologyDiagnostic[]) => list.map(d => `${d.severity} ${d.code}`);

/** Applies `change` to the base topology and returns the diagnostics with `code`. */
function withChange(change: (t: Base) => void, code: string) {
	const t = base();
	change(t);
	return diagnose(t).filter(d => d.code === code);
}

describe('the base topology', () => {
	it('is valid and has no warnings', () => {
		expect(diagnose(base())).toEqual([]);
	});
});

describe('schema errors carry path, position, value and what is allowed', () => {
	it('reports YAML syntax errors with their line', () => {
		const found = diagnose('name: x\ndirectors: [\n  {name: a\n');
		expect(found[0]).toMatchObject({code: 'topology/yaml-syntax', severity: 'error', file: 'lbwiz.yaml'});
		expect(found[0].line).toBeGreaterThan(1);
	});

	it('refuses a file that is not a mapping', () => {
		expect(codes(diagnose('- a\n- b\n'))).toEqual(['error topology/not-a-mapping']);
		expect(codes(diagnose(''))).toEqual(['error topology/not-a-mapping']);
	});

	it('names an unknown key at its own position, with a did-you-mean', () => {
		const text = ['name: x', 'directors:', '  - name: lb1', '    address: 203.0.113.11', '    interfac: eth0', ''].join('\n');
		const [found] = diagnose(text).filter(d => d.code === 'topology/unknown-key');
		expect(found).toMatchObject({line: 5, column: 5, path: 'directors[0].interfac', suggestion: 'interface'});
		expect(found.message).toContain('allowed here: name, address, interface');
	});

	it('gives the range for an out-of-range VRID, at the value', () => {
		const text = ['name: x', 'directors:', '  - {name: lb1, address: 203.0.113.11, state: MASTER, priority: 100}', 'vrrp:', '  virtual_router_id: 300', '  vips: [203.0.113.100/24]', ''].join('\n');
		const [found] = diagnose(text);
		expect(found).toMatchObject({code: 'topology/out-of-range', line: 5, column: 22, path: 'vrrp.virtual_router_id'});
		expect(found.message).toBe('vrrp.virtual_router_id: 300 is not allowed; allowed: an integer from 1 to 255');
	});

	it('rejects priority 0 with the allowed range', () => {
		const [found] = withChange(t => (t.directors[1].priority = 0), 'topology/out-of-range');
		expect(found.message).toContain('0 is not allowed; allowed: an integer from 1 to 255');
	});

	it('suggests the right case for an enum', () => {
		const [found] = withChange(t => (t.directors[0].state = 'Master'), 'topology/invalid-value');
		expect(found).toMatchObject({path: 'directors[0].state', suggestion: 'MASTER'});
		expect(found.message).toContain('"Master" is not allowed; allowed: MASTER, BACKUP');
	});

	it('explains a malformed address', () => {
		const [found] = withChange(t => (t.directors[0].address = '203.0.113.300'), 'topology/invalid-format');
		expect(found.message).toContain('"203.0.113.300" is not allowed; expected an IPv4 address such as 203.0.113.11');
	});

	it('reports a missing required key at its parent', () => {
		const [found] = withChange(t => delete t.directors[0].address, 'topology/missing-key');
		expect(found.path).toBe('directors[0].address');
		expect(found.line).toBeGreaterThan(0);
	});

	it('reports a wrong type with what is expected', () => {
		const [found] = withChange(t => (t.lvs[0].port = 'http'), 'topology/invalid-type');
		expect(found.message).toContain('"http" is not allowed; expected an integer from 1 to 65535');
	});

	it('limits auth_pass to 8 characters without printing it', () => {
		const [found] = withChange(t => (t.vrrp.auth_pass = 'secret-01x'), 'topology/out-of-range');
		expect(found.message).toContain('(a 10-character secret)');
		expect(found.message).not.toContain('secret-01x');
		expect(found.message).toContain('at most 8 characters');
	});

	it('reports errors inside an object entry of a union list', () => {
		const [found] = withChange(t => (t.lvs[0].real_servers = [{name: 'web1', port: 'x'}]), 'topology/invalid-type');
		expect(found.path).toBe('lvs[0].real_servers[0].port');
	});

	it('throws a TopologyError whose message lists file:line:col diagnostics', () => {
		expect(() => parseTopology('name: x\ndirectors: []\n', 'bad.yaml')).toThrow(/bad\.yaml:2:\d+: error topology\/out-of-range directors: a list of 0 is not allowed/);
	});
});

describe('cross-field rules', () => {
	it('names must be unique across directors, real servers and clients', () => {
		expect(withChange(t => (t.real_servers[1].name = 'lb1'), 'topology/duplicate-name')).toHaveLength(1);
		const t = base() as Base & {clients?: unknown[]};
		t.clients = [{name: 'web2', address: '203.0.113.50'}];
		expect(diagnose(t).filter(d => d.code === 'topology/duplicate-name')[0].path).toBe('clients[0].name');
	});

	it('addresses must be unique', () => {
		expect(withChange(t => (t.real_servers[1].address = '203.0.113.21'), 'topology/duplicate-address')).toHaveLength(1);
	});

	it('state and priority are required with vrrp', () => {
		expect(withChange(t => delete t.directors[1].state, 'topology/state-required')).toHaveLength(1);
		expect(withChange(t => delete t.directors[1].priority, 'topology/priority-required')).toHaveLength(1);
	});

	it('they are optional without vrrp (a standalone HAProxy node)', () => {
		const t = base() as Partial<Base>;
		delete t.vrrp;
		delete t.lvs;
		t.directors = [{name: 'lb1', address: '203.0.113.11'}];
		t.haproxy!.frontends = [{name: 'http-in', bind: '*:80', default_backend: 'web'}];
		expect(diagnose(t).filter(d => d.severity === 'error')).toEqual([]);
	});

	it('VIPs are listed once', () => {
		expect(withChange(t => (t.vrrp.vips = ['203.0.113.100/24', '203.0.113.100/24']), 'topology/duplicate-vip')).toHaveLength(1);
	});

	it('a VIP is no host address', () => {
		const [found] = withChange(t => (t.vrrp.vips = ['203.0.113.21/24']), 'topology/vip-is-host-address');
		expect(found.message).toContain('real server web1');
	});

	it('priority 255 only for the address owner', () => {
		expect(withChange(t => (t.directors[0].priority = 255), 'topology/priority-owner')).toHaveLength(1);
		const owner = withChange(t => {
			t.directors[0].priority = 255;
			t.vrrp.vips = ['203.0.113.11/24'];
			delete t.vrrp.track_haproxy;
		}, 'topology/priority-owner');
		expect(owner).toEqual([]);
	});

	it('nopreempt is incompatible with priority 255', () => {
		expect(
			withChange(t => {
				t.directors[0].priority = 255;
				t.vrrp.vips = ['203.0.113.11/24'];
				t.vrrp.nopreempt = true;
			}, 'topology/nopreempt-owner'),
		).toHaveLength(1);
	});

	it('exactly one MASTER', () => {
		const two = withChange(t => (t.directors[1].state = 'MASTER'), 'topology/master-count');
		expect(two[0].path).toBe('directors[1].state');
		expect(withChange(t => (t.directors[0].state = 'BACKUP'), 'topology/master-count')).toHaveLength(1);
	});

	it('all BACKUP is fine with nopreempt, but a priority tie is a warning', () => {
		const change = (t: Base) => {
			t.directors[0].state = 'BACKUP';
			t.vrrp.nopreempt = true;
		};
		expect(withChange(change, 'topology/master-count')).toEqual([]);
		const tie = withChange(t => {
			change(t);
			t.directors[1].priority = 100;
		}, 'topology/priority-tie');
		expect(tie[0].severity).toBe('warning');
	});

	it("the MASTER's priority is above every BACKUP's", () => {
		const [found] = withChange(t => (t.directors[1].priority = 100), 'topology/master-priority');
		expect(found.message).toContain('MASTER lb1 has priority 100, not above BACKUP lb2');
	});

	it('unicast needs two directors', () => {
		expect(
			withChange(t => {
				t.directors = [t.directors[0]];
				t.vrrp.unicast = true;
			}, 'topology/unicast-peers'),
		).toHaveLength(1);
	});

	it('VRRPv3 ignores auth_pass (warning)', () => {
		const [found] = withChange(t => (t.vrrp.version = 3), 'topology/auth-ignored');
		expect(found.severity).toBe('warning');
	});

	it('VRRPv2 advert_int is whole seconds', () => {
		expect(withChange(t => (t.vrrp.advert_int = 0.5), 'topology/advert-int')).toHaveLength(1);
		expect(
			withChange(t => {
				t.vrrp.advert_int = 0.5;
				t.vrrp.version = 3;
				delete t.vrrp.auth_pass;
			}, 'topology/advert-int'),
		).toEqual([]);
	});

	it('track_haproxy requires haproxy, on every director', () => {
		expect(withChange(t => delete (t as Partial<Base>).haproxy, 'topology/track-haproxy-without-haproxy')).toHaveLength(1);
		expect(withChange(t => (t.haproxy.nodes = ['lb1']), 'topology/track-haproxy-not-on-node')).toHaveLength(1);
	});

	it("a negative weight must move the VIP (seed 001's arithmetic)", () => {
		// seed 004: 100 - 5 = 95 < 99 moves the VIP.
		expect(
			withChange(t => {
				t.directors[1].priority = 99;
				t.vrrp.track_haproxy = {weight: -5};
			}, 'topology/track-weight'),
		).toEqual([]);
		const [found] = withChange(t => (t.vrrp.track_haproxy = {weight: -10}), 'topology/track-weight');
		expect(found.message).toContain('100 -10 = 90, not below lb2\'s 90');
		expect(found.path).toBe('vrrp.track_haproxy.weight');
	});

	it('a positive weight must lift the BACKUP above the failed MASTER', () => {
		expect(withChange(t => (t.vrrp.track_haproxy = {weight: 5}), 'topology/track-weight')).toHaveLength(1);
		expect(withChange(t => (t.vrrp.track_haproxy = {weight: 20}), 'topology/track-weight')).toEqual([]);
	});

	it('VIP outside the directors\' subnet is a warning', () => {
		const [found] = withChange(t => (t.vrrp.vips = ['198.51.100.100/24']), 'topology/vip-outside-subnet');
		expect(found.severity).toBe('warning');
	});

	it('LVS services are unique and their VIP is managed', () => {
		expect(withChange(t => t.lvs.push({...t.lvs[0]}), 'topology/duplicate-service')).toHaveLength(1);
		expect(withChange(t => (t.lvs[0].vip = '203.0.113.101'), 'topology/lvs-vip-not-managed')[0].severity).toBe('warning');
	});

	it('LVS real servers exist (did-you-mean)', () => {
		const [found] = withChange(t => (t.lvs[0].real_servers = ['web1', 'wbe2']), 'topology/unknown-real-server');
		expect(found).toMatchObject({path: 'lvs[0].real_servers[1]', suggestion: 'web2'});
		expect(withChange(t => (t.lvs[0].real_servers = ['web1', 'web1']), 'topology/duplicate-member')).toHaveLength(1);
	});

	it('DR cannot change the port; NAT can', () => {
		expect(withChange(t => (t.lvs[0].real_servers = [{name: 'web1', port: 80}]), 'topology/lvs-port-mismatch')).toHaveLength(1);
		expect(
			withChange(t => {
				t.lvs[0].real_servers = [{name: 'web1', port: 80}];
				t.lvs[0].forwarding = 'NAT';
			}, 'topology/lvs-port-mismatch'),
		).toEqual([]);
	});

	it('NAT warns about the real servers\' gateway', () => {
		expect(withChange(t => (t.lvs[0].forwarding = 'NAT'), 'topology/nat-gateway')).toHaveLength(1);
	});

	it('TUN cannot use ifcfg VIP setup', () => {
		expect(
			withChange(t => {
				t.lvs[0].forwarding = 'TUN';
				t.real_servers[0].vip_setup = 'ifcfg';
			}, 'topology/tun-vip-setup'),
		).toHaveLength(1);
	});

	it('MISC_CHECK needs a script; other checks ignore it', () => {
		expect(withChange(t => (t.lvs[0].health_check = {type: 'MISC_CHECK'}), 'topology/health-check-script')).toHaveLength(1);
		expect(withChange(t => (t.lvs[0].health_check = {type: 'TCP_CHECK', script: '/bin/true'}), 'topology/health-check-ignored')).toHaveLength(1);
		expect(withChange(t => (t.lvs[0].health_check = {type: 'TCP_CHECK', path: '/'}), 'topology/health-check-ignored')).toHaveLength(1);
	});

	it('haproxy.nodes exist', () => {
		const [found] = withChange(t => (t.haproxy.nodes = ['lb1', 'lb3']), 'topology/unknown-haproxy-node');
		expect(found.path).toBe('haproxy.nodes[1]');
	});

	it('backends are unique, referenced and their servers exist', () => {
		expect(withChange(t => t.haproxy.backends.push({...t.haproxy.backends[0]}), 'topology/duplicate-backend')).toHaveLength(1);
		expect(withChange(t => (t.haproxy.frontends[0].default_backend = 'wbe'), 'topology/unknown-backend')[0].suggestion).toBe('web');
		expect(withChange(t => (t.haproxy.backends[0].servers = [{server: 'web3'}]), 'topology/unknown-backend-server')).toHaveLength(1);
	});

	it('HTTP checks are "METHOD /path" in http mode', () => {
		expect(withChange(t => (t.haproxy.backends[0].check = {http: '/index.html'}), 'topology/check-http')).toHaveLength(1);
		expect(
			withChange(t => {
				t.haproxy.backends[0].mode = 'tcp';
				t.haproxy.frontends[0].mode = 'tcp';
			}, 'topology/check-http'),
		).toHaveLength(1);
	});

	it('cookies need mode http', () => {
		expect(
			withChange(t => {
				t.haproxy.backends[0] = {name: 'web', mode: 'tcp', cookie: 'SERVERID', servers: [{server: 'web1'}]};
				t.haproxy.frontends[0].mode = 'tcp';
			}, 'topology/cookie-mode'),
		).toHaveLength(1);
	});

	it('frontend and backend modes agree', () => {
		expect(withChange(t => (t.haproxy.frontends[0].mode = 'tcp'), 'topology/mode-mismatch')).toHaveLength(1);
	});

	it('binds are well formed and do not collide', () => {
		expect(withChange(t => (t.haproxy.frontends[0].bind = 'port 80'), 'topology/bind')).toHaveLength(1);
		expect(withChange(t => (t.haproxy.stats.port = 80), 'topology/bind-conflict')).toHaveLength(1);
		expect(withChange(t => t.haproxy.frontends.push({name: 'http-in', bind: '*:81', default_backend: 'web'}), 'topology/duplicate-frontend')).toHaveLength(1);
	});

	it('routes have exactly one matcher, a valid regex and unique ACL names', () => {
		expect(withChange(t => (t.haproxy.frontends[0].routes = [{acl: 'a', backend: 'web'}]), 'topology/route-matcher')).toHaveLength(1);
		expect(withChange(t => (t.haproxy.frontends[0].routes = [{acl: 'a', path_beg: '/a', path_end: '.b', backend: 'web'}]), 'topology/route-matcher')).toHaveLength(1);
		expect(withChange(t => (t.haproxy.frontends[0].routes = [{acl: 'a', path_regex: '(', backend: 'web'}]), 'topology/route-regex')).toHaveLength(1);
		expect(
			withChange(
				t =>
					(t.haproxy.frontends[0].routes = [
						{acl: 'a', path_beg: '/a', backend: 'web'},
						{acl: 'a', path_beg: '/b', backend: 'web'},
					]),
				'topology/duplicate-acl',
			),
		).toHaveLength(1);
		expect(withChange(t => (t.haproxy.frontends[0].routes = [{acl: 'a', path_beg: '/a', backend: 'static'}]), 'topology/unknown-backend')).toHaveLength(1);
	});

	it('stats: bind and port agree, user and password together, no default credentials', () => {
		expect(withChange(t => (t.haproxy.stats.bind = '*:9000'), 'topology/stats-port')).toHaveLength(1);
		expect(withChange(t => delete t.haproxy.stats.password, 'topology/stats-auth')).toHaveLength(1);
		expect(withChange(t => (t.haproxy.stats.password = 'admin'), 'topology/stats-default-credentials')[0].severity).toBe('warning');
		expect(
			withChange(t => {
				delete t.haproxy.stats.password;
				delete t.haproxy.stats.user;
			}, 'topology/stats-open'),
		).toHaveLength(1);
	});

	it('unused real servers and backends are warnings', () => {
		expect(withChange(t => t.real_servers.push({name: 'web3', address: '203.0.113.23'}), 'topology/unused-real-server')[0].severity).toBe('warning');
		expect(withChange(t => t.haproxy.backends.push({name: 'spare', servers: [{server: 'web1'}]}), 'topology/unused-backend')[0].severity).toBe('warning');
	});

	it('several directors without vrrp or haproxy is a warning', () => {
		const t = base() as Partial<Base>;
		delete t.vrrp;
		delete t.haproxy;
		expect(diagnose(t).filter(d => d.code === 'topology/no-vrrp')).toHaveLength(1);
	});
});
