import {readdir} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {renderTopology} from '../../src/generate/index.js';
import {loadTopology} from '../../src/model/load-topology.js';
import {interfacesOf, requireValidators, validateHaproxy, validateKeepalived} from '../helpers/validate-netns.js';

const availability = await requireValidators();
const TOPOLOGIES = 'fixtures/topologies';
const fixtures = (await readdir(TOPOLOGIES)).filter(f => f.endsWith('.yaml')).sort();

async function render(file: string) {
	const {topology} = await loadTopology(`${TOPOLOGIES}/${file}`);
	return renderTopology(topology, {source: `${TOPOLOGIES}/${file}`});
}

describe('interfacesOf', () => {
	it('finds interface and dev names, not lo', () => {
		expect(interfacesOf('vrrp_instance X {\n  interface em1\n  virtual_ipaddress {\n    10.0.0.1/24 dev eth1\n    10.0.0.2 dev lo\n  }\n}\n')).toEqual(['em1', 'eth1']);
	});
});

describe.skipIf(!availability.keepalived)(`keepalived -t accepts every rendered keepalived.conf (${availability.reason ?? 'in a scratch netns'})`, () => {
	for (const file of fixtures) {
		it(file, async () => {
			const hosts = (await render(file)).filter(h => h.files.some(f => f.path === '/etc/keepalived/keepalived.conf'));
			if (file !== 'haproxy-standalone.yaml') expect(hosts.length).toBeGreaterThan(0);
			for (const host of hosts) {
				const result = await validateKeepalived(host.files.filter(f => f.path.startsWith('/etc/keepalived/')));
				expect(result.ok, `${file} ${host.host}: exit ${result.exitCode}\n${result.stderr}`).toBe(true);
			}
		});
	}

	it('fails when the tracked check script is missing (the helper can fail)', async () => {
		const [lb1] = await render('lab.yaml');
		const result = await validateKeepalived(lb1.files.filter(f => f.path === '/etc/keepalived/keepalived.conf'));
		expect(result.ok).toBe(false);
		expect(result.stderr).toContain('chk_haproxy');
	});

	it('fails with SECURITY VIOLATION (exit 6) without enable_script_security', async () => {
		const [lb1] = await render('lab.yaml');
		const files = lb1.files
			.filter(f => f.path.startsWith('/etc/keepalived/'))
			.map(f => (f.path.endsWith('keepalived.conf') ? {...f, content: f.content.replace(/^\s*enable_script_security\n/m, '')} : f));
		const result = await validateKeepalived(files);
		expect(result.ok).toBe(false);
		expect(result.exitCode).toBe(6);
		expect(result.stderr).toContain('SECURITY VIOLATION');
	});

	it('cleans up its namespace and /etc/netns overlay', async () => {
		const [lb1] = await render('lab.yaml');
		const result = await validateKeepalived(lb1.files.filter(f => f.path.startsWith('/etc/keepalived/')));
		const {execa} = await import('execa');
		const list = await execa('ip', ['netns', 'list']);
		expect(list.stdout).not.toContain(result.namespace);
		const overlays = await readdir('/etc/netns').catch(() => [] as string[]);
		expect(overlays).not.toContain(result.namespace);
	});
});

describe.skipIf(!availability.haproxy)(`haproxy -c accepts every rendered haproxy.cfg (${availability.reason ?? 'real binary'})`, () => {
	for (const file of fixtures) {
		it(file, async () => {
			const configs = (await render(file)).flatMap(h => h.files.filter(f => f.path === '/etc/haproxy/haproxy.cfg').map(f => ({host: h.host, f})));
			if (file.includes('haproxy') || file === 'lab.yaml' || file === 'three-tier.yaml') expect(configs.length).toBeGreaterThan(0);
			for (const {host, f} of configs) {
				const result = await validateHaproxy(f.content);
				expect(result.ok, `${file} ${host}: exit ${result.exitCode}\n${result.stdout}${result.stderr}`).toBe(true);
			}
		});
	}

	it('rejects a broken haproxy.cfg (the helper can fail)', async () => {
		const result = await validateHaproxy('defaults\n    mode http\nfrontend f\n    bind *:80\n    default_backend nowhere\n');
		expect(result.ok).toBe(false);
	});
});
