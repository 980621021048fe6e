/** `ip -j addr` and `ip -j route` (iproute2 JSON) → interfaces and routes. */
import type {IpAddress, NetInterface, Route} from '../collect/types.js';
import {OutputParseError} from './parse-error.js';

const parseArray = (text: string, tool: string): any[] => {
	let doc: unknown;
	try {
		doc = JSON.parse(text.trim() === '' ? '[]' : text);
	} catch (error) {
		throw new OutputParseError(tool, `expected JSON from \`${tool} -j\`: ${(error as Error).message}`);
	}
	if (!Array.isArray(doc)) throw new OutputParseError(tool, 'expected a JSON array');
	return doc;
};

/** Parses `ip -j addr` (one object per link, `addr_info` per address). */
export function parseIpAddr(text: string): NetInterface[] {
	return parseArray(text, 'ip addr').map((link): NetInterface => ({
		ifname: String(link.ifname),
		operstate: String(link.operstate ?? 'UNKNOWN'),
		flags: Array.isArray(link.flags) ? link.flags.map(String) : [],
		...(typeof link.mtu === 'number' ? {mtu: link.mtu} : {}),
		...(typeof link.address === 'string' && link.link_type !== 'loopback' && link.link_type !== 'none' ? {mac: link.address} : {}),
		addresses: (Array.isArray(link.addr_info) ? link.addr_info : [])
			.filter((a: any) => (a.family === 'inet' || a.family === 'inet6') && typeof a.local === 'string')
			.map(
				(a: any): IpAddress => ({
					family: a.family,
					local: a.local,
					prefixlen: Number(a.prefixlen),
					...(a.label ? {label: String(a.label)} : {}),
					...(a.scope ? {scope: String(a.scope)} : {}),
				}),
			),
	}));
}

/** Parses `ip -j route` (`dst` is `default` or a prefix). */
export function parseIpRoute(text: string): Route[] {
	return parseArray(text, 'ip route').map(
		(r): Route => ({
			dst: String(r.dst ?? 'default'),
			...(r.gateway ? {gateway: String(r.gateway)} : {}),
			...(r.dev ? {dev: String(r.dev)} : {}),
			...(r.protocol ? {protocol: String(r.protocol)} : {}),
			...(r.scope ? {scope: String(r.scope)} : {}),
			...(r.prefsrc ? {prefsrc: String(r.prefsrc)} : {}),
		}),
	);
}

/** Whether an interface holds an IPv4 address (without prefix). */
export function holdsAddress(interfaces: NetInterface[], address: string): NetInterface | undefined {
	return interfaces.find(i => i.addresses.some(a => a.local === address));
}
