import {mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {secretToken} from '../../src/collect/redact.js';
import {UsageError} from '../../src/commands/command.js';
import type {DoctorReport} from '../../src/doctor/report-model.js';
import {formatReport, reportFormatOf, writeReport} from '../../src/report/index.js';
import {compileRedactPattern, redactReport} from '../../src/report/redact.js';
import {arrangeFindings, mergedTimeline} from '../../src/report/report-view.js';
import {buildTopology, topologyText} from '../../src/report/topology.js';
import {sampleReport} from './sample-report.js';

const formats = ['md', 'html', 'json'] as const;

/** Tags a report may contain: anything else in the HTML came from unescaped input. */
const ALLOWED_TAGS = new Set(
	'html head meta title style body header main footer section article nav h1 h2 h3 h4 p a ul li dl dt dd div span strong code pre blockquote details summary table caption thead tbody tr th td br svg desc defs marker path g rect text'.split(' '),
);

const hostile = '<script>alert(1)</script> "><img src=x onerror=alert(1)> </pre></details> ```` | pipe \u001b[31mred\u202Eevil';

function hostileReport(): DoctorReport {
	const report = sampleReport();
	report.cluster.name = `web ${hostile}`;
	report.hosts[0].name = `lb1${hostile}`;
	report.findings[0].title = `title ${hostile}`;
	report.findings[0].message = `# heading\n- item\n1. numbered ${hostile}`;
	report.findings[0].fix[0].commands = [['sh', '-c', `echo '${hostile}'`]];
	report.evidence['lb2#3'].stdout = `${hostile}\nline2\n`;
	report.evidence['lb2#3'].argv = ['nft', hostile];
	report.timeline[0].raw = `log ${hostile}`;
	report.skipped[0].reason = `reason ${hostile}`;
	report.haproxy[0].rows[1].check_desc = hostile;
	return report;
}

describe('formatReport contents', () => {
	it.each(formats)('%s carries cluster, time, version, source, hosts, findings, timeline, adverts, haproxy, ipvs, skipped', format => {
		const out = formatReport(sampleReport(), format);
		for (const needle of ['web', '2024-05-01T10:00:05.000Z', '0.1.0', 'split-brain-firewall', 'lb1', 'rs2', 'firewall.vrrp-blocked', 'vip.split-brain', 'Receive advertisement timeout', '198.51.100.12', 'L4CON', '198.51.100.21', 'lvs.realserver-missing', 'nft']) {
			expect(out, needle).toContain(needle);
		}
	});

	it('puts root causes first in the summary, symptoms under their cause', () => {
		const md = formatReport(sampleReport(), 'md');
		const summary = md.slice(md.indexOf('## Summary'), md.indexOf('## Topology'));
		expect(summary.indexOf('### Root causes')).toBeLessThan(summary.indexOf('### Other findings'));
		expect(summary).toMatch(/^- \*\*CRITICAL\*\* \[F1\]\(#finding-F1\) `firewall\.vrrp-blocked` on `lb2`/m);
		expect(summary).toMatch(/^ {2}- \*\*CRITICAL\*\* \[F2\]\(#finding-F2\) `vip\.split-brain`/m);
		const html = formatReport(sampleReport(), 'html');
		const causes = html.slice(html.indexOf('<h3>Root causes'), html.indexOf('<h3>Other findings'));
		expect(causes).toMatch(/<li class="root">.*F1.*\n<ul><li>.*F2/);
	});

	it('shows fixes shell-quoted per host and config changes at file:line', () => {
		const report = sampleReport();
		report.findings[0].fix[0].commands = [['nft', 'add', 'rule', 'inet', 'filter', 'input', 'ip protocol vrrp accept', "it's"]];
		for (const format of ['md', 'html'] as const) {
			const out = formatReport(report, format);
			expect(out).toContain('# on lb2');
			expect(out).toContain(format === 'md' ? "nft add rule inet filter input 'ip protocol vrrp accept' 'it'\\''s'" : 'nft add rule inet filter input &#39;ip protocol vrrp accept&#39; &#39;it&#39;\\&#39;&#39;s&#39;');
			expect(out).toContain('/etc/keepalived/keepalived.conf:12');
		}
	});

	it('shows the exact evidence commands with their output, collapsible in HTML', () => {
		const html = formatReport(sampleReport(), 'html');
		expect(html).toMatch(/<details><summary><code>\$ nft list ruleset<\/code> on <code>lb2<\/code>/);
		expect(html).toContain('<details id="evidence-lb2-3">');
		const md = formatReport(sampleReport(), 'md');
		expect(md).toContain('`$ nft list ruleset`');
		expect(md).toContain('\t\tip protocol vrrp drop');
	});

	it('never shows an advert password, only the fingerprint, and groups repeated adverts', () => {
		const md = formatReport(sampleReport(), 'md');
		expect(md).toMatch(/\| `lb2` \| `198\.51\.100\.11` \| `224\.0\.0\.18` \| 51 \| 150 \| 1 s \| v2 \| simple \| `0a1b2c3d4e5f` \| `203\.0\.113\.10` \| 2 \|/);
	});
});

describe('sparse reports', () => {
	const empty = (): DoctorReport =>
		sampleReport({
			hosts: [],
			findings: [],
			skipped: [],
			evidence: {},
			timeline: [],
			adverts: [],
			haproxy: [],
			ipvs: [],
			cluster: {name: 'empty', vips: []},
			summary: {critical: 0, warning: 0, info: 0, rootCauses: [], exitCode: 3},
		});

	it.each(formats)('%s: an empty report still says what it is, and why the doctor could not run', format => {
		const report = {...empty(), errors: ['no host reachable: lb1 (ssh: connect timed out)']} as DoctorReport;
		const out = formatReport(report, format);
		expect(out).toContain('no host reachable: lb1 (ssh: connect timed out)');
		if (format !== 'json') {
			expect(out).toMatch(/No problems found on 0 host\(s\)/);
			expect(out).toContain('No VRRP state transitions');
			expect(out).toContain('could not run completely');
		}
	});

	it('the diagram without hosts is just the client', () => {
		expect(topologyText(buildTopology(empty()))).toBe('clients\nclient [UNKNOWN] not observed');
	});
});

describe('arrangement', () => {
	const chain = (): DoctorReport => {
		const report = sampleReport();
		const [f1, f2, f3, f4] = report.findings;
		f3.caused_by = ['F2']; // F1 → F2 → F3
		f4.caused_by = ['F9']; // unknown cause: F4 is a root
		report.findings = [f4, f3, f2, f1];
		report.summary.rootCauses = [];
		return report;
	};

	it('nests chains, treats unknown causes as roots, orders roots by severity', () => {
		const forest = arrangeFindings(chain());
		expect(forest.causes.map(node => node.finding.id)).toEqual(['F1']);
		expect(forest.causes[0].children[0].finding.id).toBe('F2');
		expect(forest.causes[0].children[0].children[0].finding.id).toBe('F3');
		expect(forest.standalone.map(node => node.finding.id)).toEqual(['F4']);
		expect(forest.ordered.map(node => node.finding.id)).toEqual(['F1', 'F2', 'F3', 'F4']);
	});

	it('survives cycles: every finding is shown once', () => {
		const report = sampleReport();
		report.findings[0].caused_by = ['F2'];
		report.findings[1].caused_by = ['F1'];
		const forest = arrangeFindings(report);
		expect(forest.ordered.map(node => node.finding.id).sort()).toEqual(['F1', 'F2', 'F3', 'F4']);
	});

	it('merges the timeline of every director by time', () => {
		expect(mergedTimeline(sampleReport()).map(entry => `${entry.host} ${entry.state}`)).toEqual(['lb1 MASTER', 'lb2 BACKUP', 'lb2 MASTER']);
	});

	it('draws client → VIP → directors → real servers with health in words', () => {
		const graph = buildTopology(sampleReport());
		expect(graph.edges.filter(edge => edge.from === 'vip:203.0.113.10').map(edge => edge.to)).toEqual(['host:lb1', 'host:lb2']);
		const text = topologyText(graph);
		expect(text.split('\n')[0]).toMatch(/^clients +virtual IPs +directors +real servers$/);
		expect(text).toContain('203.0.113.10 [CRITICAL] held by lb1, lb2 ──┬─▶ lb1 [WARNING]');
		expect(text).toContain('└─▶ lb2 [CRITICAL]');
		expect(text).toContain('rs2 [UNKNOWN] unreachable · HAProxy DOWN');
		expect(text).toContain('rs1 [OK] HAProxy UP');
		const standby = sampleReport();
		delete standby.hosts[1].vips;
		expect(buildTopology(standby).edges.find(edge => edge.to === 'host:lb2' && edge.from.startsWith('vip:'))?.standby).toBe(true);
		const html = formatReport(standby, 'html');
		expect(html).toMatch(/<svg [^>]*role="img"/);
		expect(html).toContain('class="node health-critical"');
		expect(html).toMatch(/<path d="[^"]*" [^>]*stroke-dasharray="5 4" marker-end/);
	});
});

describe('escaping untrusted text', () => {
	it('HTML: no tag, attribute or URL comes from report text', () => {
		const html = formatReport(hostileReport(), 'html');
		const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map(match => match[1].toLowerCase());
		expect(tags.filter(tag => !ALLOWED_TAGS.has(tag))).toEqual([]);
		for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) expect(tag).not.toMatch(/\son\w+\s*=/i);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;/pre&gt;&lt;/details&gt;');
		expect(html).toContain('\u241B[31mred');
		expect(html).toContain('&lt;U+202E&gt;evil');
		for (const match of html.matchAll(/\s(?:href|src|xlink:href)="([^"]*)"/g)) expect(match[1]).toMatch(/^#/);
	});

	it('Markdown: fences outlast backtick runs, pipes do not split cells, block markup is inert', () => {
		const md = formatReport(hostileReport(), 'md');
		expect(md).toContain('stdout:\n\n`````text\n<script>alert(1)</script>');
		expect(md).not.toContain('\u001b');
		expect(md).toContain('\\# heading\n\\- item\n1\\. numbered');
		const skippedRow = md.split('\n').find(line => line.startsWith('| `lvs.realserver-missing`'))!;
		expect(skippedRow.replace(/\\\|/g, '').split('|').length - 2).toBe(3);
		const hostRow = md.split('\n').find(line => line.startsWith('| `````lb1<script>'))!;
		expect(hostRow.replace(/\\\|/g, '').split('|').length - 2).toBe(9);
		expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
	});

	it('JSON: round-trips the (redacted) report', () => {
		const report = hostileReport();
		expect(JSON.parse(formatReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(redactReport(report))));
	});
});

describe('redaction', () => {
	const secretReport = (): DoctorReport => {
		const report = sampleReport();
		report.evidence['lb2#3'].stdout = 'vrrp_instance VI_1 {\n    authentication {\n        auth_type PASS\n        auth_pass S3cret-Pass\n    }\n}\nlisten stats\n    stats auth admin:St4tsPassw0rd\nrocommunity Publ1cCommunity\n';
		report.evidence['lb2#3'].argv = ['curl', '-u', 'admin:CurlPassw0rd', 'http://198.51.100.21/'];
		report.findings[1].message = 'lb2 still uses S3cret-Pass; see http://op:UrlPassw0rd@198.51.100.21/';
		report.findings[3].fix[0].change = 'stats auth admin:<new password>';
		return report;
	};
	const secrets = ['S3cret-Pass', 'St4tsPassw0rd', 'Publ1cCommunity', 'CurlPassw0rd', 'UrlPassw0rd'];

	it.each(formats)('%s: secrets become collection-style fingerprints by default, and stay with noRedact', format => {
		const redacted = formatReport(secretReport(), format);
		for (const secret of secrets) expect(redacted, secret).not.toContain(secret);
		expect(redacted).toContain(secretToken('S3cret-Pass'));
		expect(redacted).toContain({md: 'stats auth admin:\\<new password\\>', html: 'stats auth admin:&lt;new password&gt;', json: 'stats auth admin:<new password>'}[format]);
		const clear = formatReport(secretReport(), format, {noRedact: true});
		for (const secret of secrets) expect(clear, secret).toContain(secret);
	});

	it('--redact REGEX: whole match or first group, stable, never inside existing tokens', () => {
		const report = sampleReport();
		report.evidence['lb1#1'].stdout = 'host db-internal-7 talks to db-internal-7 and db-internal-9\n';
		const community = compileRedactPattern('community (\\S+)');
		const hosts = compileRedactPattern('/DB-INTERNAL-\\d/i');
		const hex = compileRedactPattern('[0-9a-f]{12}');
		report.findings[0].message = 'community Hidden1 and community Hidden1';
		const out = redactReport(report, {extraRedact: [community, hosts, hex]});
		expect(out.findings[0].message).toBe(`community ${secretToken('Hidden1')} and community ${secretToken('Hidden1')}`);
		expect(out.evidence['lb1#1'].stdout).toBe(`host ${secretToken('db-internal-7')} talks to ${secretToken('db-internal-7')} and ${secretToken('db-internal-9')}\n`);
		expect(out.evidence['lb1#2'].stdout).toContain('stats auth admin:lbwiz-redacted:0123456789ab:5:0123456789ab');
		const kept = redactReport(report, {noRedact: true, extraRedact: [community]});
		expect(kept.findings[0].message).not.toContain('Hidden1');
	});

	it('rejects bad --redact patterns with a message', () => {
		expect(() => compileRedactPattern('(')).toThrow(/not a valid regular expression/);
		expect(() => compileRedactPattern('a*')).toThrow(/matches the empty string/);
	});

	it('sweeps known clear values (SecretRef values of a bundle) from every field', () => {
		const report = sampleReport();
		report.findings[2].title = 'Uses Hunter2Hunter2';
		expect(JSON.stringify(redactReport(report, {secrets: ['Hunter2Hunter2']}))).not.toContain('Hunter2Hunter2');
	});
});

describe('writeReport', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'lbwiz-report-'));
	});
	afterAll(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it.each([
		['r.md', 'md'],
		['r.markdown', 'md'],
		['R.HTML', 'html'],
		['r.htm', 'html'],
		['r.json', 'json'],
	])('%s → %s, written atomically', async (name, format) => {
		const file = join(dir, name);
		await writeFile(file, 'old');
		expect(await writeReport(sampleReport(), file)).toBe(format);
		const content = await readFile(file, 'utf8');
		expect(content).toBe(formatReport(sampleReport(), format as 'md'));
		expect((await readdir(dir)).filter(entry => entry.endsWith('.tmp'))).toEqual([]);
	});

	it('refuses other extensions, listing the three formats', async () => {
		expect(() => reportFormatOf('out.txt')).toThrow(UsageError);
		await expect(writeReport(sampleReport(), join(dir, 'out.pdf'))).rejects.toThrow(/\.md \(or \.markdown\), \.html \(or \.htm\), \.json/);
	});

	it('names a missing directory', async () => {
		await expect(writeReport(sampleReport(), join(dir, 'nope', 'r.md'))).rejects.toThrow(/directory .*nope' does not exist/);
	});

	it('creates an unredacted report readable by its owner only', async () => {
		const file = join(dir, 'secret.json');
		await writeReport(sampleReport(), file, {noRedact: true});
		expect((await stat(file)).mode & 0o777).toBe(0o600);
	});
});
