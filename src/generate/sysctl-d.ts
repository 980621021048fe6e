/**
The kernel settings a host needs, as one /etc/sysctl.d file: ARP suppression on LVS DR/TUN real
servers, ip_nonlocal_bind on HAProxy nodes that bind an address they may not hold (the VIP on a
BACKUP), ip_forward on NAT directors.
*/
import {haproxyNodeNames, lvsMemberName, parseBind} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {generatedHeader, type RenderContext} from './header.js';

/** Where lbwiz's sysctl settings go on every host. */
export const SYSCTL_PATH = '/etc/sysctl.d/90-lbwiz.conf';

/** One sysctl setting with the reason printed above it. */
export type SysctlSetting = {key: string; value: string; why: string; /** short label for plans */ topic: string};

/** The sysctl key of an interface setting (`eth0.100` → `eth0/100`, sysctl.conf's escape for dots). */
export const interfaceKey = (iface: string, setting: string) => `net.ipv4.conf.${iface.replaceAll('.', '/')}.${setting}`;

/** VIPs an LVS DR/TUN real server must hold on `lo`, with whether any service uses TUN. */
export function realServerVips(topology: Topology, name: string): {vips: string[]; tunnel: boolean} {
	const services = (topology.lvs ?? []).filter(s => s.forwarding !== 'NAT' && s.real_servers.some(m => lvsMemberName(m) === name));
	return {vips: [...new Set(services.map(s => s.vip))], tunnel: services.some(s => s.forwarding === 'TUN')};
}

/** The ARP settings of a DR/TUN real server: for `all`, its interface and `lo`. */
export function arpSettings(iface: string): SysctlSetting[] {
	const why = 'LVS DR/TUN real server: do not answer or announce ARP for the VIP held on lo';
	return [...new Set(['all', iface, 'lo'])].flatMap(dev => [
		{key: interfaceKey(dev, 'arp_ignore'), value: '1', why, topic: 'ARP suppression'},
		{key: interfaceKey(dev, 'arp_announce'), value: '2', why, topic: 'ARP suppression'},
	]);
}

/** Every sysctl setting one host needs (empty when none). */
export function sysctlSettings(topology: Topology, host: string): SysctlSetting[] {
	const settings: SysctlSetting[] = [];
	const director = topology.directors.find(d => d.name === host);
	const realServer = topology.real_servers.find(r => r.name === host);
	const ownVips = realServer ? realServerVips(topology, host).vips : [];
	if (realServer && ownVips.length > 0) settings.push(...arpSettings(realServer.interface));
	if (director && (topology.lvs ?? []).some(s => s.forwarding === 'NAT')) {
		settings.push({key: 'net.ipv4.ip_forward', value: '1', why: 'LVS NAT director: forward the real servers\' replies', topic: 'IP forwarding'});
	}
	if (topology.haproxy && haproxyNodeNames(topology).includes(host)) {
		const own = director?.address ?? realServer?.address;
		const binds = [...topology.haproxy.frontends.map(f => f.bind), ...(topology.haproxy.stats?.bind ? [topology.haproxy.stats.bind] : [])];
		const foreign = binds.map(b => parseBind(b)?.address).filter((a): a is string => a !== undefined && a !== own && !ownVips.includes(a));
		if (foreign.length > 0) {
			settings.push({key: 'net.ipv4.ip_nonlocal_bind', value: '1', why: `HAProxy binds ${[...new Set(foreign)].join(', ')}, which this host holds only while it is MASTER`, topic: 'non-local bind'});
		}
	}
	return settings;
}

/** The sysctl.d file text, or undefined when the host needs no setting. */
export function renderSysctl(topology: Topology, host: string, ctx: RenderContext): string | undefined {
	const settings = sysctlSettings(topology, host);
	if (settings.length === 0) return undefined;
	const out = [generatedHeader(ctx)];
	let lastWhy = '';
	for (const setting of settings) {
		if (setting.why !== lastWhy) out.push(`# ${setting.why}`);
		lastWhy = setting.why;
		out.push(`${setting.key} = ${setting.value}`);
	}
	return `${out.join('\n')}\n`;
}
