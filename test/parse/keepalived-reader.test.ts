import {describe, expect, it} from 'vitest';
import {findStatement} from '../helpers/keepalived-tree.js';
import {memoryFiles, parseKeepalived, parseKeepalivedFiles, type KaStatement} from '../../src/parse/keepalived/index.js';

const parse = (text: string, options: Partial<Parameters<typeof parseKeepalived>[1]> = {}) => parseKeepalived(text, {file: '/etc/keepalived/keepalived.conf', ...options});
const find = findStatement;
const codes = (text: string, options = {}) => parse(text, options).diagnostics.map(d => d.code);

describe('keepalived reader: positions', () => {
	it('keeps file, line and column of keywords, values and braces (tabs count as one column)', () => {
		const {ast} = parse('global_defs {\n\trouter_id  lb1\n}\nvrrp_instance VI_1\n{\n    priority 100\n}\n');
		const router = find(ast.statements, 'router_id')!;
		expect(router.pos).toEqual({file: '/etc/keepalived/keepalived.conf', line: 2, column: 2});
		expect(router.args[0].pos).toEqual({file: '/etc/keepalived/keepalived.conf', line: 2, column: 13});
		const vi = find(ast.statements, 'vrrp_instance')!;
		expect(vi.block?.open).toMatchObject({line: 5, column: 1});
		expect(vi.block?.close).toMatchObject({line: 7, column: 1});
		expect(find(ast.statements, 'priority')!.pos).toMatchObject({line: 6, column: 5});
	});

	it('splits braces off wherever they stand: one-line blocks, keyword{, }keyword', () => {
		const {ast, diagnostics} = parse('vrrp_instance VI_1{\n track_script { chk weight -5 }\n virtual_ipaddress {10.0.0.1/24}}\n');
		expect(diagnostics).toEqual([]);
		const track = find(ast.statements, 'track_script')!;
		expect(track.block?.children.map(c => [c.keyword, ...c.args.map(a => a.text)])).toEqual([['chk', 'weight', '-5']]);
		expect(track.block?.children[0].pos).toMatchObject({line: 2, column: 17});
		expect(find(ast.statements, 'virtual_ipaddress')!.block?.children[0].keyword).toBe('10.0.0.1/24');
	});

	it('handles CRLF line ends, no final newline and reports both in the file list', () => {
		const {ast} = parse('global_defs {\r\n  router_id lb1\r\n}');
		expect(find(ast.statements, 'router_id')!.args[0].text).toBe('lb1');
		expect(ast.files[0]).toMatchObject({crlf: true, finalNewline: false, lines: 3});
	});
});

describe('keepalived reader: comments and quoting', () => {
	it('treats ! and # as comments anywhere outside quotes, not //', () => {
		const {ast} = parse('global_defs { ! comment {\n  router_id lb1 # trailing\n  smtp_server 10.0.0.1 // not a comment\n}\n');
		expect(find(ast.statements, 'router_id')!.args.map(a => a.text)).toEqual(['lb1']);
		expect(find(ast.statements, 'smtp_server')!.args.map(a => a.text)).toEqual(['10.0.0.1', '//', 'not', 'a', 'comment']);
		expect(find(ast.statements, 'global_defs')!.block?.close).toMatchObject({line: 4});
	});

	it('cuts a word at # (warning) unless quoted or escaped', () => {
		const {ast, diagnostics} = parse('vrrp_instance V {\n authentication {\n  auth_pass ab#cd\n }\n}\nx "a#b" c\\#d\n');
		expect(find(ast.statements, 'auth_pass')!.args[0].text).toBe('ab');
		expect(diagnostics.filter(d => d.code === 'keepalived/comment-in-word')).toMatchObject([{line: 3, column: 15}]);
		expect(find(ast.statements, 'x')!.args.map(a => [a.text, a.quoted])).toEqual([
			['a#b', true],
			['c#d', false],
		]);
	});

	it('reads "…" as one word, splits words at quotes, and reports an unmatched quote', () => {
		const {ast, diagnostics} = parse('vrrp_script chk {\n script "/usr/bin/killall -0 haproxy"\n}\nfoo"bar baz"qux\nnotify "/x {y}"\nbad "open\n');
		expect(find(ast.statements, 'script')!.args).toMatchObject([{text: '/usr/bin/killall -0 haproxy', quoted: true, pos: {line: 2, column: 9}}]);
		expect(find(ast.statements, 'foo')!.args.map(a => a.text)).toEqual(['bar baz', 'qux']);
		expect(find(ast.statements, 'notify')!.block).toBeUndefined();
		expect(diagnostics.filter(d => d.code === 'keepalived/unmatched-quote')).toMatchObject([{line: 6, column: 5}]);
	});

	it("keeps ';' as part of the word, like keepalived ('PASS;')", () => {
		const {ast} = parse('vrrp_instance V {\n authentication {\n  auth_type PASS;\n }\n}\n');
		expect(find(ast.statements, 'auth_type')!.args[0].text).toBe('PASS;');
	});

	it('does not join lines ending in a backslash outside definitions, and says so', () => {
		const {ast, diagnostics} = parse('virtual_ipaddress {\n 10.0.0.1/24 \\\n dev eth0\n}\n');
		// keepalived strips the blanks before the backslash and keeps it: the VIP word is '10.0.0.1/24\' ("invalid number '24\'")
		expect(find(ast.statements, 'virtual_ipaddress')!.block?.children.map(c => c.keyword)).toEqual(['10.0.0.1/24\\', 'dev']);
		expect(diagnostics.map(d => d.code)).toContain('keepalived/line-continuation');
	});

	it('reads non-breaking spaces as spaces but reports them once per file', () => {
		const {ast, diagnostics} = parse('global_defs\u00a0{\n\u00a0\u00a0router_id\u00a0lb1\n}\n');
		expect(find(ast.statements, 'router_id')!.args[0].text).toBe('lb1');
		expect(diagnostics.filter(d => d.code === 'keepalived/unicode-space')).toMatchObject([{line: 1, column: 12, severity: 'error'}]);
	});
});

describe('keepalived reader: parameters and conditional lines', () => {
	it('substitutes $NAME and ${NAME}, keeps the position of the reference', () => {
		const {ast, diagnostics, config} = parse('$PRIO=150\n$NET=10.0.0\nvrrp_instance V {\n priority $PRIO\n virtual_ipaddress {\n  ${NET}.1/24\n }\n}\n');
		expect(diagnostics).toEqual([]);
		const prio = find(ast.statements, 'priority')!;
		expect(prio.args[0]).toMatchObject({text: '150', pos: {line: 4, column: 11}, param: 'parameter'});
		expect(config.vrrpInstances[0].virtualIpAddresses[0].address).toBe('10.0.0.1');
		expect(config.params).toEqual({PRIO: '150', NET: '10.0.0'});
	});

	it('does not substitute $NAME glued to text (keepalived needs ${NAME}) and reports undefined names', () => {
		const text = '$NET=10.0.0\nvrrp_instance V {\n virtual_ipaddress {\n  $NET/24\n }\n priority $PRIORITY\n}\n';
		const {diagnostics} = parse(text);
		expect(diagnostics.map(d => [d.code, d.line])).toEqual([
			['keepalived/parameter-not-substituted', 4],
			['keepalived/undefined-parameter', 6],
		]);
	});

	it('expands multi-line definitions (thig12x40 style), nested and re-defined', () => {
		const text = [
			'$RS= \\',
			'real_server 10.0.${VS}.${N} 80 { \\',
			'  weight 1 \\',
			'}',
			'$VSD= \\',
			'virtual_server 10.1.${VS}.1 80 { \\',
			'  protocol TCP \\',
			'$N=1 \\',
			'$RS \\',
			'$N=2 \\',
			'$RS \\',
			'}',
			'$VS=7',
			'$VSD',
			'$VS=8',
			'$VSD',
			'',
		].join('\n');
		const {config, diagnostics} = parse(text);
		expect(diagnostics).toEqual([]);
		expect(config.virtualServers.map(vs => [vs.address, vs.protocol, vs.realServers.map(rs => rs.address)])).toEqual([
			['10.1.7.1', 'TCP', ['10.0.7.1', '10.0.7.2']],
			['10.1.8.1', 'TCP', ['10.0.8.1', '10.0.8.2']],
		]);
		expect(config.virtualServers[1].pos).toMatchObject({line: 16});
	});

	it('applies @id lines only for the matching config id, and @^id lines otherwise', () => {
		const text = '@lb1 $PRIO=150\n@lb2 $PRIO=100\nvrrp_instance V {\n@lb1 state MASTER\n@^lb1 state BACKUP\n priority $PRIO\n}\n';
		expect(parse(text, {configId: 'lb1'}).config.vrrpInstances[0]).toMatchObject({state: 'MASTER', priority: 150});
		expect(parse(text, {configId: 'lb2'}).config.vrrpInstances[0]).toMatchObject({state: 'BACKUP', priority: 100});
		const none = parse(text);
		expect(none.config.vrrpInstances[0].state).toBe('BACKUP');
		expect(none.ast.skippedConditions.sort()).toEqual(['lb1', 'lb2']);
		expect(none.diagnostics.find(d => d.code === 'keepalived/undefined-parameter')?.message).toMatch(/@lb1, @lb2/);
	});

	it('expands ~SEQ lines', () => {
		const {config} = parse('virtual_server 10.0.0.1 80 {\n~SEQ(i, 1, 3) real_server 10.0.1.$i 80\n}\n');
		expect(config.virtualServers[0].realServers.map(r => r.address)).toEqual(['10.0.1.1', '10.0.1.2', '10.0.1.3']);
	});

	it('stops self-referencing parameters with a diagnostic instead of looping', () => {
		const result = parse('$A=x $A\nrouter_id $A\n');
		expect(result.diagnostics.map(d => d.code)).toContain('keepalived/parse-limit');
	});

	it('reports unrendered ${placeholders}', () => {
		expect(codes('global_defs {\n router_id ${router_id}\n}\n')).toContain('keepalived/template-placeholder');
	});
});

describe('keepalived reader: include', () => {
	const files = {
		'/etc/keepalived/keepalived.conf': 'global_defs {\n router_id lb1\n}\ninclude conf.d/*.conf\ninclude /etc/keepalived/{a,b}.inc\n',
		'/etc/keepalived/conf.d/20-vs.conf': 'virtual_server 10.0.0.1 80 {\n protocol TCP\n}\n',
		'/etc/keepalived/conf.d/10-vi.conf': 'vrrp_instance VI_1 {\n priority 90\n}\ninclude ../b.inc\n',
		'/etc/keepalived/b.inc': 'vrrp_script chk {\n script "/bin/true"\n}\n',
		'/etc/keepalived/conf.d/notes.txt': 'garbage\n',
	};
	const bundle = Object.entries(files).map(([path, content]) => ({path, content}));

	it('reads globs relative to the including file, sorted, in place, with positions in the included file', () => {
		const {ast, config, diagnostics} = parseKeepalivedFiles(bundle);
		expect(ast.files.map(f => f.path)).toEqual([
			'/etc/keepalived/keepalived.conf',
			'/etc/keepalived/conf.d/10-vi.conf',
			'/etc/keepalived/b.inc',
			'/etc/keepalived/conf.d/20-vs.conf',
			'/etc/keepalived/b.inc',
		]);
		expect(ast.files[1].includedFrom).toMatchObject({file: '/etc/keepalived/keepalived.conf', line: 4});
		expect(config.vrrpInstances[0].sources.priority).toEqual({file: '/etc/keepalived/conf.d/10-vi.conf', line: 2, column: 2});
		expect(config.virtualServers).toHaveLength(1);
		expect(diagnostics.filter(d => d.code !== 'keepalived/include-missing')).toEqual([]);
		expect(diagnostics.filter(d => d.code === 'keepalived/include-missing').map(d => d.line)).toEqual([]);
	});

	it('reports a missing include as a diagnostic (keepalived goes on) and never reads the disk by default', () => {
		const result = parse('include /etc/passwd\ninclude missing/*.conf\nglobal_defs {\n}\n');
		expect(result.diagnostics.map(d => [d.code, d.line, d.severity])).toEqual([
			['keepalived/include-missing', 1, 'warning'],
			['keepalived/include-missing', 2, 'warning'],
		]);
	});

	it('detects include loops', () => {
		const {readFile, listDir} = memoryFiles([
			{path: '/k/a.conf', text: 'include b.conf\n'},
			{path: '/k/b.conf', text: 'include a.conf\nglobal_defs {\n}\n'},
		]);
		const result = parseKeepalived('include b.conf\n', {file: '/k/a.conf', readFile, listDir});
		expect(result.diagnostics.map(d => d.code)).toEqual(['keepalived/include-cycle']);
	});

	it('survives a reader that throws', () => {
		const result = parse('include x.conf\n', {
			readFile: () => {
				throw new Error('EIO');
			},
		});
		expect(result.diagnostics.map(d => d.code)).toEqual(['keepalived/include-missing']);
	});
});

describe('keepalived tree', () => {
	it('reports extra, missing and keyword-less braces with positions', () => {
		expect(parse('}\n').diagnostics).toMatchObject([{code: 'keepalived/extra-brace', line: 1, column: 1}]);
		expect(parse('vrrp_instance V {\n state MASTER\n').diagnostics).toMatchObject([{code: 'keepalived/missing-brace', line: 1, column: 17}]);
		expect(parse('global_defs {\n}\n{\n}\n').diagnostics).toMatchObject([{code: 'keepalived/unexpected-brace', line: 3}]);
	});

	it("points at a '}' hidden in a comment when a block never closes", () => {
		const {diagnostics} = parse('vrrp_instance VI_1 {state MASTER virtual_ipaddress {192.168.1.100 # VIP} }\n');
		expect(diagnostics.map(d => d.message).join('\n')).toMatch(/inside a comment/);
	});
});
