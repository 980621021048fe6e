import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseHaproxyAst} from '../../src/parse/haproxy/ast.js';
import {compareHaproxyVersions, DEBIAN_26_FEATURES, evaluateCondition} from '../../src/parse/haproxy/conditions.js';
import {lexLine, splitLines} from '../../src/parse/haproxy/lexer.js';
import {parseAddress, parseTime} from '../../src/parse/haproxy/address.js';
import {parseHaproxy} from '../../src/parse/haproxy/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const words = (line: string, env?: Record<string, string>) => lexLine(line, 'f', 1, {env}).words.map(w => w.text);

describe('lexLine: HAProxy quoting and escaping (manual §2.2)', () => {
	it.each([
		['  bind :80   ssl\tcrt /a.pem', ['bind', ':80', 'ssl', 'crt', '/a.pem']],
		['log-format %{+Q}o\\ %t\\ %s', ['log-format', '%{+Q}o %t %s']],
		['log-format "%{+Q}o %t %s"', ['log-format', '%{+Q}o %t %s']],
		["log-format '%{+Q}o %t %s'", ['log-format', '%{+Q}o %t %s']],
		['log-format "%{+Q}o %t"\' %s\'\\ %{-Q}r', ['log-format', '%{+Q}o %t %s %{-Q}r']],
		['acl x path_reg ^/a\\d+$', ['acl', 'x', 'path_reg', '^/a\\d+$']],
		['x \\# not\\ a\\ comment # comment', ['x', '#', 'not a comment']],
		['global#this is the global section', ['global']],
		['x "a#b" \'c#d\'', ['x', 'a#b', 'c#d']],
		['x \\x41\\n\\t\\\\', ['x', 'A\n\t\\']],
		['x "\\$HOME" $HOME', ['x', '$HOME', '$HOME']],
		["x '\\n'", ['x', '\\n']],
		['x ""', ['x', '']],
	])('%s', (line, expected) => {
		expect(words(line)).toEqual(expected);
	});

	it('keeps positions of every word (1-based columns)', () => {
		const lexed = lexLine('\tserver web1 10.0.0.1:80 check  # c', 'h.cfg', 7);
		expect(lexed.words.map(w => [w.text, w.line, w.column])).toEqual([['server', 7, 2], ['web1', 7, 9], ['10.0.0.1:80', 7, 14], ['check', 7, 26]]);
		expect(lexed.comment).toBe(' c');
		expect(lexed.commentColumn).toBe(33);
	});

	it('expands environment variables only inside double quotes', () => {
		expect(words('bind "${ADDR}:80" ${ADDR}', {ADDR: '10.0.0.1'})).toEqual(['bind', '10.0.0.1:80', '${ADDR}']);
		expect(words('log "${SYSLOG-127.0.0.1}:514" local0', {})).toEqual(['log', '127.0.0.1:514', 'local0']);
		const unknown = lexLine('bind "fd@${FD_APP1}"', 'f', 1).words[1];
		expect(unknown).toMatchObject({text: 'fd@${FD_APP1}', hasEnv: true, quoted: true});
	});

	it('reports unmatched quotes at the opening quote like HAProxy', () => {
		expect(lexLine('  log "unterminated', 'f', 2).problems).toEqual([{column: 7, message: 'unmatched quote at position 7'}]);
		expect(lexLine("  description 'abc", 'f', 2).problems[0].message).toBe('unmatched quote at position 15');
	});

	it('refuses more than 64 words', () => {
		const line = Array.from({length: 70}, (_, i) => `w${i}`).join(' ');
		expect(lexLine(line, 'f', 1).problems[0].message).toMatch(/too many words, truncating after word 64/);
	});

	it('keeps redacted secrets as one raw token', () => {
		expect(words('stats auth admin:lbwiz-redacted:3f2a9c')).toEqual(['stats', 'auth', 'admin:lbwiz-redacted:3f2a9c']);
	});
});

describe('splitLines', () => {
	it('handles CRLF, a missing final LF and NUL bytes', () => {
		expect(splitLines('a\r\nb\r\n')).toEqual({lines: [{text: 'a', line: 1}, {text: 'b', line: 2}], missingFinalNewline: false, nulLines: []});
		expect(splitLines('a\nb').missingFinalNewline).toBe(true);
		expect(splitLines('a\0b\n').nulLines).toEqual([1]);
		expect(splitLines('').lines).toEqual([]);
	});
});

describe('.if conditions (manual §2.4)', () => {
	const context = {version: '2.6.12', features: DEBIAN_26_FEATURES, env: {WITH_SSL: 'yes'}};
	it.each([
		[['version_atleast(3.1-dev8)'], false],
		[['version_atleast(2.4-dev19)'], true],
		[['version_before(2.7)'], true],
		[['feature(QUIC)'], false],
		[['feature(OPENSSL)', '&&', '(streq("yes",yes)', '||', 'defined(NOPE))'], true],
		[['!feature(OPENSSL)'], false],
		[['defined(WITH_SSL)'], true],
		[['1'], true],
		[['0'], false],
		[[], false],
	])('%j → %s', (condition, expected) => {
		expect(evaluateCondition(condition, context)).toEqual({value: expected});
	});
	it('reports unparsable expressions', () => {
		expect(evaluateCondition(['nope(1)'], context).error).toMatch(/unknown predicate/);
		expect(evaluateCondition(['(((('], context).error).toBeDefined();
	});
	it('orders versions like HAProxy', () => {
		expect(compareHaproxyVersions('2.6.12', '2.6')).toBeGreaterThan(0);
		expect(compareHaproxyVersions('3.1-dev8', '3.1')).toBeLessThan(0);
		expect(compareHaproxyVersions('2.6', '2.6.0')).toBe(0);
	});
	it('skips inactive blocks and keeps their statements aside', () => {
		const text = 'global\n.if version_atleast(3.1)\n  tune.lua.bool-sample-conversion normal\n.elif feature(OPENSSL)\n  maxconn 10\n.else\n  maxconn 20\n.endif\n';
		const {ast, diagnostics} = parseHaproxyAst(text);
		expect(diagnostics).toEqual([]);
		expect(ast.sections[0].statements.map(s => `${s.keyword} ${s.args[0].text}`)).toEqual(['maxconn 10']);
		expect(ast.skipped.map(s => s.line)).toEqual([3, 7]);
	});
	it('reports unbalanced directives', () => {
		const {diagnostics} = parseHaproxyAst('global\n.if 1\n.else\n.else\n.endif\n.endif\n.if 1\n');
		expect(diagnostics.map(d => [d.line, d.message])).toEqual([
			[4, "'.else' after '.else' is not permitted"],
			[6, "'.endif' without matching '.if'"],
			[7, "missing '.endif' for this '.if' block at end of file"],
		]);
	});
});

describe('parseAddress (str2sa_range rules)', () => {
	it.each([
		[':80', 'bind', undefined, {host: '', port: 80}],
		[':::11003-11010', 'bind', undefined, {host: '::', port: 11003, portEnd: 11010, family: 'ipv6'}],
		['[::1]:8443', 'bind', undefined, {host: '::1', port: 8443}],
		['203.0.113.100:80', 'bind', undefined, {host: '203.0.113.100', port: 80, family: 'ipv4'}],
		['/var/run/hap.sock', 'bind', undefined, {family: 'unix', host: '/var/run/hap.sock'}],
		['unix@/x.sock', 'server', undefined, {family: 'unix'}],
		[':', 'bind', "missing port specification in ':'", {}],
		[':::0', 'bind', "invalid port '0'", {}],
		[':::65016-', 'bind', "invalid port ''", {}],
		[':::65016-1024', 'bind', "invalid port range '65016-1024'", {}],
		[':::65016--1024', 'bind', "invalid port '-1024'", {}],
		[':::66016-1024', 'bind', "invalid port '66016'", {}],
		[':::+11011', 'bind', "port offset not permitted here in ':::+11011'", {}],
		['udp@:11013', 'bind', "dgram-type address not acceptable in 'udp@:11013'", {}],
		['127.0.0.1:10001-10010', 'log', "port range not permitted here in '127.0.0.1:10001-10010'", {}],
		[':+13003', 'server', undefined, {portOffset: 13003}],
		['1.2.3.4:80-90', 'server', "port range not permitted here in '1.2.3.4:80-90'", {}],
		['1.2.3.4:99999', 'server', "invalid port '99999'", {}],
		['1.2.3.4', 'server', undefined, {host: '1.2.3.4'}],
		['0.0.0.1', 'socks4', "missing port specification in '0.0.0.1'", {}],
		['mptcp@[::]:5000', 'bind', "invalid address: 'mptcp@' in 'mptcp@[::]:5000'", {}],
	] as const)('%s in %s', (raw, context, error, fields) => {
		const parsed = parseAddress(raw, context);
		expect(parsed.error).toBe(error);
		expect(parsed.address).toMatchObject(fields);
	});
	it('reads HAProxy time values', () => {
		expect([parseTime('50000'), parseTime('5s'), parseTime('1m'), parseTime('100ms'), parseTime('2h'), parseTime('5x')]).toEqual([50000, 5000, 60000, 100, 7_200_000, undefined]);
	});
});

describe('parseHaproxy: syntax tree and semantic model', () => {
	const text = [
		'global',
		'    log 127.0.0.1 local3 info',
		'    maxconn 4096',
		'    user haproxy',
		'    group haproxy',
		'    daemon',
		'    nbthread 4',
		'    stats socket /run/haproxy/admin.sock mode 660 level admin expose-fd listeners',
		'    stats timeout 30s',
		'',
		'defaults base',
		'    mode http',
		'    timeout connect 5s',
		'    timeout client 50s',
		'    timeout server 50s',
		'    option httplog',
		'    stats uri /admin?stats',
		'    stats auth admin:lbwiz-redacted:9f86d0',
		'',
		'defaults web from base',
		'    option redispatch',
		'',
		'frontend http-in from web',
		'    bind 203.0.113.100:80,203.0.113.100:8080 transparent',
		'    bind :443 ssl crt /etc/haproxy/site.pem interface eth0',
		'    acl html path_reg -i \\.html$',
		'    acl api hdr_beg(host) -i api.',
		'    use_backend static if html',
		'    use_backend %[req.hdr(host),lower]',
		'    default_backend dynamic',
		'',
		'backend static from web',
		'    balance roundrobin',
		'    option httpchk GET /index.html',
		'    cookie SERVERID insert indirect nocache',
		'    default-server inter 3s fall 3',
		'    server web1 203.0.113.21:80 check inter 2000 rise 2 fall 5 weight 10 cookie w1 maxconn 100',
		'    server web2 203.0.113.22:80 backup disabled resolvers dns',
		'',
		'backend dynamic from web',
		'    http-check send meth HEAD uri /health ver HTTP/1.1',
		'    option httpchk',
		'    server app1 app1.example:8080 check',
		'',
		'listen stats from base',
		'    bind 127.0.0.1:8404',
		'    stats enable',
		'    stats uri /',
		'    stats realm HAProxy\\ Statistics',
		'    stats hide-version',
		'',
		'userlist admins',
		'    group ops users alice,bob',
		'    user alice password $6$abc',
		'    user bob insecure-password lbwiz-redacted:00ff',
		'',
		'resolvers dns',
		'    nameserver ns1 203.0.113.53:53',
		'',
	].join('\n');
	const {ast, config, diagnostics} = parseHaproxy(text, {file: 'haproxy.cfg'});

	it('reports nothing for a valid 2.6 configuration', () => {
		expect(diagnostics).toEqual([]);
	});

	it('keeps sections with positions', () => {
		expect(ast.sections.map(s => [s.type, s.name ?? '', s.from ?? '', s.header.line])).toEqual([
			['global', '', '', 1], ['defaults', 'base', '', 11], ['defaults', 'web', 'base', 20], ['frontend', 'http-in', 'web', 23],
			['backend', 'static', 'web', 32], ['backend', 'dynamic', 'web', 40], ['listen', 'stats', 'base', 45],
			['userlist', 'admins', '', 52], ['resolvers', 'dns', '', 57],
		]);
		const server = ast.sections[4].statements.find(s => s.keyword === 'server')!;
		expect(server.args.map(w => [w.text, w.column])).toContainEqual(['203.0.113.21:80', 17]);
	});

	it('models the global section', () => {
		expect(config.global.maxconn?.value).toBe(4096);
		expect(config.global.nbthread?.value).toBe(4);
		expect(config.global.user?.value).toBe('haproxy');
		expect(config.global.daemon).toMatchObject({line: 6});
		expect(config.global.logs).toMatchObject([{target: '127.0.0.1', facility: 'local3'}]);
		expect(config.global.statsSockets).toMatchObject([{address: '/run/haproxy/admin.sock', level: 'admin', mode: '660', options: {'expose-fd': 'listeners'}}]);
		expect(config.global.statsTimeout?.value).toBe(30_000);
	});

	it('models frontends with binds, ACLs and backend switching', () => {
		const fe = config.frontends[0];
		expect(fe.defaults?.name).toBe('web');
		expect(fe.mode).toMatchObject({value: 'http', inherited: true, position: {line: 12}});
		expect(fe.timeouts.client.value).toBe(50_000);
		expect(fe.binds.map(b => [b.raw, b.address.host, b.address.port, b.transparent, b.ssl])).toEqual([
			['203.0.113.100:80', '203.0.113.100', 80, true, false],
			['203.0.113.100:8080', '203.0.113.100', 8080, true, false],
			[':443', '', 443, false, true],
		]);
		expect(fe.binds[2]).toMatchObject({crt: ['/etc/haproxy/site.pem'], interface: 'eth0', position: {line: 25, column: 10}});
		expect(fe.acls).toEqual([
			{name: 'html', fetch: 'path_reg', fetchArgs: undefined, flags: ['-i'], patterns: ['\\.html$'], position: {file: 'haproxy.cfg', line: 26, column: 5}},
			{name: 'api', fetch: 'hdr_beg', fetchArgs: 'host', flags: ['-i'], patterns: ['api.'], position: {file: 'haproxy.cfg', line: 27, column: 5}},
		]);
		expect(fe.useBackends.map(u => [u.backend, u.dynamic, u.condition?.kind, u.condition?.terms])).toEqual([
			['static', false, 'if', ['html']],
			['%[req.hdr(host),lower]', true, undefined, undefined],
		]);
		expect(fe.defaultBackend).toMatchObject({name: 'dynamic', dynamic: false});
	});

	it('models backends, servers, checks and cookies', () => {
		const [st, dyn] = config.backends;
		expect(st.balance?.value).toEqual({algorithm: 'roundrobin', args: []});
		expect(st.httpCheck).toMatchObject({method: 'GET', uri: '/index.html', defaultMethod: false, source: 'option httpchk'});
		expect(st.cookie).toMatchObject({name: 'SERVERID', mode: 'insert', options: ['insert', 'indirect', 'nocache']});
		expect(st.servers[0]).toMatchObject({name: 'web1', port: 80, check: true, inter: 2000, rise: 2, fall: 5, weight: 10, cookie: 'w1', maxconn: 100, backup: false, disabled: false});
		expect(st.servers[1]).toMatchObject({name: 'web2', check: false, inter: 3000, fall: 3, backup: true, disabled: true, resolvers: 'dns'});
		expect(st.options.redispatch).toMatchObject({inherited: true});
		expect(dyn.httpCheck).toMatchObject({method: 'HEAD', uri: '/health', version: 'HTTP/1.1', source: 'http-check send'});
		expect(dyn.servers[0].address).toMatchObject({host: 'app1.example', port: 8080});
	});

	it('models stats settings, inherited and own, keeping redacted secrets raw', () => {
		const fe = config.frontends[0];
		expect(fe.stats.enabled).toBe(true);
		expect(fe.stats.uri).toMatchObject({value: '/admin?stats', inherited: true});
		expect(fe.stats.auth).toMatchObject([{user: 'admin', password: 'lbwiz-redacted:9f86d0', redacted: true, inherited: true}]);
		const stats = config.listens[0];
		expect(stats.stats).toMatchObject({enabled: true, hideVersion: true, uri: {value: '/'}, realm: {value: 'HAProxy Statistics'}});
	});

	it('models userlists', () => {
		expect(config.userlists[0]).toMatchObject({
			name: 'admins',
			groups: [{name: 'ops', users: ['alice', 'bob']}],
			users: [{name: 'alice', password: '$6$abc', insecure: false, redacted: false}, {name: 'bob', insecure: true, redacted: true}],
		});
		expect(config.resolvers[0].name).toBe('dns');
	});
});

describe('parseHaproxy never throws', () => {
	it.each([
		'', '\n\n', '#', '"', "'", '\\', 'frontend', 'global extra', 'listen x 0.0.0.0:80\n  mode tcp\n', '.if\n', '.endif\n', 'backend b\n  server\n',
		'frontend f\n  bind\n  use_backend\n  acl\n  http-request\n  timeout\n  option\n  no\n  stats\n',
		'\0\0\0', 'listen a\n  bind "${X}:80"\n  server s "${HOST}"\n', '\uFEFFglobal\n',
	])('%j', text => {
		expect(() => parseHaproxy(text)).not.toThrow();
	});

	it('a 100 000-character line and 10 000 lines', () => {
		expect(() => parseHaproxy('x'.repeat(100_000))).not.toThrow();
		expect(parseHaproxy('listen a\n  bind :80\n'.repeat(5000)).ast.sections).toHaveLength(5000);
	});

	it('reports a missing final LF on the last line as haproxy 2.6 does', () => {
		const {diagnostics} = parseHaproxy('global\n  daemon', {file: 'x.cfg'});
		expect(diagnostics).toEqual([{file: 'x.cfg', line: 2, column: 9, severity: 'error', code: 'haproxy/missing-final-newline', message: 'Missing LF on last line, file might have been truncated at position 9.'}]);
	});

	it('parses the CRLF and non-ASCII seed fixtures', () => {
		const seed = readFileSync(path.join(repoRoot, 'fixtures/configs/haproxy/seed-004-part1-haproxy.cfg'), 'utf8');
		const crlf = parseHaproxy(seed.replaceAll('\n', '\r\n'));
		const lf = parseHaproxy(seed);
		expect(crlf.diagnostics).toEqual(lf.diagnostics);
		expect(crlf.config.backends[0].servers.map(s => s.name)).toEqual(['Web1', 'Web2']);
	});
});
