import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {diffStat, unifiedDiff} from '../../src/ui/review/unified-diff.js';
import {buildReview, hostReviewLines, maskSecrets, readFromOutDir, wrapLine} from '../../src/ui/wizard/review.js';
import {describeDetection, detectHost, emptyDetection, parseIpJsonAddr, primaryAddress} from '../../src/ui/wizard/detect.js';
import {importFound} from '../../src/ui/wizard/wizard-services.js';
import {initialState} from '../../src/ui/wizard/wizard-reducer.js';
import {LocalTransport} from '../../src/transport/local.js';
import {answerAll, atFirstQuestion, KEEPALIVED_HAPROXY, run} from './wizard-fixtures.js';

describe('unifiedDiff', () => {
	it('prints diff -u hunks with context', () => {
		const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].join('\n') + '\n';
		const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
		expect(unifiedDiff(before, after, {path: '/etc/x.conf', context: 1})).toEqual([
			'--- a/etc/x.conf',
			'+++ b/etc/x.conf',
			'@@ -3,3 +3,3 @@',
			' c',
			'-d',
			'+D',
			' e',
			'@@ -9 +9,2 @@',
			' i',
			'+j',
		]);
	});

	it('shows a new file against /dev/null and nothing for equal texts', () => {
		expect(unifiedDiff(undefined, 'x\ny\n', {path: '/etc/n'})).toEqual(['--- /dev/null', '+++ b/etc/n', '@@ -0,0 +1,2 @@', '+x', '+y']);
		expect(unifiedDiff('same\n', 'same\n')).toEqual([]);
		expect(diffStat(unifiedDiff('a\nb\n', 'a\nc\nd\n'))).toEqual({added: 2, removed: 1});
	});

	it('agrees with diff(1) on a real config change', async () => {
		const {execa} = await import('execa');
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-diff-'));
		const before = Array.from({length: 40}, (_, i) => `line ${i}`).join('\n') + '\n';
		const after = before.replace('line 5\n', 'line 5 changed\n').replace('line 30\n', '').replace('line 39\n', 'line 39\nline 40\n');
		await writeFile(join(dir, 'a'), before);
		await writeFile(join(dir, 'b'), after);
		const reference = await execa('diff', ['-u', 'a', 'b'], {cwd: dir, reject: false});
		const ours = unifiedDiff(before, after, {path: 'x'});
		expect(ours.slice(2)).toEqual(reference.stdout.split('\n').slice(2));
	});
});

describe('review', () => {
	it('per host: files with status and diff against the output directory, commands, secrets masked', async () => {
		const s = answerAll(atFirstQuestion(), KEEPALIVED_HAPROXY);
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-review-'));
		await mkdir(join(dir, 'lb1/etc/haproxy'), {recursive: true});
		await writeFile(join(dir, 'lb1/etc/haproxy/haproxy.cfg'), 'global\n    maxconn 10\n');
		const review = await buildReview(s.answers, {target: {kind: 'out', dir: 'out'}, readCurrent: readFromOutDir(dir), source: 'lbwiz.yaml'});
		expect(review.hosts.map(h => h.host)).toEqual(['lb1', 'lb2', 'web1', 'web2']);
		const lb1 = review.hosts[0];
		expect(lb1.files.map(f => [f.path, f.status])).toEqual([
			['/etc/keepalived/keepalived.conf', 'new'],
			['/etc/keepalived/check_haproxy.sh', 'new'],
			['/etc/haproxy/haproxy.cfg', 'changed'],
		]);
		const text = hostReviewLines(review, lb1).map(l => l.text).join('\n');
		expect(text).toContain('/etc/haproxy/haproxy.cfg 0640 (+');
		expect(text).toContain('--- a/etc/haproxy/haproxy.cfg');
		expect(text).toContain('-    maxconn 10');
		expect(text).toContain('$ keepalived -t -f /etc/keepalived/keepalived.conf');
		expect(text).toContain('auth_pass ‹secret, 6 chars›');
		expect(text).not.toContain('s3cret');
		expect(text).not.toContain('Zq8-stats');
		const clear = hostReviewLines(review, lb1, {redact: false}).map(l => l.text).join('\n');
		expect(clear).toContain('auth_pass s3cret');
	});

	it('wraps long lines to the width, keeping the diff marker', () => {
		const rows = wrapLine({kind: 'add', text: `+${'x'.repeat(100)}`}, 40);
		expect(rows.map(r => r.text.length)).toEqual([40, 40, 27]);
		expect(rows[1]).toMatchObject({text: `+  ${'x'.repeat(37)}`, continued: true});
		expect(maskSecrets('    stats auth admin:Zq8-stats')).toBe('    stats auth admin:‹secret, 9 chars›');
	});
});

describe('detection', () => {
	it('parses ip -j addr and picks the first global IPv4 address of an UP interface', () => {
		const interfaces = parseIpJsonAddr(
			JSON.stringify([
				{ifname: 'lo', flags: ['LOOPBACK', 'UP'], addr_info: [{family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host'}]},
				{ifname: 'eth1', flags: ['BROADCAST'], operstate: 'DOWN', addr_info: [{family: 'inet', local: '198.51.100.5', prefixlen: 24, scope: 'global'}]},
				{ifname: 'eth0', flags: ['BROADCAST', 'UP'], operstate: 'UP', addr_info: [{family: 'inet6', local: 'fe80::1', prefixlen: 64}, {family: 'inet', local: '203.0.113.11', prefixlen: 24, scope: 'global'}]},
			]),
		);
		expect(interfaces.map(i => i.name)).toEqual(['eth1', 'eth0']);
		expect(primaryAddress(interfaces)).toEqual({interface: 'eth0', address: '203.0.113.11', prefix: 24});
		expect(parseIpJsonAddr('not json')).toEqual([]);
	});

	it('offers the keepalived.conf found on the host as a start (seed 003, imported)', async () => {
		const d = emptyDetection();
		d.existing.keepalivedConf = join(process.cwd(), 'fixtures/configs/keepalived/seed-003-master.conf');
		const found = await importFound(d);
		expect(found?.imported).toBe(true);
		expect(found?.answers.architecture).toBe('lvs-dr-multiport');
		expect(found?.answers.lvs).toMatchObject({ports: [10010, 10020, 10030], persistence: 50, forwarding: 'DR'});
		expect(found?.problems.join('\n')).toMatch(/nb_get_retry/);
		// The wizard then starts at the first question with these answers.
		const s = run(initialState(), {type: 'detected', detection: d, found}, {type: 'submit'});
		expect(s.phase).toBe('ask');
		expect(s.index).toBe(0);
		expect(s.answers.lvs.ports).toEqual([10010, 10020, 10030]);
		expect(s.notice?.text).toMatch(/^Imported .*seed-003-master\.conf/);
	});

	it('looks at this machine through the local transport, quickly and without failing', async () => {
		const cwd = await mkdtemp(join(tmpdir(), 'lbwiz-detect-'));
		await writeFile(join(cwd, 'lbwiz.yaml'), 'name: x\n');
		const d = await detectHost(new LocalTransport(), {cwd, timeoutMs: 3000});
		expect(d.versions.keepalived).toMatch(/^2\.\d+\.\d+/);
		expect(d.versions.haproxy).toMatch(/^2\.\d+/);
		expect(d.existing.lbwizYaml).toBe(join(cwd, 'lbwiz.yaml'));
		expect(d.interfaces.length).toBeGreaterThan(0);
		expect(describeDetection(d)[1]).toMatch(/^Installed: {2}keepalived 2\./);
	});
});
