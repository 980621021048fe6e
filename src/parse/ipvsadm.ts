/**
ipvsadm's listings (ipvsadm.c; FIELD-NOTES §2.9): `-Ln --exact`, `-Ln --stats --exact` and
`-Ln --rate --exact`, merged into one IpvsTable. "Can't initialize ipvs" is a fact, not an error.
*/
import type {IpvsService, IpvsTable} from '../collect/types.js';

const SERVICE = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s*(.*)$/;
const REAL = /^\s+->\s+(\S+)\s+(.*)$/;

/** `ADDR:PORT` / `[V6]:PORT` → address and port. */
export function splitAddressPort(text: string): {address: string; port?: number} {
	const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(text);
	if (v6) return {address: v6[1], port: Number(v6[2])};
	const v4 = /^(.*):(\d+)$/.exec(text);
	if (v4) return {address: v4[1], port: Number(v4[2])};
	return {address: text};
}

/** The "IPVS is not there" messages, or undefined when the output is a listing. */
export function ipvsUnavailableReason(output: string): string | undefined {
	const m = /Can't initialize ipvs: ([^\n]*)/.exec(output);
	if (m) return `IPVS is not available: ${m[1].trim()} (is the ip_vs module loaded? \`modprobe ip_vs\`; in a container the host must load it)`;
	if (/Permission denied \(you must be root\)/.test(output)) return 'ipvsadm needs root (Permission denied)';
	if (/Protocol not available/.test(output)) return 'IPVS is not available: Protocol not available';
	return undefined;
}

const num = (v: string) => {
	const m = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(v);
	if (!m) return Number.NaN;
	const scale = {K: 1e3, M: 1e6, G: 1e9, T: 1e12}[m[2] as 'K'] ?? 1;
	return Number(m[1]) * scale;
};

/** Parses `ipvsadm -Ln [--exact]`. */
export function parseIpvsadmList(text: string): IpvsTable {
	const reason = ipvsUnavailableReason(text);
	if (reason) return {available: false, reason, services: []};
	const services: IpvsService[] = [];
	let current: IpvsService | undefined;
	for (const line of text.split('\n')) {
		if (/^(IP Virtual Server|Prot LocalAddress|\s+-> RemoteAddress)/.test(line) || line.trim() === '') continue;
		const s = SERVICE.exec(line);
		if (s) {
			const [, protocol, where, rest] = s;
			const words = rest.trim().split(/\s+/).filter(Boolean);
			const {address, port} = protocol === 'FWM' ? {address: where, port: undefined} : splitAddressPort(where);
			current = {protocol: protocol as IpvsService['protocol'], address, ...(port !== undefined ? {port} : {}), scheduler: words[0] ?? '', flags: [], reals: []};
			for (let i = 1; i < words.length; i++) {
				if (words[i] === 'persistent' && /^\d+$/.test(words[i + 1] ?? '')) current.persistent = Number(words[++i]);
				else if ((words[i] === 'mask' || words[i] === 'pe') && words[i + 1]) current.flags.push(`${words[i]} ${words[++i]}`);
				else current.flags.push(words[i]);
			}
			services.push(current);
			continue;
		}
		const r = REAL.exec(line);
		if (r && current) {
			const [, where, rest] = r;
			const [forward, weight, active, inact] = rest.trim().split(/\s+/);
			const {address, port} = splitAddressPort(where);
			current.reals.push({address, port: port ?? 0, forward, weight: Number(weight), activeConn: Number(active), inactConn: Number(inact)});
		}
	}
	return {available: true, services};
}

type Counters = Record<string, number>;
/** Parses `--stats` or `--rate` (same layout; column names from the header). */
export function parseIpvsadmCounters(text: string): {services: Map<string, {own: Counters; reals: Map<string, Counters>}>} | undefined {
	if (ipvsUnavailableReason(text)) return undefined;
	const lines = text.split('\n');
	const header = lines.find(l => l.startsWith('Prot LocalAddress:Port'));
	if (!header) return undefined;
	const names = header.split(/\s+/).slice(2);
	const services = new Map<string, {own: Counters; reals: Map<string, Counters>}>();
	let current: {own: Counters; reals: Map<string, Counters>} | undefined;
	const read = (values: string[]) => Object.fromEntries(names.map((n, i) => [n, num(values[i] ?? '')]).filter(([, v]) => !Number.isNaN(v)));
	for (const line of lines) {
		const s = SERVICE.exec(line);
		if (s && !line.startsWith('Prot')) {
			current = {own: read(s[3].trim().split(/\s+/)), reals: new Map()};
			services.set(`${s[1]} ${s[2]}`, current);
			continue;
		}
		const r = REAL.exec(line);
		if (r && current && r[1] !== 'RemoteAddress:Port') current.reals.set(r[1], read(r[2].trim().split(/\s+/)));
	}
	return {services};
}

const keyOf = (s: IpvsService) => `${s.protocol} ${s.protocol === 'FWM' ? s.address : s.address.includes(':') ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`}`;

/** Merges the three listings into one table (stats into `stats`, rates into `rate`). */
export function parseIpvsadm(list: string, stats?: string, rate?: string): IpvsTable {
	const table = parseIpvsadmList(list);
	if (!table.available) return table;
	const s = stats ? parseIpvsadmCounters(stats) : undefined;
	const r = rate ? parseIpvsadmCounters(rate) : undefined;
	for (const service of table.services) {
		const own = s?.services.get(keyOf(service));
		if (own) {
			service.stats = {conns: own.own.Conns ?? 0, inPkts: own.own.InPkts ?? 0, outPkts: own.own.OutPkts ?? 0, inBytes: own.own.InBytes ?? 0, outBytes: own.own.OutBytes ?? 0};
			for (const real of service.reals) {
				const c = own.reals.get(real.address.includes(':') ? `[${real.address}]:${real.port}` : `${real.address}:${real.port}`);
				if (c) real.stats = {conns: c.Conns ?? 0, inPkts: c.InPkts ?? 0, outPkts: c.OutPkts ?? 0, inBytes: c.InBytes ?? 0, outBytes: c.OutBytes ?? 0};
			}
		}
		const rates = r?.services.get(keyOf(service));
		if (rates) service.rate = {cps: rates.own.CPS ?? 0, inPps: rates.own.InPPS ?? 0, outPps: rates.own.OutPPS ?? 0, inBps: rates.own.InBPS ?? 0, outBps: rates.own.OutBPS ?? 0};
	}
	return table;
}
