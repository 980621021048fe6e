import {describe, expect, it} from 'vitest';
import {parseKeepalived} from '../../src/parse/keepalived/index.js';
import {readKeepalived} from '../../src/parse/keepalived/reader.js';

const virtualServers = (count: number) =>
	Array.from({length: count}, (_, v) => `virtual_server 198.51.100.${1 + (v % 250)} ${1024 + Math.floor(v / 250)} {\n    protocol TCP\n    lb_algo rr\n    lb_kind DR\n    real_server 203.0.113.1 ${1024 + Math.floor(v / 250)} {\n        weight 1\n    }\n}\n`).join('');

describe('keepalived reader limits', () => {
	it('reads a file of more than 500,000 lines to the end (the limit is on bytes, not lines)', () => {
		const text = virtualServers(64_000);
		expect(text.split('\n').length).toBeGreaterThan(500_000);
		const {config, diagnostics} = parseKeepalived(text, {file: 'big.conf'});
		expect(diagnostics.filter(d => d.code === 'keepalived/parse-limit')).toEqual([]);
		expect(config.virtualServers).toHaveLength(64_000);
		expect(config.virtualServers[63_999].realServers[0].pos).toEqual({file: 'big.conf', line: 64_000 * 8 - 3, column: 5});
	});

	it('stops with one parse-limit error when the expanded text exceeds the byte limit', () => {
		const read = readKeepalived(virtualServers(10), {file: 'k.conf', limits: {bytes: 200}});
		const limits = read.diagnostics.filter(d => d.code === 'keepalived/parse-limit');
		expect(limits).toHaveLength(1);
		expect(limits[0].message).toMatch(/more than 200 bytes of configuration text/);
		expect(read.items.length).toBeLessThan(30);
	});
});
