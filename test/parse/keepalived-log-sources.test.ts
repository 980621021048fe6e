import {describe, expect, it} from 'vitest';
import {logFileOption, logFilesOf, logLocation, mergeLogTexts, splitShellWords} from '../../src/parse/keepalived-log-sources.js';

describe('splitShellWords', () => {
	it.each([
		['-D -S 0', ['-D', '-S', '0']],
		[`"-D --log-file=/var/log/a b.log"`, ['-D --log-file=/var/log/a b.log']],
		[`'-g/var/log/k.log' -D # comment`, ['-g/var/log/k.log', '-D']],
		[`-f\\ x "a\\"b" ''`, ['-f x', 'a"b', '']],
		['', []],
	])('%s', (text, words) => {
		expect(splitShellWords(text)).toEqual(words);
	});

});

describe('logFileOption (keepalived getopt: -g[FILE], --log-file[=FILE])', () => {
	it.each([
		[['-D', '-g/var/log/k.log'], '/var/log/k.log'],
		[['-D', '--log-file=/var/log/k.log'], '/var/log/k.log'],
		[['-lDg/var/log/k.log'], '/var/log/k.log'],
		[['-g', '/var/log/k.log'], '/tmp/keepalived.log'],
		[['--log-file'], '/tmp/keepalived.log'],
		[['-S', '0', '-D'], undefined],
		[['-f', '-g.conf'], undefined],
		[['-p/run/k.pid', '-D'], undefined],
		[['--pid', '-gx'], undefined],
		[['-t-g'], undefined],
	] as Array<[string[], string | undefined]>)('%j → %s', (args, file) => {
		expect(logFileOption(args)).toBe(file);
	});
});

describe('logFilesOf / mergeLogTexts', () => {
	it("names the children's files as keepalived's make_file_name does", () => {
		expect(logFilesOf('/var/log/keepalived.log')).toEqual(['/var/log/keepalived.log', '/var/log/keepalived_vrrp.log', '/var/log/keepalived_healthcheckers.log']);
		expect(logFilesOf('/var/log.d/keepalived')).toEqual(['/var/log.d/keepalived', '/var/log.d/keepalived_vrrp', '/var/log.d/keepalived_healthcheckers']);
	});

	it('interleaves by time, keeps continuation lines with their line', () => {
		const parent = 'Mon Nov 23 16:32:24 2026: Starting Keepalived v2.2.7 (01/16,2022)\nMon Nov 23 16:32:24 2026: Command line: a\n              b\nMon Nov 23 16:32:30 2026: Stopping\n';
		const vrrp = 'Mon Nov 23 16:32:25 2026: (VI_1) Entering BACKUP STATE (init)\nMon Nov 23 16:32:28 2026: (VI_1) Entering MASTER STATE\n';
		expect(mergeLogTexts([vrrp, parent]).split('\n').filter(Boolean)).toEqual([
			'Mon Nov 23 16:32:24 2026: Starting Keepalived v2.2.7 (01/16,2022)',
			'Mon Nov 23 16:32:24 2026: Command line: a',
			'              b',
			'Mon Nov 23 16:32:25 2026: (VI_1) Entering BACKUP STATE (init)',
			'Mon Nov 23 16:32:28 2026: (VI_1) Entering MASTER STATE',
			'Mon Nov 23 16:32:30 2026: Stopping',
		]);
	});
});

describe('logLocation (the keepalived.log fact\'s source labels, as test/collect/keepalived-log.test.ts pins them)', () => {
	it.each([
		['journald (keepalived.service)', {kind: 'journald'}],
		['/var/log/keepalived/ka.log (-g/--log-file)', {kind: 'files', paths: ['/var/log/keepalived/ka.log', '/var/log/keepalived/ka_vrrp.log', '/var/log/keepalived/ka_healthcheckers.log']}],
		['/var/log/lbwiz-lab/lbm-lb1/keepalived.log (LBWIZ_KEEPALIVED_LOG in /etc/default/keepalived)', {kind: 'files', paths: ['/var/log/lbwiz-lab/lbm-lb1/keepalived.log']}],
		['/var/log/lbwiz-test/keepalived.log', {kind: 'files', paths: ['/var/log/lbwiz-test/keepalived.log']}],
		['/var/log/syslog', {kind: 'syslog', path: '/var/log/syslog'}],
		['/var/log/messages', {kind: 'syslog', path: '/var/log/messages'}],
	])('%s', (label, location) => {
		expect(logLocation(label)).toEqual(location);
	});

	it('knows nothing of other labels', () => {
		expect(logLocation('somewhere')).toBeUndefined();
	});
});
