import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {renderTopology} from '../../src/generate/index.js';
import {parseTopology} from '../../src/model/load-topology.js';
import {captureIo} from '../helpers/io.js';
import {requireValidators, validateHaproxy} from '../helpers/validate-netns.js';

const KEEPALIVED = resolve('fixtures/configs/keepalived');
const HAPROXY = resolve('fixtures/configs/haproxy');
const availability = await requireValidators();

let dir = '';
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'lbwiz-import-'));
});
afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

const pair = (master: string, backup: string) => `vrrp_instance VI_1 {
    state ${master}
    interface eth0
    virtual_router_id 51
    priority 100
    authentication {
        auth_type PASS
        auth_pass ${backup}
    }
    unicast_src_ip 203.0.113.11
    unicast_peer {
        203.0.113.12
    }
    virtual_ipaddress {
        203.0.113.100/24 dev eth0 label eth0:vip
    }
}
virtual_server fwmark 7 {
    lb_kind DR
    real_server 203.0.113.21 80 {
    }
}
`;

describe('lbwiz import', () => {
	it('prints lbwiz.yaml, warnings on stderr', async () => {
		const cap = captureIo({cwd: KEEPALIVED});
		expect(await main(['import', 'seed-003-master.conf', 'seed-003-backup.conf'], cap.io)).toBe(0);
		expect(cap.stdout()).toContain('instance: VIP_NSQ_100');
		expect(cap.stdout()).toMatch(/- \{name: LVS_200_104, address: [\d.]+, interface: em1, state: MASTER, priority: 100\} # TODO/);
		expect(cap.stderr()).toContain('seed-003-master.conf:35:12: warning import/nb-get-retry');
	});

	it('--out writes the file, refuses to overwrite without --force; --address fills addresses', async () => {
		const out = join(dir, 'lbwiz.yaml');
		const args = ['import', `${KEEPALIVED}/seed-004-lvs1.conf`, `${KEEPALIVED}/seed-004-lvs2.conf`, '--out', out, '--address', 'LVS1=192.168.178.60', '--address', 'LVS2=192.168.178.61', '--name', 'prod'];
		const cap = captureIo();
		expect(await main(args, cap.io)).toBe(0);
		const yaml = await readFile(out, 'utf8');
		expect(yaml).toContain('name: prod');
		expect(yaml).toContain('{name: LVS1, address: 192.168.178.60, interface: ens33, state: MASTER, priority: 150}');
		expect(yaml).not.toContain('TODO');
		const again = captureIo();
		expect(await main(args, again.io)).toBe(2);
		expect(again.stderr()).toContain('exists; use --force');
		expect(await main([...args, '--force'], captureIo().io)).toBe(0);
	});

	it('takes *.cfg as haproxy.cfg: a standalone HAProxy node whose rendering haproxy -c accepts', async () => {
		const cap = captureIo();
		expect(await main(['import', `${HAPROXY}/seed-004-part1-haproxy.cfg`, '--address', 'seed-004-part1-haproxy=192.168.178.60'], cap.io)).toBe(0);
		const {topology} = parseTopology(cap.stdout(), 'imported.yaml');
		expect(topology.haproxy?.frontends[0].routes[0]).toEqual({acl: 'html', path_regex: '.html$', backend: 'html-server'});
		expect(topology.haproxy?.backends[0].servers.map(s => s.server)).toEqual(['Web1', 'Web2']);
		expect(cap.stderr()).toContain('warning import/stats-moved');
		expect(cap.stderr()).toContain('warning import/route-url-reg');
		const [host] = renderTopology(topology, {source: 'imported.yaml'});
		if (availability.haproxy) {
			const check = await validateHaproxy(host.files.find(f => f.path === '/etc/haproxy/haproxy.cfg')!.content);
			expect(check.ok, check.stdout + check.stderr).toBe(true);
		}
	});

	it('exit 1 when the imported topology is invalid, with the reasons; secrets never in warnings', async () => {
		await writeFile(join(dir, 'a.conf'), pair('MASTER', 'secret-aa'));
		await writeFile(join(dir, 'b.conf'), pair('MASTER', 'secret-bb').replace('203.0.113.11', '203.0.113.12').replace('        203.0.113.12\n', '        203.0.113.11\n'));
		const cap = captureIo({cwd: dir});
		expect(await main(['import', 'a.conf', 'b.conf'], cap.io)).toBe(1);
		const stderr = cap.stderr();
		expect(stderr).toContain('error topology/master-count');
		expect(stderr).toContain('import/virtual-server-kind');
		expect(stderr).toContain('import/vip-options');
		expect(stderr).toContain('import/auth-truncated');
		expect(stderr).toContain('auth_pass differs between the files (two different values)');
		expect(stderr).not.toMatch(/secret-/);
		// unicast peers give both addresses
		expect(cap.stdout()).toContain('{name: a, address: 203.0.113.11');
		expect(cap.stdout()).toContain('{name: b, address: 203.0.113.12');
	});

	it('usage errors: nothing to import, unreadable file, bad --address', async () => {
		expect(await main(['import'], captureIo().io)).toBe(2);
		const missing = captureIo();
		expect(await main(['import', join(dir, 'nope.conf')], missing.io)).toBe(2);
		expect(missing.stderr()).toContain('no such file');
		const bad = captureIo();
		expect(await main(['import', `${KEEPALIVED}/seed-000-master.conf`, '--address', 'lb1'], bad.io)).toBe(2);
		expect(bad.stderr()).toContain('expected NAME=IPV4');
	});
});
