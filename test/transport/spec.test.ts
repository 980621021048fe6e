import {describe, expect, it} from 'vitest';
import {createTransport, parseTransportSpec, TransportSpecError} from '../../src/transport/spec.js';
import {LocalTransport} from '../../src/transport/local.js';
import {NetnsTransport} from '../../src/transport/netns.js';
import {SshTransport} from '../../src/transport/ssh.js';

describe('parseTransportSpec', () => {
	it.each([
		['local', {kind: 'local'}],
		['netns:lb1', {kind: 'netns', name: 'lb1'}],
		['ssh://lb1', {kind: 'ssh', host: 'lb1'}],
		['ssh://root@lb1:2222', {kind: 'ssh', host: 'lb1', user: 'root', port: 2222}],
		['ssh://ops@203.0.113.11', {kind: 'ssh', host: '203.0.113.11', user: 'ops'}],
		['ssh://root@[2001:db8::1]:22', {kind: 'ssh', host: '2001:db8::1', user: 'root', port: 22}],
		['ssh://LB1.Example.com', {kind: 'ssh', host: 'LB1.Example.com'}],
	])('%s', (spec, expected) => {
		expect(parseTransportSpec(spec)).toEqual(expected);
	});

	it.each([
		'ssh://-oProxyCommand=touch%20x',
		'ssh://-oProxyCommand=x@host',
		'ssh://root@-host',
		'ssh://user:pass@host',
		'ssh://host/path',
		'ssh://host:0',
		'ssh://',
		'netns:',
		'netns:-x',
		'netns:a/b',
		'telnet://host',
		'lb1',
		'',
	])('rejects %j', spec => {
		expect(() => parseTransportSpec(spec)).toThrow(TransportSpecError);
	});

	it('says what is expected', () => {
		expect(() => parseTransportSpec('lb1')).toThrow(/local, netns:NAME or ssh:\/\/\[user@\]host\[:port\]/);
		expect(() => parseTransportSpec('ssh://-oProxyCommand=x')).toThrow(/must not start with '-'/);
	});
});

describe('createTransport', () => {
	it('makes the transport a spec names', async () => {
		expect(createTransport('local')).toBeInstanceOf(LocalTransport);
		const netns = createTransport('netns:lb1');
		expect(netns).toBeInstanceOf(NetnsTransport);
		expect(netns.spec).toBe('netns:lb1');
		const ssh = createTransport('ssh://root@lb1:2222');
		expect(ssh).toBeInstanceOf(SshTransport);
		expect(ssh.spec).toBe('ssh://root@lb1:2222');
		await ssh.close();
	});
});
