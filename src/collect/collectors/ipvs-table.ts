import {defineCollector} from '../define-collector.js';
import {ipvsUnavailableReason, parseIpvsadm} from '../../parse/ipvsadm.js';
import {failureLine} from '../../transport/failure.js';
import {notInstalled} from '../install-hints.js';

/**
The IPVS table (`ipvsadm -Ln --exact`, `--stats`, `--rate`). IPVS missing from the kernel is a fact
(available: false), found through /proc/net/ip_vs first so that ipvsadm never loads the module as a
side effect.
*/
export default defineCollector({
	fact: 'ipvs.table',
	title: 'IPVS virtual services and real servers',
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect({readFile, run, tools, host}) {
		const proc = await readFile('/proc/net/ip_vs', {maxBytes: 4 * 1024 * 1024});
		if (proc.content === undefined) {
			return {value: {available: false, reason: `IPVS is not available on ${host.name}: the ip_vs kernel module is not loaded (no /proc/net/ip_vs; \`modprobe ip_vs\`, or in a container the host must load it)`, services: []}, evidence: [proc.id]};
		}
		if (!tools.ipvsadm) return {unavailable: notInstalled('ipvsadm', host.name), evidence: [proc.id]};
		const list = await run(['ipvsadm', '-Ln', '--exact'], {timeoutMs: 10_000});
		const reason = ipvsUnavailableReason(list.stdout + list.stderr);
		if (reason) return {value: {available: false, reason, services: []}, evidence: [proc.id, list.id]};
		if (list.exitCode !== 0) return {unavailable: `ipvsadm failed on ${host.name}: ${failureLine(list)}`, evidence: [proc.id, list.id]};
		const stats = await run(['ipvsadm', '-Ln', '--stats', '--exact'], {timeoutMs: 10_000});
		const rate = await run(['ipvsadm', '-Ln', '--rate', '--exact'], {timeoutMs: 10_000});
		return {value: parseIpvsadm(list.stdout, stats.exitCode === 0 ? stats.stdout : undefined, rate.exitCode === 0 ? rate.stdout : undefined), evidence: [proc.id, list.id, stats.id, rate.id]};
	},
});
