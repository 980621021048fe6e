import {describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {parseBundle} from '../../src/collect/bundle.js';
import {parseHostArg, progressPrinter} from '../../src/commands/collect.js';
import {captureIo} from '../helpers/io.js';

describe('lbwiz collect', () => {
	it('prints help with examples', async () => {
		const {io, stdout} = captureIo();
		expect(await main(['collect', '--help'], io)).toBe(0);
		expect(stdout()).toMatch(/Usage: lbwiz collect/);
		expect(stdout()).toMatch(/--host NAME=SPEC/);
		expect(stdout()).toMatch(/Examples:/);
	});

	it.each([
		[['collect', '--host', 'a=local'], /--out FILE is required/],
		[['collect', '--out', '-'], /name the hosts/],
		[['collect', '--host', 'lb1', '--out', '-'], /expected NAME=SPEC/],
		[['collect', '--host', 'lb1=ssh://-oProxyCommand=x', '--out', '-'], /must not start with '-'/],
		[['collect', '--host', 'lb1=telnet://x', '--out', '-'], /expected local, netns:NAME or ssh:\/\//],
		[['collect', '--host', 'a=local', '--host', 'a=local', '--out', '-'], /host 'a' is named twice/],
		[['collect', '--host', 'a=local', '--only', 'net.nope', '--out', '-'], /unknown fact 'net.nope'/],
		[['collect', '--host', 'a=local', '--capture-seconds', '0', '--out', '-'], /--capture-seconds '0'/],
		[['collect', '--topology', '/nonexistent/lbwiz.yaml', '--out', '-'], /cannot read \/nonexistent\/lbwiz.yaml/],
	])('refuses %j with a clear message and no stack', async (argv, message) => {
		const {io, stderr} = captureIo();
		expect(await main(argv, io)).toBe(2);
		expect(stderr()).toMatch(message);
		expect(stderr()).not.toMatch(/\n\s+at /);
	});

	it('collects this machine to stdout (--out -), progress on stderr', async () => {
		const {io, stdout, stderr} = captureIo();
		expect(await main(['collect', '--host', 'here=local', '--only', 'net.addresses,host.info', '--capture-seconds', '1', '--out', '-'], io)).toBe(0);
		const bundle = parseBundle(stdout(), 'stdout');
		expect(bundle.hosts[0]).toMatchObject({name: 'here', spec: 'local', reachable: true});
		expect(bundle.hosts[0].facts['net.addresses']?.status).toBe('ok');
		expect(stderr()).toMatch(/^here: connecting$/m);
		expect(stderr()).toMatch(/^here: 2 facts \(0 unavailable\)/m);
	});

	it('parses NAME=SPEC and prints unreachable hosts', () => {
		expect(parseHostArg('lb1=ssh://root@10.0.0.11:2222')).toEqual({name: 'lb1', spec: 'ssh://root@10.0.0.11:2222'});
		const lines: string[] = [];
		progressPrinter(l => lines.push(l))({type: 'host:unreachable', host: 'lb2', reason: 'ssh: Could not resolve hostname lb2'});
		expect(lines).toEqual(['lb2: UNREACHABLE — ssh: Could not resolve hostname lb2']);
	});
});

describe('parseBundle', () => {
	it('names the file and line of broken JSON', () => {
		expect(() => parseBundle('{\n  "tool": {"name": "lbwiz"},\n  oops\n}', 'b.json')).toThrow(/^b\.json:3:3: not JSON/);
		// Node 20 words these without a position: the line comes from the quoted snippet, or the end of the text
		expect(() => parseBundle('{\n  "schemaVersion": 1,\n  "hosts": [\n}\n', 'b.json')).toThrow(/^b\.json:4:1: not JSON \(Unexpected token/);
		expect(() => parseBundle('{"tool": {"name": "lbwiz"},\n "hosts": [\n', 'b.json')).toThrow(/^b\.json:2:12: not JSON \(Unexpected end of JSON input; the file ends early: truncated\?\)/);
		expect(() => parseBundle('{"tool": {"name": "other"}}', 'b.json')).toThrow(/not an lbwiz bundle/);
		expect(() => parseBundle('{"tool": {"name": "lbwiz"}, "schemaVersion": 9, "hosts": [], "evidence": {}}', 'b.json')).toThrow(/schemaVersion 9 is not supported/);
	});
});
