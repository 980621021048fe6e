/**
The bundle: every fact of every host, with the evidence (commands and outputs) each fact came from.
It is the only input of the doctor's evaluate stage; `lbwiz collect` writes it, `--from` replays it.
Secrets in it are fingerprints (see redact.ts) unless collected with --no-redact.
*/
import type {Topology} from '../model/schema.js';

export const BUNDLE_SCHEMA_VERSION = 1;

/** One command run (or file read) on a host, as recorded (sos's manifest entry). */
export type Evidence = {
	id: string; // e.g. 'lb1#12'
	host: string;
	argv: string[]; // for a file read: ['cat', PATH]
	exitCode?: number;
	timedOut: boolean;
	durationMs: number;
	startedAt: string; // ISO time
	stdout: string; // redacted
	stderr: string; // redacted
	truncated: boolean;
	spawnError?: string;
};

/** A fact is either there, or unavailable with a reason that names what to do. */
export type FactResult<T = unknown> =
	| {status: 'ok'; value: T; evidence: string[]}
	| {status: 'unavailable'; reason: string; evidence: string[]};

export type HostBundle = {
	name: string;
	spec: string; // transport spec
	reachable: boolean;
	unreachableReason?: string;
	facts: Partial<{[K in FactKey]: FactResult<FactValues[K]>}>;
};

export type Bundle = {
	schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
	tool: {name: 'lbwiz'; version: string};
	createdAt: string;
	redacted: boolean;
	/** The topology the hosts came from, when one was given (secrets redacted). */
	topology?: Topology;
	cluster?: {name: string};
	capture: {seconds: number};
	/** Scenario label for recorded fixtures (e.g. 'firewall-vrrp-blocked'). */
	scenario?: string;
	hosts: HostBundle[];
	evidence: Record<string, Evidence>;
};

// ---- fact values -----------------------------------------------------------------------------

export type IpAddress = {family: 'inet' | 'inet6'; local: string; prefixlen: number; label?: string; scope?: string};
export type NetInterface = {ifname: string; operstate: string; flags: string[]; mtu?: number; mac?: string; addresses: IpAddress[]};
export type Route = {dst: string; gateway?: string; dev?: string; protocol?: string; scope?: string; prefsrc?: string};

/** A secret as stored in a redacted bundle: equal secrets have equal fingerprints. */
export type SecretRef = {fingerprint: string; length: number; /** fingerprint of the first 8 characters: what VRRPv2 PASS compares */ fingerprint8: string; value?: string};

export type FirewallRule = {
	backend: 'nftables' | 'iptables' | 'ip6tables' | 'firewalld';
	table: string;
	chain: string;
	/** 'input' | 'output' | 'forward' | … (hook or builtin chain) when known */
	hook?: string;
	/** Chain's default policy for base chains */
	text: string; // the rule as the tool prints it
	verdict: 'accept' | 'drop' | 'reject' | 'jump' | 'return' | 'other';
	jumpTarget?: string;
	match: {
		protocol?: string; // 'vrrp' | '112' | 'tcp' | …
		saddr?: string;
		daddr?: string;
		iifname?: string;
		oifname?: string;
		dport?: string;
		negated?: boolean; // any negation we could not model
		other?: boolean; // conditions we do not model (ct state, marks…): rule may or may not match
		/** fields matched with `!=` / `!` (the value must NOT match) */
		not?: Array<'protocol' | 'saddr' | 'daddr' | 'iifname' | 'oifname' | 'dport' | 'ctstate' | 'pkttype'>;
		/** conntrack states, lower case (`established`, `related`, `new`, `invalid`, `untracked`) */
		ctstate?: string[];
		/** `unicast` | `multicast` | `broadcast` | `host` */
		pkttype?: string;
		/** the conditions behind `other`, as printed, for a 'maybe' explanation */
		unknown?: string[];
	};
	/** order of the rule in its chain (0-based) */
	position?: number;
	/** nft `goto` / iptables `-g`: no return to the calling chain */
	goto?: boolean;
	/** nft table family (`ip`, `ip6`, `inet`, `netdev`, …) or `ip`/`ip6` for iptables */
	family?: string;
};
export type FirewallChain = {
	backend: FirewallRule['backend'];
	table: string;
	name: string;
	hook?: string;
	policy?: 'accept' | 'drop';
	priority?: number;
	/** nft chain type (`filter`, `nat`, `route`) */
	type?: string;
	family?: string;
};
export type FirewallFacts = {
	backends: Array<FirewallRule['backend']>;
	chains: FirewallChain[];
	rules: FirewallRule[];
	firewalld?: {running: boolean; zones?: string; richRules?: string[]; parsed?: FirewalldZone[]};
	/** what was read and what could not be (e.g. "iptables-save: not installed") */
	notes?: string[];
};
/** One zone of `firewall-cmd --list-all` / `--list-all-zones`. */
export type FirewalldZone = {
	name: string;
	active: boolean;
	default?: boolean;
	target?: string;
	interfaces: string[];
	sources: string[];
	services: string[];
	ports: string[];
	protocols: string[];
	richRules: string[];
};

export type ProcessInfo = {
	pid: number;
	comm: string;
	args: string[];
	netns?: string;
	/** /proc/PID/stat state letter (R, S, D, Z zombie, …) */
	state?: string;
	ppid?: number;
	/** where fd 1 / fd 2 point (a log file when the daemon logs to its console, `-l`) */
	stdout?: string;
	stderr?: string;
	/** TMPDIR / KA_TMP_DIR from its environment (keepalived writes its dumps there) */
	tmpdir?: string;
};
export type ServiceState = {
	name: 'keepalived' | 'haproxy';
	init: 'systemd' | 'sysv' | 'none';
	/** systemd ActiveState / SysV status, when there is an init system */
	active?: string;
	enabled?: string;
	/** a live process of this host (its own network namespace) exists */
	running: boolean;
	pids: number[];
};

/**
A daemon's start recipe as its init system reads it: `/etc/default/NAME` (Debian) or
`/etc/sysconfig/NAME` (Red Hat), plain `KEY=value` lines (DAEMON_ARGS / KEEPALIVED_OPTIONS;
CONFIG, PIDFILE, EXTRAOPTS; lbwiz's LBWIZ_KEEPALIVED_LOG / LBWIZ_HAPROXY_LOG name the file a host
without an init system sends the daemon's output to).
*/
export type ServiceDefaults = {
	name: 'keepalived' | 'haproxy';
	path: string;
	/** the assignments, quotes removed (nothing expanded) */
	vars: Record<string, string>;
	/** lines that are not plain assignments (they need a shell), with their line numbers */
	unparsed?: Array<{line: number; text: string}>;
};

export type ConfigFiles = {
	/** the main file first, then includes; content redacted */
	mainPath: string;
	files: Array<{path: string; content: string}>;
	/** where the path came from: 'process-args' | 'default' | 'topology' */
	source: string;
};

export type VrrpTransition = {time?: string; instance: string; state: 'MASTER' | 'BACKUP' | 'FAULT' | 'INIT' | 'STOP'; reason?: string; raw: string};
export type KeepalivedLogEvent = {
	time?: string;
	kind: string;
	instance?: string;
	from?: string;
	raw: string;
	/** numbers and names the message carries (priorities, VRIDs, counts, script names…) */
	data?: Record<string, string | number>;
};
export type KeepalivedLog = {source: string; lines: string[]; transitions: VrrpTransition[]; events: KeepalivedLogEvent[]};

export type VrrpAdvert = {
	time?: string;
	interface?: string;
	src: string;
	dst: string;
	version: 2 | 3;
	vrid: number;
	priority: number;
	/** advert interval in centiseconds (v2's seconds × 100) */
	intervalCs: number;
	authType?: 'none' | 'simple' | 'ah';
	auth?: SecretRef;
	addrs: string[];
	ttl?: number;
	/** tcpdump -v printed `bad vrrp cksum` */
	badChecksum?: boolean;
};
export type VrrpCapture = {
	interfaces: string[];
	seconds: number;
	adverts: VrrpAdvert[];
	raw?: string;
	/** why these interfaces: 'keepalived.conf' | 'the topology' | 'every up interface with IPv4' */
	interfacesFrom?: string;
	/** interfaces the capture failed on, with tcpdump's message */
	failures?: string[];
};

export type KeepalivedInstanceData = {
	name: string;
	state?: string;
	masterRouter?: string;
	interface?: string;
	vrid?: number;
	priority?: number;
	effectivePriority?: number;
	advertIntervalMs?: number;
	authType?: string;
	auth?: SecretRef;
	vips: string[];
};
export type KeepalivedStats = {
	instances: Record<string, Record<string, number>>;
	/** when the two SIGUSR2 dumps were taken (the difference covers this window) */
	window?: {from: string; to: string};
};

export type IpvsService = {
	protocol: 'TCP' | 'UDP' | 'SCTP' | 'FWM';
	address: string; // vip or fwmark number
	port?: number;
	scheduler: string;
	persistent?: number;
	flags: string[];
	reals: Array<{
		address: string;
		port: number;
		forward: 'Masq' | 'Route' | 'Tunnel' | 'Local' | string;
		weight: number;
		activeConn: number;
		inactConn: number;
		stats?: {conns: number; inPkts: number; outPkts: number; inBytes: number; outBytes: number};
	}>;
	stats?: {conns: number; inPkts: number; outPkts: number; inBytes: number; outBytes: number};
	/** `ipvsadm -Ln --rate` */
	rate?: {cps: number; inPps: number; outPps: number; inBps: number; outBps: number};
};
export type IpvsTable = {available: boolean; reason?: string; services: IpvsService[]};

export type HaproxyStatRow = Record<string, string>; // by `show stat` column name
export type HttpProbe = {
	from: string; // host that probed
	target: 'realserver' | 'vip';
	name?: string; // real server or VIP name
	url: string;
	ok: boolean;
	status?: number;
	timeMs?: number;
	server?: string; // Server header
	body?: string; // first bytes
	error?: string; // curl's message
	/** the address and port curl connected to */
	remoteIp?: string;
	port?: number;
	/** curl's exit status (0 ok, 7 refused, 28 timeout …) */
	curlExit?: number;
	contentType?: string;
};

export type ListeningSocket = {proto: 'tcp' | 'udp'; address: string; port: number; process?: string; pid?: number};

/** A file's owner and mode as `stat` reports them. */
export type FileStat = {path: string; exists: boolean; mode?: string; uid?: number; gid?: number; type?: string};
/** A script keepalived runs (vrrp_script, notify*, MISC_CHECK) and what script security looks at. */
export type KeepalivedScript = {
	/** where it is used: `vrrp_script chk_haproxy`, `vrrp_instance VI_1 notify_master`, … */
	usedBy: string;
	/** the command line as written */
	command: string;
	/** the program, resolved to an absolute path when possible */
	path: string;
	file: FileStat;
	executable?: boolean;
	/** each parent directory up to / (keepalived refuses a script under a non-root or writable dir) */
	parents: FileStat[];
};

/** Fact keys (`source.noun`) and the values collectors produce for them. */
export type FactValues = {
	/** `paths`: where the tools found are (`command -v`, absolute paths only); absent in bundles from before it */
	'host.info': {hostname: string; kernel?: string; os?: string; isRoot: boolean; tools: Record<string, boolean>; paths?: Record<string, string>};
	'net.addresses': NetInterface[];
	'net.routes': Route[];
	'net.sysctl': Record<string, string>;
	'firewall.ruleset': FirewallFacts;
	'process.list': ProcessInfo[];
	'service.state': ServiceState[];
	/** the daemons' defaults files, and whether `start-stop-daemon --output` exists (to start a daemon without an init system) */
	'service.defaults': {files: ServiceDefaults[]; startStopDaemon?: boolean};
	'keepalived.version': {version: string; raw: string};
	'haproxy.version': {version: string; raw: string};
	'keepalived.config': ConfigFiles;
	'haproxy.config': ConfigFiles;
	'keepalived.log': KeepalivedLog;
	'keepalived.data': {instances: KeepalivedInstanceData[]};
	'keepalived.stats': KeepalivedStats; // difference end − start of the capture window
	'vrrp.adverts': VrrpCapture;
	'ipvs.table': IpvsTable;
	'haproxy.stats': {
		socket: string;
		rows: HaproxyStatRow[];
		/** `show servers state` rows by column name */
		servers?: Array<Record<string, string>>;
		/** the client that spoke to the socket (socat, nc, python3, perl) */
		via?: string;
	};
	'http.probes': HttpProbe[];
	'clock.sync': {synchronized?: boolean; source: string; raw: string};
	/** listening TCP sockets and bound UDP sockets (`ss -Hltnup`): what answers on a port */
	'net.listening': ListeningSocket[];
	/** the scripts keepalived.conf makes keepalived run, with owners and modes of each path element */
	'keepalived.scripts': KeepalivedScript[];
	/** keepalived -t / haproxy -c run on the host against its live config */
	'config.validation': Array<{tool: 'keepalived' | 'haproxy'; path: string; exitCode?: number; output: string}>;
};
export type FactKey = keyof FactValues;
