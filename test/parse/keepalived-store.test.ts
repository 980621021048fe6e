import {describe, expect, it} from 'vitest';
import {parseKeepalived, parseKeepalivedFiles, type KaStatement} from '../../src/parse/keepalived/index.js';
import {forEachRootStatement} from '../../src/parse/keepalived/store.js';
import {isIPv4, parseDecimal, parseInteger, parseUnsigned} from '../../src/parse/keepalived/values.js';

const find = (statements: KaStatement[], keyword: string): KaStatement | undefined => {
	for (const s of statements) {
		if (s.keyword === keyword) return s;
		const inner = s.block && find(s.block.children, keyword);
		if (inner) return inner;
	}
	return undefined;
};

describe('keepalived compact store: positions built on demand', () => {
	it('gives every word of every included file its own file, line and column', () => {
		const {ast, diagnostics} = parseKeepalivedFiles([
			{path: '/etc/keepalived/keepalived.conf', text: 'global_defs {\n    router_id lb1\n}\ninclude conf.d/*.conf\nvrrp_script chk {\n    script "/bin/true"\n}\n'},
			{path: '/etc/keepalived/conf.d/a.conf', text: '# a\nvirtual_server 203.0.113.1 80 {\n\treal_server 198.51.100.1 80 {\n\t\tweight 2\n\t}\n}\n'},
			{path: '/etc/keepalived/conf.d/b.conf', text: 'vrrp_instance VI_1 {\n  priority 100\n}\n'},
		]);
		expect(diagnostics).toEqual([]);
		expect(ast.statements.map(s => [s.keyword, s.pos.file, s.pos.line, s.pos.column])).toEqual([
			['global_defs', '/etc/keepalived/keepalived.conf', 1, 1],
			['virtual_server', '/etc/keepalived/conf.d/a.conf', 2, 1],
			['vrrp_instance', '/etc/keepalived/conf.d/b.conf', 1, 1],
			['vrrp_script', '/etc/keepalived/keepalived.conf', 5, 1],
		]);
		const rs = find(ast.statements, 'real_server')!;
		expect(rs.pos).toEqual({file: '/etc/keepalived/conf.d/a.conf', line: 3, column: 2});
		expect(rs.args.map(a => [a.text, a.pos.column])).toEqual([
			['198.51.100.1', 14],
			['80', 27],
		]);
		expect(rs.block).toEqual({
			open: {file: '/etc/keepalived/conf.d/a.conf', line: 3, column: 30},
			children: [expect.objectContaining({keyword: 'weight'})],
			close: {file: '/etc/keepalived/conf.d/a.conf', line: 5, column: 2},
		});
		expect(find(ast.statements, 'priority')!.args[0].pos).toEqual({file: '/etc/keepalived/conf.d/b.conf', line: 1 + 1, column: 12});
		expect(find(ast.statements, 'script')!.args[0]).toEqual({text: '/bin/true', quoted: true, pos: {file: '/etc/keepalived/keepalived.conf', line: 6, column: 12}});
	});

	it('counts columns the same with CRLF line ends, tabs and very long lines', () => {
		const long = 'x'.repeat(100_000);
		const text = `global_defs {\r\n\t\trouter_id\tlb1\r\n    notification_email_from ${long} last\r\n}\r\n`;
		const {ast, diagnostics} = parseKeepalived(text, {file: 'k.conf'});
		expect(diagnostics).toEqual([]);
		expect(ast.files[0]).toMatchObject({crlf: true, lines: 4});
		const router = find(ast.statements, 'router_id')!;
		expect(router.pos).toEqual({file: 'k.conf', line: 2, column: 3});
		expect(router.args[0].pos).toEqual({file: 'k.conf', line: 2, column: 13});
		const from = find(ast.statements, 'notification_email_from')!;
		expect(from.args.map(a => [a.text.length, a.pos.column])).toEqual([
			[100_000, 29],
			[4, 100_030],
		]);
		expect(find(ast.statements, 'global_defs')!.block?.close).toEqual({file: 'k.conf', line: 4, column: 1});
	});

	it('keeps the position of words from $NAME substitution and of keyword-less blocks', () => {
		const {ast, diagnostics} = parseKeepalived('$PRIO=150\nvrrp_instance VI_1 {\n    priority $PRIO\n}\n  { stray }\n', {file: 'k.conf'});
		expect(diagnostics.map(d => [d.code, d.line, d.column])).toEqual([['keepalived/unexpected-brace', 5, 3]]);
		expect(find(ast.statements, 'priority')!.args[0]).toEqual({text: '150', quoted: false, pos: {file: 'k.conf', line: 3, column: 14}, param: 'parameter'});
		const stray = ast.statements[1];
		expect(stray).toMatchObject({keyword: '', args: [], pos: {line: 5, column: 3}});
		expect(stray.block?.open).toBe(stray.pos);
		expect(stray.block?.children.map(c => c.keyword)).toEqual(['stray']);
	});

	it('builds the tree once when read, and the same tree for the model and the linter before that', () => {
		const text = 'vrrp_instance VI_1 {\n    state MASTER\n}\nvirtual_server 203.0.113.1 80 {\n    real_server 198.51.100.1 80 {\n    }\n}\n';
		const {ast} = parseKeepalived(text, {file: 'k.conf'});
		const transient: KaStatement[] = [];
		forEachRootStatement(ast, s => transient.push(s));
		expect(ast.statements).toBe(ast.statements);
		expect(transient).toEqual(ast.statements);
		const after: KaStatement[] = [];
		forEachRootStatement(ast, s => after.push(s));
		expect(after[0]).toBe(ast.statements[0]);
		expect(JSON.parse(JSON.stringify(ast)).statements).toEqual(JSON.parse(JSON.stringify(transient)));
		expect({...ast}.statements).toBe(ast.statements);
	});

	it('keeps every word intact when there are more distinct words than the intern table holds', () => {
		const lines = Array.from({length: 70_000}, (_, i) => `w${i.toString(36)} v${(i * 7919).toString(36)}`);
		const {ast} = parseKeepalived(`${lines.join('\n')}\n`, {file: 'k.conf'});
		expect(ast.statements).toHaveLength(70_000);
		expect(ast.statements.every((s, i) => `${s.keyword} ${s.args[0].text}` === lines[i])).toBe(true);
		expect(ast.statements[69_999].pos).toEqual({file: 'k.conf', line: 70_000, column: 1});
	});
});

describe('keepalived value readers without a regex for the common case', () => {
	it('reads dotted quads exactly as before', () => {
		for (const ok of ['0.0.0.0', '255.255.255.255', '10.0.0.1', '01.002.3.4']) expect(isIPv4(ok)).toBe(true);
		for (const bad of ['', '1.2.3', '1.2.3.4.', '.1.2.3', '256.1.1.1', '1.2.3.1000', '1..2.3', '1.2.3.a', ' 1.2.3.4', '1.2.3.4/24']) expect(isIPv4(bad)).toBe(false);
	});

	it('reads plain digits, and leaves signs, spaces and unsafe integers to the full rules', () => {
		expect(parseUnsigned('999999999999999')).toBe(999999999999999);
		expect(parseUnsigned('9007199254740993')).toBeUndefined();
		expect(parseUnsigned(' 12 ')).toBe(12);
		expect(parseUnsigned('+7')).toBe(7);
		expect(parseInteger('-7')).toBe(-7);
		expect(parseDecimal('007')).toBe(7);
		expect(parseDecimal('0.5')).toBe(0.5);
		expect(parseUnsigned('')).toBeUndefined();
	});
});
