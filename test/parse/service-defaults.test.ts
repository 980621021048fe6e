import {describe, expect, it} from 'vitest';
import {formatDefaultsFile, joinArgs, parseDefaultsFile} from '../../src/parse/service-defaults.js';
import {splitShellWords} from '../../src/parse/keepalived-log-sources.js';

describe('parseDefaultsFile', () => {
	it("reads Debian's shipped files: comments skipped, quotes removed", () => {
		expect(parseDefaultsFile('# Options to pass to keepalived\n\n# DAEMON_ARGS are appended to the keepalived command-line\nDAEMON_ARGS=""\n')).toEqual({vars: {DAEMON_ARGS: ''}, unparsed: []});
		expect(parseDefaultsFile('#CONFIG="/etc/haproxy/haproxy.cfg"\n#EXTRAOPTS="-de -m 16"\n').vars).toEqual({});
	});

	it('keeps single quotes literal, takes export and the last assignment', () => {
		expect(parseDefaultsFile("export TMPDIR=/run/x\nKEEPALIVED_OPTIONS='-D -P'\nKEEPALIVED_OPTIONS=\"-D -p /run/k.pid\"\n").vars).toEqual({TMPDIR: '/run/x', KEEPALIVED_OPTIONS: '-D -p /run/k.pid'});
		expect(parseDefaultsFile("A='$HOME'\n").vars).toEqual({A: '$HOME'});
	});

	it('sets apart what needs a shell: expansions, backquotes, commands, two words', () => {
		const parsed = parseDefaultsFile('A=$HOME\nB="${X}/y"\nC=`hostname`\n[ -r /etc/x ] && . /etc/x\nD=a b\nE=ok\n');
		expect(parsed.vars).toEqual({E: 'ok'});
		expect(parsed.unparsed.map(u => u.line)).toEqual([1, 2, 3, 4, 5]);
	});

	it('round-trips what formatDefaultsFile writes, argv with spaces included', () => {
		const args = ['-l', '-f', '/etc/keepalived/a b.conf', "it's", '$x'];
		const text = formatDefaultsFile(['written by a test'], [['DAEMON_ARGS', joinArgs(args)], ['TMPDIR', '/run/t']]);
		expect(text.startsWith('# written by a test\n')).toBe(true);
		const parsed = parseDefaultsFile(text);
		expect(parsed.unparsed).toEqual([]);
		expect(splitShellWords(parsed.vars.DAEMON_ARGS)).toEqual(args);
		expect(parsed.vars.TMPDIR).toBe('/run/t');
	});
});
