/**
Existing keepalived.conf files (one per director) and haproxy.cfg files (one per HAProxy node) →
the lbwiz.yaml that describes them. keepalived's own defaults fill what the files leave out, so the
rendered configs behave like the originals; everything the model cannot say becomes a warning.
*/
import {basename} from 'node:path';
import type {TopologyDiagnostic} from '../model/diagnostics.js';
import {TopologyError} from '../model/diagnostics.js';
import {ipv4ToNumber, numberToIpv4} from '../model/ipv4.js';
import {parseTopology} from '../model/load-topology.js';
import type {TopologyInput} from '../model/schema.js';
import {VERSION} from '../version.js';
import {importHaproxy} from './haproxy-import.js';
import type {At, KaChecker, KaFile, KaInstance, KaVirtualServer} from './keepalived-facts.js';
import {topologyToYaml, type YamlNote} from './to-yaml.js';
import {hostNameFrom, RealServerRegistry, WarningLog, type ImportSource, type ImportWarning, type Place} from './types.js';

type DirectorInput = TopologyInput['directors'][number];
type VrrpInput = NonNullable<TopologyInput['vrrp']>;
type LvsInput = NonNullable<TopologyInput['lvs']>[number];
type HealthCheckInput = NonNullable<LvsInput['health_check']>;

/** keepalived 2.2.7's defaults for what a config leaves out (keepalived.conf(5)). */
export const KEEPALIVED_DEFAULTS = {
	priority: 100,
	advertInt: 1,
	connectTimeout: 5,
	delayLoop: 60,
	retry: 1,
	miscRetry: 0,
	delayBeforeRetry: 1,
	httpDelayBeforeRetry: 3,
	lbKind: 'NAT',
	lbAlgo: 'wlc',
	protocol: 'TCP',
	weight: 1,
	persistenceWithoutValue: 360,
	script: {interval: 1, weight: 0, fall: 1, rise: 1},
} as const;

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const SCHEDULERS = new Set(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh']);
const CHECKERS = new Set(['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK']);
/** global_defs keywords lbwiz renders itself or that do not change behaviour worth a warning. */
const GLOBAL_RENDERED = new Set(['router_id', 'enable_script_security', 'script_user', 'notification_email', 'notification_email_from', 'smtp_server', 'smtp_connect_timeout', 'vrrp_version']);

/** The files to import, already read. */
export type ImportInput = {
	/** keepalived.conf files, one per director (MASTER first reads best). */
	keepalived: readonly KaFile[];
	/** haproxy.cfg files, one per HAProxy node. */
	haproxy?: readonly ImportSource[];
	/** `name:` of the topology. */
	name?: string;
	/** Known director addresses by director name or by file (`lb1=203.0.113.11`). */
	addresses?: Readonly<Record<string, string>>;
};

/** The imported topology, its YAML text, and what to tell the user. */
export type ImportResult = {
	topology: TopologyInput;
	yaml: string;
	warnings: ImportWarning[];
	/** What the lbwiz.yaml validator says about the result (errors mean it needs editing before `setup`). */
	validation: TopologyDiagnostic[];
	valid: boolean;
};

/** Builds lbwiz.yaml from keepalived (already read into KaFile) and haproxy sources. */
export function importTopology(input: ImportInput): ImportResult {
	const log = new WarningLog();
	const files = input.keepalived;
	for (const f of files) {
		for (const e of f.errors) log.warn(e.at, 'keepalived-syntax', `the keepalived parser reports: ${e.value}`);
		for (const r of f.recovered) log.warn(r.at, 'typo-recovered', r.value);
		for (const vs of f.virtualServers) if (vs.recoveredTypo) log.warn(vs.at, 'typo-recovered', vs.recoveredTypo);
	}

	const names = directorNames(files, input.haproxy ?? []);
	const registry = new RealServerRegistry(names);
	const instances = files.map(f => pickInstance(f, log));
	const haproxy = importHaproxy(input.haproxy ?? [], registry, log);

	const vrrp = files.length > 0 ? importVrrp(files, instances, Boolean(haproxy), log) : undefined;
	const lvs = importLvs(files, registry, log);
	const notes: YamlNote[] = [];
	const directors: DirectorInput[] = [];
	const peerAddresses = new Set(instances.flatMap(i => i?.unicastPeers.map(p => p.value).filter(a => IPV4.test(a)) ?? []));
	files.forEach((f, i) => {
		const instance = instances[i];
		const director: DirectorInput = {name: names[i], address: ''};
		if (instance) {
			director.interface = instance.interface?.value ?? 'eth0';
			if (!instance.interface) log.warn(instance.at, 'no-interface', `vrrp_instance ${instance.name} has no interface; assumed eth0`);
			director.state = stateOf(instance, log);
			director.priority = instance.priority?.value ?? KEEPALIVED_DEFAULTS.priority;
			const known = input.addresses?.[names[i]] ?? input.addresses?.[f.file] ?? input.addresses?.[basename(f.file)];
			const own = [instance.unicastSrcIp?.value, instance.mcastSrcIp?.value].find(a => a !== undefined && IPV4.test(a));
			// An address owner (priority 255) holds the VIP as its own address.
			const owner = director.priority === 255 ? instance.vips.find(v => IPV4.test(v.address))?.address : undefined;
			director.address = known ?? own ?? owner ?? '';
		}
		if (f.routerId && f.routerId.value !== names[i]) director.router_id = f.routerId.value;
		directors.push(director);
	});
	if (files.length === 0 && haproxy) {
		const name = names[0];
		directors.push({name, address: input.addresses?.[name] ?? ''});
	}
	fillAddresses(directors, [...peerAddresses], vrrp, registry, notes, log, files);

	const realServers = [...registry.byAddress.values()].map(r => ({
		name: r.name,
		address: r.address,
		...(r.port !== undefined ? {port: r.port} : {}),
		...(r.weight !== undefined && r.weight !== 1 ? {weight: r.weight} : {}),
	}));

	const topology: TopologyInput = {name: input.name ?? topologyName(files, directors), directors};
	if (vrrp) topology.vrrp = vrrp;
	if (lvs.length > 0) topology.lvs = lvs;
	if (haproxy) {
		topology.haproxy = haproxy.haproxy;
		const nodes = haproxyNodes(files.length, haproxy.nodes, directors, lvs, log, input.haproxy ?? []);
		if (nodes) topology.haproxy = {nodes, ...haproxy.haproxy};
	}
	if (realServers.length > 0) topology.real_servers = realServers;

	const sources = [...files.map(f => f.file), ...(input.haproxy ?? []).map(h => h.file)];
	const warnings = log.sorted();
	const header = [
		`Imported by lbwiz ${VERSION} from ${sources.join(', ')}.`,
		'Review before `lbwiz setup`: values keepalived/HAProxy default were written out explicitly,',
		`and ${warnings.filter(w => w.severity === 'warning').length} warning(s) list what lbwiz.yaml cannot express (see \`lbwiz import\` output).`,
	];
	const yaml = topologyToYaml(topology, header, notes);
	let validation: TopologyDiagnostic[] = [];
	let valid = true;
	try {
		validation = parseTopology(yaml, 'lbwiz.yaml').warnings;
	} catch (error) {
		if (!(error instanceof TopologyError)) throw error;
		validation = error.diagnostics;
		valid = false;
	}
	return {topology, yaml, warnings, validation, valid};
}

/** Director names: router_id when valid and unique, else the file's base name, else lb1, lb2… */
function directorNames(files: readonly KaFile[], haproxy: readonly ImportSource[]): string[] {
	if (files.length === 0) return haproxy.length > 0 ? [hostNameFrom(basename(haproxy[0].file).replace(/\.cfg$/, '')) ?? 'haproxy1'] : [];
	const byRouterId = files.map(f => hostNameFrom(f.routerId?.value));
	if (byRouterId.every(n => n !== undefined) && new Set(byRouterId).size === files.length) return byRouterId as string[];
	const byFile = files.map(f => hostNameFrom(basename(f.file).replace(/\.conf$/, '').replace(/^keepalived[-_.]?/, '')));
	if (byFile.every(n => n !== undefined && n !== '') && new Set(byFile).size === files.length) return byFile as string[];
	return files.map((_, i) => `lb${i + 1}`);
}

function topologyName(files: readonly KaFile[], directors: readonly DirectorInput[]): string {
	const base = hostNameFrom(files[0]?.routerId?.value)?.toLowerCase() ?? directors[0]?.name ?? 'imported';
	return `${base.replace(/[^A-Za-z0-9_.-]/g, '-')}-cluster`;
}

function pickInstance(f: KaFile, log: WarningLog): KaInstance | undefined {
	if (f.instances.length === 0) {
		log.warn({file: f.file, line: 1}, 'no-vrrp-instance', 'no vrrp_instance: this file has no VRRP part');
		return undefined;
	}
	for (const extra of f.instances.slice(1)) log.warn(extra.at, 'extra-instance', `vrrp_instance ${extra.name}: lbwiz.yaml models one VRRP instance (${f.instances[0].name}); not imported`);
	for (const group of f.syncGroups) log.warn(group, 'sync-group', 'vrrp_sync_group is not modelled (one instance needs none); not imported');
	return f.instances[0];
}

function stateOf(instance: KaInstance, log: WarningLog): 'MASTER' | 'BACKUP' {
	const state = instance.state?.value;
	if (state === 'MASTER' || state === 'BACKUP') return state;
	if (state === undefined) {
		log.warn(instance.at, 'no-state', `vrrp_instance ${instance.name} has no state; keepalived starts it as BACKUP`);
		return 'BACKUP';
	}
	log.warn(instance.state!.at, 'unknown-state', `state ${state} is not MASTER or BACKUP: keepalived says "unknown state '${state}', defaulting to BACKUP"; imported as BACKUP${state.toUpperCase() === 'MASTER' ? ' (you probably meant MASTER)' : ''}`);
	return 'BACKUP';
}

/** Compares one instance value across files; warns at the first file that differs. */
function agree<T>(instances: ReadonlyArray<KaInstance | undefined>, get: (i: KaInstance) => At<T> | undefined, what: string, log: WarningLog, secret = false) {
	const values = instances.map(i => (i ? get(i) : undefined));
	const first = values.find(v => v !== undefined);
	for (const v of values) {
		if (v && first && JSON.stringify(v.value) !== JSON.stringify(first.value)) {
			log.warn(v.at, 'peers-disagree', `${what} differs between the files (${secret ? 'two different values' : `${String(v.value)} here, ${String(first.value)} in ${first.at.file}`}); lbwiz.yaml has one value for all directors: ${first.at.file}'s`);
		}
	}
	return first;
}

function importVrrp(files: readonly KaFile[], instances: ReadonlyArray<KaInstance | undefined>, withHaproxy: boolean, log: WarningLog): VrrpInput | undefined {
	const first = instances.find(i => i !== undefined);
	if (!first) return undefined;
	const vrid = agree(instances, i => i.virtualRouterId, 'virtual_router_id', log);
	const advert = agree(instances, i => i.advertInt, 'advert_int', log);
	agree(instances, i => i.authPass, 'auth_pass', log, true);
	agree(instances, i => i.authType, 'auth_type', log);
	agree(instances, i => (i.vips.length > 0 ? {value: i.vips.map(v => `${v.address}/${v.prefix ?? 32}`).sort(), at: i.vips[0].at} : undefined), 'the VIP list', log);
	const vrrp: VrrpInput = {virtual_router_id: vrid?.value ?? 51, vips: []};
	if (!vrid) log.warn(first.at, 'no-vrid', `vrrp_instance ${first.name} has no virtual_router_id (keepalived refuses it); imported as 51`);
	if (/^[A-Za-z0-9_.-]+$/.test(first.name) && first.name !== 'VI_1') vrrp.instance = first.name;
	vrrp.advert_int = advert?.value ?? KEEPALIVED_DEFAULTS.advertInt;
	const version = first.version?.value ?? files[0].vrrpVersion?.value;
	if (version === 3) vrrp.version = 3;
	if (first.authType && first.authType.value !== 'PASS') {
		log.warn(first.authType.at, 'auth-ah', `auth_type ${first.authType.value} is not modelled (lbwiz supports PASS); imported without authentication`);
	} else if (first.authPass) {
		let pass = first.authPass.value;
		if (pass.length > 8) {
			log.warn(first.authPass.at, 'auth-truncated', `auth_pass is ${pass.length} characters; keepalived truncates it to 8 ("Truncating auth_pass to 8 characters"), and so does lbwiz.yaml`);
			pass = pass.slice(0, 8);
		}
		vrrp.auth_pass = pass;
	}
	if (instances.some(i => i && i.unicastPeers.length > 0)) {
		vrrp.unicast = true;
		if (instances.some(i => i && i.unicastPeers.length === 0)) log.warn(first.at, 'unicast-mixed', 'some files use unicast_peer and some multicast; imported as unicast for all');
	}
	for (const i of instances) if (i?.mcastSrcIp) log.warn(i.mcastSrcIp.at, 'mcast-src-ip', `mcast_src_ip ${i.mcastSrcIp.value}: used as this director's address; lbwiz renders no mcast_src_ip (keepalived uses the interface's primary address)`, 'info');
	const nopreempt = instances.filter(i => i?.nopreempt);
	if (nopreempt.length > 0) {
		vrrp.nopreempt = true;
		if (nopreempt.length !== instances.filter(Boolean).length) log.warn(nopreempt[0]!.nopreempt!, 'nopreempt-mixed', 'nopreempt is set on some directors only; lbwiz.yaml sets it for all (rendered with state BACKUP everywhere)');
	}
	for (const vip of first.vips) {
		vrrp.vips.push(vip.prefix === undefined ? vip.address : `${vip.address}/${vip.prefix}`);
		if (vip.dev && first.interface && vip.dev !== first.interface.value) log.warn(vip.at, 'vip-dev', `VIP ${vip.address} on dev ${vip.dev}, not the instance interface ${first.interface.value}: lbwiz renders every VIP on the director's interface`);
		if (vip.extra.length > 0) log.warn(vip.at, 'vip-options', `VIP ${vip.address}: ${vip.extra.join(' ')} not modelled; dropped`);
	}
	if (vrrp.vips.length === 0) log.warn(first.at, 'no-vips', `vrrp_instance ${first.name} has no virtual_ipaddress`);

	const f0 = files[0];
	if (f0.notificationEmail.length > 0) vrrp.notification_email = f0.notificationEmail;
	if (f0.notificationEmailFrom) vrrp.notification_email_from = f0.notificationEmailFrom.value;
	if (f0.smtpServer) vrrp.smtp_server = f0.smtpServer.value;
	if (f0.smtpConnectTimeout) vrrp.smtp_connect_timeout = f0.smtpConnectTimeout.value;
	for (const f of files) {
		for (const g of f.globalOther) if (!GLOBAL_RENDERED.has(g.value)) log.warn(g.at, 'global-unexpressed', `global_defs ${g.value} is not expressed in lbwiz.yaml; the rendered config drops it`);
		for (const t of f.topOther) log.warn(t.at, 'unexpressed', `${t.value} is not expressed in lbwiz.yaml; not imported`);
	}
	for (const i of instances) for (const o of i?.other ?? []) log.warn(o.at, 'instance-unexpressed', `${o.value} in vrrp_instance ${i!.name} is not expressed in lbwiz.yaml; dropped`);

	const tracked = first.trackScripts;
	if (tracked.length > 0) {
		const track = tracked[0];
		const script = files[0].scripts.find(s => s.name === track.name);
		if (!withHaproxy) {
			log.warn(track.at, 'track-script', `track_script ${track.name}${script?.script ? ` (${script.script})` : ''}: lbwiz.yaml tracks HAProxy only (vrrp.track_haproxy, needs --haproxy); not imported, so the VIP moves only when keepalived stops`);
		} else {
			const d = KEEPALIVED_DEFAULTS.script;
			vrrp.track_haproxy = {weight: track.weight ?? script?.weight ?? d.weight, interval: script?.interval ?? d.interval, fall: script?.fall ?? d.fall, rise: script?.rise ?? d.rise};
			log.warn(script?.at ?? track.at, 'track-script-replaced', `vrrp_script ${track.name}${script?.script ? ` (${script.script})` : ''} becomes track_haproxy: lbwiz renders its own namespace-safe check (/etc/keepalived/check_haproxy.sh: is HAProxy listening?) with the same interval/weight/fall/rise`, 'info');
		}
		for (const extra of tracked.slice(1)) log.warn(extra.at, 'track-script', `track_script ${extra.name}: lbwiz.yaml tracks one script; not imported`);
	}
	return orderKeys(vrrp, ['instance', 'virtual_router_id', 'advert_int', 'version', 'auth_pass', 'unicast', 'nopreempt', 'vips', 'track_haproxy']);
}

/** The same object with `first` keys leading in that order (lbwiz.yaml reads like the docs). */
function orderKeys<T extends object>(object: T, first: ReadonlyArray<keyof T & string>): T {
	const out: Record<string, unknown> = {};
	for (const key of first) if ((object as Record<string, unknown>)[key] !== undefined) out[key] = (object as Record<string, unknown>)[key];
	for (const [key, value] of Object.entries(object)) if (!(key in out) && value !== undefined) out[key] = value;
	return out as T;
}

function importLvs(files: readonly KaFile[], registry: RealServerRegistry, log: WarningLog): LvsInput[] {
	if (files.length === 0) return [];
	const services = files[0].virtualServers.map(vs => importService(vs, registry, log)).filter((s): s is LvsInput => s !== undefined);
	const shape = (list: readonly KaVirtualServer[]) => JSON.stringify(list.map(vs => ({a: vs.address, p: vs.port, k: vs.lbKind?.value, s: vs.lbAlgo?.value, t: vs.persistenceTimeout?.value, r: vs.realServers.map(r => [r.address, r.port, r.weight, r.checkers.map(c => [c.type, c.connectPort, c.connectTimeout])])})));
	for (const f of files.slice(1)) {
		if (shape(f.virtualServers) !== shape(files[0].virtualServers)) {
			log.warn(f.virtualServers[0]?.at ?? {file: f.file, line: 1}, 'lvs-differs', `the virtual servers of ${f.file} differ from ${files[0].file}'s; lbwiz.yaml describes ${files[0].file}'s and renders them on every director`);
		}
	}
	return services;
}

function importService(vs: KaVirtualServer, registry: RealServerRegistry, log: WarningLog): LvsInput | undefined {
	if (vs.fwmark !== undefined || vs.group !== undefined || vs.address === undefined || vs.port === undefined || vs.port === 0) {
		log.warn(vs.at, 'virtual-server-kind', `virtual_server ${vs.fwmark !== undefined ? `fwmark ${vs.fwmark}` : vs.group !== undefined ? `group ${vs.group}` : `${vs.address ?? ''} ${vs.port ?? '(no port)'}`}: lbwiz.yaml models IPv4 address + port (1-65535) services only; not imported`);
		return undefined;
	}
	if (!IPV4.test(vs.address)) {
		log.warn(vs.at, 'virtual-server-ipv6', `virtual_server ${vs.address} ${vs.port}: lbwiz.yaml models IPv4 services only; not imported`);
		return undefined;
	}
	const where = `virtual_server ${vs.address} ${vs.port}`;
	const kind = (vs.lbKind?.value ?? KEEPALIVED_DEFAULTS.lbKind).toUpperCase();
	if (!vs.lbKind) log.warn(vs.at, 'lb-kind-default', `${where} has no lb_kind: keepalived defaults to NAT ("no forwarding method set, setting default NAT")`);
	const forwarding = kind === 'DR' || kind === 'NAT' || kind === 'TUN' ? kind : 'NAT';
	if (forwarding !== kind) log.warn(vs.lbKind!.at, 'lb-kind', `lb_kind ${kind} is not DR, NAT or TUN; imported as NAT`);
	const algo = vs.lbAlgo?.value ?? KEEPALIVED_DEFAULTS.lbAlgo;
	const scheduler = SCHEDULERS.has(algo) ? algo : 'wlc';
	if (!SCHEDULERS.has(algo)) log.warn(vs.lbAlgo!.at, 'lb-algo', `lb_algo ${algo} is not a known IPVS scheduler; imported as wlc`);
	const protocol = (vs.protocol?.value ?? KEEPALIVED_DEFAULTS.protocol).toUpperCase();
	if (protocol !== 'TCP' && protocol !== 'UDP') log.warn(vs.protocol!.at, 'protocol', `protocol ${protocol} is not modelled; imported as TCP`);
	for (const o of vs.other) log.warn(o.at, 'virtual-server-unexpressed', `${o.value} in ${where} is not expressed in lbwiz.yaml; dropped`);

	const members: LvsInput['real_servers'] = [];
	let check: HealthCheckInput | undefined;
	let checkFrom: KaChecker | undefined;
	const seen = new Set<string>();
	for (const rs of vs.realServers) {
		if (!IPV4.test(rs.address)) {
			log.warn(rs.at, 'real-server-ipv6', `real_server ${rs.address}: lbwiz.yaml models IPv4 real servers only; not imported`);
			continue;
		}
		if (seen.has(rs.address)) {
			log.warn(rs.at, 'real-server-twice', `real_server ${rs.address} ${rs.port ?? ''} is already in ${where} (another port): lbwiz.yaml lists a real server once per service; not imported`);
			continue;
		}
		seen.add(rs.address);
		for (const o of rs.other) log.warn(o.at, 'real-server-unexpressed', `${o.value} in real_server ${rs.address} is not expressed in lbwiz.yaml; dropped`);
		const draft = registry.get(rs.address);
		const port: number = rs.port ?? vs.port;
		const weight = rs.weight ?? KEEPALIVED_DEFAULTS.weight;
		if (draft.port === undefined) draft.port = port;
		if (draft.weight === undefined) draft.weight = weight;
		const override: {name: string; port?: number; weight?: number} = {name: draft.name};
		if (port !== vs.port && forwarding !== 'NAT') {
			log.warn(rs.at, 'real-server-port', `real_server ${rs.address} ${port} in a ${forwarding} service on port ${vs.port}: keepalived resets the port ("ports don't match - resetting"); imported as ${vs.port}`);
		} else if (forwarding === 'NAT' && port !== draft.port) override.port = port;
		if (weight !== draft.weight) override.weight = weight;
		members.push(override.port !== undefined || override.weight !== undefined ? override : draft.name);

		const checker = rs.checkers[0];
		if (rs.checkers.length === 0) log.warn(rs.at, 'no-checker', `real_server ${rs.address} has no health check (keepalived keeps it in the pool forever); lbwiz renders the service's check on every real server`);
		for (const extra of rs.checkers.slice(1)) log.warn(extra.at, 'extra-checker', `${extra.type}: lbwiz.yaml has one health check per service; not imported`);
		if (!checker) continue;
		const converted = healthCheck(checker, vs, log);
		if (!check) {
			check = converted;
			checkFrom = checker;
		} else if (JSON.stringify(converted) !== JSON.stringify(check)) {
			log.warn(checker.at, 'checker-differs', `real_server ${rs.address}'s ${checker.type} differs from the one at ${checkFrom!.at.file}:${checkFrom!.at.line}; lbwiz.yaml has one health check per service (the first)`);
		}
	}
	if (members.length === 0) {
		log.warn(vs.at, 'no-real-servers', `${where} has no real servers (keepalived ignores it); not imported`);
		return undefined;
	}
	const service: LvsInput = {vip: vs.address, port: vs.port, protocol: protocol === 'UDP' ? 'UDP' : 'TCP', scheduler: scheduler as LvsInput['scheduler'], forwarding, real_servers: members};
	if (vs.persistenceTimeout) service.persistence_timeout = vs.persistenceTimeout.value;
	service.health_check = check ?? {type: 'TCP_CHECK', connect_timeout: KEEPALIVED_DEFAULTS.connectTimeout, retry: KEEPALIVED_DEFAULTS.retry, delay_before_retry: KEEPALIVED_DEFAULTS.delayBeforeRetry, delay_loop: vs.delayLoop ?? KEEPALIVED_DEFAULTS.delayLoop};
	if (vs.sorryServer && IPV4.test(vs.sorryServer.address)) service.sorry_server = vs.sorryServer;
	else if (vs.sorryServer) log.warn(vs.at, 'sorry-server', `sorry_server ${vs.sorryServer.address}: IPv4 only; not imported`);
	return service;
}

function healthCheck(c: KaChecker, vs: KaVirtualServer, log: WarningLog): HealthCheckInput {
	let type = c.type as HealthCheckInput['type'];
	if (!CHECKERS.has(c.type)) {
		log.warn(c.at, 'checker-type', `${c.type} is not modelled (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK); imported as TCP_CHECK`);
		type = 'TCP_CHECK';
	}
	for (const o of c.other) log.warn(o.at, 'checker-unexpressed', `${o.value} in ${c.type} is not expressed in lbwiz.yaml; dropped`);
	const http = type === 'HTTP_GET' || type === 'SSL_GET';
	let retry = c.retry;
	if (retry === undefined && c.nbGetRetry) {
		retry = c.nbGetRetry.value;
		log.warn(c.nbGetRetry.at, 'nb-get-retry', type === 'TCP_CHECK'
			? `nb_get_retry ${retry} inside TCP_CHECK: keepalived 2.x does not know it there ("Unknown keyword") and uses retry ${KEEPALIVED_DEFAULTS.retry}; imported as retry ${retry}, what was meant`
			: `nb_get_retry is deprecated; imported as retry ${retry}`);
	}
	const check: HealthCheckInput = {
		type,
		connect_timeout: c.type === 'MISC_CHECK' ? c.miscTimeout ?? KEEPALIVED_DEFAULTS.connectTimeout : c.connectTimeout ?? KEEPALIVED_DEFAULTS.connectTimeout,
		retry: retry ?? (type === 'MISC_CHECK' ? KEEPALIVED_DEFAULTS.miscRetry : KEEPALIVED_DEFAULTS.retry),
		delay_before_retry: c.delayBeforeRetry ?? (http ? KEEPALIVED_DEFAULTS.httpDelayBeforeRetry : KEEPALIVED_DEFAULTS.delayBeforeRetry),
		delay_loop: c.delayLoop ?? vs.delayLoop ?? KEEPALIVED_DEFAULTS.delayLoop,
	};
	if (c.connectPort !== undefined) check.connect_port = c.connectPort;
	if (http) {
		const url = c.urls[0];
		if (url?.path) check.path = url.path;
		if (url?.statusCode !== undefined) {
			if (/^\d{3}$/.test(url.statusCode)) check.status_code = Number(url.statusCode);
			else log.warn(c.at, 'status-code', `status_code ${url.statusCode}: lbwiz.yaml models one status code; imported without (keepalived then accepts any 2xx)`);
		}
		if (url?.digest) log.warn(c.at, 'digest', 'url digest is not modelled; dropped (the check compares the status code only)');
		if (c.urls.length > 1) log.warn(c.at, 'urls', `${c.urls.length} urls: lbwiz.yaml checks one path; keeps ${url?.path ?? '/'}`);
	}
	if (type === 'MISC_CHECK') check.script = c.miscPath ?? '/bin/false';
	return check;
}

/** Fills unknown director addresses: unicast peers not claimed by another file, else placeholders in the VIP's subnet. */
function fillAddresses(directors: DirectorInput[], peers: string[], vrrp: VrrpInput | undefined, registry: RealServerRegistry, notes: YamlNote[], log: WarningLog, files: readonly KaFile[]) {
	const used = new Set<string>([...directors.map(d => d.address).filter(Boolean), ...registry.byAddress.keys(), ...(vrrp?.vips ?? []).map(v => v.split('/')[0])]);
	const unclaimed = peers.filter(p => !used.has(p));
	directors.forEach((d, i) => {
		if (d.address) return;
		const fromPeers = unclaimed.length === directors.filter(x => !x.address).length ? unclaimed.shift() : undefined;
		if (fromPeers) {
			d.address = fromPeers;
			used.add(fromPeers);
			return;
		}
		const placeholder = placeholderAddress(vrrp?.vips[0], used);
		d.address = placeholder;
		used.add(placeholder);
		notes.push({section: 'directors', index: i, comment: 'TODO: set the real address (not in the config files)'});
		const at: Place = files[i] ? {file: files[i].file, line: 1} : {file: 'lbwiz.yaml', line: 1};
		log.warn(at, 'address-unknown', `${d.name}'s own address is not in its config (no unicast_src_ip/mcast_src_ip); lbwiz.yaml has the placeholder ${placeholder} — set it (or pass --address ${d.name}=IP)`);
	});
}

function placeholderAddress(vip: string | undefined, used: Set<string>): string {
	const [address, prefixText] = (vip ?? '192.0.2.0/24').split('/');
	const prefix = prefixText === undefined ? 24 : Math.min(Number(prefixText), 30);
	const size = 2 ** (32 - prefix);
	const network = Math.floor(ipv4ToNumber(address) / size) * size;
	for (let host = size - 2; host >= 1; host--) {
		const candidate = numberToIpv4(network + host);
		if (!used.has(candidate)) return candidate;
	}
	return '192.0.2.254';
}

function haproxyNodes(directorFiles: number, haproxyFiles: number, directors: readonly DirectorInput[], lvs: readonly LvsInput[], log: WarningLog, sources: readonly ImportSource[]): string[] | undefined {
	const at: Place = {file: sources[0]?.file ?? 'haproxy.cfg', line: 1};
	if (directorFiles === 0 || (haproxyFiles === directorFiles && lvs.length === 0)) return undefined;
	const lvsMembers = [...new Set(lvs.flatMap(s => s.real_servers.map(m => (typeof m === 'string' ? m : m.name))))];
	if (lvs.length > 0 && lvsMembers.length === haproxyFiles) {
		log.warn(at, 'haproxy-nodes', `assumed the HAProxy nodes are the LVS real servers (${lvsMembers.join(', ')}), as in a three-tier setup; edit haproxy.nodes if not`, 'info');
		return lvsMembers;
	}
	log.warn(at, 'haproxy-nodes', `${haproxyFiles} haproxy.cfg file(s) for ${directorFiles} director(s): assumed HAProxy runs on the directors; edit haproxy.nodes if not`);
	return directors.map(d => d.name);
}
