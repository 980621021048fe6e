/**
After an apply: wait (bounded) until every VIP has exactly one holder among the directors, then run
the doctor on the cluster — collected through the same transports, with a short capture window —
and say whether it is healthy, counting the findings about the hosts that changed (and the
cluster-wide ones).
*/
import type {Finding, DoctorReport} from '../doctor/report-model.js';
import {preferredMaster, vipAddresses} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {parseIpAddr} from '../parse/ip-json.js';
import type {Transport} from '../transport/transport.js';
import type {TransportPool} from './plan.js';

/** The pool's transport, shielded from the collect engine's close(): the pool closes it at the end. */
const keepOpen = (t: Transport): Transport => ({spec: t.spec, run: (argv, o) => t.run(argv, o), readFile: (p, o) => t.readFile(p, o), writeFile: (p, d, o) => t.writeFile(p, d, o), close: async () => {}});

/** Who holds each VIP, by director. */
export type VipHolders = Record<string, string[]>;

/** Reads which directors hold each VIP (on a non-loopback interface). */
export async function vipHolders(topology: Topology, transports: TransportPool): Promise<VipHolders> {
	const vips = vipAddresses(topology);
	const holders: VipHolders = Object.fromEntries(vips.map(v => [v, [] as string[]]));
	await Promise.all(
		topology.directors.map(async director => {
			const result = await transports.get(director.transport).run(['ip', '-j', 'addr', 'show'], {timeoutMs: 10_000, sudo: true});
			if (result.exitCode !== 0) return;
			try {
				for (const link of parseIpAddr(result.stdout)) {
					if (link.ifname === 'lo') continue;
					for (const address of link.addresses) if (holders[address.local]) holders[address.local].push(director.name);
				}
			} catch {}
		}),
	);
	for (const list of Object.values(holders)) list.sort();
	return holders;
}

/**
Waits until each VIP has one holder — the preferred MASTER, unless nopreempt lets any director keep
it — or `timeoutMs` passes; returns the last observation. (BACKUPs are started first, so one of
them holds the VIP until the MASTER preempts it about 3 advert intervals after starting.)
*/
export async function waitForVipHolders(topology: Topology, transports: TransportPool, timeoutMs: number): Promise<{settled: boolean; holders: VipHolders; waitedMs: number}> {
	const started = Date.now();
	const expected = topology.vrrp?.nopreempt ? undefined : preferredMaster(topology)?.name;
	for (;;) {
		const holders = await vipHolders(topology, transports);
		const settled = Object.values(holders).every(list => list.length === 1 && (expected === undefined || list[0] === expected));
		if (settled || Date.now() - started >= timeoutMs) return {settled, holders, waitedMs: Date.now() - started};
		await new Promise(resolve => setTimeout(resolve, 500));
	}
}

/** The verdict after an apply. */
export type Verification = {
	healthy: boolean;
	/** one line for the operator */
	summary: string;
	holders?: VipHolders;
	/** findings about the changed hosts and the cluster */
	findings: Finding[];
	report?: DoctorReport;
	error?: string;
};

export type VerifyOptions = {
	topology: Topology;
	transports: TransportPool;
	changedHosts: string[];
	/** how long to wait for the VIPs to settle (default 3 × advert_int + 10 s) */
	settleMs?: number;
	captureSeconds?: number;
};

/** Waits for the VIPs, runs the doctor, and judges the changed hosts. */
export async function verifyCluster(options: VerifyOptions): Promise<Verification> {
	const {topology, transports} = options;
	let holders: VipHolders | undefined;
	let settledNote = '';
	if (topology.vrrp) {
		const wait = await waitForVipHolders(topology, transports, options.settleMs ?? Math.ceil(3 * topology.vrrp.advert_int * 1000 + 10_000));
		holders = wait.holders;
		if (!wait.settled) settledNote = `VIPs did not settle within ${Math.round(wait.waitedMs / 1000)} s (${Object.entries(wait.holders).map(([vip, who]) => `${vip}: ${who.join(' + ') || 'nobody'}`).join('; ')}); `;
	}
	let report: DoctorReport;
	try {
		const {runDoctor} = await import('../doctor/run-doctor.js');
		const {hostsFromTopology} = await import('../collect/collect-hosts.js');
		({report} = await runDoctor({
			targets: hostsFromTopology(topology),
			topology,
			redact: true,
			...(options.captureSeconds !== undefined ? {captureSeconds: options.captureSeconds} : {}),
			collect: collectOptions => import('../collect/collect-hosts.js').then(m => m.collectBundle({...collectOptions, transport: host => keepOpen(transports.get(host.spec))})),
		}));
	} catch (error) {
		const message = (error as Error).message.split('\n')[0];
		return {healthy: false, summary: `${settledNote}could not run the doctor: ${message}`, ...(holders ? {holders} : {}), findings: [], error: message};
	}
	const changed = new Set(options.changedHosts);
	const findings = report.findings.filter(f => f.severity !== 'info' && (f.host === undefined || changed.has(f.host)));
	const healthy = settledNote === '' && findings.length === 0 && report.summary.exitCode !== 3;
	const who = holders ? ` VIP ${Object.entries(holders).map(([vip, list]) => `${vip} on ${list.join(' + ') || 'nobody'}`).join(', ')}.` : '';
	const summary = healthy
		? `healthy: the doctor found nothing wrong on ${[...changed].join(', ') || 'the cluster'}.${who}`
		: `${settledNote}not healthy: ${findings.length} finding${findings.length === 1 ? '' : 's'}${findings.length ? ` (${findings.map(f => `${f.check}${f.host ? ` on ${f.host}` : ''}`).join(', ')})` : ''}${report.summary.exitCode === 3 ? `; the doctor could not run fully: ${(report.errors ?? []).join('; ')}` : ''}.${who} Run \`lbwiz doctor\` for details.`;
	return {healthy, summary, ...(holders ? {holders} : {}), findings, report};
}
