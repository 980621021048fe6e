import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {formatDiagnostic} from '../../src/lint/diagnostic.js';
import {lintHaproxy} from '../../src/lint/haproxy.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A config every rule accepts: used as the base of the cases below. */
const BASE = `global
    maxconn 1000
    stats socket /run/haproxy/admin.sock mode 600 level admin

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend web
    bind :80
    acl is_static path_end .html
    use_backend static if is_static
    default_backend app

backend static
    balance roundrobin
    option httpchk GET /index.html
    cookie SERVERID insert indirect nocache
    server web1 127.0.0.1:8081 check cookie w1
    server web2 127.0.0.1:8082 check cookie w2

backend app
    server app1 127.0.0.1:9000 check

listen stats
    bind 127.0.0.1:8404
    stats enable
    stats uri /stats
    stats auth ops:Zq8-correct-horse
`;

const lint = (text: string, file = 'haproxy.cfg') => lintHaproxy([{path: file, text}]);
const codes = (text: string) => lint(text).map(d => d.code);
const swap = (from: string, to: string) => {
	if (!BASE.includes(from)) throw new Error(`base lacks ${from}`);
	return BASE.replace(from, to);
};

describe('lintHaproxy: a clean configuration', () => {
	it('reports nothing', () => {
		expect(lint(BASE).map(formatDiagnostic)).toEqual([]);
	});
});

/** Each rule: an input that triggers it (with the line) and one that does not (hadolint's catches / catchesNot). */
const RULES: Array<{code: string; severity: string; catches: string; line: number; message?: RegExp; catchesNot?: string}> = [
	{code: 'haproxy/unknown-keyword', severity: 'error', catches: swap('    balance roundrobin', '    balanse roundrobin'), line: 18, message: /unknown keyword 'balanse' in 'backend' section; did you mean 'balance' maybe \?/},
	{code: 'haproxy/unknown-keyword', severity: 'error', catches: swap('check cookie w1', 'chek cookie w1'), line: 21, message: /did you mean 'check'/},
	{code: 'haproxy/removed-keyword', severity: 'error', catches: swap('    maxconn 1000', '    nbproc 2'), line: 2, message: /nbproc is not supported any more since HAProxy 2.5/},
	{code: 'haproxy/removed-keyword', severity: 'error', catches: swap('    maxconn 1000', '    debug'), line: 2},
	{code: 'haproxy/removed-keyword', severity: 'error', catches: swap('    balance roundrobin', '    option http-use-htx'), line: 18},
	{code: 'haproxy/removed-keyword', severity: 'error', catches: swap('    balance roundrobin', '    reqrep ^/a /b'), line: 18, message: /not supported anymore since HAProxy 2.1/},
	{code: 'haproxy/removed-keyword', severity: 'error', catches: swap('    balance roundrobin', '    redispatch'), line: 18, message: /Use 'option redispatch'/},
	{code: 'haproxy/removed-keyword', severity: 'error', catches: swap('    acl is_static', '    block if { src 10.0.0.0/8 }\n    acl is_static'), line: 13},
	{code: 'haproxy/newer-keyword', severity: 'error', catches: swap('    balance roundrobin', '    hash-preserve-affinity always'), line: 18, message: /added in HAProxy 3.2; HAProxy 2.6 does not know it/},
	{code: 'haproxy/newer-keyword', severity: 'error', catches: swap('    maxconn 1000', '    tune.lua.bool-sample-conversion normal'), line: 2},
	{code: 'haproxy/newer-keyword', severity: 'error', catches: `${BASE}\ncrt-store web\n    load crt site.pem\n`, line: 33},
	{code: 'haproxy/listen-address', severity: 'error', catches: swap('listen stats\n    bind 127.0.0.1:8404', 'listen stats 127.0.0.1:8404'), line: 27, message: /please use the 'bind' keyword for listening addresses/},
	{code: 'haproxy/invalid-name', severity: 'error', catches: swap('\nbackend app\n', '\nbackend app/v2\n'), line: 24, message: /character '\/' is not permitted in 'backend' name/},
	{code: 'haproxy/invalid-name', severity: 'error', catches: swap('acl is_static path_end', 'acl is!static path_end'), line: 13},
	{code: 'haproxy/bad-address', severity: 'error', catches: swap('    bind :80', '    bind :8080-80'), line: 12, message: /invalid port range '8080-80'/},
	{code: 'haproxy/bad-address', severity: 'error', catches: swap('127.0.0.1:9000', '127.0.0.1:90000'), line: 25, message: /invalid port '90000'/},
	{code: 'haproxy/bad-address', severity: 'error', catches: swap('127.0.0.1:9000', '127.0.0.1:9000-9010'), line: 25, message: /port range not permitted here/},
	{code: 'haproxy/missing-final-newline', severity: 'error', catches: BASE.trimEnd(), line: 31, message: /Missing LF on last line/},
	{code: 'haproxy/syntax', severity: 'error', catches: swap('stats uri /stats', 'stats uri "/stats'), line: 30, message: /unmatched quote/},
	{code: 'haproxy/bad-value', severity: 'error', catches: swap('timeout client 30s', 'timeout client 30x'), line: 8, message: /unexpected character 'x' in 'timeout client'/},
	{code: 'haproxy/bad-value', severity: 'error', catches: swap('balance roundrobin', 'balance roundrobn'), line: 18, message: /balance only supports/},
	{code: 'haproxy/unknown-acl', severity: 'error', catches: swap('use_backend static if is_static', 'use_backend static if is_statik'), line: 14, message: /no such ACL : 'is_statik'/},
	{code: 'haproxy/bad-expression', severity: 'error', catches: swap('acl is_static path_end .html', 'acl is_static pth_end .html'), line: 13, message: /unknown fetch method 'pth_end'/},
	{code: 'haproxy/not-allowed-here', severity: 'error', catches: swap('    timeout server 30s', '    timeout server 30s\n    bind :81'), line: 10, message: /'bind' not allowed in 'defaults' section/},
	{code: 'haproxy/ignored-keyword', severity: 'warning', catches: swap('    default_backend app\n', '    default_backend app\n    balance leastconn\n'), line: 16, message: /ignored because frontend 'web' has no backend capability/},
	{code: 'haproxy/missing-backend', severity: 'error', catches: swap('default_backend app', 'default_backend ap'), line: 15, message: /unable to find required default_backend: 'ap'/, catchesNot: swap('use_backend static if', 'use_backend %[req.hdr(host),lower] if')},
	{code: 'haproxy/missing-backend', severity: 'error', catches: swap('use_backend static if', 'use_backend statc if'), line: 14},
	{code: 'haproxy/duplicate-proxy', severity: 'error', catches: swap('\nbackend app\n', '\nbackend static\n').replace('default_backend app', 'default_backend static'), line: 24, message: /proxy 'static' has the same name as proxy 'static' declared at haproxy.cfg:17/, catchesNot: swap('listen stats\n', 'backend web\n    mode http\n\nlisten stats\n')},
	{code: 'haproxy/duplicate-server', severity: 'error', catches: swap('server web2 ', 'server web1 '), line: 22, message: /another server named 'web1' was already defined at line 21/},
	{code: 'haproxy/no-listener', severity: 'error', catches: 'global\n    maxconn 10\n\nbackend b\n    timeout connect 1s\n    timeout server 1s\n    server s 127.0.0.1:80\n', line: 4, catchesNot: 'global\n    stats socket /run/h.sock\n'},
	{code: 'haproxy/missing-timeouts', severity: 'warning', catches: swap('    timeout client 30s\n', ''), line: 10, message: /missing timeouts for frontend 'web'/},
	{code: 'haproxy/server-without-check', severity: 'warning', catches: swap('server web2 127.0.0.1:8082 check', 'server web2 127.0.0.1:8082'), line: 22, message: /server 'web2' in backend 'static' has no 'check'/},
	{code: 'haproxy/httpchk-options-method', severity: 'info', catches: swap('option httpchk GET /index.html', 'option httpchk'), line: 19, message: /busybox httpd and some servers answer 501/, catchesNot: swap('option httpchk GET /index.html', 'option httpchk\n    http-check send meth GET uri /')},
	{code: 'haproxy/server-without-cookie', severity: 'warning', catches: swap('check cookie w2', 'check'), line: 22, message: /server 'web2' has no 'cookie <value>'/},
	{code: 'haproxy/cookie-needs-http', severity: 'warning', catches: swap('    balance roundrobin', '    mode tcp\n    balance roundrobin').replace('use_backend static if is_static', 'use_backend app if is_static'), line: 21, message: /needs 'mode http'/},
	{code: 'haproxy/default-stats-credentials', severity: 'warning', catches: swap('ops:Zq8-correct-horse', 'admin:admin'), line: 31, catchesNot: swap('ops:Zq8-correct-horse', 'admin:lbwiz-redacted:5e884898')},
	{code: 'haproxy/default-stats-credentials', severity: 'warning', catches: swap('ops:Zq8-correct-horse', 'haproxy:haproxy'), line: 31},
	{code: 'haproxy/stats-auth-format', severity: 'warning', catches: swap('ops:Zq8-correct-horse', 'Private land'), line: 31, message: /has no ':'/},
	{code: 'haproxy/vip-bind', severity: 'info', catches: swap('    bind :80', '    bind 203.0.113.100:80'), line: 12, message: /net\.ipv4\.ip_nonlocal_bind=1/, catchesNot: swap('    bind :80', '    bind 203.0.113.100:80 transparent')},
	{code: 'haproxy/mode-mismatch', severity: 'error', catches: swap('    balance roundrobin', '    mode tcp\n    balance roundrobin').replace('    cookie SERVERID insert indirect nocache\n', ''), line: 14, message: /http frontend 'web' .* tries to use incompatible tcp backend 'static'/},
	{code: 'haproxy/defaults-ambiguity', severity: 'warning', catches: swap('defaults\n', 'defaults base\n').replace('frontend web\n', 'frontend web from base\n'), line: 17, message: /explicitly referenced by another proxy and implicitly used here/},
	{code: 'haproxy/unknown-defaults', severity: 'error', catches: swap('frontend web\n', 'frontend web from nope\n'), line: 11, message: /defaults section 'nope' not found/},
	{code: 'haproxy/out-of-section', severity: 'error', catches: `maxconn 10\n${BASE}`, line: 1},
];

describe('lintHaproxy rules (catches / catches not)', () => {
	it.each(RULES.map(r => [`${r.code} at line ${r.line}`, r] as const))('%s', (_, rule) => {
		const found = lint(rule.catches).filter(d => d.code === rule.code);
		expect(found.map(formatDiagnostic)).not.toEqual([]);
		const hit = found.find(d => d.line === rule.line);
		expect(hit, found.map(formatDiagnostic).join('\n')).toBeDefined();
		expect(hit!.severity).toBe(rule.severity);
		if (rule.message) expect(hit!.message).toMatch(rule.message);
		expect(codes(rule.catchesNot ?? BASE)).not.toContain(rule.code);
	});

	it('never prints the stats password', () => {
		const text = swap('ops:Zq8-correct-horse', 'admin:password');
		const out = lint(text).map(formatDiagnostic).join('\n');
		expect(out).toContain('haproxy/default-stats-credentials');
		expect(out).not.toMatch(/password'|:password/);
	});

	it('treats files independently unless combined', () => {
		const frontendOnly = 'frontend web\n    bind :80\n    timeout client 5s\n    default_backend app\n';
		const backendOnly = 'backend app\n    timeout connect 5s\n    timeout server 5s\n    server a 127.0.0.1:80 check\n';
		const files = [{path: 'fe.cfg', text: frontendOnly}, {path: 'be.cfg', text: backendOnly}];
		expect(lintHaproxy(files).map(d => d.code)).toEqual(expect.arrayContaining(['haproxy/missing-backend', 'haproxy/no-listener']));
		expect(lintHaproxy(files, {combined: true}).map(formatDiagnostic)).toEqual([]);
		// two nodes with identical configs are not duplicates of each other
		expect(lintHaproxy([{path: 'lb1.cfg', text: BASE}, {path: 'lb2.cfg', text: BASE}])).toEqual([]);
	});
});

describe('seed 004 (the guide’s haproxy.cfg, copied as printed)', () => {
	for (const name of ['seed-004-part1-haproxy.cfg', 'seed-004-part2-haproxy-keepalived.cfg']) {
		it(name, () => {
			const file = path.join('fixtures/configs/haproxy', name);
			const diagnostics = lintHaproxy([{path: file, text: readFileSync(path.join(repoRoot, file), 'utf8')}]);
			const shift = name.includes('part2') ? 1 : 0; // part 2 has one more separator line before defaults
			expect(diagnostics.map(d => [d.line, d.severity, d.code])).toEqual([
				[7, 'error', 'haproxy/removed-keyword'], // nbproc 1: removed in 2.5, haproxy -c fails here
				[22 + shift, 'warning', 'haproxy/stats-auth-format'], // stats auth Private land
				[22 + shift, 'warning', 'haproxy/stats-auth-format'],
				[23 + shift, 'warning', 'haproxy/default-stats-credentials'], // stats auth admin:admin
			]);
			expect(diagnostics.map(formatDiagnostic).join('\n')).not.toContain('admin:admin');
		});
	}
});

const haproxyOk = spawnSync('haproxy', ['-v'], {encoding: 'utf8'}).status === 0;

/** The linter's error verdict must match `haproxy -c` on the rule inputs (exit 1 ⇔ lint error), when haproxy is installed. */
describe.skipIf(!haproxyOk)('agreement with haproxy -c on the rule inputs', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'lbwiz-haplint-'));
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const cases = [BASE, ...RULES.map(r => r.catches), ...RULES.flatMap(r => (r.catchesNot ? [r.catchesNot] : []))];
	it.each(cases.map((text, i) => [i, text] as const))('case %i', (i, text) => {
		// the stats socket path must exist for haproxy -c; point it into the temp dir
		const body = text.replaceAll('/run/haproxy/admin.sock', path.join(dir, `s${i}.sock`)).replaceAll('/run/h.sock', path.join(dir, `h${i}.sock`));
		const file = path.join(dir, `c${i}.cfg`);
		writeFileSync(file, body);
		const r = spawnSync('haproxy', ['-c', '-f', file], {encoding: 'utf8', cwd: dir});
		const errors = lint(body).filter(d => d.severity === 'error');
		expect({haproxyRejects: r.status !== 0, lintErrors: errors.length > 0}, `${r.stdout}${r.stderr}\n${errors.map(formatDiagnostic).join('\n')}`).toEqual({
			haproxyRejects: errors.length > 0,
			lintErrors: errors.length > 0,
		});
	});
});
