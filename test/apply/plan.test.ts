import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {planFirewall} from '../../src/apply/firewall.js';
import {planHostSteps} from '../../src/apply/plan.js';
import type {PlanStep, WriteFileStep} from '../../src/apply/types.js';
import {buildFirewallFacts} from '../../src/parse/firewall.js';
import {bareHost, convergedHost, desiredFrom} from './helpers/states.js';

const RUN = '20251123T163000Z-abcd';
const kinds = (steps: PlanStep[]) => steps.map(s => `${s.kind}${s.kind === 'write-file' ? ` ${s.path}` : s.kind === 'sysctl' ? ` ${s.key}` : 'service' in s ? ` ${s.service.name}` : ''}`);
const output = (name: string) => readFileSync(join(process.cwd(), 'fixtures', 'outputs', name), 'utf8');

describe('host order', () => {
	it('puts real servers first, BACKUPs by rising priority, the MASTER last', () => {
		const yaml = `name: t
directors:
  - {name: lb1, address: 203.0.113.11, state: MASTER, priority: 150}
  - {name: lb2, address: 203.0.113.12, state: BACKUP, priority: 120}
  - {name: lb3, address: 203.0.113.13, state: BACKUP, priority: 90}
vrrp: {virtual_router_id: 51, vips: [203.0.113.100]}
lvs:
  - {vip: 203.0.113.100, port: 80, real_servers: [web1, web2]}
real_servers:
  - {name: web1, address: 203.0.113.21}
  - {name: web2, address: 203.0.113.22}
`;
		const {desired} = desiredFrom(yaml);
		expect(desired.map(d => `${d.host}:${d.role}`)).toEqual(['web1:real-server', 'web2:real-server', 'lb3:backup', 'lb2:backup', 'lb1:master']);
	});
});

describe('planHostSteps on a bare director', () => {
	const {desired} = desiredFrom('lab');
	const lb2 = desired.find(d => d.host === 'lb2')!;

	it('writes scripts and settings before the validated configs, then sets sysctls, then starts HAProxy before keepalived', () => {
		const plan = planHostSteps(lb2, bareHost(lb2), {runId: RUN});
		expect(plan.problems).toEqual([]);
		expect(kinds(plan.steps)).toEqual([
			'write-file /etc/keepalived/check_haproxy.sh',
			'write-file /etc/sysctl.d/90-lbwiz.conf',
			'write-file /etc/keepalived/keepalived.conf',
			'write-file /etc/haproxy/haproxy.cfg',
			'sysctl net.ipv4.ip_nonlocal_bind',
			'service-start haproxy',
			'service-start keepalived',
		]);
	});

	it('undoes a created file by removing it, a sysctl by its previous value, a start by a stop', () => {
		const plan = planHostSteps(lb2, bareHost(lb2), {runId: RUN});
		const conf = plan.steps.find((s): s is WriteFileStep => s.kind === 'write-file' && s.path === '/etc/keepalived/keepalived.conf')!;
		expect(conf.undo).toEqual({kind: 'remove-file', path: '/etc/keepalived/keepalived.conf'});
		expect(conf.validate).toBe('keepalived');
		expect(conf.backup).toBeUndefined();
		expect(conf.diff[0]).toBe('--- /dev/null');
		expect(plan.steps.find(s => s.kind === 'sysctl')!.undo).toEqual({kind: 'sysctl', key: 'net.ipv4.ip_nonlocal_bind', value: '0'});
		expect(plan.steps.find(s => s.kind === 'service-start')!.undo.kind).toBe('service-stop');
	});

	it('starts daemons itself in a network namespace, with per-host pid files, TMPDIR and log', () => {
		const plan = planHostSteps(lb2, bareHost(lb2), {runId: RUN});
		const keepalived = plan.steps.find(s => s.kind === 'service-start' && s.service.name === 'keepalived')!;
		const argv = keepalived.argv[0];
		expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
		expect(argv[2]).not.toContain('/run/lbwiz');
		expect(argv.slice(4)).toEqual([
			'/var/log/lbwiz/lb2/keepalived.log', '/run/lbwiz/lb2',
			'env', 'TMPDIR=/run/lbwiz/lb2/tmp', 'KA_TMP_DIR=/run/lbwiz/lb2/tmp',
			'keepalived', '-n', '-l', '-D', '-G', '-f', '/etc/keepalived/keepalived.conf', '-p', '/run/lbwiz/lb2/keepalived.pid', '-r', '/run/lbwiz/lb2/keepalived-vrrp.pid', '-c', '/run/lbwiz/lb2/keepalived-checkers.pid',
		]);
		const haproxy = plan.steps.find(s => s.kind === 'service-start' && s.service.name === 'haproxy')!;
		expect(haproxy.argv).toEqual([['mkdir', '-p', '--', '/run/lbwiz/lb2', '/run/haproxy'], ['haproxy', '-f', '/etc/haproxy/haproxy.cfg', '-p', '/run/lbwiz/lb2/haproxy.pid', '-D']]);
	});
});

describe('idempotence', () => {
	for (const name of ['lab', 'lvs-dr-pair', 'three-tier', 'keepalived-haproxy-pair', 'haproxy-standalone']) {
		it(`${name}: a host already as desired gives no step`, () => {
			const {desired} = desiredFrom(name);
			for (const d of desired) {
				const plan = planHostSteps(d, convergedHost(d, {systemd: true}), {runId: RUN});
				expect({host: d.host, steps: plan.steps.map(s => s.description), problems: plan.problems}).toEqual({host: d.host, steps: [], problems: []});
			}
		});
	}
});

describe('what changes for which difference', () => {
	const {desired} = desiredFrom('keepalived-haproxy-pair');
	const lb = desired.find(d => d.daemons.length === 2)!;

	it('a changed haproxy.cfg: backup + validated write + reload of HAProxy only', () => {
		const current = convergedHost(lb, {systemd: true});
		current.files['/etc/haproxy/haproxy.cfg'] = {...current.files['/etc/haproxy/haproxy.cfg'], content: current.files['/etc/haproxy/haproxy.cfg'].content!.replace('balance roundrobin', 'balance leastconn'), mode: 0o600};
		const plan = planHostSteps(lb, current, {runId: RUN});
		expect(kinds(plan.steps)).toEqual(['write-file /etc/haproxy/haproxy.cfg', 'service-reload haproxy']);
		const write = plan.steps[0] as WriteFileStep;
		expect(write.backup).toBe(`/var/lib/lbwiz/backups/${lb.host}/${RUN}/etc/haproxy/haproxy.cfg`);
		expect(write.undo).toEqual({kind: 'restore-file', path: '/etc/haproxy/haproxy.cfg', backup: write.backup});
		expect(write.mode).toBe(0o600); // an existing file keeps its mode
		expect(write.diff).toContain('-    balance leastconn');
		expect(write.diff).toContain('+    balance roundrobin');
		expect(plan.steps[1].argv).toEqual([['systemctl', 'reload', 'haproxy']]);
	});

	it('a check script that lost its execute bits: chmod-only write, no reload', () => {
		const current = convergedHost(lb, {systemd: true});
		const script = lb.files.find(f => f.mode & 0o111)!;
		current.files[script.path] = {...current.files[script.path], mode: 0o644};
		const plan = planHostSteps(lb, current, {runId: RUN});
		expect(kinds(plan.steps)).toEqual([`write-file ${script.path}`]);
		expect((plan.steps[0] as WriteFileStep).mode).toBe(0o755);
		expect((plan.steps[0] as WriteFileStep).diff).toEqual([]);
	});

	it('systemd: a stopped, disabled daemon is enabled then started', () => {
		const current = convergedHost(lb, {systemd: true});
		Object.assign(current.services.keepalived!, {running: false, enabled: false});
		const plan = planHostSteps(lb, current, {runId: RUN});
		expect(plan.steps.map(s => s.argv)).toEqual([[['systemctl', 'enable', 'keepalived']], [['systemctl', 'start', 'keepalived']]]);
		expect(plan.steps.map(s => s.undo.kind)).toEqual(['service-disable', 'service-stop']);
	});

	it('SysV without chkconfig: update-rc.d (seed 003 style on Debian)', () => {
		const current = convergedHost(lb, {systemd: false});
		for (const s of Object.values(current.services)) Object.assign(s!, {manager: 'sysv', enabled: false, running: false});
		const plan = planHostSteps(lb, current, {runId: RUN});
		expect(plan.steps.map(s => s.argv).flat()).toEqual([
			['update-rc.d', 'haproxy', 'defaults'], ['update-rc.d', 'haproxy', 'enable'], ['service', 'haproxy', 'start'],
			['update-rc.d', 'keepalived', 'defaults'], ['update-rc.d', 'keepalived', 'enable'], ['service', 'keepalived', 'start'],
		]);
	});

	it('a sysctl key the host does not have is a problem naming the interface', () => {
		const {desired: dr} = desiredFrom('lvs-dr-pair');
		const web = dr.find(d => d.role === 'real-server')!;
		const current = bareHost(web, {systemd: true});
		delete current.sysctls['net.ipv4.conf.eno16777736.arp_ignore'];
		const plan = planHostSteps(web, current, {runId: RUN});
		expect(plan.problems).toEqual([expect.stringContaining('sysctl net.ipv4.conf.eno16777736.arp_ignore does not exist on rh7-web-01 (is there an interface eno16777736?)')]);
	});

	it('a missing daemon is a problem without --install-packages, an apt-get step with it', () => {
		const tools = {...convergedHost(lb).tools};
		delete tools.keepalived;
		const current = {...bareHost(lb, {systemd: true}), tools};
		expect(planHostSteps(lb, current, {runId: RUN}).problems).toEqual([expect.stringContaining('keepalived is not installed')]);
		const plan = planHostSteps(lb, current, {runId: RUN, installPackages: true});
		expect(plan.problems).toEqual([]);
		expect(plan.steps[0]).toMatchObject({kind: 'install-packages', argv: [['apt-get', 'update'], ['apt-get', 'install', '-y', 'keepalived']]});
	});

	it('an unreachable host gives no steps, only its problem', () => {
		const plan = planHostSteps(lb, {...bareHost(lb), reachable: false, problems: ['cannot reach lb1']}, {runId: RUN});
		expect(plan).toMatchObject({steps: [], problems: ['cannot reach lb1']});
	});
});

describe('LVS DR real server', () => {
	const {desired} = desiredFrom('lvs-dr-pair');
	const web = desired.find(d => d.role === 'real-server')!;

	it('ARP sysctls first, then the VIP on lo, then the unit that keeps it after reboots', () => {
		const plan = planHostSteps(web, bareHost(web, {systemd: true}), {runId: RUN});
		const order = plan.steps.map(s => s.kind);
		expect(order.indexOf('lo-vip')).toBeGreaterThan(order.lastIndexOf('sysctl'));
		const vip = plan.steps.find(s => s.kind === 'lo-vip')!;
		expect(vip.argv).toEqual([['ip', 'addr', 'replace', '203.0.113.30/32', 'dev', 'lo', 'label', 'lo:0']]);
		expect(vip.undo).toEqual({kind: 'remove-address', address: '203.0.113.30', dev: 'lo'});
		expect(plan.steps.at(-1)).toMatchObject({kind: 'service-enable', argv: [['systemctl', 'daemon-reload'], ['systemctl', 'enable', 'lbwiz-lo-vip.service']]});
	});

	it('a VIP already on lo is left alone', () => {
		const current = convergedHost(web, {systemd: true});
		expect(planHostSteps(web, current, {runId: RUN}).steps).toEqual([]);
		current.loAddresses = ['127.0.0.1'];
		expect(kinds(planHostSteps(web, current, {runId: RUN}).steps)).toEqual(['lo-vip']);
	});
});

describe('firewall', () => {
	const vrrp = {interface: 'kb0', peers: ['203.0.113.12'], dst: '224.0.0.18', unicast: false};

	it('no ruleset: nothing to add', () => {
		expect(planFirewall({facts: buildFirewallFacts({nftJson: output('nft/empty.json')}), vrrp}).changes).toEqual([]);
	});

	it('nftables: an accept at the top of every base chain that would drop the advert, and only those', () => {
		const facts = buildFirewallFacts({nftJson: output('nft/vrrp-drop.json')});
		const decision = planFirewall({facts, vrrp});
		expect(decision.changes).toEqual([
			{backend: 'nftables', family: 'inet', table: 'filter', chain: 'input', peer: '203.0.113.12', dst: '224.0.0.18'},
			{backend: 'nftables', family: 'ip', table: 'blockvrrp', chain: 'input', peer: '203.0.113.12', dst: '224.0.0.18'},
		]);
		// 203.0.113.11 is let through by vrrp_in: only the blockvrrp table drops it
		expect(planFirewall({facts, vrrp: {...vrrp, peers: ['203.0.113.11']}}).changes.map(c => c.backend === 'nftables' && c.table)).toEqual(['blockvrrp']);
	});

	it('an accept in a table of its own would not help: the dropping chain itself gets the rule', () => {
		const nft = {nftables: [
			{chain: {family: 'inet', table: 'site', name: 'input', handle: 1, type: 'filter', hook: 'input', prio: 0, policy: 'accept'}},
			{rule: {family: 'inet', table: 'site', chain: 'input', handle: 2, expr: [{match: {op: '==', left: {payload: {protocol: 'ip', field: 'protocol'}}, right: 'vrrp'}}, {drop: null}]}},
			{chain: {family: 'inet', table: 'other', name: 'input', handle: 1, type: 'filter', hook: 'input', prio: -10, policy: 'accept'}},
			{rule: {family: 'inet', table: 'other', chain: 'input', handle: 2, expr: [{match: {op: '==', left: {payload: {protocol: 'ip', field: 'protocol'}}, right: 'vrrp'}}, {accept: null}]}},
		]};
		const decision = planFirewall({facts: buildFirewallFacts({nftJson: JSON.stringify(nft)}), vrrp: {...vrrp, interface: 'eth0'}});
		expect(decision.changes).toEqual([{backend: 'nftables', family: 'inet', table: 'site', chain: 'input', peer: '203.0.113.12', dst: '224.0.0.18'}]);
	});

	it('iptables: one rule per peer, inserted first in INPUT with the lbwiz comment', () => {
		const facts = buildFirewallFacts({iptablesSave: output('iptables/vrrp-drop.txt')});
		const decision = planFirewall({facts, vrrp: {...vrrp, interface: 'eth0', peers: ['203.0.113.11', '203.0.113.13']}});
		expect(decision.changes).toEqual([
			{backend: 'iptables', command: 'iptables', table: 'filter', chain: 'INPUT', peer: '203.0.113.11', dst: '224.0.0.18'},
			{backend: 'iptables', command: 'iptables', table: 'filter', chain: 'INPUT', peer: '203.0.113.13', dst: '224.0.0.18'},
		]);
		expect(decision.notes[0]).toMatch(/running ruleset only/);
	});

	it('firewalld: the rich rule, runtime and permanent, in the interface\'s zone; nothing when the zone already accepts VRRP', () => {
		const facts = buildFirewallFacts({firewalldState: 'running', firewalldListAll: output('firewalld/list-all-no-vrrp.documented-format.txt')});
		const firewalld = {running: true, zone: 'public', runtime: [], permanent: []};
		expect(planFirewall({facts, firewalld, vrrp: {...vrrp, interface: 'eth0'}}).changes).toEqual([{backend: 'firewalld', zone: 'public', rule: 'rule protocol value="vrrp" accept', runtime: true, permanent: true}]);
		expect(planFirewall({facts, firewalld, vrrp: {...vrrp, interface: 'eth0', unicast: true, dst: '203.0.113.11'}}).changes.map(c => c.backend === 'firewalld' && c.rule)).toEqual(['rule family="ipv4" source address="203.0.113.12" protocol value="vrrp" accept']);
		const accepting = buildFirewallFacts({firewalldState: 'running', firewalldListAll: output('firewalld/list-all-protocol-vrrp.documented-format.txt')});
		expect(planFirewall({facts: accepting, firewalld, vrrp: {...vrrp, interface: 'eth0'}}).changes).toEqual([]);
	});

	it('a director whose firewall drops VRRP gets a firewall step undone by removing exactly that rule', () => {
		const {desired} = desiredFrom('lab');
		const lb1 = desired.find(d => d.host === 'lb1')!;
		const current = convergedHost(lb1);
		current.firewall = {facts: buildFirewallFacts({iptablesSave: output('iptables/vrrp-drop.txt')})};
		const plan = planHostSteps(lb1, current, {runId: RUN});
		expect(plan.steps).toHaveLength(1);
		expect(plan.steps[0]).toMatchObject({kind: 'firewall', argv: [['iptables', '-t', 'filter', '-I', 'INPUT', '1', '-p', 'vrrp', '-s', '203.0.113.12', '-d', '224.0.0.18', '-m', 'comment', '--comment', 'lbwiz', '-j', 'ACCEPT']]});
		expect(plan.steps[0].undo.kind).toBe('firewall');
	});
});
