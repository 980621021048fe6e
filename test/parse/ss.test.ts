import {describe, expect, it} from 'vitest';
import {parseSsListening} from '../../src/parse/ss.js';
import {output} from './fixtures.js';

describe('parseSsListening (recorded: ss in a namespace)', () => {
	it('reads address, port and process', () => {
		expect(parseSsListening(output('ss/listening.txt'))).toEqual([
			{proto: 'tcp', address: '127.0.0.1', port: 8080, process: 'busybox', pid: expect.any(Number)},
			{proto: 'tcp', address: '0.0.0.0', port: 9999, process: 'busybox', pid: expect.any(Number)},
		]);
		expect(parseSsListening('udp UNCONN 0 0 [::]:5353 [::]:* users:(("avahi",pid=9,fd=1))\n')).toEqual([{proto: 'udp', address: '::', port: 5353, process: 'avahi', pid: 9}]);
	});
});
