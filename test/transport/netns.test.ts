import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {NetnsTransport} from '../../src/transport/netns.js';
import {canUseNetns, nsName, removeNamespaces, sh} from './netns-helper.js';

const ns = nsName('t');

describe.skipIf(!canUseNetns)('NetnsTransport (real namespace)', () => {
	beforeAll(() => {
		sh(['ip', 'netns', 'add', ns]);
		sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
		sh(['ip', '-n', ns, 'link', 'add', 'veth-a', 'type', 'veth', 'peer', 'name', 'veth-b']);
		sh(['ip', '-n', ns, 'addr', 'add', '203.0.113.7/24', 'dev', 'veth-a']);
		mkdirSync(`/etc/netns/${ns}`, {recursive: true});
		writeFileSync(`/etc/netns/${ns}/hostname`, `${ns}-host\n`);
		mkdirSync(`/etc/netns/${ns}/keepalived`, {recursive: true});
	});
	afterAll(() => removeNamespaces([ns]));

	const t = new NetnsTransport(ns);

	it('runs inside the namespace', async () => {
		const r = await t.run(['ip', '-j', 'addr', 'show', 'dev', 'veth-a'], {timeoutMs: 5000});
		expect(r.exitCode).toBe(0);
		expect(r.argv).toEqual(['ip', '-j', 'addr', 'show', 'dev', 'veth-a']);
		expect(JSON.parse(r.stdout)[0].addr_info[0].local).toBe('203.0.113.7');
		expect(t.spec).toBe(`netns:${ns}`);
	});

	it('sees the /etc/netns overlay', async () => {
		const r = await t.readFile('/etc/hostname');
		expect(r.content).toBe(`${ns}-host\n`);
	});

	it('turns a missing program into ENOENT', async () => {
		const r = await t.run(['lbwiz-no-such-tool'], {timeoutMs: 5000});
		expect(r.spawnError).toBe('ENOENT');
		expect(r.stderr).toMatch(/exec of "lbwiz-no-such-tool" failed/);
	});

	it('reports a missing namespace as unreachable', async () => {
		const r = await new NetnsTransport(`${ns}x`).run(['true'], {timeoutMs: 5000});
		expect(r.spawnError).toBe('UNREACHABLE');
		expect(r.stderr).toMatch(/Cannot open network namespace/);
	});

	it('writes a file inside a directory overlay', async () => {
		const r = await t.writeFile('/etc/keepalived/keepalived.conf', 'global_defs {}\n', {mode: 0o640});
		expect(r.exitCode).toBe(0);
		expect(readFileSync(`/etc/netns/${ns}/keepalived/keepalived.conf`, 'utf8')).toBe('global_defs {}\n');
		expect(statSync(`/etc/netns/${ns}/keepalived/keepalived.conf`).mode & 0o777).toBe(0o640);
	});

	it('writes in place over a file that is a mount point (no rename possible), and says so', async () => {
		const r = await t.writeFile('/etc/hostname', 'renamed\n');
		expect(r.exitCode).toBe(0);
		expect(r.stderr).toMatch(/written in place/);
		expect((await t.readFile('/etc/hostname')).content).toBe('renamed\n');
		expect(readFileSync(`/etc/netns/${ns}/hostname`, 'utf8')).toBe('renamed\n');
	});

	it('rejects a bad namespace name', () => {
		expect(() => new NetnsTransport('-x')).toThrow(/invalid network namespace name/);
	});
});
