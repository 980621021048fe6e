import {describe, expect, it} from 'vitest';
import {curlProbeArgv, parseCurlProbe} from '../../src/parse/curl-probe.js';
import {output} from './fixtures.js';

const recorded = (name: string) => parseCurlProbe(output(`curl/${name}.stdout.txt`), output(`curl/${name}.stderr.txt`), Number(output(`curl/${name}.exit.txt`).trim()));

describe('parseCurlProbe (recorded: curl 7.88 against busybox httpd in a namespace)', () => {
	it('reads status, headers, body and timing of an answer', () => {
		const ok = recorded('ok');
		expect(ok).toMatchObject({ok: true, status: 200, statusLine: 'HTTP/1.1 200 OK', body: 'web-b\n', remoteIp: '203.0.113.12', remotePort: 80, exitCode: 0});
		expect(ok.headers['content-type']).toBe('text/html');
		expect(ok.timeMs).toBeGreaterThan(0);
	});

	it('a 404 is an answer but not ok', () => {
		expect(recorded('404')).toMatchObject({ok: false, status: 404});
	});

	it('refused and timed-out connections carry curl\'s message and exit status', () => {
		expect(recorded('refused')).toMatchObject({ok: false, exitCode: 7, error: expect.stringMatching(/Failed to connect to 203.0.113.12 port 81/)});
		expect(recorded('refused').status).toBeUndefined();
		expect(recorded('timeout')).toMatchObject({ok: false, exitCode: 28, error: expect.stringMatching(/timed out/)});
	});

	it('builds an argv with a timeout and no shell', () => {
		expect(curlProbeArgv('http://203.0.113.100:80/', {timeoutSeconds: 2}).slice(0, 4)).toEqual(['curl', '-sS', '-m', '2']);
		expect(curlProbeArgv('http://x/').at(-2)).toBe('--');
	});
});
