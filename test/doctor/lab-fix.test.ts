import {readFileSync, readlinkSync} from 'node:fs';
import {basename} from 'node:path';
import {expect, it, vi} from 'vitest';
import {labBreak, labHeal, labStatus} from '../../src/lab/lab.js';
import {doctorCli, doctorLabPrefix, expectOneCaptureWindow, findingLines, useSuiteLab, type DoctorRun} from '../helpers/lab-fixture.js';
import {addressesOf, describeLab, inNs} from '../lab/lab-helpers.js';

vi.mock('../../src/collect/collect-hosts.js', async importOriginal => (await import('../helpers/lab-fixture.js')).recordingCollectModule(await importOriginal<typeof import('../../src/collect/collect-hosts.js')>()));

/**
`lbwiz doctor --fix --yes` on the real lab (root only): for each fault whose fix the doctor marks safe,
break it, let the doctor apply its fixes through the same netns transports and re-check (in the same
run, without a second capture window), then prove the heal three ways: the doctor's own re-check says
the cause passes; reality shows it, read in the namespaces (sysctls, lo, nft, the client's ARP entry
for the VIP, the VIP on lb1 only, the client answered by web1 and web2); and a fresh
`lbwiz doctor --json` reports no warning and no critical.

A stopped daemon on a host without an init system (lab namespaces: service.state init 'none') is
started the way that host runs it: from its defaults file (/etc/default/keepalived, /etc/default/haproxy
in the overlay, which the lab itself starts the daemons from), so its pid files, TMPDIR and log file
are the lab's, and the lab sees the daemon as its own afterwards.
*/
/** LBWIZ_TEST_LAB_PREFIX: a fixed prefix (e.g. a helper's namespace prefix), else a random `lbd…-` one. */
const prefix = process.env.LBWIZ_TEST_LAB_PREFIX ?? doctorLabPrefix();
const VIP = '203.0.113.100';

/** A namespace's MAC address on eth0. */
const macOf = (namespace: string) => inNs(namespace, ['cat', '/sys/class/net/eth0/address']).trim();
/** The MAC the client's neighbour table has for the VIP (undefined when it has no entry with an address). */
const clientVipMac = (ns: (host: string) => string) => /lladdr (\S+)/.exec(inNs(ns('client'), ['ip', 'neigh', 'show', VIP]))?.[1];

type Case = {
	name: string;
	/** faults to inject together: [fault, hosts?] */
	faults: Array<[string, string[]?]>;
	/** the root causes the doctor must fix: check@host */
	fixes: string[];
	/** reality after the fix, read directly in the namespaces (not through lbwiz) */
	verify?: (ns: (host: string) => string) => void;
};

const CASES: Case[] = [
	{
		name: 'vrrp-blocked',
		faults: [['vrrp-blocked']],
		fixes: ['firewall.vrrp-blocked@lb2'],
		verify: ns => {
			expect(inNs(ns('lb2'), ['nft', 'list', 'chain', 'inet', 'lbwiz_fault', 'input'])).toMatch(/ip saddr 203\.0\.113\.11 ip protocol vrrp accept[\s\S]*ip protocol vrrp counter .* drop/);
			expect(clientVipMac(ns) ?? macOf(ns('lb1')), "the client's ARP entry for the VIP (lb1's MAC expected)").toBe(macOf(ns('lb1')));
		},
	},
	{
		name: 'split-brain-firewall',
		faults: [['split-brain-firewall']],
		fixes: ['firewall.vrrp-blocked@lb1', 'firewall.vrrp-blocked@lb2'],
		verify: ns => {
			for (const d of ['lb1', 'lb2']) expect(inNs(ns(d), ['nft', 'list', 'chain', 'inet', 'lbwiz_fault', 'input'])).toMatch(/ip protocol vrrp accept/);
			// Both were MASTER and sent gratuitous ARPs: the client (a router, in real life, caching for hours) must
			// now resolve the VIP to the holder, not to the director that gave it up (FIELD-NOTES §3 item 6).
			// --fix applies lb1's fix first and waits, then has the holder announce the VIP and checks the client.
			expect(clientVipMac(ns) ?? macOf(ns('lb1')), "the client's ARP entry for the VIP (lb1's MAC expected)").toBe(macOf(ns('lb1')));
		},
	},
	{
		name: 'arp-sysctl on web1 and realserver-lo-missing on web2',
		faults: [['arp-sysctl', ['web1']], ['realserver-lo-missing', ['web2']]],
		fixes: ['arp.realserver-sysctl@web1', 'vip.realserver-lo-missing@web2'],
		verify: ns => {
			expect(inNs(ns('web1'), ['sysctl', '-n', 'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce']).split('\n').filter(Boolean)).toEqual(['1', '2']);
			expect(addressesOf(ns('web2')).lo).toContain(VIP);
		},
	},
	{
		name: 'keepalived-stopped',
		faults: [['keepalived-stopped']],
		fixes: ['service.keepalived-down@lb1'],
		verify: ns => expectStartedFromRecipe(ns, 'lb1', 'keepalived', 'keepalived.log'),
	},
	{
		name: 'haproxy-stopped',
		faults: [['haproxy-stopped']],
		fixes: ['service.haproxy-down@lb1'],
		verify: ns => expectStartedFromRecipe(ns, 'lb1', 'haproxy', 'haproxy.log'),
	},
];

/**
The daemon the doctor started on a host runs as its recipe says: the pid in the recipe's pid file is a
live process in the host's namespace, in the foreground under start-stop-daemon (keepalived -n /
haproxy -db), its output in the lab's log file for that namespace, keepalived with the lab's TMPDIR.
*/
function expectStartedFromRecipe(ns: (host: string) => string, host: string, daemon: 'keepalived' | 'haproxy', log: string): void {
	const pid = Number(readFileSync(`/run/lbwiz-lab/${prefix}/${host}/${daemon}.pid`, 'utf8').trim());
	const inHost = inNs(ns(host), ['ip', 'netns', 'pids', ns(host)]).split(/\s+/).filter(Boolean).map(Number);
	expect(inHost, `${daemon}'s pid ${pid} runs in ${ns(host)}`).toContain(pid);
	// the fix starts the program by the absolute path it matches with --exec; the lab by its name
	const [program, first] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
	expect([basename(program), first]).toEqual(daemon === 'keepalived' ? ['keepalived', '-n'] : ['haproxy', '-db']);
	expect(basename(readlinkSync(`/proc/${pid}/exe`))).toBe(daemon);
	expect(readlinkSync(`/proc/${pid}/fd/2`)).toBe(`/var/log/lbwiz-lab/${ns(host)}/${log}`);
	if (daemon === 'keepalived') expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain(`TMPDIR=/run/lbwiz-lab/${prefix}/${host}/tmp`);
}

/** Asserts what `--fix --yes` printed: every expected cause fixed (each command ok) and passing on re-check. */
function expectFixed(run: DoctorRun, fixes: string[]): void {
	const out = run.stdout;
	expect(out, out).toMatch(/--fix: \d+ safe fix\(es\)/);
	expect(out, out).not.toMatch(/FAIL |STILL FAILING|still there/);
	for (const entry of fixes) {
		const [check, host] = entry.split('@');
		expect(out, `${entry} offered and applied\n${out}`).toMatch(new RegExp(`\\] ${check.replaceAll('.', '\\.')} on ${host}: [^\\n]*\\n(?:\\s+${host}\\$ [^\\n]*\\n)+(?:\\s+ok {3}[^\\n]*\\n)+`));
		expect(out, `${entry} passes on re-check\n${out}`).toMatch(new RegExp(`passes now\\s+${check.replaceAll('.', '\\.')} on ${host}`));
	}
	expect(out).toMatch(/Summary after the fixes: 0 critical, 0 warning\./);
	expect(run.code).toBe(0);
}

describeLab('lbwiz doctor --fix --yes heals the lab', () => {
	const suite = useSuiteLab('lab-fix', prefix);

	for (const c of CASES) {
		it(`${c.name}: --fix --yes applies ${c.fixes.join(', ')} and the lab is healthy again`, async () => {
			const ns = (host: string) => `${prefix}${host}`;
			const started = Date.now();
			try {
				for (const [fault, hosts] of c.faults) {
					const broken = await labBreak({prefix, fault, ...(hosts ? {hosts} : {})});
					expect(broken.effect?.seen ?? true, `the lab shows ${fault}`).toBe(true);
				}
				const brokeAt = Date.now();
				const fixed = await doctorCli(suite.lab.topologyPath, '--plain', '--fix', '--yes');
				const fixedAt = Date.now();
				console.log(`[lab-fix] ${c.name}:\n${fixed.stdout.slice(Math.max(0, fixed.stdout.indexOf('\n--fix')))}`);
				expectOneCaptureWindow(fixed, suite.seconds);
				expect(fixed.collects.length, 'one collection, then one re-read of the affected facts').toBe(2);
				expectFixed(fixed, c.fixes);
				c.verify?.(ns);
				const status = await labStatus({prefix});
				expect(status.problems, 'the lab itself (VIP on lb1 only, the client reaches web1 and web2)').toEqual([]);
				const fresh = await doctorCli(suite.lab.topologyPath, '--json');
				suite.timings.push(`${c.name}: break ${brokeAt - started} ms, doctor --fix ${fixedAt - brokeAt} ms, fresh doctor ${Date.now() - fixedAt} ms`);
				expectOneCaptureWindow(fresh, suite.seconds);
				expect(fresh.report!.findings.filter(f => f.severity !== 'info').map(f => `${f.check}@${f.host ?? '-'}`), findingLines(fresh.report!).join('\n')).toEqual([]);
				expect(fresh.code).toBe(0);
			} finally {
				const healStarted = Date.now();
				const healed = await labHeal({prefix});
				suite.timings.push(`${c.name}: heal ${Date.now() - healStarted} ms`);
				if (!healed.healthy) throw new Error(`the lab is not healthy after healing ${c.name}: ${healed.problems.join('; ')}`);
			}
		}, 120_000);
	}
});
