/**
The doctor's live view in a real terminal (tmux, 80×24) ends when asked: q on the report exits with the
report's status; Ctrl-C during the VRRP capture exits 130 at once and stops the capture on the host (root
only: the host is a network namespace this test creates, `lbw-live-*`, removed in `finally`).
*/
import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {randomBytes} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {canUseNetns, removeNamespaces} from '../transport/netns-helper.js';
import {BIN, Tmux} from './tmux-driver.js';

const REPORT_FOOTER = '↑/↓ finding · Enter/e evidence · f fix · r export report · q quit';

const netnsPids = (name: string) => execFileSync('ip', ['netns', 'pids', name], {encoding: 'utf8'}).split('\n').filter(Boolean);

/** Kills what still runs in the namespace: a failed test must not leave a 120 s capture behind. */
function killIn(name: string) {
	try {
		for (const pid of netnsPids(name)) process.kill(Number(pid), 'SIGKILL');
	} catch {
		// the namespace or the process is already gone
	}
}

describe('lbwiz doctor live view in a real terminal (tmux)', () => {
	it('q on the report exits with the report\'s status and leaves the report on screen', async () => {
		const tmux = new Tmux();
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-tmux-doctor-'));
		try {
			await tmux.start(dir, ['node', BIN, 'doctor', '--demo']);
			const screen = await tmux.waitFor(x => x.includes(REPORT_FOOTER), 'the finding navigator', 30_000);
			const shown = /doctor exit status (\d)/.exec(screen.join('\n'));
			expect(shown, screen.join('\n')).not.toBeNull();
			await tmux.keys('q');
			expect(await tmux.exitStatus('q on the report')).toBe(Number(shown![1]));
			expect((await tmux.capture()).join('\n')).toContain(`doctor exit status ${shown![1]}`);
			expect(await readdir(dir)).toEqual([]);
		} finally {
			await tmux.kill();
			await rm(dir, {recursive: true, force: true});
		}
	}, 60_000);

	it.skipIf(!canUseNetns)('Ctrl-C during the VRRP capture exits 130 and stops the capture on the host', async () => {
		const ns = `lbw-live-${randomBytes(2).toString('hex')}`;
		const tmux = new Tmux();
		const dir = await mkdtemp(join(tmpdir(), 'lbwiz-tmux-doctor-'));
		try {
			// A director with nothing to talk to: keepalived.conf names an interface of the namespace, so the doctor captures VRRP there.
			execFileSync('ip', ['netns', 'add', ns]);
			const ip = (...args: string[]) => execFileSync('ip', ['-n', ns, ...args]);
			ip('link', 'set', 'lo', 'up');
			ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
			ip('addr', 'add', '203.0.113.50/24', 'dev', 'v0');
			ip('link', 'set', 'v0', 'up');
			ip('link', 'set', 'v1', 'up');
			await mkdir(`/etc/netns/${ns}/keepalived`, {recursive: true});
			await writeFile(
				`/etc/netns/${ns}/keepalived/keepalived.conf`,
				'vrrp_instance VI_1 {\n    state MASTER\n    interface v0\n    virtual_router_id 61\n    priority 100\n    advert_int 1\n    virtual_ipaddress {\n        203.0.113.100/24\n    }\n}\n',
			);
			await tmux.start(dir, ['node', BIN, 'doctor', '-H', `lb1=netns:${ns}`, '--capture-seconds', '120']);
			await tmux.waitFor(x => x.some(l => /VRRP capture \d+ s left/.test(l)), 'the VRRP capture countdown', 30_000);
			expect(netnsPids(ns).length, 'the capture runs in the namespace').toBeGreaterThan(0);
			await tmux.keys('C-c');
			expect(await tmux.exitStatus('Ctrl-C during the capture')).toBe(130);
			expect(await tmux.capture()).toContain('Stopped before the diagnosis: nothing was changed on the hosts.');
			// The capture was cancelled with the view, not left to run out its 120 s.
			for (let i = 0; i < 100 && netnsPids(ns).length > 0; i++) await new Promise(r => setTimeout(r, 50));
			expect(netnsPids(ns)).toEqual([]);
		} finally {
			await tmux.kill();
			killIn(ns);
			removeNamespaces([ns]);
			await rm(dir, {recursive: true, force: true});
		}
	}, 60_000);
});
