/** An IPv4 address with an optional prefix length, as written in lbwiz.yaml (`203.0.113.100/24`). */
export type Ipv4Cidr = {address: string; prefix?: number};

/** Splits `203.0.113.100/24` into address and prefix; the prefix is undefined when absent. */
export function splitCidr(text: string): Ipv4Cidr {
	const slash = text.indexOf('/');
	if (slash === -1) return {address: text};
	return {address: text.slice(0, slash), prefix: Number(text.slice(slash + 1))};
}

/** The 32-bit value of a dotted-quad address (no validation beyond what the schema did). */
export function ipv4ToNumber(address: string): number {
	return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** The dotted-quad form of a 32-bit value. */
export function numberToIpv4(value: number): string {
	return [24, 16, 8, 0].map(shift => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** True when both addresses are in the same network of the given prefix length. */
export function sameSubnet(a: string, b: string, prefix: number): boolean {
	const size = 2 ** (32 - prefix);
	return Math.floor(ipv4ToNumber(a) / size) === Math.floor(ipv4ToNumber(b) / size);
}

/** `203.0.113.0/24` for (`203.0.113.11`, 24). */
export function networkOf(address: string, prefix: number): string {
	const size = 2 ** (32 - prefix);
	return `${numberToIpv4(Math.floor(ipv4ToNumber(address) / size) * size)}/${prefix}`;
}

/** The dotted netmask of a prefix length (`255.255.255.255` for 32). */
export function prefixToNetmask(prefix: number): string {
	return numberToIpv4(2 ** 32 - 2 ** (32 - prefix));
}
