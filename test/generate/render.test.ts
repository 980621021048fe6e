import {describe, expect, it} from 'vitest';
import {renderTopology} from '../../src/generate/index.js';
import type {HostRender} from '../../src/generate/types.js';
import {parseTopology} from '../../src/model/load-topology.js';

const render = (yaml: string, services?: 'auto' | 'systemd' | 'none') => renderTopology(parseTopology(yaml, 't.yaml').topology, {source: 't.yaml', version: '9.9.9', services});
const fileOf = (hosts: HostRender[], host: string, path: string) => hosts.find(h => h.host === host)?.files.find(f => f.path === path)?.content;
const argvs = (hosts: HostRender[], host: string) => hosts.find(h => h.host === host)!.commands.map(c => c.argv.join(' '));

const pair = (vrrp: string, extra = '') => `name: t
directors:
  - {name: lb1, address: 203.0.113.11, interface: eth0, state: MASTER, priority: 100, transport: "ssh://root@lb1"}
  - {name: lb2, address: 203.0.113.12, interface: eth0, state: BACKUP, priority: 90, transport: "netns:lbwt-x"}
vrrp: {virtual_router_id: 51, vips: [203.0.113.100/24]${vrrp}}
${extra}`;

describe('keepalived.conf', () => {
	it('renders MASTER and BACKUP with their own priority and router_id', () => {
		const hosts = render(pair(''));
		expect(fileOf(hosts, 'lb1', '/etc/keepalived/keepalived.conf')).toMatch(/router_id lb1\n[\s\S]*state MASTER\n[\s\S]*priority 100\n/);
		expect(fileOf(hosts, 'lb2', '/etc/keepalived/keepalived.conf')).toMatch(/router_id lb2\n[\s\S]*state BACKUP\n[\s\S]*priority 90\n/);
	});

	it('nopreempt renders state BACKUP everywhere', () => {
		const hosts = render(pair(', nopreempt: true'));
		for (const host of ['lb1', 'lb2']) {
			const conf = fileOf(hosts, host, '/etc/keepalived/keepalived.conf')!;
			expect(conf).toContain('    state BACKUP\n');
			expect(conf).toContain('    nopreempt\n');
		}
	});

	it('unicast lists the other directors as peers', () => {
		const conf = fileOf(render(pair(', unicast: true')), 'lb1', '/etc/keepalived/keepalived.conf')!;
		expect(conf).toContain('unicast_src_ip 203.0.113.11\n    unicast_peer {\n        203.0.113.12\n    }');
	});

	it('authentication only with auth_pass and VRRPv2', () => {
		expect(fileOf(render(pair(', auth_pass: "pw"')), 'lb1', '/etc/keepalived/keepalived.conf')).toContain('auth_type PASS\n        auth_pass pw');
		expect(fileOf(render(pair('')), 'lb1', '/etc/keepalived/keepalived.conf')).not.toContain('authentication');
		expect(fileOf(render(pair(', version: 3')), 'lb1', '/etc/keepalived/keepalived.conf')).toContain('version 3');
	});

	it('VIPs carry dev <interface>', () => {
		expect(fileOf(render(pair('')), 'lb1', '/etc/keepalived/keepalived.conf')).toContain('203.0.113.100/24 dev eth0');
	});

	it('enable_script_security and script_user root only when scripts run', () => {
		expect(fileOf(render(pair('')), 'lb1', '/etc/keepalived/keepalived.conf')).not.toContain('enable_script_security');
		const misc = render(
			pair('', `lvs: [{vip: 203.0.113.100, port: 80, real_servers: [w1], health_check: {type: MISC_CHECK, script: "/usr/local/bin/ok 1"}}]\nreal_servers: [{name: w1, address: 203.0.113.21}]\n`),
		);
		const conf = fileOf(misc, 'lb1', '/etc/keepalived/keepalived.conf')!;
		expect(conf).toContain('enable_script_security\n    script_user root');
		expect(conf).toContain('misc_path "/usr/local/bin/ok 1"');
	});

	it('virtual servers: persistence, checks with connect_port, HTTP url, real-server port rules', () => {
		const hosts = render(
			pair(
				'',
				`lvs:
  - {vip: 203.0.113.100, port: 443, forwarding: NAT, persistence_timeout: 50, real_servers: [{name: w1, port: 8443, weight: 3}], health_check: {type: SSL_GET, path: /health, status_code: 204, connect_port: 8443}}
  - {vip: 203.0.113.100, port: 80, forwarding: DR, real_servers: [w1], health_check: {type: HTTP_GET}}
real_servers: [{name: w1, address: 203.0.113.21, port: 8080}]
`,
			),
		);
		const conf = fileOf(hosts, 'lb1', '/etc/keepalived/keepalived.conf')!;
		expect(conf).toContain('persistence_timeout 50');
		expect(conf).toContain('real_server 203.0.113.21 8443 {\n        weight 3\n        SSL_GET {\n            url {\n                path /health\n                status_code 204\n            }\n            connect_port 8443');
		// DR keeps the service port whatever the real server's own port is.
		expect(conf).toContain('real_server 203.0.113.21 80 {');
		expect(conf).toContain('HTTP_GET {\n            url {\n                path /\n            }');
		expect(conf).not.toContain('nb_get_retry');
	});
});

describe('sysctl, loopback VIP and commands', () => {
	const lvs = (forwarding: string, vipSetup = 'systemd', iface = 'eth0') =>
		pair('', `lvs: [{vip: 203.0.113.100, port: 80, forwarding: ${forwarding}, real_servers: [w1]}]\nreal_servers: [{name: w1, address: 203.0.113.21, interface: ${iface}, vip_setup: ${vipSetup}}]\n`);

	it('DR real servers get ARP suppression for all, their interface and lo', () => {
		const sysctl = fileOf(render(lvs('DR', 'systemd', 'eth0.100')), 'w1', '/etc/sysctl.d/90-lbwiz.conf')!;
		for (const dev of ['all', 'eth0/100', 'lo']) {
			expect(sysctl).toContain(`net.ipv4.conf.${dev}.arp_ignore = 1`);
			expect(sysctl).toContain(`net.ipv4.conf.${dev}.arp_announce = 2`);
		}
	});

	it('the systemd unit puts the VIP on lo:0 after the ARP settings', () => {
		const hosts = render(lvs('DR'));
		const unit = fileOf(hosts, 'w1', '/etc/systemd/system/lbwiz-lo-vip.service')!;
		expect(unit).toContain('Type=oneshot\nRemainAfterExit=yes');
		expect(unit.indexOf('arp_ignore')).toBeLessThan(unit.indexOf('ip addr replace 203.0.113.100/32 dev lo label lo:0'));
		expect(unit).not.toContain('tunl0');
		expect(argvs(hosts, 'w1')).toEqual(['sysctl -p /etc/sysctl.d/90-lbwiz.conf', 'systemctl daemon-reload', 'systemctl enable lbwiz-lo-vip.service', 'systemctl restart lbwiz-lo-vip.service']);
	});

	it('TUN loads ipip and relaxes rp_filter on tunl0', () => {
		expect(fileOf(render(lvs('TUN')), 'w1', '/etc/systemd/system/lbwiz-lo-vip.service')).toContain('modprobe ipip');
		expect(fileOf(render(lvs('TUN', 'init')), 'w1', '/etc/init.d/lvs-realsvr')).toContain('net.ipv4.conf.tunl0.rp_filter=0');
	});

	it('ifcfg and init forms, with their commands', () => {
		const ifcfg = render(lvs('DR', 'ifcfg'));
		expect(fileOf(ifcfg, 'w1', '/etc/sysconfig/network-scripts/ifcfg-lo:0')).toContain('DEVICE=lo:0\nIPADDR=203.0.113.100\nNETMASK=255.255.255.255\nONBOOT=yes');
		expect(argvs(ifcfg, 'w1')).toContain('ifup lo:0');
		const init = render(lvs('DR', 'init'));
		expect(init.find(h => h.host === 'w1')!.files.find(f => f.path === '/etc/init.d/lvs-realsvr')!.mode).toBe(0o755);
		expect(argvs(init, 'w1')).toEqual(['sysctl -p /etc/sysctl.d/90-lbwiz.conf', 'chkconfig --add lvs-realsvr', 'chkconfig lvs-realsvr on', 'service lvs-realsvr start']);
	});

	it('NAT: ip_forward on directors, nothing on the real server', () => {
		const hosts = render(lvs('NAT'));
		expect(fileOf(hosts, 'lb1', '/etc/sysctl.d/90-lbwiz.conf')).toContain('net.ipv4.ip_forward = 1');
		expect(hosts.find(h => h.host === 'w1')!.files).toEqual([]);
	});

	it('netns hosts get no systemctl; the VIP is added directly', () => {
		const hosts = render(lvs('DR'), 'none');
		expect(argvs(hosts, 'w1')).toEqual(['sysctl -p /etc/sysctl.d/90-lbwiz.conf', 'ip addr replace 203.0.113.100/32 dev lo label lo:0']);
		// auto: lb2 is netns:, lb1 is ssh://
		const auto = render(lvs('DR'));
		expect(argvs(auto, 'lb1')).toContain('systemctl reload-or-restart keepalived');
		expect(argvs(auto, 'lb2')).toEqual(['keepalived -t -f /etc/keepalived/keepalived.conf']);
	});
});

describe('haproxy.cfg', () => {
	const haproxy = (frontend: string, backend = '{name: web, servers: [{server: w1}, {server: w2, backup: true}]}', more = '') =>
		pair(
			'',
			`haproxy:
  socket: /run/haproxy/{host}.sock
  frontends: [${frontend}]
  backends: [${backend}]
${more}real_servers: [{name: w1, address: 203.0.113.21}, {name: w2, address: 203.0.113.22}]
`,
		);

	it('routes become ACLs: path_reg, path_beg, path_end, hdr(host)', () => {
		const cfg = fileOf(
			render(
				haproxy(
					`{name: f, bind: "*:80", default_backend: web, routes: [{acl: a, path_regex: '\\.php$', backend: web}, {acl: b, path_beg: /api, backend: web}, {acl: c, path_end: .jpg, backend: web}, {acl: d, host: www.example.com, backend: web}]}`,
				),
			),
			'lb1',
			'/etc/haproxy/haproxy.cfg',
		)!;
		expect(cfg).toContain('acl a path_reg \\.php$\n    acl b path_beg /api\n    acl c path_end .jpg\n    acl d hdr(host) -i www.example.com\n    use_backend web if a');
	});

	it('the admin socket is per node, servers always checked, backup flagged', () => {
		const hosts = render(haproxy('{name: f, bind: "*:80", default_backend: web}'));
		const cfg = fileOf(hosts, 'lb2', '/etc/haproxy/haproxy.cfg')!;
		expect(cfg).toContain('stats socket /run/haproxy/lb2.sock mode 660 level admin');
		expect(cfg).toContain('server w1 203.0.113.21:80 check weight 1\n');
		expect(cfg).toContain('server w2 203.0.113.22:80 check weight 1 backup\n');
	});

	it('cookies and http checks', () => {
		const cfg = fileOf(render(haproxy('{name: f, bind: "*:80", default_backend: web}', '{name: web, cookie: SRV, check: {http: "HEAD /ping", inter: 500, rise: 1, fall: 2}, servers: [{server: w1, port: 8080, weight: 5}]}')), 'lb1', '/etc/haproxy/haproxy.cfg')!;
		expect(cfg).toContain('cookie SRV insert indirect nocache\n    option httpchk\n    http-check send meth HEAD uri /ping\n    server w1 203.0.113.21:8080 cookie w1 check inter 500 rise 1 fall 2 weight 5');
	});

	it('ip_nonlocal_bind only when binding an address the node may not hold', () => {
		expect(fileOf(render(haproxy('{name: f, bind: "*:80", default_backend: web}')), 'lb1', '/etc/sysctl.d/90-lbwiz.conf')).toBeUndefined();
		expect(fileOf(render(haproxy('{name: f, bind: "203.0.113.100:80", default_backend: web}')), 'lb1', '/etc/sysctl.d/90-lbwiz.conf')).toContain('net.ipv4.ip_nonlocal_bind = 1');
	});

	it('stats page with auth', () => {
		const cfg = fileOf(render(haproxy('{name: f, bind: "*:80", default_backend: web}')), 'lb1', '/etc/haproxy/haproxy.cfg')!;
		expect(cfg).not.toContain('listen stats');
		const withStats = render(
			pair('', `haproxy:\n  stats: {port: 9000, uri: /s, user: ops, password: "x-9"}\n  frontends: [{name: f, bind: "*:80", default_backend: web}]\n  backends: [{name: web, servers: [{server: w1}]}]\nreal_servers: [{name: w1, address: 203.0.113.21}]\n`),
		);
		expect(fileOf(withStats, 'lb1', '/etc/haproxy/haproxy.cfg')).toContain('listen stats\n    bind *:9000\n    mode http\n    stats enable\n    stats uri /s\n    stats refresh 10s\n    stats auth ops:x-9\n');
	});
});

describe('every generated file', () => {
	it('says it was generated by lbwiz, which version, from what and for which host', () => {
		const hosts = render(
			pair(
				', track_haproxy: {weight: -20}',
				`lvs: [{vip: 203.0.113.100, port: 8080, real_servers: [w1]}]
haproxy:
  frontends: [{name: f, bind: "203.0.113.100:80", default_backend: web}]
  backends: [{name: web, servers: [{server: w1}]}]
real_servers: [{name: w1, address: 203.0.113.21, vip_setup: init}]
clients: [{name: c, address: 203.0.113.50}]
`,
			),
		);
		expect(hosts.map(h => h.host)).toEqual(['lb1', 'lb2', 'w1']);
		const files = hosts.flatMap(h => h.files);
		expect(files.length).toBeGreaterThanOrEqual(8);
		for (const f of files) {
			const lines = f.content.split('\n');
			const first = lines[0].startsWith('#!') ? lines[1] : lines[0];
			expect(first, f.path).toBe(`# Generated by lbwiz 9.9.9 from t.yaml for host ${f.host}.`);
		}
	});
});
