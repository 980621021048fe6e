/**
The keyword table against the real keepalived (2.2.7 on Debian 12 / CI): every keyword the table
accepts in a block is written into that block and `keepalived -t` must not call any of them
"Unknown keyword"; words the table rejects there must be rejected by keepalived too. Skipped
when keepalived is not installed.
*/
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {KEYWORDS, type KeywordContext} from '../../src/parse/keepalived/keywords.js';

const version = spawnSync('keepalived', ['--version'], {encoding: 'utf8', timeout: 10_000});
const installed = !version.error && /Keepalived v2\.2\./.test(`${version.stdout}${version.stderr}`);

/** How to open each block around one keyword line (unique names so no block is skipped as a duplicate). */
const WRAP: Record<Exclude<KeywordContext, 'root'>, (i: number) => [string, string]> = {
	global_defs: () => ['global_defs {', '}'],
	vrrp_instance: i => [`vrrp_instance VI_${i} {`, '}'],
	authentication: i => [`vrrp_instance VA_${i} {\nauthentication {`, '}\n}'],
	vrrp_sync_group: i => [`vrrp_sync_group G_${i} {`, '}'],
	vrrp_script: i => [`vrrp_script S_${i} {`, '}'],
	vrrp_track_process: i => [`vrrp_track_process P_${i} {`, '}'],
	track_file: i => [`track_file F_${i} {`, '}'],
	track_group: i => [`track_group T_${i} {`, '}'],
	garp_group: () => ['garp_group {', '}'],
	SSL: () => ['SSL {', '}'],
	bfd_instance: i => [`bfd_instance B_${i} {`, '}'],
	virtual_server: i => [`virtual_server 10.1.${i >> 8}.${i & 255} 80 {`, '}'],
	real_server: i => [`virtual_server 10.2.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {`, '}\n}'],
	TCP_CHECK: i => [`virtual_server 10.3.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nTCP_CHECK {`, '}\n}\n}'],
	HTTP_GET: i => [`virtual_server 10.4.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nHTTP_GET {\nurl {\npath /\n}`, '}\n}\n}'],
	url: i => [`virtual_server 10.5.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nSSL_GET {\nurl {\npath /`, '}\n}\n}\n}'],
	MISC_CHECK: i => [`virtual_server 10.6.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nMISC_CHECK {`, '}\n}\n}'],
	SMTP_CHECK: i => [`virtual_server 10.7.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nSMTP_CHECK {`, '}\n}\n}'],
	smtp_host: i => [`virtual_server 10.8.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nSMTP_CHECK {\nhost {`, '}\n}\n}\n}'],
	DNS_CHECK: i => [`virtual_server 10.10.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nDNS_CHECK {`, '}\n}\n}'],
	BFD_CHECK: i => [`virtual_server 10.11.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nBFD_CHECK {`, '}\n}\n}'],
	UDP_CHECK: i => [`virtual_server 10.12.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nUDP_CHECK {`, '}\n}\n}'],
	PING_CHECK: i => [`virtual_server 10.13.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nPING_CHECK {`, '}\n}\n}'],
	FILE_CHECK: i => [`virtual_server 10.14.${i >> 8}.${i & 255} 80 {\nreal_server 10.9.0.1 80 {\nFILE_CHECK {`, '}\n}\n}'],
};

/** A keyword line that keepalived can read: blocks get their braces (and what must be inside them). */
function line(context: KeywordContext, keyword: string): string {
	const spec = KEYWORDS[context].get(keyword);
	const block = spec?.block;
	if (!block) return `${keyword} 1 1 1`;
	if (block.kind === 'values') return spec.needsArg ? `${keyword} N_${keyword} {\n}` : `${keyword} {\n}`;
	if (keyword === 'real_server') return 'real_server 10.9.0.2 80 {\n}';
	if (keyword === 'HTTP_GET' || keyword === 'SSL_GET') return `${keyword} {\nurl {\npath /\n}\n}`;
	if (keyword === 'url') return 'url {\npath /\n}';
	if (keyword === 'virtual_server') return 'virtual_server 10.20.0.1 80 {\n}';
	return `${keyword} N_${keyword} {\n}`;
}

describe.skipIf(!installed)('keyword table vs keepalived -t', () => {
	const dir = mkdtempSync(join(tmpdir(), 'lbwiz-kw-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	/** Unknown keywords keepalived reports, and how many of its parsers (parent, VRRP, checker, BFD) read the file to the end. */
	const unknownReported = (text: string): {words: string[]; complete: number} => {
		const file = join(dir, 'probe.conf');
		writeFileSync(file, `${text}lbwiz_sentinel_keyword 1\n`);
		const r = spawnSync('keepalived', ['-t', '-f', file], {encoding: 'utf8', timeout: 60_000, cwd: dir});
		const words = [...`${r.stderr}`.matchAll(/Unknown keyword '([^']*)'/g)].map(m => m[1]);
		return {words: [...new Set(words.filter(w => w !== 'lbwiz_sentinel_keyword'))], complete: words.filter(w => w === 'lbwiz_sentinel_keyword').length};
	};

	it('accepts every keyword of every block', () => {
		const parts: string[] = [];
		let i = 0;
		// root keywords that switch namespaces or instance names would stop the VRRP/checker parsers early
		const special = new Set(['net_namespace', 'net_namespace_ipvs', 'namespace_with_ipsets', 'instance', 'use_pid_dir']);
		for (const keyword of KEYWORDS.root.keys()) if (!special.has(keyword)) parts.push(line('root', keyword));
		for (const [context, wrap] of Object.entries(WRAP) as Array<[Exclude<KeywordContext, 'root'>, (i: number) => [string, string]]>) {
			for (const keyword of KEYWORDS[context].keys()) {
				const [pre, post] = wrap(i++);
				parts.push(pre, line(context, keyword), post);
			}
		}
		const mine = new Set(Object.values(KEYWORDS).flatMap(m => [...m.keys()]));
		const reported = unknownReported(`${parts.join('\n')}\n`);
		// a trailing sentinel keyword proves every parser read the whole file (an abort would also report nothing)
		expect(reported.complete).toBeGreaterThanOrEqual(3);
		expect(reported.words.filter(word => mine.has(word))).toEqual([]);
	});

	it('rejects what the table rejects (nb_get_retry in TCP_CHECK, vrrp_strict in vrrp_instance, priorty)', () => {
		const text = 'vrrp_instance V {\n vrrp_strict\n priorty 1\n}\nvirtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n  TCP_CHECK {\n   nb_get_retry 3\n  }\n }\n}\n';
		expect(unknownReported(text).words.sort()).toEqual(['nb_get_retry', 'priorty', 'vrrp_strict']);
		expect(KEYWORDS.TCP_CHECK.has('nb_get_retry') || KEYWORDS.vrrp_instance.has('vrrp_strict') || KEYWORDS.vrrp_instance.has('priorty')).toBe(false);
	});
});
