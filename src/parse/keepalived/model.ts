/**
The semantic model of a keepalived configuration: global_defs, vrrp_script, vrrp_instance,
vrrp_sync_group, virtual_server(_group), real_server and checkers, typed, each object with the
position of its header (`pos`) and of every keyword that set one of its fields (`sources`).
Values keepalived would reject are left undefined here (the linter says why); keywords without a
typed field are kept in `other` so `lbwiz import` can warn about what it cannot express.
Secrets stay as written: a redacted token from a bundle comes through verbatim.
*/
import type {KaStatement, KaToken, KeepalivedAst, SourcePos} from './ast.js';
import {KEYWORDS, type CheckerType, type KeywordContext} from './keywords.js';
import {resolveStatement} from './resolve.js';
import {forEachRootStatement} from './store.js';
import {parseAddress, parseBoolean, parseDecimal, parseInteger, parsePort, parseUnsigned, ipFamily} from './values.js';

/** A keyword as written: its words and position. */
export type KaSetting = {keyword: string; args: string[]; pos: SourcePos; known: boolean};

/** Where each keyword that filled a field was written (the last occurrence wins, as in keepalived). */
export type Sources = Record<string, SourcePos>;

type Base = {pos: SourcePos; sources: Sources; other: KaSetting[]};

export type GlobalDefs = Base & {
	routerId?: string;
	notificationEmail: Array<{address: string; pos: SourcePos}>;
	notificationEmailFrom?: string;
	smtpServer?: {host: string; port?: number};
	smtpHeloName?: string;
	smtpConnectTimeout?: number;
	smtpAlert?: boolean;
	vrrpStrict: boolean;
	enableScriptSecurity: boolean;
	scriptUser?: {user: string; group?: string};
	vrrpVersion?: number;
	vrrpMcastGroup4?: string;
	vrrpMcastGroup6?: string;
	vrrpGarpInterval?: number;
	vrrpGnaInterval?: number;
	vrrpGarpMasterDelay?: number;
	vrrpGarpMasterRepeat?: number;
	vrrpGarpMasterRefresh?: number;
	vrrpGarpMasterRefreshRepeat?: number;
	vrrpGarpLowerPrioDelay?: number;
	vrrpGarpLowerPrioRepeat?: number;
	/** `vrrp_iptables [INPUT_CHAIN [OUTPUT_CHAIN]]` (nftables is used instead on nftables builds) */
	vrrpIptables?: string[];
	nftables?: string;
	vrrpSkipCheckAdvAddr: boolean;
	vrrpCheckUnicastSrc: boolean;
	dynamicInterfaces: boolean;
	lvsSyncDaemon?: {interface: string; instance?: string};
	lvsFlush: boolean;
	checkerLogAllFailures: boolean;
	maxAutoPriority?: number;
	defaultInterface?: string;
};

export type VrrpScript = Base & {
	name: string;
	script?: string;
	/** seconds */
	interval?: number;
	timeout?: number;
	weight?: number;
	/** `weight -20 reverse` */
	weightReverse: boolean;
	rise?: number;
	fall?: number;
	user?: {user: string; group?: string};
	initFail: boolean;
};

/** A `virtual_ipaddress` / `virtual_ipaddress_excluded` / `static_ipaddress` line. */
export type VirtualIp = {
	raw: string;
	pos: SourcePos;
	/** the address without prefix ('' when the line is not an address) */
	address: string;
	prefix?: number;
	family?: 4 | 6;
	dev?: string;
	label?: string;
	scope?: string;
	brd?: string;
	peer?: string;
	/** other words on the line (`home`, `-nodad`, `no_track`, …) */
	options: string[];
	valid: boolean;
	error?: string;
};

/** A `track_script` / `track_interface` / `track_file` / … entry, with its optional weight override. */
export type TrackRef = {name: string; weight?: number; reverse?: boolean; pos: SourcePos};

export type UnicastPeer = {address: string; raw: string; pos: SourcePos; valid: boolean; minTtl?: number; maxTtl?: number};

/** A route (`virtual_routes`, `static_routes`) or rule (`virtual_rules`, `static_rules`) line, as words. */
export type RouteLine = {words: string[]; pos: SourcePos};

export type Authentication = {pos: SourcePos; type?: string; pass?: string; sources: Sources};

export type VrrpInstance = Base & {
	name: string;
	state?: string;
	interface?: string;
	virtualRouterId?: number;
	priority?: number;
	/** seconds (may be fractional) */
	advertInt?: number;
	version?: number;
	nopreempt: boolean;
	preemptDelay?: number;
	authentication?: Authentication;
	virtualIpAddresses: VirtualIp[];
	virtualIpAddressesExcluded: VirtualIp[];
	virtualRoutes: RouteLine[];
	virtualRules: RouteLine[];
	unicastSrcIp?: string;
	unicastPeers: UnicastPeer[];
	mcastSrcIp?: string;
	trackScripts: TrackRef[];
	trackInterfaces: TrackRef[];
	trackFiles: TrackRef[];
	trackProcesses: TrackRef[];
	trackBfd: TrackRef[];
	notify: {master?: string; backup?: string; fault?: string; stop?: string; deleted?: string; all?: string};
	smtpAlert?: boolean;
	useVmac?: {name?: string};
	noAccept: boolean;
	accept: boolean;
	strictMode?: boolean;
	skipCheckAdvAddr?: boolean;
	dontTrackPrimary: boolean;
	garpMasterDelay?: number;
	garpMasterRepeat?: number;
	garpMasterRefresh?: number;
	garpMasterRefreshRepeat?: number;
	lvsSyncDaemonInterface?: string;
	nativeIpv6: boolean;
};

export type VrrpSyncGroup = Base & {
	name: string;
	group: Array<{name: string; pos: SourcePos}>;
	trackScripts: TrackRef[];
	trackInterfaces: TrackRef[];
	trackFiles: TrackRef[];
	notify: {master?: string; backup?: string; fault?: string; stop?: string; all?: string};
	smtpAlert?: boolean;
};

export type TrackFile = Base & {name: string; file?: string; weight?: number; weightReverse: boolean; initFile?: string[]};

export type HttpUrl = {pos: SourcePos; path?: string; digest?: string; statusCode?: string; regex?: string; virtualhost?: string; sources: Sources; other: KaSetting[]};

/** Shared timing/connection settings of checkers (and the defaults on virtual_server / real_server). */
export type CheckSettings = {
	connectIp?: string;
	connectPort?: number;
	bindto?: string;
	bindPort?: number;
	bindIf?: string;
	connectTimeout?: number;
	retry?: number;
	/** deprecated spelling of retry (HTTP_GET / SSL_GET only) */
	nbGetRetry?: number;
	delayBeforeRetry?: number;
	delayLoop?: number;
	warmup?: number;
	fwmark?: number;
};

export type Checker = Base &
	CheckSettings & {
		type: CheckerType;
		urls: HttpUrl[];
		virtualhost?: string;
		enableSni: boolean;
		miscPath?: string;
		miscTimeout?: number;
		miscDynamic: boolean;
		user?: string;
		dnsType?: string;
		dnsName?: string;
		heloName?: string;
		/** SMTP_CHECK `host { … }` blocks */
		hosts: Array<Base & CheckSettings>;
		bfdName?: string;
		trackFile?: string;
		weight?: number;
	};

export type RealServer = Base &
	CheckSettings & {
		address: string;
		port?: number;
		weight?: number;
		inhibitOnFailure: boolean;
		notifyUp?: string;
		notifyDown?: string;
		uthreshold?: number;
		lthreshold?: number;
		lvsMethod?: string;
		checkers: Checker[];
	};

export type VirtualServer = Base &
	CheckSettings & {
		/** how the service is named: `IP PORT`, `fwmark N` or `group NAME` */
		kind: 'address' | 'fwmark' | 'group';
		address?: string;
		port?: number;
		fwmark?: number;
		group?: string;
		family?: 4 | 6;
		/** lb_algo / lvs_sched */
		lbAlgo?: string;
		/** lb_kind / lvs_method (NAT, DR, TUN) */
		lbKind?: string;
		persistenceTimeout?: number;
		persistenceGranularity?: string;
		protocol?: string;
		quorum?: number;
		hysteresis?: number;
		quorumUp?: string;
		quorumDown?: string;
		sorryServer?: {address: string; port?: number; pos: SourcePos};
		sorryServerInhibit: boolean;
		haSuspend: boolean;
		alpha: boolean;
		omega: boolean;
		virtualhost?: string;
		realServers: RealServer[];
		/** the header was written with its keyword glued to the address (`virtual_server192.168.10.30 80`) */
		recovered?: string;
	};

export type VirtualServerGroupMember = {kind: 'address' | 'range' | 'fwmark'; raw: string; pos: SourcePos; address?: string; rangeEnd?: string; port?: number; fwmark?: number};
export type VirtualServerGroup = {name: string; pos: SourcePos; members: VirtualServerGroupMember[]};

export type BfdInstance = Base & {name: string; neighborIp?: string; sourceIp?: string; minRx?: number; minTx?: number; multiplier?: number};

/** Everything keepalived would build from the configuration. */
export type KeepalivedConfig = {
	/** the main file */
	file: string;
	/** every file read, main first */
	files: string[];
	globalDefs: GlobalDefs;
	vrrpScripts: VrrpScript[];
	vrrpInstances: VrrpInstance[];
	vrrpSyncGroups: VrrpSyncGroup[];
	trackFiles: TrackFile[];
	virtualServers: VirtualServer[];
	virtualServerGroups: VirtualServerGroup[];
	staticIpAddresses: VirtualIp[];
	staticRoutes: RouteLine[];
	staticRules: RouteLine[];
	bfdInstances: BfdInstance[];
	/** root-level words that are not keepalived blocks (typos, stray lines) */
	other: KaSetting[];
	/** `$NAME=value` parameters at the end of the file */
	params: Record<string, string>;
};

const words = (tokens: KaToken[]) => tokens.map(t => t.text);
const text = (tokens: KaToken[], from = 0) => (tokens.length > from ? tokens.slice(from).map(t => t.text).join(' ') : undefined);
/**
The one empty list that model objects without entries share (there are hundreds of thousands of
them in a large configuration); frozen, so nothing can add to it by mistake: `add` gives a list its
own array with its first entry.
*/
const NONE = Object.freeze([]) as unknown as never[];
const add = <T>(list: T[], item: T): T[] => {
	if (list === NONE) return [item];
	list.push(item);
	return list;
};
const base = (pos: SourcePos): Base => ({pos, sources: {}, other: NONE});

function setting(statement: KaStatement, known: boolean, keyword = statement.keyword, args = statement.args): KaSetting {
	return {keyword, args: words(args), pos: statement.pos, known};
}

/** Walks the keyword children of a block, resolving glued keywords; calls `on` for each. */
function each(context: KeywordContext, statements: KaStatement[] | undefined, target: Base, on: (keyword: string, args: KaToken[], statement: KaStatement) => boolean) {
	for (const statement of statements ?? []) {
		if (statement.keyword === '') continue;
		const resolved = resolveStatement(context, statement);
		const handled = resolved.spec ? on(resolved.keyword, resolved.args, statement) : false;
		if (handled) {
			target.sources[resolved.keyword] = statement.pos;
			const alias = resolved.spec?.aliasOf;
			if (alias) target.sources[alias] = statement.pos;
		} else target.other = add(target.other, setting(statement, Boolean(resolved.spec), resolved.keyword, resolved.args));
	}
}

const flag = (args: KaToken[]) => (args.length === 0 ? true : (parseBoolean(args[0].text) ?? true));

/** A VIP line: `ADDR[/LEN] [dev IF] [brd B] [scope S] [label L] [peer P] [options…]`. */
export function parseVipLine(statement: KaStatement): VirtualIp {
	const all = [statement.keyword, ...words(statement.args)];
	const raw = all.join(' ');
	const vip: VirtualIp = {raw, pos: statement.pos, address: '', options: [], valid: false};
	const parsed = parseAddress(all[0], {range: true});
	if ('error' in parsed) vip.error = parsed.error;
	else {
		vip.address = parsed.address;
		vip.family = parsed.family;
		if (parsed.prefix !== undefined) vip.prefix = parsed.prefix;
		vip.valid = true;
	}
	for (let i = 1; i < all.length; i++) {
		const word = all[i];
		const value = all[i + 1];
		if ((word === 'dev' || word === 'label' || word === 'scope' || word === 'brd' || word === 'broadcast' || word === 'peer') && value !== undefined) {
			if (word === 'dev') vip.dev = value;
			else if (word === 'label') vip.label = value;
			else if (word === 'scope') vip.scope = value;
			else if (word === 'peer') vip.peer = value;
			else vip.brd = value;
			i++;
		} else vip.options.push(word);
	}
	return vip;
}

function trackRefs(statement: KaStatement): TrackRef[] {
	const out: TrackRef[] = [];
	for (const line of statement.block?.children ?? []) {
		if (line.keyword === '') continue;
		const ref: TrackRef = {name: line.keyword, pos: line.pos};
		const args = words(line.args);
		const at = args.indexOf('weight');
		if (at >= 0) {
			const weight = parseInteger(args[at + 1]);
			if (weight !== undefined) ref.weight = weight;
			if (args[at + 2] === 'reverse') ref.reverse = true;
		}
		out.push(ref);
	}
	return out;
}

const valueLines = (statement: KaStatement) => (statement.block?.children ?? []).filter(s => s.keyword !== '');
const routeLines = (statement: KaStatement): RouteLine[] => valueLines(statement).map(s => ({words: [s.keyword, ...words(s.args)], pos: s.pos}));

function globalDefs(statement: KaStatement | undefined, into: GlobalDefs) {
	if (!statement) return;
	into.pos = statement.pos;
	each('global_defs', statement.block?.children, into, (keyword, args, s) => {
		const a = args[0]?.text;
		switch (keyword) {
			case 'router_id':
				if (a !== undefined) into.routerId = a;
				return true;
			case 'notification_email':
				for (const line of valueLines(s)) into.notificationEmail.push({address: line.keyword, pos: line.pos});
				return true;
			case 'notification_email_from':
				if (a !== undefined) into.notificationEmailFrom = a;
				return true;
			case 'smtp_server': {
				if (a === undefined) return true;
				const port = parsePort(args[1]?.text);
				into.smtpServer = {host: a, ...(port !== undefined ? {port} : {})};
				return true;
			}
			case 'smtp_helo_name':
				if (a !== undefined) into.smtpHeloName = a;
				return true;
			case 'smtp_connect_timeout':
				into.smtpConnectTimeout = parseUnsigned(a);
				return true;
			case 'smtp_alert':
				into.smtpAlert = flag(args);
				return true;
			case 'vrrp_strict':
				into.vrrpStrict = true;
				return true;
			case 'enable_script_security':
				into.enableScriptSecurity = true;
				return true;
			case 'script_user':
				if (a !== undefined) into.scriptUser = {user: a, ...(args[1] ? {group: args[1].text} : {})};
				return true;
			case 'vrrp_version':
				into.vrrpVersion = parseUnsigned(a);
				return true;
			case 'vrrp_mcast_group4':
				into.vrrpMcastGroup4 = a;
				return true;
			case 'vrrp_mcast_group6':
				into.vrrpMcastGroup6 = a;
				return true;
			case 'vrrp_garp_interval':
				into.vrrpGarpInterval = parseDecimal(a);
				return true;
			case 'vrrp_gna_interval':
				into.vrrpGnaInterval = parseDecimal(a);
				return true;
			case 'vrrp_garp_master_delay':
				into.vrrpGarpMasterDelay = parseUnsigned(a);
				return true;
			case 'vrrp_garp_master_repeat':
				into.vrrpGarpMasterRepeat = parseUnsigned(a);
				return true;
			case 'vrrp_garp_master_refresh':
				into.vrrpGarpMasterRefresh = parseUnsigned(a);
				return true;
			case 'vrrp_garp_master_refresh_repeat':
				into.vrrpGarpMasterRefreshRepeat = parseUnsigned(a);
				return true;
			case 'vrrp_garp_lower_prio_delay':
				into.vrrpGarpLowerPrioDelay = parseUnsigned(a);
				return true;
			case 'vrrp_garp_lower_prio_repeat':
				into.vrrpGarpLowerPrioRepeat = parseUnsigned(a);
				return true;
			case 'vrrp_iptables':
				into.vrrpIptables = words(args);
				return true;
			case 'nftables':
				into.nftables = a ?? 'keepalived';
				return true;
			case 'vrrp_skip_check_adv_addr':
				into.vrrpSkipCheckAdvAddr = flag(args);
				return true;
			case 'vrrp_check_unicast_src':
				into.vrrpCheckUnicastSrc = true;
				return true;
			case 'dynamic_interfaces':
				into.dynamicInterfaces = true;
				return true;
			case 'lvs_sync_daemon':
				if (a !== undefined) into.lvsSyncDaemon = {interface: a, ...(args[1] ? {instance: args[1].text} : {})};
				return true;
			case 'lvs_flush':
				into.lvsFlush = true;
				return true;
			case 'checker_log_all_failures':
				into.checkerLogAllFailures = flag(args);
				return true;
			case 'max_auto_priority':
				into.maxAutoPriority = parseInteger(a);
				return true;
			case 'default_interface':
				into.defaultInterface = a;
				return true;
			default:
				return false;
		}
	});
}

function vrrpScript(statement: KaStatement): VrrpScript {
	const script: VrrpScript = {...base(statement.pos), name: statement.args[0]?.text ?? '', weightReverse: false, initFail: false};
	each('vrrp_script', statement.block?.children, script, (keyword, args) => {
		const a = args[0]?.text;
		switch (keyword) {
			case 'script':
				script.script = text(args);
				return true;
			case 'interval':
				script.interval = parseDecimal(a);
				return true;
			case 'timeout':
				script.timeout = parseDecimal(a);
				return true;
			case 'weight':
				script.weight = parseInteger(a);
				script.weightReverse = args[1]?.text === 'reverse';
				return true;
			case 'rise':
				script.rise = parseUnsigned(a);
				return true;
			case 'fall':
				script.fall = parseUnsigned(a);
				return true;
			case 'user':
				if (a !== undefined) script.user = {user: a, ...(args[1] ? {group: args[1].text} : {})};
				return true;
			case 'init_fail':
				script.initFail = true;
				return true;
			default:
				return false;
		}
	});
	return script;
}

function vrrpInstance(statement: KaStatement): VrrpInstance {
	const vi: VrrpInstance = {
		...base(statement.pos),
		name: statement.args[0]?.text ?? '',
		nopreempt: false,
		virtualIpAddresses: [],
		virtualIpAddressesExcluded: [],
		virtualRoutes: [],
		virtualRules: [],
		unicastPeers: [],
		trackScripts: [],
		trackInterfaces: [],
		trackFiles: [],
		trackProcesses: [],
		trackBfd: [],
		notify: {},
		noAccept: false,
		accept: false,
		dontTrackPrimary: false,
		nativeIpv6: false,
	};
	each('vrrp_instance', statement.block?.children, vi, (keyword, args, s) => {
		const a = args[0]?.text;
		switch (keyword) {
			case 'state':
				if (a !== undefined) vi.state = a;
				return true;
			case 'interface':
				if (a !== undefined) vi.interface = a;
				return true;
			case 'virtual_router_id':
				vi.virtualRouterId = parseUnsigned(a);
				return true;
			case 'priority':
				vi.priority = parseUnsigned(a);
				return true;
			case 'advert_int':
				vi.advertInt = parseDecimal(a);
				return true;
			case 'version':
				vi.version = parseUnsigned(a);
				return true;
			case 'nopreempt':
				vi.nopreempt = true;
				return true;
			case 'preempt':
				vi.nopreempt = false;
				return true;
			case 'preempt_delay':
				vi.preemptDelay = parseDecimal(a);
				return true;
			case 'authentication': {
				const auth: Authentication = {pos: s.pos, sources: {}};
				for (const line of s.block?.children ?? []) {
					const r = resolveStatement('authentication', line);
					if (r.keyword === 'auth_type' && r.args[0]) auth.type = r.args[0].text;
					else if (r.keyword === 'auth_pass' && r.args[0]) auth.pass = r.args[0].text;
					else continue;
					auth.sources[r.keyword] = line.pos;
				}
				vi.authentication = auth;
				return true;
			}
			case 'virtual_ipaddress':
				vi.virtualIpAddresses.push(...valueLines(s).map(parseVipLine));
				return true;
			case 'virtual_ipaddress_excluded':
				vi.virtualIpAddressesExcluded.push(...valueLines(s).map(parseVipLine));
				return true;
			case 'virtual_routes':
				vi.virtualRoutes.push(...routeLines(s));
				return true;
			case 'virtual_rules':
				vi.virtualRules.push(...routeLines(s));
				return true;
			case 'unicast_src_ip':
				if (a !== undefined) vi.unicastSrcIp = a;
				return true;
			case 'mcast_src_ip':
				if (a !== undefined) vi.mcastSrcIp = a;
				return true;
			case 'unicast_peer':
				for (const line of valueLines(s)) {
					const peerWords = words(line.args);
					const peer: UnicastPeer = {address: line.keyword, raw: [line.keyword, ...peerWords].join(' '), pos: line.pos, valid: ipFamily(line.keyword) !== undefined};
					const minTtl = parseUnsigned(peerWords[peerWords.indexOf('min_ttl') + 1]);
					const maxTtl = parseUnsigned(peerWords[peerWords.indexOf('max_ttl') + 1]);
					if (peerWords.includes('min_ttl') && minTtl !== undefined) peer.minTtl = minTtl;
					if (peerWords.includes('max_ttl') && maxTtl !== undefined) peer.maxTtl = maxTtl;
					vi.unicastPeers.push(peer);
				}
				return true;
			case 'track_script':
				vi.trackScripts.push(...trackRefs(s));
				return true;
			case 'track_interface':
				vi.trackInterfaces.push(...trackRefs(s));
				return true;
			case 'track_file':
				vi.trackFiles.push(...trackRefs(s));
				return true;
			case 'track_process':
				vi.trackProcesses.push(...trackRefs(s));
				return true;
			case 'track_bfd':
				vi.trackBfd.push(...trackRefs(s));
				return true;
			case 'notify_master':
			case 'notify_backup':
			case 'notify_fault':
			case 'notify_stop':
			case 'notify_deleted':
			case 'notify': {
				const which = keyword === 'notify' ? 'all' : (keyword.slice('notify_'.length) as 'master');
				const value = text(args);
				if (value !== undefined) vi.notify[which] = value;
				return true;
			}
			case 'smtp_alert':
				vi.smtpAlert = flag(args);
				return true;
			case 'use_vmac':
				vi.useVmac = a !== undefined ? {name: a} : {};
				return true;
			case 'no_accept':
				vi.noAccept = true;
				return true;
			case 'accept':
				vi.accept = true;
				return true;
			case 'strict_mode':
				vi.strictMode = flag(args);
				return true;
			case 'skip_check_adv_addr':
				vi.skipCheckAdvAddr = flag(args);
				return true;
			case 'dont_track_primary':
				vi.dontTrackPrimary = true;
				return true;
			case 'garp_master_delay':
				vi.garpMasterDelay = parseUnsigned(a);
				return true;
			case 'garp_master_repeat':
				vi.garpMasterRepeat = parseUnsigned(a);
				return true;
			case 'garp_master_refresh':
				vi.garpMasterRefresh = parseUnsigned(a);
				return true;
			case 'garp_master_refresh_repeat':
				vi.garpMasterRefreshRepeat = parseUnsigned(a);
				return true;
			case 'lvs_sync_daemon_interface':
				vi.lvsSyncDaemonInterface = a;
				return true;
			case 'native_ipv6':
				vi.nativeIpv6 = true;
				return true;
			default:
				return false;
		}
	});
	return vi;
}

function syncGroup(statement: KaStatement): VrrpSyncGroup {
	const sg: VrrpSyncGroup = {...base(statement.pos), name: statement.args[0]?.text ?? '', group: [], trackScripts: [], trackInterfaces: [], trackFiles: [], notify: {}};
	each('vrrp_sync_group', statement.block?.children, sg, (keyword, args, s) => {
		switch (keyword) {
			case 'group':
				for (const line of valueLines(s)) {
					sg.group.push({name: line.keyword, pos: line.pos});
					for (const more of line.args) sg.group.push({name: more.text, pos: more.pos});
				}
				return true;
			case 'track_script':
				sg.trackScripts.push(...trackRefs(s));
				return true;
			case 'track_interface':
				sg.trackInterfaces.push(...trackRefs(s));
				return true;
			case 'track_file':
				sg.trackFiles.push(...trackRefs(s));
				return true;
			case 'notify_master':
			case 'notify_backup':
			case 'notify_fault':
			case 'notify_stop':
			case 'notify': {
				const which = keyword === 'notify' ? 'all' : (keyword.slice('notify_'.length) as 'master');
				const value = text(args);
				if (value !== undefined) sg.notify[which] = value;
				return true;
			}
			case 'smtp_alert':
				sg.smtpAlert = flag(args);
				return true;
			default:
				return false;
		}
	});
	return sg;
}

/** Fills the connection/timing settings every checker (and VS/RS as defaults) shares. */
function checkSetting(into: CheckSettings, keyword: string, args: KaToken[]): boolean {
	const a = args[0]?.text;
	switch (keyword) {
		case 'connect_ip':
			into.connectIp = a;
			return true;
		case 'connect_port':
			into.connectPort = parsePort(a);
			return true;
		case 'bindto':
			into.bindto = a;
			return true;
		case 'bind_port':
			into.bindPort = parsePort(a);
			return true;
		case 'bind_if':
			into.bindIf = a;
			return true;
		case 'connect_timeout':
			into.connectTimeout = parseDecimal(a);
			return true;
		case 'retry':
			into.retry = parseUnsigned(a);
			return true;
		case 'nb_get_retry':
			into.nbGetRetry = parseUnsigned(a);
			return true;
		case 'delay_before_retry':
			into.delayBeforeRetry = parseDecimal(a);
			return true;
		case 'delay_loop':
			into.delayLoop = parseDecimal(a);
			return true;
		case 'warmup':
			into.warmup = parseDecimal(a);
			return true;
		case 'fwmark':
			into.fwmark = parseUnsigned(a);
			return true;
		default:
			return false;
	}
}

function httpUrl(statement: KaStatement): HttpUrl {
	const url: HttpUrl = {pos: statement.pos, sources: {}, other: NONE};
	each('url', statement.block?.children, url, (keyword, args) => {
		const a = args[0]?.text;
		switch (keyword) {
			case 'path':
				url.path = a;
				return true;
			case 'digest':
				url.digest = a;
				return true;
			case 'status_code':
				url.statusCode = text(args);
				return true;
			case 'regex':
				url.regex = a;
				return true;
			case 'virtualhost':
				url.virtualhost = a;
				return true;
			default:
				return false;
		}
	});
	return url;
}

function checker(type: CheckerType, context: KeywordContext, statement: KaStatement): Checker {
	const ck: Checker = {pos: statement.pos, sources: {}, other: NONE, type, urls: NONE, enableSni: false, miscDynamic: false, hosts: NONE};
	each(context, statement.block?.children, ck, (keyword, args, s) => {
		if (checkSetting(ck, keyword, args)) return true;
		const a = args[0]?.text;
		switch (keyword) {
			case 'url':
				ck.urls = add(ck.urls, httpUrl(s));
				return true;
			case 'virtualhost':
				ck.virtualhost = a;
				return true;
			case 'enable_sni':
				ck.enableSni = true;
				return true;
			case 'misc_path':
				ck.miscPath = text(args);
				return true;
			case 'misc_timeout':
				ck.miscTimeout = parseUnsigned(a);
				return true;
			case 'misc_dynamic':
				ck.miscDynamic = true;
				return true;
			case 'user':
				ck.user = text(args);
				return true;
			case 'type':
				ck.dnsType = a;
				return true;
			case 'name':
				if (type === 'DNS_CHECK') ck.dnsName = a;
				else ck.bfdName = a;
				return true;
			case 'helo_name':
				ck.heloName = a;
				return true;
			case 'host': {
				const host: Base & CheckSettings = base(s.pos);
				each('smtp_host', s.block?.children, host, (k, hostArgs) => checkSetting(host, k, hostArgs));
				ck.hosts = add(ck.hosts, host);
				return true;
			}
			case 'track_file':
				ck.trackFile = a;
				return true;
			case 'weight':
				ck.weight = parseInteger(a);
				return true;
			default:
				return false;
		}
	});
	return ck;
}

function realServer(statement: KaStatement, args: KaToken[]): RealServer {
	const rs: RealServer = {pos: statement.pos, sources: {}, other: NONE, address: args[0]?.text ?? '', inhibitOnFailure: false, checkers: NONE};
	const port = parsePort(args[1]?.text);
	if (port !== undefined) rs.port = port;
	each('real_server', statement.block?.children, rs, (keyword, rsArgs, s) => {
		if (checkSetting(rs, keyword, rsArgs)) return true;
		const a = rsArgs[0]?.text;
		const block = KEYWORDS.real_server.get(keyword)?.block;
		if (block?.kind === 'keywords') {
			rs.checkers = add(rs.checkers, checker(keyword as CheckerType, block.context, s));
			return true;
		}
		switch (keyword) {
			case 'weight':
				rs.weight = parseInteger(a);
				return true;
			case 'inhibit_on_failure':
				rs.inhibitOnFailure = flag(rsArgs);
				return true;
			case 'notify_up':
				rs.notifyUp = text(rsArgs);
				return true;
			case 'notify_down':
				rs.notifyDown = text(rsArgs);
				return true;
			case 'uthreshold':
				rs.uthreshold = parseUnsigned(a);
				return true;
			case 'lthreshold':
				rs.lthreshold = parseUnsigned(a);
				return true;
			case 'lvs_method':
				rs.lvsMethod = a;
				return true;
			default:
				return false;
		}
	});
	return rs;
}

function virtualServer(statement: KaStatement, args: KaToken[], recovered?: string): VirtualServer {
	const first = args[0]?.text;
	const vs: VirtualServer = {
		pos: statement.pos,
		sources: {},
		other: NONE,
		kind: first === 'fwmark' ? 'fwmark' : first === 'group' ? 'group' : 'address',
		sorryServerInhibit: false,
		haSuspend: false,
		alpha: false,
		omega: false,
		realServers: [],
	};
	if (recovered) vs.recovered = recovered;
	if (vs.kind === 'fwmark') vs.fwmark = parseUnsigned(args[1]?.text);
	else if (vs.kind === 'group') vs.group = args[1]?.text;
	else if (first !== undefined) {
		vs.address = first;
		const family = ipFamily(first);
		if (family) vs.family = family;
		const port = parsePort(args[1]?.text);
		if (port !== undefined) vs.port = port;
	}
	each('virtual_server', statement.block?.children, vs, (keyword, vsArgs, s) => {
		if (checkSetting(vs, keyword, vsArgs)) return true;
		const a = vsArgs[0]?.text;
		switch (keyword) {
			case 'real_server':
				vs.realServers.push(realServer(s, vsArgs));
				return true;
			case 'lb_algo':
			case 'lvs_sched':
				vs.lbAlgo = a;
				return true;
			case 'lb_kind':
			case 'lvs_method':
				vs.lbKind = a;
				return true;
			case 'persistence_timeout':
				vs.persistenceTimeout = a === undefined ? 360 : parseUnsigned(a);
				return true;
			case 'persistence_granularity':
				vs.persistenceGranularity = a;
				return true;
			case 'protocol':
				vs.protocol = a;
				return true;
			case 'quorum':
				vs.quorum = parseUnsigned(a);
				return true;
			case 'hysteresis':
				vs.hysteresis = parseUnsigned(a);
				return true;
			case 'quorum_up':
				vs.quorumUp = text(vsArgs);
				return true;
			case 'quorum_down':
				vs.quorumDown = text(vsArgs);
				return true;
			case 'sorry_server': {
				const port = parsePort(vsArgs[1]?.text);
				if (a !== undefined) vs.sorryServer = {address: a, ...(port !== undefined ? {port} : {}), pos: s.pos};
				return true;
			}
			case 'sorry_server_inhibit':
				vs.sorryServerInhibit = true;
				return true;
			case 'ha_suspend':
				vs.haSuspend = true;
				return true;
			case 'alpha':
				vs.alpha = true;
				return true;
			case 'omega':
				vs.omega = true;
				return true;
			case 'virtualhost':
				vs.virtualhost = a;
				return true;
			default:
				return false;
		}
	});
	return vs;
}

function virtualServerGroup(statement: KaStatement): VirtualServerGroup {
	const group: VirtualServerGroup = {name: statement.args[0]?.text ?? '', pos: statement.pos, members: []};
	for (const line of valueLines(statement)) {
		const all = [line.keyword, ...words(line.args)];
		const raw = all.join(' ');
		if (line.keyword === 'fwmark') {
			group.members.push({kind: 'fwmark', raw, pos: line.pos, ...(parseUnsigned(all[1]) !== undefined ? {fwmark: parseUnsigned(all[1])} : {})});
			continue;
		}
		const parsed = parseAddress(line.keyword, {range: true, prefix: false});
		const port = parsePort(all[1]);
		const member: VirtualServerGroupMember = {kind: 'address', raw, pos: line.pos, ...(port !== undefined ? {port} : {})};
		if (!('error' in parsed)) {
			member.address = parsed.address;
			if (parsed.rangeEnd !== undefined) {
				member.kind = 'range';
				member.rangeEnd = parsed.rangeEnd;
			}
		}
		group.members.push(member);
	}
	return group;
}

function trackFile(statement: KaStatement): TrackFile {
	const tf: TrackFile = {...base(statement.pos), name: statement.args[0]?.text ?? '', weightReverse: false};
	each('track_file', statement.block?.children, tf, (keyword, args) => {
		if (keyword === 'file') tf.file = args[0]?.text;
		else if (keyword === 'weight') {
			tf.weight = parseInteger(args[0]?.text);
			tf.weightReverse = args[1]?.text === 'reverse';
		} else if (keyword === 'init_file') tf.initFile = words(args);
		else return false;
		return true;
	});
	return tf;
}

function bfdInstance(statement: KaStatement): BfdInstance {
	const bfd: BfdInstance = {...base(statement.pos), name: statement.args[0]?.text ?? ''};
	each('bfd_instance', statement.block?.children, bfd, (keyword, args) => {
		const a = args[0]?.text;
		if (keyword === 'neighbor_ip' || keyword === 'neighbour_ip') bfd.neighborIp = a;
		else if (keyword === 'source_ip') bfd.sourceIp = a;
		else if (keyword === 'min_rx') bfd.minRx = parseUnsigned(a);
		else if (keyword === 'min_tx') bfd.minTx = parseUnsigned(a);
		else if (keyword === 'multiplier') bfd.multiplier = parseUnsigned(a);
		else return false;
		return true;
	});
	return bfd;
}

/**
Builds the semantic model from a syntax tree. `visit`, when given, is called with each top-level
statement first (the linter runs its syntax rules on the same objects instead of building them again).
*/
export function buildModel(ast: KeepalivedAst, visit?: (statement: KaStatement) => void): KeepalivedConfig {
	const config: KeepalivedConfig = {
		file: ast.file,
		files: ast.files.map(f => f.path),
		globalDefs: {
			...base({file: ast.file, line: 0, column: 0}),
			notificationEmail: [],
			vrrpStrict: false,
			enableScriptSecurity: false,
			vrrpSkipCheckAdvAddr: false,
			vrrpCheckUnicastSrc: false,
			dynamicInterfaces: false,
			lvsFlush: false,
			checkerLogAllFailures: false,
		},
		vrrpScripts: [],
		vrrpInstances: [],
		vrrpSyncGroups: [],
		trackFiles: [],
		virtualServers: [],
		virtualServerGroups: [],
		staticIpAddresses: [],
		staticRoutes: [],
		staticRules: [],
		bfdInstances: [],
		other: [],
		params: Object.fromEntries(ast.params.map(p => [p.name, p.value])),
	};
	forEachRootStatement(ast, statement => {
		visit?.(statement);
		if (statement.keyword === '') return;
		const resolved = resolveStatement('root', statement);
		const named = {...statement, args: resolved.args};
		switch (resolved.spec ? resolved.keyword : '') {
			case 'global_defs':
				globalDefs(statement, config.globalDefs);
				break;
			case 'vrrp_script':
				config.vrrpScripts.push(vrrpScript(named));
				break;
			case 'vrrp_instance':
				config.vrrpInstances.push(vrrpInstance(named));
				break;
			case 'vrrp_sync_group':
				config.vrrpSyncGroups.push(syncGroup(named));
				break;
			case 'track_file':
			case 'vrrp_track_file':
				config.trackFiles.push(trackFile(named));
				break;
			case 'virtual_server':
				config.virtualServers.push(virtualServer(statement, resolved.args, resolved.glued?.written));
				break;
			case 'virtual_server_group':
				config.virtualServerGroups.push(virtualServerGroup(named));
				break;
			case 'static_ipaddress':
				config.staticIpAddresses.push(...valueLines(statement).map(parseVipLine));
				break;
			case 'static_routes':
				config.staticRoutes.push(...routeLines(statement));
				break;
			case 'static_rules':
				config.staticRules.push(...routeLines(statement));
				break;
			case 'bfd_instance':
				config.bfdInstances.push(bfdInstance(named));
				break;
			default:
				config.other.push(setting(statement, Boolean(resolved.spec), resolved.keyword, resolved.args));
		}
	});
	return config;
}
