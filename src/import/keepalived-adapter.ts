/**
The keepalived parser's model (src/parse/keepalived) → the facts import reads (keepalived-facts.ts):
typed values with their positions, and every keyword import does not map listed as `other` so it
can say what lbwiz.yaml drops.
*/
import {parseKeepalived, resolveStatement, type Checker, type KaSetting, type KaStatement, type KeepalivedConfig, type KeywordContext, type RealServer, type SourcePos, type Sources, type VirtualServer} from '../parse/keepalived/index.js';
import type {At, KaChecker, KaFile, KaInstance, KaRealServer, KaVirtualServer} from './keepalived-facts.js';
import type {ImportSource, Place} from './types.js';

const place = (pos: SourcePos): Place => ({file: pos.file, line: pos.line, column: pos.column});
const at = <T>(value: T | undefined, pos: SourcePos | undefined, fallback: SourcePos): At<T> | undefined => (value === undefined ? undefined : {value, at: place(pos ?? fallback)});

/** Keywords of a block that a typed field took, minus those import maps, plus the untyped ones. */
function others(sources: Sources, other: KaSetting[], mapped: ReadonlySet<string>): Array<At<string>> {
	const out: Array<At<string>> = [];
	for (const [keyword, pos] of Object.entries(sources)) if (!mapped.has(keyword)) out.push({value: keyword, at: place(pos)});
	for (const setting of other) if (!mapped.has(setting.keyword)) out.push({value: setting.known ? setting.keyword : `unknown keyword ${setting.keyword}`, at: place(setting.pos)});
	return out.sort((a, b) => a.at.line - b.at.line);
}

const INSTANCE_MAPPED = new Set(['state', 'interface', 'virtual_router_id', 'priority', 'advert_int', 'version', 'nopreempt', 'authentication', 'unicast_src_ip', 'unicast_peer', 'mcast_src_ip', 'virtual_ipaddress', 'track_script']);
const SERVICE_MAPPED = new Set(['lb_algo', 'lvs_sched', 'lb_kind', 'lvs_method', 'persistence_timeout', 'protocol', 'delay_loop', 'sorry_server', 'real_server', 'connect_timeout', 'retry', 'delay_before_retry', 'connect_port']);
const REAL_SERVER_MAPPED = new Set(['weight', 'TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK', 'DNS_CHECK', 'SMTP_CHECK', 'BFD_CHECK', 'PING_CHECK', 'UDP_CHECK', 'FILE_CHECK', 'connect_timeout', 'retry', 'delay_before_retry', 'connect_port', 'delay_loop']);
const CHECKER_MAPPED = new Set(['connect_timeout', 'connect_port', 'retry', 'nb_get_retry', 'delay_before_retry', 'delay_loop', 'url', 'misc_path', 'misc_timeout']);

/** Parses one keepalived.conf (includes read from disk when `fs`) into import facts. */
export function readKeepalivedSource(source: ImportSource, options: {fs?: boolean} = {}): KaFile {
	const {ast, config, diagnostics} = parseKeepalived(source.text, {file: source.file, fs: options.fs});
	const facts = factsFromConfig(config);
	for (const d of diagnostics) if (d.severity === 'error') facts.errors.push({value: d.message, at: {file: d.file, line: d.line, column: d.column}});
	facts.recovered.push(...gluedKeywords(ast.statements));
	return facts;
}

/** Keywords written glued to their value at root, in global_defs and in vrrp_instance (virtual_server headers come from the model). */
function gluedKeywords(statements: KaStatement[]): Array<At<string>> {
	const out: Array<At<string>> = [];
	const visit = (context: KeywordContext, list: KaStatement[] | undefined) => {
		for (const statement of list ?? []) {
			const resolved = resolveStatement(context, statement);
			if (resolved.glued && resolved.keyword !== 'virtual_server') {
				out.push({value: `'${resolved.glued.written}' is '${resolved.glued.keyword} ${resolved.glued.rest}' with the space lost; imported as ${resolved.glued.keyword} ${resolved.glued.rest}`, at: place(statement.pos)});
			}
			const keyword = resolved.keyword;
			if (context === 'root' && (keyword === 'global_defs' || keyword === 'vrrp_instance')) visit(keyword, statement.block?.children);
		}
	};
	visit('root', statements);
	return out;
}

/** The facts of an already parsed configuration. */
export function factsFromConfig(config: KeepalivedConfig): KaFile {
	const g = config.globalDefs;
	const gs = g.sources;
	const file = config.file;
	const top: SourcePos = {file, line: 1, column: 1};
	const facts: KaFile = {
		file,
		routerId: at(g.routerId, gs.router_id, g.pos),
		notificationEmail: g.notificationEmail.map(e => e.address),
		notificationEmailFrom: at(g.notificationEmailFrom, gs.notification_email_from, g.pos),
		smtpServer: at(g.smtpServer?.host, gs.smtp_server, g.pos),
		smtpConnectTimeout: at(g.smtpConnectTimeout, gs.smtp_connect_timeout, g.pos),
		vrrpVersion: at(g.vrrpVersion, gs.vrrp_version, g.pos),
		globalOther: others(gs, g.other, new Set()),
		scripts: config.vrrpScripts.map(s => ({name: s.name, script: s.script, interval: s.interval, weight: s.weight, fall: s.fall, rise: s.rise, at: place(s.pos)})),
		instances: config.vrrpInstances.map(i => {
			const s = i.sources;
			const instance: KaInstance = {
				name: i.name,
				at: place(i.pos),
				state: at(i.state, s.state, i.pos),
				interface: at(i.interface, s.interface, i.pos),
				virtualRouterId: at(i.virtualRouterId, s.virtual_router_id, i.pos),
				priority: at(i.priority, s.priority, i.pos),
				advertInt: at(i.advertInt, s.advert_int, i.pos),
				version: at(i.version, s.version, i.pos),
				...(i.nopreempt ? {nopreempt: place(s.nopreempt ?? i.pos)} : {}),
				authType: at(i.authentication?.type, i.authentication?.sources.auth_type, i.authentication?.pos ?? i.pos),
				authPass: at(i.authentication?.pass, i.authentication?.sources.auth_pass, i.authentication?.pos ?? i.pos),
				unicastSrcIp: at(i.unicastSrcIp, s.unicast_src_ip, i.pos),
				unicastPeers: i.unicastPeers.filter(p => p.valid).map(p => ({value: p.address, at: place(p.pos)})),
				mcastSrcIp: at(i.mcastSrcIp, s.mcast_src_ip, i.pos),
				vips: i.virtualIpAddresses
					.filter(v => v.valid && v.family === 4)
					.map(v => ({
						address: v.address,
						...(v.prefix !== undefined ? {prefix: v.prefix} : {}),
						...(v.dev ? {dev: v.dev} : {}),
						extra: [...(v.label ? [`label ${v.label}`] : []), ...(v.scope ? [`scope ${v.scope}`] : []), ...(v.brd ? [`brd ${v.brd}`] : []), ...(v.peer ? [`peer ${v.peer}`] : []), ...v.options],
						at: place(v.pos),
					})),
				trackScripts: i.trackScripts.map(t => ({name: t.name, ...(t.weight !== undefined ? {weight: t.weight} : {}), at: place(t.pos)})),
				other: others(s, i.other, INSTANCE_MAPPED),
			};
			for (const v of i.virtualIpAddresses.filter(v => !v.valid || v.family !== 4)) instance.other.push({value: `virtual_ipaddress ${v.raw}`, at: place(v.pos)});
			return instance;
		}),
		virtualServers: config.virtualServers.map(vs => virtualServer(vs)),
		syncGroups: config.vrrpSyncGroups.map(group => place(group.pos)),
		topOther: [
			...config.virtualServerGroups.map(group => ({value: `virtual_server_group ${group.name}`, at: place(group.pos)})),
			...config.trackFiles.map(t => ({value: `track_file ${t.name}`, at: place(t.pos)})),
			...config.bfdInstances.map(b => ({value: `bfd_instance ${b.name}`, at: place(b.pos)})),
			...config.staticIpAddresses.map(v => ({value: `static_ipaddress ${v.raw}`, at: place(v.pos)})),
			...config.other.map(o => ({value: o.known ? o.keyword : `unknown keyword ${o.keyword}`, at: place(o.pos)})),
		],
		recovered: [],
		errors: [],
	};
	if (facts.instances.length === 0 && config.virtualServers.length === 0) facts.errors.push({value: 'no vrrp_instance or virtual_server found', at: place(top)});
	return facts;
}

function virtualServer(vs: VirtualServer): KaVirtualServer {
	const s = vs.sources;
	return {
		at: place(vs.pos),
		...(vs.kind === 'address' ? {address: vs.address, port: vs.port} : {}),
		...(vs.fwmark !== undefined ? {fwmark: vs.fwmark} : {}),
		...(vs.group !== undefined ? {group: vs.group} : {}),
		...(vs.recovered ? {recoveredTypo: `'${vs.recovered}' is 'virtual_server ${vs.address}' with the space lost; imported as such`} : {}),
		lbAlgo: at(vs.lbAlgo, s.lb_algo ?? s.lvs_sched, vs.pos),
		lbKind: at(vs.lbKind, s.lb_kind ?? s.lvs_method, vs.pos),
		persistenceTimeout: at(vs.persistenceTimeout, s.persistence_timeout, vs.pos),
		protocol: at(vs.protocol, s.protocol, vs.pos),
		delayLoop: vs.delayLoop,
		...(vs.sorryServer && vs.kind === 'address' ? {sorryServer: {address: vs.sorryServer.address, port: vs.sorryServer.port ?? vs.port!}} : {}),
		realServers: vs.realServers.map(rs => realServer(rs, vs)),
		other: others(s, vs.other, SERVICE_MAPPED),
	};
}

function realServer(rs: RealServer, vs: VirtualServer): KaRealServer {
	return {
		address: rs.address,
		...(rs.port !== undefined ? {port: rs.port} : {}),
		...(rs.weight !== undefined ? {weight: rs.weight} : {}),
		checkers: rs.checkers.map(c => checker(c, rs, vs)),
		at: place(rs.pos),
		other: others(rs.sources, rs.other, REAL_SERVER_MAPPED),
	};
}

/** A checker with keepalived's inheritance: checker, then real_server, then virtual_server settings. */
function checker(c: Checker, rs: RealServer, vs: VirtualServer): KaChecker {
	const nbInOther = c.other.find(o => o.keyword === 'nb_get_retry');
	const nb = c.nbGetRetry ?? (nbInOther ? Number(nbInOther.args[0]) : undefined);
	const nbPos = c.sources.nb_get_retry ?? nbInOther?.pos;
	return {
		type: c.type,
		at: place(c.pos),
		connectTimeout: c.connectTimeout ?? rs.connectTimeout ?? vs.connectTimeout,
		connectPort: c.connectPort ?? rs.connectPort ?? vs.connectPort,
		retry: c.retry ?? rs.retry ?? vs.retry,
		...(nb !== undefined && Number.isFinite(nb) ? {nbGetRetry: {value: nb, at: place(nbPos ?? c.pos)}} : {}),
		delayBeforeRetry: c.delayBeforeRetry ?? rs.delayBeforeRetry ?? vs.delayBeforeRetry,
		delayLoop: c.delayLoop ?? rs.delayLoop,
		urls: c.urls.map(u => ({path: u.path, statusCode: u.statusCode, digest: u.digest})),
		miscPath: c.miscPath,
		miscTimeout: c.miscTimeout,
		other: others(c.sources, c.other, CHECKER_MAPPED),
	};
}
