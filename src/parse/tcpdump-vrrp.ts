/**
`tcpdump -nn -v -l [-tt|-tttt] 'ip proto 112'` → VRRP adverts (print-vrrp.c's format; FIELD-NOTES §2.8).
The `-v` form puts the IP header (ttl) on one line and the VRRP summary on the next, indented; the
plain form has both on one line. The PASS password is read from `auth "…"` (redacted text carries a
token instead: either way the advert gets a SecretRef).
*/
import type {VrrpAdvert} from '../collect/types.js';
import {secretRef} from '../collect/redact.js';

const TIME = /^(\d{10}\.\d+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+|\d\d:\d\d:\d\d\.\d+)\s+/;
const IP_HEADER = /\bIP6? \((?:[^)]*?\bttl (\d+)|[^)]*?\bhlim (\d+))?[^)]*\)/;
const VRRP = /(\S+) > (\S+): (?:vrrp \S+ > \S+: )?VRRPv(\d), (\w+), vrid (\d+), prio (\d+)(?:, authtype (\w+))?, intvl (\d+)(s|cs)(?:, length (\d+))?(.*)$/;

/** Converts tcpdump's timestamp to ISO when it carries a date (`-tt` epoch or `-tttt`; `-tttt` is host-local time). */
export function tcpdumpTime(stamp: string): string {
	if (/^\d{10}\.\d+$/.test(stamp)) return new Date(Math.round(Number(stamp) * 1000)).toISOString();
	return stamp;
}

/** Parses tcpdump's VRRP lines; lines that are not VRRP adverts are ignored. */
export function parseTcpdumpVrrp(text: string, options: {interface?: string} = {}): VrrpAdvert[] {
	const adverts: VrrpAdvert[] = [];
	let pending: {time?: string; ttl?: number} | undefined;
	for (const raw of text.split('\n')) {
		if (raw.trim() === '') continue;
		let line = raw;
		let time: string | undefined;
		const t = TIME.exec(line);
		if (t) {
			time = tcpdumpTime(t[1]);
			line = line.slice(t[0].length);
		}
		const header = IP_HEADER.exec(line);
		const vrrp = VRRP.exec(line);
		if (header && !vrrp) {
			// -v: the summary follows on the next, indented line
			pending = {time, ttl: header[1] ? Number(header[1]) : header[2] ? Number(header[2]) : undefined};
			continue;
		}
		if (!vrrp) {
			pending = undefined;
			continue;
		}
		const context = /^\s/.test(raw) && pending ? pending : {time, ttl: header?.[1] ? Number(header[1]) : header?.[2] ? Number(header[2]) : undefined};
		pending = undefined;
		const [, src, dst, version, type, vrid, prio, authtype, intvl, unit, , rest] = vrrp;
		if (type !== 'Advertisement') continue;
		const advert: VrrpAdvert = {
			...(context.time ? {time: context.time} : {}),
			...(options.interface ? {interface: options.interface} : {}),
			src,
			dst,
			version: version === '3' ? 3 : 2,
			vrid: Number(vrid),
			priority: Number(prio),
			intervalCs: unit === 's' ? Number(intvl) * 100 : Number(intvl),
			addrs: [],
		};
		if (authtype === 'none' || authtype === 'simple' || authtype === 'ah') advert.authType = authtype;
		const addrs = /, addrs(?:\(\d+\))?: ([^\s,][^\s]*)/.exec(rest);
		if (addrs) advert.addrs = addrs[1].split(',').filter(Boolean);
		const auth = / auth "((?:[^"\\]|\\.)*)"/.exec(rest);
		if (auth) advert.auth = secretRef(auth[1].replace(/\\(.)/g, '$1'));
		const ttl = /\(ttl (\d+)\)/.exec(rest);
		if (ttl) advert.ttl = Number(ttl[1]);
		else if (context.ttl !== undefined) advert.ttl = context.ttl;
		if (/bad vrrp cksum/.test(rest)) advert.badChecksum = true;
		adverts.push(advert);
	}
	return adverts;
}

/** tcpdump's closing counters (`N packets captured`, `… dropped by kernel`), from its stderr. */
export function parseTcpdumpCounters(stderr: string): {captured?: number; received?: number; dropped?: number} {
	const n = (re: RegExp) => {
		const m = re.exec(stderr);
		return m ? Number(m[1]) : undefined;
	};
	const out: {captured?: number; received?: number; dropped?: number} = {};
	const captured = n(/(\d+) packets? captured/);
	const received = n(/(\d+) packets? received by filter/);
	const dropped = n(/(\d+) packets? dropped by kernel/);
	if (captured !== undefined) out.captured = captured;
	if (received !== undefined) out.received = received;
	if (dropped !== undefined) out.dropped = dropped;
	return out;
}
