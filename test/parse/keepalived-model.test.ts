import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseKeepalived} from '../../src/parse/keepalived/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/configs/keepalived/${name}`, import.meta.url));
const parse = (text: string) => parseKeepalived(text, {file: 'k.conf'});

describe('keepalived model', () => {
	it('builds VRRP and LVS objects with positions of every keyword (valid-lvs-dr.conf)', () => {
		const file = fixture('valid-lvs-dr.conf');
		const {config, diagnostics} = parseKeepalived(readFileSync(file, 'utf8'), {file});
		expect(diagnostics).toEqual([]);
		expect(config.globalDefs).toMatchObject({routerId: 'lb1', enableScriptSecurity: true, scriptUser: {user: 'root'}, vrrpStrict: false});
		expect(config.vrrpScripts).toMatchObject([{name: 'chk_port', script: '/usr/bin/true', interval: 2, weight: -20, fall: 2, rise: 2}]);
		const [vi] = config.vrrpInstances;
		expect(vi).toMatchObject({
			name: 'VI_1',
			state: 'MASTER',
			interface: 'eth0',
			virtualRouterId: 51,
			priority: 100,
			advertInt: 1,
			nopreempt: false,
			authentication: {type: 'PASS', pass: '1111'},
			virtualIpAddresses: [{address: '203.0.113.100', prefix: 24, family: 4, dev: 'eth0', label: 'eth0:1', valid: true}],
			trackScripts: [{name: 'chk_port'}],
		});
		expect(vi.sources.priority).toEqual({file, line: 20, column: 5});
		expect(vi.authentication!.sources.auth_pass).toMatchObject({line: 24});
		expect(vi.virtualIpAddresses[0].pos).toMatchObject({line: 27, column: 9});
		const [vs] = config.virtualServers;
		expect(vs).toMatchObject({kind: 'address', address: '203.0.113.100', port: 80, lbAlgo: 'rr', lbKind: 'DR', persistenceTimeout: 50, protocol: 'TCP', delayLoop: 6});
		expect(vs.sources.lb_algo).toMatchObject({line: 36});
		expect(vs.sources.lvs_sched).toMatchObject({line: 36});
		expect(vs.realServers.map(rs => [rs.address, rs.port, rs.weight, rs.checkers.map(c => c.type)])).toEqual([
			['203.0.113.21', 80, 1, ['TCP_CHECK']],
			['203.0.113.22', 80, 1, ['HTTP_GET']],
		]);
		expect(vs.realServers[0].checkers[0]).toMatchObject({connectTimeout: 3, retry: 3, delayBeforeRetry: 3});
		expect(vs.realServers[1].checkers[0].urls).toMatchObject([{path: '/index.html', statusCode: '200'}]);
	});

	it('keeps redacted secrets verbatim', () => {
		const token = 'lbwiz-redacted:ab12cd34ef56:9:0011aabbccdd';
		const {config} = parse(`vrrp_instance V {\n authentication {\n  auth_type PASS\n  auth_pass ${token}\n }\n}\n`);
		expect(config.vrrpInstances[0].authentication?.pass).toBe(token);
	});

	it('recovers glued keywords and says so', () => {
		const {config} = parse('global_defs {\n notification_email_fromAlexandre.Cassen@firewall.loc\n}\nvirtual_server192.168.10.30 80 {\n protocol TCP\n}\n');
		expect(config.globalDefs.notificationEmailFrom).toBe('Alexandre.Cassen@firewall.loc');
		expect(config.virtualServers[0]).toMatchObject({address: '192.168.10.30', port: 80, recovered: 'virtual_server192.168.10.30', protocol: 'TCP'});
	});

	it('reads per-track weight overrides, unicast peers, notify scripts, sync groups and other keywords', () => {
		const {config} = parse(
			[
				'vrrp_sync_group G {',
				' group {',
				'  VI_1',
				' }',
				' notify_master "/usr/local/bin/master.sh"',
				'}',
				'vrrp_instance VI_1 {',
				' nopreempt',
				' unicast_src_ip 10.0.0.1',
				' unicast_peer {',
				'  10.0.0.2',
				'  bogus',
				' }',
				' track_script {',
				'  chk weight -30',
				'  chk2',
				' }',
				' track_interface {',
				'  eth1 weight 10',
				' }',
				' notify_master "/bin/m.sh arg"',
				' garp_master_delay 5',
				' lower_prio_no_advert',
				' frobnicate 1',
				'}',
			].join('\n'),
		);
		const [vi] = config.vrrpInstances;
		expect(vi.nopreempt).toBe(true);
		expect(vi.unicastSrcIp).toBe('10.0.0.1');
		expect(vi.unicastPeers.map(p => [p.address, p.valid])).toEqual([
			['10.0.0.2', true],
			['bogus', false],
		]);
		expect(vi.trackScripts).toMatchObject([{name: 'chk', weight: -30}, {name: 'chk2'}]);
		expect(vi.trackScripts[1].weight).toBeUndefined();
		expect(vi.trackInterfaces).toMatchObject([{name: 'eth1', weight: 10}]);
		expect(vi.notify.master).toBe('/bin/m.sh arg');
		expect(vi.garpMasterDelay).toBe(5);
		expect(vi.other.map(o => [o.keyword, o.known])).toEqual([
			['lower_prio_no_advert', true],
			['frobnicate', false],
		]);
		expect(config.vrrpSyncGroups[0]).toMatchObject({name: 'G', group: [{name: 'VI_1'}], notify: {master: '/usr/local/bin/master.sh'}});
	});

	it('reads fwmark / group virtual servers, groups, checkers and SMTP hosts', () => {
		const {config} = parse(
			[
				'virtual_server_group VSG {',
				' 10.0.0.1 80',
				' 10.0.0.10-20 8080',
				' fwmark 7',
				'}',
				'virtual_server group VSG {',
				' lvs_sched wlc',
				' lvs_method NAT',
				' sorry_server 10.0.9.9 80',
				' real_server 10.0.1.1 80 {',
				'  MISC_CHECK {',
				'   misc_path "/bin/check.sh 10.0.1.1"',
				'   misc_timeout 5',
				'   misc_dynamic',
				'  }',
				'  SMTP_CHECK {',
				'   host {',
				'    connect_ip 10.0.1.2',
				'    connect_port 25',
				'   }',
				'  }',
				'  DNS_CHECK {',
				'   type A',
				'   name example.org',
				'  }',
				' }',
				'}',
				'virtual_server fwmark 1 {',
				' quorum 2',
				'}',
			].join('\n'),
		);
		expect(config.virtualServerGroups[0].members.map(m => [m.kind, m.address, m.rangeEnd, m.port, m.fwmark])).toEqual([
			['address', '10.0.0.1', undefined, 80, undefined],
			['range', '10.0.0.10', '20', 8080, undefined],
			['fwmark', undefined, undefined, undefined, 7],
		]);
		const [byGroup, byMark] = config.virtualServers;
		expect(byGroup).toMatchObject({kind: 'group', group: 'VSG', lbAlgo: 'wlc', lbKind: 'NAT', sorryServer: {address: '10.0.9.9', port: 80}});
		const checkers = byGroup.realServers[0].checkers;
		expect(checkers[0]).toMatchObject({type: 'MISC_CHECK', miscPath: '/bin/check.sh 10.0.1.1', miscTimeout: 5, miscDynamic: true});
		expect(checkers[1].hosts).toMatchObject([{connectIp: '10.0.1.2', connectPort: 25}]);
		expect(checkers[2]).toMatchObject({type: 'DNS_CHECK', dnsType: 'A', dnsName: 'example.org'});
		expect(byMark).toMatchObject({kind: 'fwmark', fwmark: 1, quorum: 2});
	});

	it('leaves values keepalived rejects undefined (the linter says why)', () => {
		const {config} = parse('vrrp_instance V {\n priority high\n virtual_router_id 51;\n}\n');
		expect(config.vrrpInstances[0].priority).toBeUndefined();
		expect(config.vrrpInstances[0].virtualRouterId).toBeUndefined();
		expect(config.vrrpInstances[0].sources.priority).toMatchObject({line: 2});
	});

	it('gives a list its own array with its first entry; empty lists stay empty and cannot be added to', () => {
		const {config} = parse(
			'virtual_server 203.0.113.1 80 {\n  real_server 198.51.100.1 80 {\n    weight 1\n    bogus_kw 2\n    HTTP_GET {\n      url {\n        path /a\n      }\n      url {\n        path /b\n      }\n    }\n    TCP_CHECK {\n    }\n  }\n  real_server 198.51.100.2 80 {\n  }\n}\n',
		);
		const [one, two] = config.virtualServers[0].realServers;
		expect(one.other.map(o => o.keyword)).toEqual(['bogus_kw']);
		expect(one.checkers.map(c => [c.type, c.urls.map(u => u.path)])).toEqual([
			['HTTP_GET', ['/a', '/b']],
			['TCP_CHECK', []],
		]);
		expect(two).toMatchObject({other: [], checkers: []});
		expect(Object.isFrozen(two.other) && Object.isFrozen(two.checkers) && Object.isFrozen(one.checkers[1].urls)).toBe(true);
		expect(() => (two.other as unknown[]).push(1)).toThrow(TypeError);
		expect(config.virtualServers[0].other).toEqual([]);
		expect(JSON.parse(JSON.stringify(two))).toEqual({pos: {file: 'k.conf', line: 16, column: 3}, sources: {}, other: [], address: '198.51.100.2', inhibitOnFailure: false, checkers: [], port: 80});
	});

	it('calls `visit` once with each top-level statement, in order, before the model reads it', () => {
		const seen: string[] = [];
		const {config, ast} = parseKeepalived('global_defs {\n  router_id a\n}\n{\n  stray 1\n}\nvirtual_server 203.0.113.1 80 {\n}\nbogus\n', {
			file: 'k.conf',
			visit: s => seen.push(`${s.keyword || '{'}:${s.pos.line}:${s.block?.children.length ?? '-'}`),
		});
		expect(seen).toEqual(['global_defs:1:1', '{:4:1', 'virtual_server:7:0', 'bogus:9:-']);
		expect(config.globalDefs.routerId).toBe('a');
		expect(ast.statements.map(s => s.keyword)).toEqual(['global_defs', '', 'virtual_server', 'bogus']);
	});
});
