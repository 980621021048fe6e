import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {detectKind} from '../../src/lint/index.js';
import {captureIo} from '../helpers/io.js';

const repo = new URL('../../', import.meta.url).pathname;
const K = 'fixtures/configs/keepalived';

async function lbwiz(args: string[], options: {input?: string; cwd?: string} = {}) {
	const io = captureIo({cwd: options.cwd ?? repo, input: options.input});
	const code = await main(['lint', ...args], io.io);
	return {code, stdout: io.stdout(), stderr: io.stderr()};
}

describe('lbwiz lint', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'lbwiz-lint-cmd-'));
		mkdirSync(join(dir, 'conf.d'));
		writeFileSync(join(dir, 'keepalived.conf'), 'global_defs {\n    router_id lb1\n}\ninclude conf.d/*.conf\n');
		writeFileSync(join(dir, 'conf.d', 'vi.conf'), 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n    priorty 100\n    virtual_ipaddress {\n        203.0.113.100\n    }\n}\n');
		writeFileSync(join(dir, 'haproxy.cfg'), 'global\n    daemon\ndefaults\n    mode http\nlisten stats\n    bind *:8404\n    stats enable\n    stats auth admin:admin\n');
	});
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	it('prints nothing but the summary for a clean file and exits 0', async () => {
		const r = await lbwiz([`${K}/valid-lvs-dr.conf`]);
		expect(r).toMatchObject({code: 0, stdout: '0 errors, 0 warnings, 0 notes in 1 file\n', stderr: ''});
	});

	it('prints file:line:col: severity code message (did you mean …) and exits 1 on errors', async () => {
		const r = await lbwiz([`${K}/seed-000-master.conf`]);
		expect(r.code).toBe(1);
		const lines = r.stdout.trimEnd().split('\n');
		expect(lines).toContain(
			`${K}/seed-000-master.conf:30:1: error keepalived/glued-keyword 'virtual_server192.168.10.30' is 'virtual_server' and '192.168.10.30' without a space between them: keepalived reports "Unknown keyword 'virtual_server192.168.10.30'" and ignores the whole block (did you mean 'virtual_server 192.168.10.30'?)`,
		);
		for (const line of lines.slice(0, -1)) expect(line).toMatch(/^[^:]+:\d+:\d+: (error|warning|info) keepalived\/[a-z0-9-]+ /);
		expect(lines.at(-1)).toBe('5 errors, 0 warnings, 0 notes in 1 file');
	});

	it('exits 0 when there are only warnings', async () => {
		const r = await lbwiz([`${K}/seed-004-haproxy1.conf`, `${K}/seed-004-haproxy2.conf`]);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/0 errors, 2 warnings, 0 notes in 2 files\n$/);
	});

	it('checks the nodes of a cluster against each other', async () => {
		const r = await lbwiz([`${K}/seed-003-backup.conf`, `${K}/seed-003-master.conf`, '--json']);
		const out = JSON.parse(r.stdout);
		expect(out.summary).toEqual({files: 2, errors: 12, warnings: 0, infos: 0});
		expect(out.diagnostics.every((d: {code: string}) => d.code === 'keepalived/unknown-keyword')).toBe(true);
	});

	it('--json prints diagnostics, summary and kinds', async () => {
		const r = await lbwiz([`${K}/seed-001-web1.conf`, '--json']);
		expect(r.code).toBe(1);
		const out = JSON.parse(r.stdout);
		expect(out.kinds).toEqual({[`${K}/seed-001-web1.conf`]: 'keepalived'});
		expect(out.summary).toMatchObject({files: 1, errors: 6});
		expect(out.diagnostics[0]).toMatchObject({file: `${K}/seed-001-web1.conf`, line: 12, column: 1, severity: 'info', code: 'keepalived/vrrp-iptables'});
	});

	it('reads includes relative to the including file, with positions in the included file', async () => {
		const r = await lbwiz(['keepalived.conf'], {cwd: dir});
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/^conf\.d\/vi\.conf:4:5: error keepalived\/unknown-keyword Unknown keyword 'priorty' in vrrp_instance \(did you mean 'priority'\?\)$/m);
	});

	it('dispatches haproxy.cfg to the HAProxy linter, and --kind forces a kind', async () => {
		const r = await lbwiz(['haproxy.cfg', 'keepalived.conf', '--json'], {cwd: dir});
		const out = JSON.parse(r.stdout);
		expect(out.kinds).toEqual({'haproxy.cfg': 'haproxy', 'keepalived.conf': 'keepalived'});
		expect(out.diagnostics.some((d: {code: string}) => d.code.startsWith('haproxy/'))).toBe(true);
		const forced = JSON.parse((await lbwiz(['haproxy.cfg', '--kind', 'keepalived', '--json'], {cwd: dir})).stdout);
		expect(forced.kinds).toEqual({'haproxy.cfg': 'keepalived'});
		expect(forced.diagnostics.some((d: {code: string}) => d.code === 'keepalived/unknown-keyword')).toBe(true);
	});

	it("reads '-' from standard input", async () => {
		const r = await lbwiz(['-'], {input: 'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 300\n    virtual_ipaddress {\n        203.0.113.100\n    }\n}\n'});
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/^<stdin>:4:23: error keepalived\/out-of-range virtual_router_id 300 is out of range \[1, 255\]$/m);
	});

	it.each([
		[[], /give at least one file to lint/],
		[['nope.conf'], /cannot read nope\.conf: no such file/],
		[['fixtures'], /fixtures is a directory/],
		[['x.conf', '--kind', 'nginx'], /--kind nginx: expected 'keepalived' or 'haproxy'/],
		[['x.conf', '--bogus'], /Unknown option '--bogus'/],
	])('usage error %j → exit 2 with a clear message', async (args, message) => {
		const r = await lbwiz(args);
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(message);
		expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
	});

	it('has help with examples', async () => {
		const io = captureIo({cwd: repo});
		expect(await main(['lint', '--help'], io.io)).toBe(0);
		expect(io.stdout()).toMatch(/Examples:\n {2}lbwiz lint \/etc\/keepalived\/keepalived\.conf/);
	});
});

describe('detectKind', () => {
	it.each([
		['haproxy.cfg', 'global\n', 'haproxy'],
		['lb.cfg', 'frontend x\n', 'haproxy'],
		['keepalived.conf', 'global_defs {\n}\n', 'keepalived'],
		['x.conf', '! comment\nvrrp_instance VI_1 {\n}\n', 'keepalived'],
		['x.conf', '# haproxy\nglobal\n    daemon\nfrontend f\n', 'haproxy'],
		['haproxy-keepalived.conf', 'vrrp_script chk {\n}\nvrrp_instance V {\n}\n', 'keepalived'],
	])('%s → %s', (path, text, kind) => {
		expect(detectKind(path, text)).toBe(kind);
	});

	// past 64 KiB the opening decides when it can; these are the cases where it cannot
	const padding = '# padding line of a big file\n'.repeat(4000);
	it.each([
		['x.conf', `${padding}vrrp_instance V {\n}\n`, 'keepalived', 'keepalived content only after the opening'],
		['x.conf', `global\n${padding}virtual_server 203.0.113.100 80 {\n}\n`, 'keepalived', 'keepalived content anywhere wins for a neutral name'],
		['lb.cfg', `vrrp_script chk {\n}\n${padding}frontend f\n`, 'haproxy', 'an HAProxy section later in a .cfg keeps it HAProxy'],
		['keepalived.conf', `global\n${padding}`, 'haproxy', 'HAProxy content and no keepalived content'],
		['keepalived.conf', `global\n${padding}vrrp_instance V {\n}\n`, 'keepalived', 'keepalived content after the opening'],
		['haproxy.cfg', `global\n${padding}vrrp_instance V {\n}\n`, 'haproxy', 'the opening decides'],
	])('big %s (%#) → %s: %s', (path, text, kind) => {
		expect(text.length).toBeGreaterThan(64 * 1024);
		expect(detectKind(path, text)).toBe(kind);
	});
});

describe('lintKeepalived file roles', () => {
	it('lints a file another given file includes as part of it, not as a second node', async () => {
		const {lintKeepalived} = await import('../../src/lint/keepalived.js');
		const files = [
			{path: '/k/conf.d/vi.conf', text: 'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 90\n    virtual_ipaddress {\n        203.0.113.100\n    }\n}\n'},
			{path: '/k/keepalived.conf', text: 'global_defs {\n    router_id lb1\n}\ninclude conf.d/*.conf\n'},
			{path: '/k/lb2.conf', text: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        203.0.113.100\n    }\n}\n'},
		];
		const found = lintKeepalived(files);
		expect(found.map(d => [d.file, d.line, d.code])).toEqual([['/k/conf.d/vi.conf', 5, 'keepalived/master-priority']]);
		expect(lintKeepalived(files, {single: true})).toEqual([]);
	});
});
