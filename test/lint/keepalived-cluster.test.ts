import {describe, expect, it} from 'vitest';
import {lintKeepalived} from '../../src/lint/keepalived.js';
import {parseKeepalived} from '../../src/parse/keepalived/index.js';
import {peerGroups} from '../../src/lint/keepalived-cluster.js';

type Node = {state: string; priority: number; weight?: number; trackWeight?: number; iface?: string; vrid?: number; pass?: string; advert?: number; vip?: string; router?: string};

const node = (n: Node) => `global_defs {
    router_id ${n.router ?? (n.state === 'MASTER' ? 'lb1' : 'lb2')}
    enable_script_security
    script_user root
}
vrrp_script chk_haproxy {
    script "/usr/bin/true"
    interval 2
${n.weight !== undefined ? `    weight ${n.weight}\n` : ''}}
vrrp_instance VI_1 {
    state ${n.state}
    interface ${n.iface ?? 'eth0'}
    virtual_router_id ${n.vrid ?? 51}
    priority ${n.priority}
    advert_int ${n.advert ?? 1}
    authentication {
        auth_type PASS
        auth_pass ${n.pass ?? '1111'}
    }
    virtual_ipaddress {
        ${n.vip ?? '203.0.113.100/24'}
    }
    track_script {
        chk_haproxy${n.trackWeight !== undefined ? ` weight ${n.trackWeight}` : ''}
    }
}
`;
const lint = (...nodes: Node[]) => lintKeepalived(nodes.map((n, i) => ({path: `lb${i + 1}.conf`, text: node(n)})));
const only = (code: string, ...nodes: Node[]) => lint(...nodes).filter(d => d.code === `keepalived/${code}`);

describe('peer groups', () => {
	it('pairs instances by VRID and interface, or by a shared VIP when interface names differ', () => {
		const parse = (n: Node) => parseKeepalived(node(n), {file: 'x.conf'}).config;
		expect(peerGroups([parse({state: 'MASTER', priority: 100}), parse({state: 'BACKUP', priority: 90})])).toHaveLength(1);
		expect(peerGroups([parse({state: 'MASTER', priority: 100}), parse({state: 'BACKUP', priority: 90, iface: 'ens192'})])).toHaveLength(1);
		expect(peerGroups([parse({state: 'MASTER', priority: 100}), parse({state: 'BACKUP', priority: 90, iface: 'ens192', vip: '198.51.100.7/24'})])).toHaveLength(0);
		expect(peerGroups([parse({state: 'MASTER', priority: 100}), parse({state: 'BACKUP', priority: 90, vrid: 52})])).toHaveLength(0);
	});
});

describe('master-priority', () => {
	it('accepts a MASTER above its BACKUP', () => {
		expect(only('master-priority', {state: 'MASTER', priority: 100}, {state: 'BACKUP', priority: 90})).toEqual([]);
	});

	it('flags a MASTER below its BACKUP at the MASTER priority line', () => {
		const found = only('master-priority', {state: 'MASTER', priority: 90}, {state: 'BACKUP', priority: 100});
		expect(found).toMatchObject([{file: 'lb1.conf', line: 14, severity: 'error'}]);
		expect(found[0].message).toMatch(/lb2's VI_1 has priority 100 \(lb2\.conf:14\)/);
	});

	it('flags equal priorities and explains the address tie-break', () => {
		const [found] = only('master-priority', {state: 'MASTER', priority: 100}, {state: 'BACKUP', priority: 100});
		expect(found.message).toMatch(/higher primary IP address wins/);
	});

	it('needs two nodes: one file alone is never compared', () => {
		expect(lintKeepalived([{path: 'lb1.conf', text: node({state: 'MASTER', priority: 90})}]).filter(d => d.code === 'keepalived/master-priority')).toEqual([]);
	});
});

describe('weight-cannot-move-vip (seed 001 arithmetic)', () => {
	it('negative weight: 100 - 5 = 95 stays above 90 → no failover; suggests -11', () => {
		const found = only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: -5}, {state: 'BACKUP', priority: 90, weight: -5});
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({file: 'lb1.conf', line: 9, suggestion: 'weight -11'});
		expect(found[0].message).toMatch(/drops 100 → 95, still above lb2's 90/);
	});

	it('negative weight landing on equal priority is a tie, not a failover', () => {
		const [found] = only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: -10}, {state: 'BACKUP', priority: 90});
		expect(found.message).toMatch(/equal to lb2's 90: on a tie the node with the higher primary IP address keeps the VIP/);
	});

	it('negative weight that drops the MASTER strictly below the BACKUP is fine (100 - 11 = 89 < 90; seed 004: 100 - 5 < 99)', () => {
		expect(only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: -11}, {state: 'BACKUP', priority: 90})).toEqual([]);
		expect(only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: -5}, {state: 'BACKUP', priority: 99})).toEqual([]);
	});

	it('clamps to 1..254: a huge negative weight still works, and the check stays quiet', () => {
		expect(only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: -253}, {state: 'BACKUP', priority: 90})).toEqual([]);
	});

	it('positive weight: failover needs the BACKUP plus its bonus above the failing MASTER', () => {
		const weak = only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: 5}, {state: 'BACKUP', priority: 90, weight: 5});
		expect(weak).toHaveLength(1);
		expect(weak[0].message).toMatch(/lb2 gets \+5 \(90 → 95\)/);
		expect(weak[0].suggestion).toBe('weight 11');
		expect(only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: 20}, {state: 'BACKUP', priority: 90, weight: 20})).toEqual([]);
	});

	it('uses the per-track weight override of track_script', () => {
		expect(only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: -5, trackWeight: -30}, {state: 'BACKUP', priority: 90})).toEqual([]);
		expect(only('weight-cannot-move-vip', {state: 'MASTER', priority: 100, weight: -30, trackWeight: -2}, {state: 'BACKUP', priority: 90})).toHaveLength(1);
	});

	it('ignores weight 0 (a failing script puts the instance in FAULT, which does move the VIP)', () => {
		expect(only('weight-cannot-move-vip', {state: 'MASTER', priority: 100}, {state: 'BACKUP', priority: 90})).toEqual([]);
	});
});

describe('peer agreement', () => {
	it('flags different passwords, but not ones equal in their first 8 characters', () => {
		expect(only('peer-auth-mismatch', {state: 'MASTER', priority: 100, pass: 'aaaa'}, {state: 'BACKUP', priority: 90, pass: 'bbbb'})).toHaveLength(1);
		expect(only('peer-auth-mismatch', {state: 'MASTER', priority: 100, pass: 'secret-01'}, {state: 'BACKUP', priority: 90, pass: 'secret-02'})).toEqual([]);
		expect(only('auth-pass-too-long', {state: 'MASTER', priority: 100, pass: 'secret-01'}, {state: 'BACKUP', priority: 90, pass: 'secret-02'})).toHaveLength(2);
	});

	it('compares redacted passwords by their 8-character fingerprint', () => {
		const a = 'lbwiz-redacted:111111111111:4:aaaaaaaaaaaa';
		const b = 'lbwiz-redacted:222222222222:4:bbbbbbbbbbbb';
		expect(only('peer-auth-mismatch', {state: 'MASTER', priority: 100, pass: a}, {state: 'BACKUP', priority: 90, pass: a})).toEqual([]);
		expect(only('peer-auth-mismatch', {state: 'MASTER', priority: 100, pass: a}, {state: 'BACKUP', priority: 90, pass: b})).toHaveLength(1);
	});

	it('flags different advert_int and VIP lists', () => {
		expect(only('peer-advert-mismatch', {state: 'MASTER', priority: 100}, {state: 'BACKUP', priority: 90, advert: 2})).toHaveLength(1);
		expect(only('peer-vip-mismatch', {state: 'MASTER', priority: 100}, {state: 'BACKUP', priority: 90, vip: '203.0.113.100/24\n        203.0.113.101/24'})).toHaveLength(1);
	});
});
