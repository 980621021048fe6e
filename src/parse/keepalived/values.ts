/**
Value readers with keepalived's own rules: numbers as strtoul/strtod read them (the whole word
must be a number), IPv4/IPv6 addresses as inet_pton accepts them, prefixes, ports, booleans,
and lbwiz's redacted-secret tokens.
*/

/** True when `text` is 1–15 ASCII digits (a safe integer with nothing to trim): the common case, read without a regex. */
function plainDigits(text: string): boolean {
	const length = text.length;
	if (length === 0 || length > 15) return false;
	for (let i = 0; i < length; i++) {
		const c = text.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return true;
}

/** An unsigned decimal integer the way read_unsigned() accepts it, or undefined. */
export function parseUnsigned(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	if (plainDigits(text)) return Number(text);
	const t = text.trim();
	if (!/^\+?\d+$/.test(t)) return undefined;
	const n = Number(t);
	return Number.isSafeInteger(n) ? n : undefined;
}

/** A signed decimal integer (read_int / strtol), or undefined. */
export function parseInteger(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	if (plainDigits(text)) return Number(text);
	const t = text.trim();
	if (!/^[+-]?\d+$/.test(t)) return undefined;
	const n = Number(t);
	return Number.isSafeInteger(n) ? n : undefined;
}

/** A decimal number as strtod reads it (timers: `advert_int 0.5`), or undefined. */
export function parseDecimal(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	if (plainDigits(text)) return Number(text);
	const t = text.trim();
	if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
	const n = Number(t);
	return Number.isFinite(n) ? n : undefined;
}

/** keepalived's check_true_false(): true/on/yes, false/off/no. */
export function parseBoolean(text: string | undefined): boolean | undefined {
	if (text === undefined) return undefined;
	if (text === 'true' || text === 'on' || text === 'yes') return true;
	if (text === 'false' || text === 'off' || text === 'no') return false;
	return undefined;
}

/** True for a dotted-quad IPv4 address as inet_pton accepts it. */
export function isIPv4(text: string): boolean {
	let parts = 0;
	let digits = 0;
	let value = 0;
	for (let i = 0; i <= text.length; i++) {
		const c = i < text.length ? text.charCodeAt(i) : 46;
		if (c === 46) {
			if (digits === 0 || value > 255 || ++parts > 4) return false;
			digits = 0;
			value = 0;
		} else if (c >= 48 && c <= 57 && digits < 3) {
			digits++;
			value = value * 10 + (c - 48);
		} else return false;
	}
	return parts === 4;
}

/** True for an IPv6 address as inet_pton accepts it (no zone index). */
export function isIPv6(text: string): boolean {
	if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return false;
	let body = text;
	let groupsNeeded = 8;
	const lastColon = body.lastIndexOf(':');
	const tail = body.slice(lastColon + 1);
	if (tail.includes('.')) {
		if (!isIPv4(tail)) return false;
		body = `${body.slice(0, lastColon + 1)}0:0`;
	}
	const doubles = body.split('::').length - 1;
	if (doubles > 1) return false;
	if (doubles === 1) {
		const [left, right] = body.split('::');
		const groups = [...(left ? left.split(':') : []), ...(right ? right.split(':') : [])];
		return groups.length <= groupsNeeded - 1 && groups.every(g => /^[0-9A-Fa-f]{1,4}$/.test(g));
	}
	const groups = body.split(':');
	groupsNeeded = 8;
	return groups.length === groupsNeeded && groups.every(g => /^[0-9A-Fa-f]{1,4}$/.test(g));
}

/** The address family of an IP address, or undefined when it is not one. */
export const ipFamily = (text: string): 4 | 6 | undefined => (isIPv4(text) ? 4 : isIPv6(text) ? 6 : undefined);

export type ParsedAddress = {address: string; family: 4 | 6; prefix?: number; rangeEnd?: string};

/**
An address as keepalived reads a VIP / route / rule address: `ADDR`, `ADDR/LEN` and the range
form `10.0.0.1-5` (IPv4 last octet, IPv6 last group). Returns an error text instead when invalid.
*/
export function parseAddress(text: string, options: {prefix?: boolean; range?: boolean} = {}): ParsedAddress | {error: string} {
	let address = text;
	let prefix: number | undefined;
	const slash = text.indexOf('/');
	if (slash >= 0) {
		if (options.prefix === false) return {error: `'${text}' is not an IP address`};
		address = text.slice(0, slash);
		const len = text.slice(slash + 1);
		prefix = parseUnsigned(len);
		if (prefix === undefined) return {error: `invalid prefix length '${len}' in '${text}'`};
	}
	let rangeEnd: string | undefined;
	const dash = address.lastIndexOf('-');
	if (options.range && dash > 0) {
		rangeEnd = address.slice(dash + 1);
		address = address.slice(0, dash);
	}
	const family = ipFamily(address);
	if (!family) return {error: `'${text}' is not a valid IP address`};
	if (prefix !== undefined && prefix > (family === 4 ? 32 : 128)) return {error: `prefix length ${prefix} is out of range for ${family === 4 ? 'IPv4 [0, 32]' : 'IPv6 [0, 128]'} in '${text}'`};
	if (rangeEnd !== undefined) {
		const end = family === 4 ? parseUnsigned(rangeEnd) : Number.parseInt(rangeEnd, 16);
		if (end === undefined || Number.isNaN(end) || end > (family === 4 ? 255 : 0xffff)) return {error: `invalid range end '${rangeEnd}' in '${text}'`};
	}
	return {address, family, ...(prefix !== undefined ? {prefix} : {}), ...(rangeEnd !== undefined ? {rangeEnd} : {})};
}

/** A TCP/UDP port 0–65535, or undefined. */
export function parsePort(text: string | undefined): number | undefined {
	const n = parseUnsigned(text);
	return n !== undefined && n <= 65535 ? n : undefined;
}

const TOKEN = /^lbwiz-redacted:([0-9a-f]{12}):(\d+):([0-9a-f]{12})$/;

/** True when a value is a redacted secret token written by `lbwiz collect`. */
export const isRedactedToken = (value: string): boolean => TOKEN.test(value);

/** The length of a secret: from its redacted token when it is one, otherwise its own length. */
export function secretLength(value: string): number {
	const m = TOKEN.exec(value);
	return m ? Number(m[2]) : [...value].length;
}
