import {describe, expect, it} from 'vitest';
import {findStatement} from '../helpers/keepalived-tree.js';
import {parseKeepalived, parseKeepalivedFiles, type KaStatement} from '../../src/parse/keepalived/index.js';
import {forEachRootStatement} from '../../src/parse/keepalived/store.js';
import {isIPv4, parseDecimal, parseInteger, parseUnsigned} from '../../src/parse/keepalived/values.js';

const find = findStatement;

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

describe('keepalived plain lines read in place', () => {
	const plain = (lines: string[], eol = '\n') => `${lines.join(eol)}${eol}`;
	/** The same lines with a comment after each: the general path reads every one of them. */
	const commented = (lines: string[], eol = '\n') => `${lines.map(l => `${l} # c`).join(eol)}${eol}`;
	const view = (text: string) => {
		const {ast, config, diagnostics} = parseKeepalived(text, {file: 'k.conf'});
		return JSON.stringify({statements: ast.statements, config, diagnostics});
	};

	it('reads words, quotes, braces, tabs, CR and form feeds as the general path does', () => {
		const atoms = ['virtual_server 203.0.113.1 80 {', 'real_server 198.51.100.1 80 {', 'weight 1', '}', '{', 'TCP_CHECK {', '"quoted word"', 'x"y"z', '\tweight\t2', 'delay_loop 6}', '{lb_algo wrr', '', '   ', '\f', 'vrrp_instance VI_1', 'state MASTER', 'priority 100', 'track_script { chk }'];
		let seed = 7;
		const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
		for (let round = 0; round < 200; round++) {
			const lines = Array.from({length: 1 + Math.floor(random() * 30)}, () => `${['', ' ', '\t', '    '][Math.floor(random() * 4)]}${atoms[Math.floor(random() * atoms.length)]}${['', ' ', '\t'][Math.floor(random() * 3)]}`);
			const eol = random() < 0.3 ? '\r\n' : '\n';
			expect(view(plain(lines, eol))).toBe(view(commented(lines, eol)));
		}
	});

	it('hands a line to the general path when a comment, backslash or $ follows some words, without keeping those words twice', () => {
		const text = plain(['$P=55', 'virtual_server 203.0.113.1 80 {', '    real_server 198.51.100.1 80 { # rs', '        weight 1#x', '        notify_up "/bin/up #1"', '        notify_down /bin/down $P', '    }', '}']);
		const {ast, config, diagnostics} = parseKeepalived(text, {file: 'k.conf'});
		const rs = ast.statements[0].block!.children[0];
		expect(rs.args.map(a => [a.text, a.pos.column])).toEqual([
			['198.51.100.1', 17],
			['80', 30],
		]);
		expect(rs.block!.children.map(c => [c.keyword, ...c.args.map(a => a.text)])).toEqual([
			['weight', '1'],
			['notify_up', '/bin/up #1'],
			['notify_down', '/bin/down', '55'],
		]);
		expect(rs.block!.children[2].args[1].param).toBe('parameter');
		expect(config.virtualServers[0].realServers[0]).toMatchObject({weight: 1, notifyUp: '/bin/up #1', notifyDown: '/bin/down 55'});
		expect(diagnostics.map(d => [d.code, d.line, d.column])).toEqual([['keepalived/comment-in-word', 4, 17]]);
	});

	it('reports an unmatched quote on a plain line with the rest of that line only', () => {
		const {ast, diagnostics} = parseKeepalived('global_defs {\n    router_id "lb1 \t\r\n}\n', {file: 'k.conf'});
		expect(ast.statements[0].block!.children.map(c => [c.keyword, c.args.length])).toEqual([['router_id', 0]]);
		expect(diagnostics).toEqual([expect.objectContaining({code: 'keepalived/unmatched-quote', line: 2, column: 15, message: expect.stringContaining(`('"lb1')`)})]);
	});

	it('leaves include, @id and ~SEQ lines to the general path', () => {
		const {ast, diagnostics} = parseKeepalivedFiles(
			[
				{path: '/k/keepalived.conf', text: 'include   a.conf   \n@lb1 global_defs {\n@^lb1 router_id x\n}\n~SEQ(i, 1, 2) vrrp_script s$i\n'},
				{path: '/k/a.conf', text: 'vrrp_instance VI_1 {\n}\n'},
			],
			{configId: 'lb1'},
		);
		expect(diagnostics).toEqual([]);
		expect(ast.statements.map(s => [s.keyword, ...s.args.map(a => a.text), s.condition ?? '', s.pos.file])).toEqual([
			['vrrp_instance', 'VI_1', '', '/k/a.conf'],
			['global_defs', 'lb1', '/k/keepalived.conf'],
			['vrrp_script', 's1', '', '/k/keepalived.conf'],
			['vrrp_script', 's2', '', '/k/keepalived.conf'],
		]);
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
