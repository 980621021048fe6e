import {defineCollector} from '../define-collector.js';
import {parseSysctl, sysctlKeys} from '../../parse/sysctl.js';
import {failureLine} from '../../transport/failure.js';

/** ARP (arp_ignore/arp_announce for all, lo and each interface), forwarding, rp_filter, nonlocal bind. */
export default defineCollector({
	fact: 'net.sysctl',
	title: 'ARP, forwarding, rp_filter and nonlocal-bind sysctls',
	requires: {commands: ['sysctl']},
	async collect({run, fact, host}) {
		const addresses = await fact('net.addresses');
		const interfaces = addresses.status === 'ok' ? addresses.value.map(i => i.ifname) : [];
		// -e: keys this kernel lacks (ip_vs not loaded, a vanished interface) are skipped, not fatal
		const r = await run(['sysctl', '-e', ...sysctlKeys(interfaces)], {timeoutMs: 5000});
		const values = parseSysctl(r.stdout);
		if (Object.keys(values).length === 0) return {unavailable: `sysctl printed nothing on ${host.name}: ${failureLine(r)}`, evidence: [r.id]};
		return {value: values, evidence: [...addresses.evidence, r.id]};
	},
});
