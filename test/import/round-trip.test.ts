import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {renderTopology} from '../../src/generate/index.js';
import {importTopology} from '../../src/import/import-topology.js';
import {readKeepalivedSource} from '../../src/import/keepalived-adapter.js';
import {parseTopology} from '../../src/model/load-topology.js';
import {parseKeepalived, type KeepalivedConfig} from '../../src/parse/keepalived/index.js';
import {requireValidators, validateKeepalived} from '../helpers/validate-netns.js';

const KEEPALIVED = 'fixtures/configs/keepalived';
const HAPROXY = 'fixtures/configs/haproxy';
const read = (file: string) => ({file, text: readFileSync(file, 'utf8')});

/** The seed clusters with a MASTER and a BACKUP file. */
const PAIRS = [
	{seed: 'seed-000 (LVS-DR pair)', files: ['seed-000-master.conf', 'seed-000-backup.conf']},
	{seed: 'seed-003 (LVS-DR multi-port)', files: ['seed-003-master.conf', 'seed-003-backup.conf']},
	{seed: 'seed-004 part 2 (keepalived + HAProxy)', files: ['seed-004-haproxy1.conf', 'seed-004-haproxy2.conf'], haproxy: ['seed-004-part2-haproxy-keepalived.cfg', 'seed-004-part2-haproxy-keepalived.cfg']},
	{seed: 'seed-004 part 3 (three-tier LVS directors)', files: ['seed-004-lvs1.conf', 'seed-004-lvs2.conf']},
];

/**
What keepalived 2.2.7 would run from a configuration, with its defaults filled in and the guides'
typos read as meant (nb_get_retry as retry, glued keywords split): the basis of "equivalent".
Script paths and mcast_src_ip are left out: import replaces the first and drops the second, and says so.
*/
function effective(config: KeepalivedConfig) {
	const scripts = new Map(config.vrrpScripts.map(s => [s.name, s]));
	return {
		routerId: config.globalDefs.routerId,
		notificationEmail: config.globalDefs.notificationEmail.map(e => e.address),
		instances: config.vrrpInstances.map(i => ({
			name: i.name,
			state: i.state === 'MASTER' ? 'MASTER' : 'BACKUP',
			interface: i.interface,
			vrid: i.virtualRouterId,
			priority: i.priority ?? 100,
			advertInt: i.advertInt ?? 1,
			auth: i.authentication?.type === 'PASS' ? i.authentication.pass?.slice(0, 8) : undefined,
			vips: i.virtualIpAddresses.map(v => `${v.address}/${v.prefix ?? 32}`).sort(),
			nopreempt: i.nopreempt,
			unicastPeers: i.unicastPeers.map(p => p.address).sort(),
			track: i.trackScripts.map(t => {
				const s = scripts.get(t.name);
				return {weight: t.weight ?? s?.weight ?? 0, interval: s?.interval ?? 1, fall: s?.fall ?? 1, rise: s?.rise ?? 1};
			}),
		})),
		virtualServers: config.virtualServers.map(vs => ({
			address: vs.address,
			port: vs.port,
			lbAlgo: vs.lbAlgo ?? 'wlc',
			lbKind: vs.lbKind ?? 'NAT',
			persistence: vs.persistenceTimeout ?? 0,
			protocol: vs.protocol ?? 'TCP',
			realServers: vs.realServers
				.map(rs => ({
					address: rs.address,
					port: vs.lbKind === 'NAT' ? rs.port : vs.port,
					weight: rs.weight ?? 1,
					checkers: rs.checkers.map(c => {
						const http = c.type === 'HTTP_GET' || c.type === 'SSL_GET';
						const nb = c.other.find(o => o.keyword === 'nb_get_retry');
						return {
							type: c.type,
							connectTimeout: c.connectTimeout ?? rs.connectTimeout ?? vs.connectTimeout ?? 5,
							connectPort: c.connectPort ?? rs.connectPort ?? vs.connectPort,
							retry: c.retry ?? c.nbGetRetry ?? (nb ? Number(nb.args[0]) : undefined) ?? (c.type === 'MISC_CHECK' ? 0 : 1),
							delayBeforeRetry: c.delayBeforeRetry ?? (http ? 3 : 1),
							delayLoop: c.delayLoop ?? rs.delayLoop ?? vs.delayLoop ?? 60,
							urls: c.urls.map(u => ({path: u.path, statusCode: u.statusCode})),
						};
					}),
				}))
				.sort((a, b) => a.address.localeCompare(b.address)),
		})),
	};
}

const availability = await requireValidators();

describe('import → render round trip of the seed clusters', () => {
	for (const pair of PAIRS) {
		describe(pair.seed, () => {
			const originals = pair.files.map(f => read(`${KEEPALIVED}/${f}`));
			const result = importTopology({keepalived: originals.map(source => readKeepalivedSource(source)), haproxy: (pair.haproxy ?? []).map(f => read(`${HAPROXY}/${f}`))});

			it('gives a valid lbwiz.yaml', () => {
				expect(result.validation.filter(d => d.severity === 'error')).toEqual([]);
				expect(result.valid).toBe(true);
			});

			const {topology} = parseTopology(result.yaml, 'imported.yaml');
			const renders = renderTopology(topology, {source: 'imported.yaml'});

			it('renders a keepalived.conf per director that is equivalent to the original (typos aside)', () => {
				expect(topology.directors).toHaveLength(originals.length);
				originals.forEach((original, i) => {
					const host = renders.find(r => r.host === topology.directors[i].name)!;
					const rendered = host.files.find(f => f.path === '/etc/keepalived/keepalived.conf')!.content;
					const before = effective(parseKeepalived(original.text, {file: original.file}).config);
					const after = effective(parseKeepalived(rendered, {file: 'rendered.conf'}).config);
					expect(after, `${original.file} vs its rendering`).toEqual(before);
				});
			});

			it.skipIf(!availability.keepalived)('and keepalived -t accepts every rendered file', async () => {
				for (const director of topology.directors) {
					const host = renders.find(r => r.host === director.name)!;
					const check = await validateKeepalived(host.files.filter(f => f.path.startsWith('/etc/keepalived/')));
					expect(check.ok, `${director.name}: exit ${check.exitCode}\n${check.stderr}`).toBe(true);
				}
			});
		});
	}

	it('says what it recovered and what it dropped', () => {
		const seed0 = importTopology({keepalived: ['seed-000-master.conf', 'seed-000-backup.conf'].map(f => readKeepalivedSource(read(`${KEEPALIVED}/${f}`)))});
		const codes = seed0.warnings.map(w => `${w.file.split('/').pop()}:${w.line} ${w.code}`);
		expect(codes).toContain('seed-000-master.conf:30 import/typo-recovered');
		expect(codes).toContain('seed-000-master.conf:9 import/typo-recovered');
		expect(codes).toContain('seed-000-master.conf:41 import/nb-get-retry');
		expect(codes).toContain('seed-000-master.conf:1 import/address-unknown');
		expect(seed0.yaml).toContain('# TODO: set the real address');

		const seed4 = importTopology({keepalived: ['seed-004-haproxy1.conf', 'seed-004-haproxy2.conf'].map(f => readKeepalivedSource(read(`${KEEPALIVED}/${f}`)))});
		expect(seed4.warnings.map(w => w.code)).toEqual(expect.arrayContaining(['import/mcast-src-ip', 'import/track-script']));
		expect(seed4.topology.vrrp?.track_haproxy).toBeUndefined();
	});
});
