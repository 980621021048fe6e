import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {shJoin, shQuote} from '../../src/transport/sh-quote.js';

const words = [
	'',
	'plain',
	'/etc/keepalived/keepalived.conf',
	'with space',
	"it's",
	"''",
	'"double"',
	'$(whoami)',
	'`id`',
	'$HOME',
	'a;b&&c||d',
	'line1\nline2',
	'tab\there',
	'back\\slash',
	'*.conf',
	'~root',
	'!bang',
	'-n',
	'ip proto 112',
	"mixed 'single' and \"double\" $(x) `y` \\ \n end",
	'ünïcödé',
];

const shells = ['dash', 'bash', 'busybox'] as const;

describe('shQuote', () => {
	it('leaves safe words alone and quotes the rest', () => {
		expect(shQuote('plain')).toBe('plain');
		expect(shQuote('/etc/x.conf')).toBe('/etc/x.conf');
		expect(shQuote('')).toBe("''");
		expect(shQuote("it's")).toBe(`'it'\\''s'`);
		expect(shQuote('$(whoami)')).toBe("'$(whoami)'");
		expect(shQuote('a b')).toBe("'a b'");
	});

	it('quotes a first word containing "=" so it is not an assignment', () => {
		expect(shJoin(['A=b', 'c=d'])).toBe("'A=b' c=d");
	});

	for (const shell of shells) {
		it(`round-trips every word through ${shell}`, () => {
			const argv = shell === 'busybox' ? ['busybox', 'sh', '-c'] : [shell, '-c'];
			const script = `for a in ${words.map(shQuote).join(' ')}; do printf '%s\\0' "$a"; done`;
			const out = execFileSync(argv[0], [...argv.slice(1), script], {encoding: 'utf8'});
			expect(out.split('\0').slice(0, -1)).toEqual(words);
		});

		it(`runs a joined argv verbatim in ${shell}`, () => {
			const argv = shell === 'busybox' ? ['busybox', 'sh', '-c'] : [shell, '-c'];
			const line = shJoin(['printf', '%s|', ...words]);
			const out = execFileSync(argv[0], [...argv.slice(1), line], {encoding: 'utf8'});
			expect(out).toBe(words.map(w => `${w}|`).join(''));
		});
	}
});
