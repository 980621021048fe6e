import {defineCollector} from '../define-collector.js';
import {scanKeepalived} from '../config-scan.js';
import {parseTcpdumpCounters, parseTcpdumpVrrp} from '../../parse/tcpdump-vrrp.js';
import {failureLine} from '../../transport/failure.js';
import type {NetInterface, VrrpAdvert} from '../types.js';

const MAX_INTERFACES = 8;
/** VRRP (112) and AH (51: adverts with auth_type AH). */
export const VRRP_FILTER = 'ip proto 112 or ip proto 51';

/** The tcpdump argv for one interface (`-tt`: epoch timestamps, unambiguous across hosts). */
export function tcpdumpArgv(iface: string, seconds: number, withTimeout: boolean): [string, ...string[]] {
	const tcpdump = ['tcpdump', '-nn', '-v', '-l', '-tt', '-i', iface, VRRP_FILTER];
	return withTimeout ? ['timeout', String(seconds), ...tcpdump] as [string, ...string[]] : (tcpdump as [string, ...string[]]);
}

/**
What VRRP is really on the wire: every advert (source, version, VRID, priority, interval, auth type
and password fingerprint, VIPs) seen during the capture window on each VRRP interface — those of
keepalived.conf, else every up interface with an IPv4 address. The capture sees packets before the
host's firewall drops them (FIELD-NOTES §4).
*/
export default defineCollector({
	fact: 'vrrp.adverts',
	title: 'VRRP adverts captured with tcpdump',
	requires: {commands: ['tcpdump'], root: true},
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		const {host, window, tools, topology} = context;
		const [config, addresses] = await Promise.all([context.fact('keepalived.config'), context.fact('net.addresses')]);
		const evidence = [...config.evidence, ...addresses.evidence];
		const links: NetInterface[] = addresses.status === 'ok' ? addresses.value : [];
		const up = links.filter(l => l.ifname !== 'lo' && !l.flags.includes('LOOPBACK') && l.flags.includes('UP') && l.addresses.some(a => a.family === 'inet'));
		const exists = (name: string) => links.length === 0 || links.some(l => l.ifname === name);
		let interfaces: string[] = [];
		let chosenBy = '';
		if (config.status === 'ok') {
			interfaces = [...new Set(scanKeepalived(config.value.files.map(f => f.content)).instances.map(i => i.interface).filter((i): i is string => Boolean(i) && exists(i!)))];
			chosenBy = 'keepalived.conf';
		}
		if (interfaces.length === 0 && topology) {
			const director = topology.directors.find(d => d.name === host.name);
			if (director && exists(director.interface)) {
				interfaces = [director.interface];
				chosenBy = 'the topology';
			}
		}
		if (interfaces.length === 0) {
			interfaces = up.map(l => l.ifname);
			chosenBy = 'every up interface with IPv4';
		}
		interfaces = interfaces.slice(0, MAX_INTERFACES);
		if (interfaces.length === 0) {
			window.open();
			return {unavailable: `no interface to capture VRRP on ${host.name} (no keepalived interface, no up interface with IPv4)`, evidence};
		}
		const seconds = window.seconds;
		const withTimeout = Boolean(tools.timeout);
		window.open();
		const runs = await Promise.all(
			interfaces.map(iface =>
				context.run(tcpdumpArgv(iface, seconds, withTimeout), {
					// our own timer is the backstop when `timeout` is missing or the host does not answer
					timeoutMs: (seconds + (withTimeout ? 5 : 0)) * 1000,
					longRunning: true,
					maxBuffer: 8 * 1024 * 1024,
				}),
			),
		);
		const adverts: VrrpAdvert[] = [];
		const failures: string[] = [];
		runs.forEach((r, i) => {
			evidence.push(r.id);
			const counters = parseTcpdumpCounters(r.stderr);
			const listened = /listening on /.test(r.stderr) || counters.captured !== undefined;
			if (!listened && r.stdout.trim() === '') failures.push(`${interfaces[i]}: ${failureLine(r)}`);
			adverts.push(...parseTcpdumpVrrp(r.stdout, {interface: interfaces[i]}));
		});
		if (failures.length === interfaces.length) return {unavailable: `tcpdump could not capture on ${host.name}: ${failures.join('; ')}`, evidence};
		adverts.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
		return {value: {interfaces, seconds, adverts, interfacesFrom: chosenBy, ...(failures.length > 0 ? {failures} : {})}, evidence};
	},
});
