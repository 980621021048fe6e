/**
Builds a Bundle from config TEXT and raw tool outputs, through the same parsers and redaction the
collectors use — for doctor edge cases the lab cannot record (hadolint's inline snippets). Each fact gets
an evidence record whose argv is what a collector would have run, so checks cite evidence as in a real
bundle. Hand-written fact objects are not accepted: everything is text a tool prints.
*/
import type {Bundle, Evidence, FactKey, FactResult, HostBundle, HttpProbe, KeepalivedScript, ServiceState} from '../../src/collect/types.js';
import {parentDirs, parseStatLines, STAT_SCRIPT} from '../../src/collect/collectors/keepalived-scripts.js';
import {scanKeepalived} from '../../src/collect/config-scan.js';
import {BUNDLE_SCHEMA_VERSION} from '../../src/collect/types.js';
import {redactText} from '../../src/collect/redact.js';
import {parseIpAddr} from '../../src/parse/ip-json.js';
import {parseSysctl} from '../../src/parse/sysctl.js';
import {parseTcpdumpVrrp} from '../../src/parse/tcpdump-vrrp.js';
import {parseKeepalivedLog} from '../../src/parse/keepalived-log.js';
import {parseKeepalivedData, parseKeepalivedStats} from '../../src/parse/keepalived-dump.js';
import {parseSystemctlShow} from '../../src/parse/systemctl.js';
import {buildFirewallFacts} from '../../src/parse/firewall.js';
import {parseIpvsadm} from '../../src/parse/ipvsadm.js';
import {parseShowStat} from '../../src/parse/haproxy/stats-csv.js';
import {curlProbeArgv, parseCurlProbe} from '../../src/parse/curl-probe.js';
import {parseClockSync, parseHaproxyVersion, parseKeepalivedVersion} from '../../src/parse/host-info.js';
import type {Topology} from '../../src/model/schema.js';
import {readFileSync} from 'node:fs';

/** One host's inputs: config texts and the outputs of the tools the collectors run. */
export type HostInput = {
	spec?: string;
	/** unreachable host: no facts */
	unreachable?: string;
	/** /etc/keepalived/keepalived.conf text, or {path: text} with the main file first */
	keepalived?: string | Record<string, string>;
	/** /etc/haproxy/haproxy.cfg text */
	haproxy?: string;
	/** `ip -j addr` output, or {ifname: ['addr/prefix', …]} rendered as `ip -j addr` prints it */
	addresses?: string | Record<string, string[]>;
	/** `sysctl` output, or {key: value} rendered as `key = value` lines */
	sysctl?: string | Record<string, string | number>;
	/** `tcpdump -nn -v` output of the capture window */
	tcpdump?: string;
	/** keepalived log text */
	log?: string;
	/** SIGUSR1 keepalived.data / SIGUSR2 keepalived.stats dumps */
	data?: string;
	stats?: string;
	/** daemon states as `systemctl show` prints them: {keepalived: 'active'} is shorthand for ActiveState=active */
	systemctl?: Partial<Record<'keepalived' | 'haproxy', string>>;
	/** `nft -j list ruleset` output */
	nft?: string;
	/** `iptables-save` output */
	iptables?: string;
	/** `ipvsadm -Ln --exact` output (or the "Can't initialize ipvs" error text with ipvsError) */
	ipvsadm?: string;
	ipvsError?: string;
	/** HAProxy `show stat` CSV */
	haproxyStat?: string;
	/** curl probes: what curl printed */
	probes?: Array<{url: string; target: 'realserver' | 'vip'; name?: string; stdout?: string; stderr?: string; exitCode?: number}>;
	/** `keepalived --version` / `haproxy -v` output */
	keepalivedVersion?: string;
	haproxyVersion?: string;
	/** `timedatectl show` output */
	timedatectl?: string;
	/** `keepalived -t` / `haproxy -c` output */
	validation?: Array<{tool: 'keepalived' | 'haproxy'; output: string; exitCode: number; path?: string}>;
	/** keepalived.scripts: the collector's `stat -c '%n|%a|%u|%g|%F'` output for each script and its parent dirs, and the `[ -x ]` survivors */
	stat?: string;
	executable?: string[];
	/** capture window of this host's tcpdump (default: the bundle's) */
	captureSeconds?: number;
};

export type FromConfigsOptions = {topology?: Topology; captureSeconds?: number; scenario?: string; redact?: boolean; createdAt?: string};

/** `ip -j addr` JSON for interfaces given as {ifname: ['203.0.113.11/24']}. */
export function ipAddrJson(interfaces: Record<string, string[]>): string {
	const links = Object.entries(interfaces).map(([ifname, addresses], index) => ({
		ifindex: index + 1,
		ifname,
		flags: ifname === 'lo' ? ['LOOPBACK', 'UP', 'LOWER_UP'] : ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
		mtu: ifname === 'lo' ? 65536 : 1500,
		operstate: ifname === 'lo' ? 'UNKNOWN' : 'UP',
		link_type: ifname === 'lo' ? 'loopback' : 'ether',
		address: ifname === 'lo' ? '00:00:00:00:00:00' : `02:00:00:00:00:${String(index + 1).padStart(2, '0')}`,
		addr_info: addresses.map(cidr => {
			const [local, prefix] = cidr.split('/');
			return {family: 'inet', local, prefixlen: Number(prefix ?? 32), scope: ifname === 'lo' ? 'host' : 'global', label: ifname};
		}),
	}));
	return JSON.stringify(links);
}

/** Builds a Bundle for the given hosts (bundle order = object order). */
export function fromConfigs(hosts: Record<string, HostInput>, options: FromConfigsOptions = {}): Bundle {
	const redact = options.redact ?? true;
	const clean = (text: string) => redactText(text, {enabled: redact});
	const evidence: Record<string, Evidence> = {};
	const createdAt = options.createdAt ?? '2025-01-01T00:00:00.000Z';
	const capture = options.captureSeconds ?? 4;
	const bundleHosts: HostBundle[] = Object.entries(hosts).map(([name, input]) => {
		if (input.unreachable) return {name, spec: input.spec ?? `netns:${name}`, reachable: false, unreachableReason: input.unreachable, facts: {}};
		let n = 0;
		const record = (argv: string[], stdout: string, stderr = '', exitCode = 0): string => {
			const id = `${name}#${++n}`;
			evidence[id] = {id, host: name, argv, exitCode, timedOut: false, durationMs: 1, startedAt: createdAt, stdout: clean(stdout), stderr: clean(stderr), truncated: false};
			return id;
		};
		const facts: HostBundle['facts'] = {};
		const put = <K extends FactKey>(key: K, result: FactResult<unknown>) => {
			(facts as Record<string, FactResult<unknown>>)[key] = result;
		};
		if (input.keepalived !== undefined) {
			const files = typeof input.keepalived === 'string' ? {'/etc/keepalived/keepalived.conf': input.keepalived} : input.keepalived;
			const entries = Object.entries(files);
			const ids = entries.map(([path, content]) => record(['cat', '--', path], content));
			put('keepalived.config', {status: 'ok', value: {mainPath: entries[0][0], files: entries.map(([path, content]) => ({path, content: clean(content)})), source: 'default'}, evidence: ids});
		}
		if (input.stat !== undefined && facts['keepalived.config']?.status === 'ok') {
			const files = facts['keepalived.config'].value.files;
			const stats = new Map(parseStatLines(input.stat).map(st => [st.path, st]));
			const ids = [record(['sh', '-c', STAT_SCRIPT, 'lbwiz-stat', ...stats.keys()], input.stat), record(['sh', '-c', 'for p; do [ -x "$p" ] && printf "%s\\n" "$p"; done; exit 0', 'lbwiz-exec'], (input.executable ?? []).join('\n'))];
			const value: KeepalivedScript[] = scanKeepalived(files.map(f => f.content)).scripts.map(script => {
				const path = script.command.trim().replace(/^["']|["']$/g, '').split(/\s+/)[0];
				return {usedBy: script.usedBy, command: script.command, path, file: stats.get(path) ?? {path, exists: false}, executable: (input.executable ?? []).includes(path), parents: parentDirs(path).map(d => stats.get(d) ?? {path: d, exists: false})};
			});
			put('keepalived.scripts', {status: 'ok', value, evidence: ids});
		}
		if (input.haproxy !== undefined) {
			const id = record(['cat', '--', '/etc/haproxy/haproxy.cfg'], input.haproxy);
			put('haproxy.config', {status: 'ok', value: {mainPath: '/etc/haproxy/haproxy.cfg', files: [{path: '/etc/haproxy/haproxy.cfg', content: clean(input.haproxy)}], source: 'default'}, evidence: [id]});
		}
		if (input.addresses !== undefined) {
			const text = typeof input.addresses === 'string' ? input.addresses : ipAddrJson(input.addresses);
			put('net.addresses', {status: 'ok', value: parseIpAddr(text), evidence: [record(['ip', '-j', 'addr'], text)]});
		}
		if (input.sysctl !== undefined) {
			const text = typeof input.sysctl === 'string' ? input.sysctl : Object.entries(input.sysctl).map(([k, v]) => `${k} = ${v}`).join('\n');
			put('net.sysctl', {status: 'ok', value: parseSysctl(text), evidence: [record(['sysctl', '-e', 'net.ipv4.ip_nonlocal_bind', 'net.ipv4.ip_forward'], text)]});
		}
		if (input.tcpdump !== undefined) {
			const seconds = input.captureSeconds ?? capture;
			const text = clean(input.tcpdump);
			put('vrrp.adverts', {status: 'ok', value: {interfaces: ['eth0'], seconds, adverts: parseTcpdumpVrrp(text, {interface: 'eth0'})}, evidence: [record(['timeout', String(seconds), 'tcpdump', '-nn', '-v', '-l', '-i', 'eth0', 'ip proto 112'], input.tcpdump)]});
		}
		if (input.log !== undefined) {
			const parsed = parseKeepalivedLog(clean(input.log));
			put('keepalived.log', {status: 'ok', value: {source: '/var/log/keepalived.log', ...parsed}, evidence: [record(['tail', '-n', '2000', '/var/log/keepalived.log'], input.log)]});
		}
		if (input.data !== undefined) put('keepalived.data', {status: 'ok', value: parseKeepalivedData(clean(input.data)), evidence: [record(['cat', '--', '/tmp/keepalived.data'], input.data)]});
		if (input.stats !== undefined) put('keepalived.stats', {status: 'ok', value: parseKeepalivedStats(input.stats), evidence: [record(['cat', '--', '/tmp/keepalived.stats'], input.stats)]});
		if (input.systemctl !== undefined) {
			const states: ServiceState[] = [];
			const ids: string[] = [];
			for (const [unit, state] of Object.entries(input.systemctl)) {
				const text = state.includes('=') ? state : `ActiveState=${state}\nUnitFileState=enabled\nMainPID=${state === 'active' ? 1234 : 0}`;
				const props = parseSystemctlShow(text);
				ids.push(record(['systemctl', 'show', '-p', 'ActiveState,UnitFileState,MainPID', `${unit}.service`], text));
				const running = props.ActiveState === 'active' || props.ActiveState === 'reloading';
				states.push({name: unit as 'keepalived' | 'haproxy', init: 'systemd', active: props.ActiveState, enabled: props.UnitFileState, running, pids: running && props.MainPID && props.MainPID !== '0' ? [Number(props.MainPID)] : []});
			}
			put('service.state', {status: 'ok', value: states, evidence: ids});
		}
		if (input.nft !== undefined || input.iptables !== undefined) {
			const ids = [...(input.nft !== undefined ? [record(['nft', '-j', 'list', 'ruleset'], input.nft)] : []), ...(input.iptables !== undefined ? [record(['iptables-save'], input.iptables)] : [])];
			put('firewall.ruleset', {status: 'ok', value: buildFirewallFacts({nftJson: input.nft, iptablesSave: input.iptables}), evidence: ids});
		}
		if (input.ipvsadm !== undefined || input.ipvsError !== undefined) {
			const id = record(['ipvsadm', '-Ln', '--exact'], input.ipvsadm ?? '', input.ipvsError ?? '', input.ipvsError ? 2 : 0);
			put('ipvs.table', {status: 'ok', value: input.ipvsError ? {available: false, reason: input.ipvsError.split('\n')[0], services: []} : parseIpvsadm(input.ipvsadm!), evidence: [id]});
		}
		if (input.haproxyStat !== undefined) {
			put('haproxy.stats', {status: 'ok', value: {socket: '/run/haproxy/admin.sock', rows: parseShowStat(input.haproxyStat).map(row => row.columns)}, evidence: [record(['socat', '-t', '2', 'stdio', 'UNIX-CONNECT:/run/haproxy/admin.sock'], input.haproxyStat)]});
		}
		if (input.probes !== undefined) {
			const probes: HttpProbe[] = [];
			const ids: string[] = [];
			for (const p of input.probes) {
				const stdout = p.stdout ?? '';
				const stderr = p.stderr ?? '';
				ids.push(record(curlProbeArgv(p.url), stdout, stderr, p.exitCode ?? 0));
				const result = parseCurlProbe(stdout, stderr, p.exitCode ?? 0);
				probes.push({from: name, target: p.target, ...(p.name ? {name: p.name} : {}), url: p.url, ok: result.ok, ...(result.status !== undefined ? {status: result.status} : {}), ...(result.timeMs !== undefined ? {timeMs: result.timeMs} : {}), ...(result.error ? {error: result.error} : {})});
			}
			put('http.probes', {status: 'ok', value: probes, evidence: ids});
		}
		if (input.keepalivedVersion !== undefined) {
			const version = parseKeepalivedVersion(input.keepalivedVersion);
			const id = record(['keepalived', '--version'], '', input.keepalivedVersion);
			put('keepalived.version', version ? {status: 'ok', value: {version, raw: input.keepalivedVersion}, evidence: [id]} : {status: 'unavailable', reason: 'keepalived --version printed no version', evidence: [id]});
		}
		if (input.haproxyVersion !== undefined) {
			const version = parseHaproxyVersion(input.haproxyVersion);
			const id = record(['haproxy', '-v'], input.haproxyVersion);
			if (version) put('haproxy.version', {status: 'ok', value: {version, raw: input.haproxyVersion}, evidence: [id]});
		}
		if (input.timedatectl !== undefined) {
			const id = record(['timedatectl', 'show'], input.timedatectl);
			put('clock.sync', {status: 'ok', value: {synchronized: parseClockSync(input.timedatectl, 'timedatectl'), source: 'timedatectl', raw: input.timedatectl}, evidence: [id]});
		}
		if (input.validation !== undefined) {
			const ids: string[] = [];
			const value = input.validation.map(v => {
				const path = v.path ?? (v.tool === 'keepalived' ? '/etc/keepalived/keepalived.conf' : '/etc/haproxy/haproxy.cfg');
				ids.push(record(v.tool === 'keepalived' ? ['keepalived', '-t', '-f', path] : ['haproxy', '-c', '-f', path], v.tool === 'haproxy' ? v.output : '', v.tool === 'keepalived' ? v.output : '', v.exitCode));
				return {tool: v.tool, path, exitCode: v.exitCode, output: clean(v.output)};
			});
			put('config.validation', {status: 'ok', value, evidence: ids});
		}
		return {name, spec: input.spec ?? `netns:${name}`, reachable: true, facts};
	});
	return {
		schemaVersion: BUNDLE_SCHEMA_VERSION,
		tool: {name: 'lbwiz', version: 'test'},
		createdAt,
		redacted: redact,
		...(options.topology ? {topology: options.topology} : {}),
		capture: {seconds: capture},
		...(options.scenario ? {scenario: options.scenario} : {}),
		hosts: bundleHosts,
		evidence,
	};
}

/** A keepalived.conf for one director of a two-node pair (the seed guides' shape), with overrides. */
export function keepalivedConf(options: {
	routerId?: string;
	state?: string;
	priority?: number | null;
	vrid?: number;
	interface?: string;
	advertInt?: number;
	authPass?: string | null;
	vips?: string[];
	globals?: string[];
	extra?: string[];
	scripts?: string;
	virtualServers?: string;
	name?: string;
}): string {
	const lines = [
		'global_defs {',
		`    router_id ${options.routerId ?? 'lb'}`,
		...(options.globals ?? []).map(g => `    ${g}`),
		'}',
		'',
		...(options.scripts ? [options.scripts, ''] : []),
		`vrrp_instance ${options.name ?? 'VI_1'} {`,
		`    state ${options.state ?? 'MASTER'}`,
		`    interface ${options.interface ?? 'eth0'}`,
		`    virtual_router_id ${options.vrid ?? 51}`,
		...(options.priority === null ? [] : [`    priority ${options.priority ?? 100}`]),
		`    advert_int ${options.advertInt ?? 1}`,
		...(options.authPass === null ? [] : ['    authentication {', '        auth_type PASS', `        auth_pass ${options.authPass ?? 'lab-pass'}`, '    }']),
		'    virtual_ipaddress {',
		...(options.vips ?? ['203.0.113.100/24 dev eth0']).map(v => `        ${v}`),
		'    }',
		...(options.extra ?? []).map(e => `    ${e}`),
		'}',
		...(options.virtualServers ? ['', options.virtualServers] : []),
		'',
	];
	return lines.join('\n');
}

/** tcpdump -nn -v lines for `count` adverts from `src` (VRRPv2, PASS with `pass`, one VIP). */
export function tcpdumpAdverts(src: string, options: {vrid?: number; prio?: number; pass?: string | null; addrs?: string[]; count?: number; intervalS?: number; start?: number} = {}): string {
	const lines: string[] = [];
	const addrs = options.addrs ?? ['203.0.113.100'];
	for (let i = 0; i < (options.count ?? 4); i++) {
		const t = (options.start ?? 1735689600) + i * (options.intervalS ?? 1);
		lines.push(`${t}.000000 IP (tos 0xc0, ttl 255, id ${100 + i}, offset 0, flags [none], proto VRRP (112), length ${20 + 8 + 4 * addrs.length + 8})`);
		const auth = options.pass === null ? 'authtype none' : 'authtype simple';
		lines.push(`    ${src} > 224.0.0.18: VRRPv2, Advertisement, vrid ${options.vrid ?? 51}, prio ${options.prio ?? 100}, ${auth}, intvl ${options.intervalS ?? 1}s, length ${8 + 4 * addrs.length + 8}, addrs${addrs.length > 1 ? `(${addrs.length})` : ''}: ${addrs.join(',')}${options.pass === null ? '' : ` auth "${(options.pass ?? 'lab-pass').slice(0, 8)}"`}`);
	}
	return `${lines.join('\n')}\n`;
}

/** Options of keepalivedConf (re-exported for pair builders). */
export type KeepalivedConfOptions = Parameters<typeof keepalivedConf>[0];

/**
Inputs for the lab's healthy pair as text: lb1 MASTER 100 holding 203.0.113.100, lb2 BACKUP 90, both
hearing lb1's adverts, keepalived active. Override a director's config options or host inputs.
*/
export function pairInputs(options: {lb1?: KeepalivedConfOptions; lb2?: KeepalivedConfOptions; hosts?: Record<string, Partial<HostInput>>} = {}): Record<string, HostInput> {
	const adverts = tcpdumpAdverts('203.0.113.11');
	const base: Record<string, HostInput> = {
		lb1: {
			keepalived: keepalivedConf({routerId: 'lb1', state: 'MASTER', priority: 100, ...options.lb1}),
			addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.11/24', '203.0.113.100/24']},
			systemctl: {keepalived: 'active'},
			tcpdump: adverts,
			keepalivedVersion: 'Keepalived v2.2.7 (01/16,2022)',
		},
		lb2: {
			keepalived: keepalivedConf({routerId: 'lb2', state: 'BACKUP', priority: 90, ...options.lb2}),
			addresses: {lo: ['127.0.0.1/8'], eth0: ['203.0.113.12/24']},
			systemctl: {keepalived: 'active'},
			tcpdump: adverts,
			keepalivedVersion: 'Keepalived v2.2.7 (01/16,2022)',
		},
	};
	for (const [name, patch] of Object.entries(options.hosts ?? {})) base[name] = {...(base[name] ?? {}), ...patch};
	return base;
}

/** A recorded tool output from fixtures/outputs/ (real tools' text, recorded by fixtures/outputs/record.sh). */
export function toolOutput(relative: string): string {
	return readFileSync(new URL(`../../fixtures/outputs/${relative}`, import.meta.url), 'utf8');
}
