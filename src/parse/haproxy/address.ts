import {ADDRESS_PREFIXES_26, NEWER_ADDRESS_PREFIXES} from './keywords.js';

/** An address as HAProxy's `str2sa_range()` reads it. */
export type HaproxyAddress = {
	raw: string;
	/** `ipv4@`-style prefix without the `@` */
	prefix?: string;
	family: 'inet' | 'ipv4' | 'ipv6' | 'unix' | 'abns' | 'fd' | 'sockpair' | 'unknown';
	/** host part: an IP, a host name, '' or '*' for any address; a path for unix sockets */
	host: string;
	/** first port of the range, or the single port */
	port?: number;
	/** last port of a range `A-B` */
	portEnd?: number;
	/** `+N`/`-N`: a port offset relative to the client's destination port */
	portOffset?: number;
	/** contains an unresolved environment variable: not validated */
	dynamic: boolean;
};

/** Where an address appears: each place allows different port forms (HAProxy's PA_O_* flags). */
export type AddressContext = 'bind' | 'server' | 'log' | 'source' | 'server-source' | 'usesrc' | 'socks4' | 'check-addr' | 'peer' | 'generic';

const RULES: Record<AddressContext, {portMandatory: boolean; range: boolean; offset: boolean; dgramOk: boolean; label: string}> = {
	bind: {portMandatory: true, range: true, offset: false, dgramOk: false, label: 'bind'},
	server: {portMandatory: false, range: false, offset: true, dgramOk: false, label: 'server'},
	log: {portMandatory: false, range: false, offset: false, dgramOk: true, label: 'log'},
	source: {portMandatory: false, range: false, offset: false, dgramOk: false, label: 'source'},
	'server-source': {portMandatory: false, range: true, offset: false, dgramOk: false, label: 'source'},
	usesrc: {portMandatory: false, range: false, offset: false, dgramOk: false, label: 'usesrc'},
	socks4: {portMandatory: true, range: false, offset: false, dgramOk: false, label: 'socks4'},
	'check-addr': {portMandatory: false, range: false, offset: false, dgramOk: false, label: 'addr'},
	peer: {portMandatory: true, range: false, offset: false, dgramOk: false, label: 'peer'},
	generic: {portMandatory: false, range: true, offset: true, dgramOk: true, label: 'address'},
};

/** The result of {@link parseAddress}: the address, and HAProxy's complaint when it would reject it. */
export type AddressParse = {address: HaproxyAddress; error?: string; newerPrefix?: {prefix: string; since: string}};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for a dotted-quad IPv4 address. */
export const isIpv4 = (s: string): boolean => IPV4.test(s);

/** True for an IPv6 literal (loose check: hex groups and colons, optional embedded IPv4). */
export const isIpv6 = (s: string): boolean => s.includes(':') && /^[\da-fA-F:.]+(%[\w.-]+)?$/.test(s) && (s.match(/::/g)?.length ?? 0) <= 1;

/** True when a bind host is a specific address (not `*`, `0.0.0.0`, `::`, empty, a socket or a name). */
export const isSpecificIp = (a: HaproxyAddress): boolean =>
	(a.family === 'inet' || a.family === 'ipv4' || a.family === 'ipv6') && a.host !== '' && a.host !== '*' && a.host !== '0.0.0.0' && a.host !== '::' && (isIpv4(a.host) || isIpv6(a.host));

/**
Parses one address (no comma lists) as `str2sa_range()` does and reports, in HAProxy's words, the
port errors it would raise in the given context. Never throws.
*/
export function parseAddress(raw: string, context: AddressContext = 'generic', options: {dynamic?: boolean} = {}): AddressParse {
	const rule = RULES[context];
	const address: HaproxyAddress = {raw, family: 'inet', host: '', dynamic: Boolean(options.dynamic)};
	if (address.dynamic) return {address};
	let rest = raw;
	const at = /^([a-z0-9+]+)@/i.exec(rest);
	if (at) {
		const prefix = at[1].toLowerCase();
		address.prefix = prefix;
		rest = rest.slice(at[0].length);
		if (!ADDRESS_PREFIXES_26.has(prefix)) {
			const since = NEWER_ADDRESS_PREFIXES[prefix];
			return {
				address: {...address, family: 'unknown', host: rest},
				error: `invalid address: '${prefix}@' in '${raw}'`,
				newerPrefix: since ? {prefix, since} : undefined,
			};
		}
		const base = prefix.replace(/^(stream|dgram)\+/, '');
		if (base === 'unix' || base === 'uxst' || base === 'uxdg') return {address: {...address, family: 'unix', host: rest}};
		if (base === 'abns') return {address: {...address, family: 'abns', host: rest}};
		if (base === 'fd') return {address: {...address, family: 'fd', host: rest}};
		if (base === 'sockpair') return {address: {...address, family: 'sockpair', host: rest}};
		if (base === 'ipv4' || base === 'tcp4' || base === 'udp4' || base === 'quic4') address.family = 'ipv4';
		if (base === 'ipv6' || base === 'tcp6' || base === 'udp6' || base === 'quic6') address.family = 'ipv6';
		const dgram = prefix.startsWith('dgram+') || base.startsWith('udp');
		if (dgram && !rule.dgramOk) {
			return {address: {...address, host: rest}, error: `dgram-type address not acceptable in '${raw}'`};
		}
	} else if (rest.startsWith('/')) {
		return {address: {...address, family: 'unix', host: rest}};
	}

	let host: string;
	let portSpec: string | undefined;
	if (rest.startsWith('[')) {
		const close = rest.indexOf(']');
		if (close < 0) return {address: {...address, host: rest}, error: `invalid address: '${raw}'`};
		host = rest.slice(1, close);
		const after = rest.slice(close + 1);
		if (after.startsWith(':')) portSpec = after.slice(1);
		else if (after !== '') return {address: {...address, host}, error: `invalid address: '${raw}'`};
	} else {
		const colon = rest.lastIndexOf(':');
		if (colon < 0) host = rest;
		else {
			host = rest.slice(0, colon);
			portSpec = rest.slice(colon + 1);
		}
	}
	address.host = host;
	if (address.family === 'inet' && isIpv6(host)) address.family = 'ipv6';
	else if (address.family === 'inet' && isIpv4(host)) address.family = 'ipv4';

	if (portSpec === undefined || portSpec === '') {
		if (rule.portMandatory) return {address, error: `missing port specification in '${raw}'`};
		return {address};
	}
	if (portSpec.startsWith('+') || (portSpec.startsWith('-') && /^-\d+$/.test(portSpec))) {
		const offset = Number(portSpec);
		address.portOffset = Number.isFinite(offset) ? offset : undefined;
		if (!rule.offset) return {address, error: `port offset not permitted here in '${raw}'`};
		return {address};
	}
	const dash = portSpec.indexOf('-');
	const first = dash < 0 ? portSpec : portSpec.slice(0, dash);
	const toPort = (s: string) => (/^\d+$/.test(s) ? Number(s) : Number.NaN);
	const p1 = toPort(first);
	if (dash >= 0) {
		const secondText = portSpec.slice(dash + 1);
		const p2 = toPort(secondText);
		address.port = Number.isNaN(p1) ? undefined : p1;
		address.portEnd = Number.isNaN(p2) ? undefined : p2;
		if (!rule.range) return {address, error: `port range not permitted here in '${raw}'`};
		if (Number.isNaN(p1) || p1 < 1 || p1 > 65535) return {address, error: `invalid port '${first}'`};
		if (Number.isNaN(p2) || p2 < 1 || p2 > 65535) return {address, error: `invalid port '${secondText}'`};
		if (p1 > p2) return {address, error: `invalid port range '${portSpec}'`};
		return {address};
	}
	address.port = Number.isNaN(p1) ? undefined : p1;
	if (Number.isNaN(p1) || p1 > 65535 || (p1 < 1 && rule.portMandatory)) return {address, error: `invalid port '${first}'`};
	return {address};
}

/** Splits a `bind` address list (`:80,:81`) into its addresses with their columns. */
export function splitAddressList(raw: string, column: number): Array<{text: string; column: number}> {
	const out: Array<{text: string; column: number}> = [];
	let offset = 0;
	for (const part of raw.split(',')) {
		out.push({text: part, column: column + offset});
		offset += part.length + 1;
	}
	return out;
}

/** Parses an HAProxy time value (`50000`, `5s`, `1m`, `100ms`, `2h`, `1d`, `10us`) into milliseconds; undefined when invalid. */
export function parseTime(value: string, defaultUnit: 'ms' | 's' = 'ms'): number | undefined {
	const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h|d)?$/.exec(value.trim());
	if (!m) return undefined;
	const n = Number(m[1]);
	const unit = m[2] ?? defaultUnit;
	const factor = {us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}[unit] ?? 1;
	return n * factor;
}

/** Parses a decimal integer; undefined for anything else. */
export function parseInteger(value: string | undefined): number | undefined {
	if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
	return Number(value);
}
