/**
The doctor's view of keepalived.conf and haproxy.cfg: the few things checks reason about (VRRP instances,
scripts, virtual servers, HAProxy binds, servers and stats auth), each with its file:line, built once per
host from the real parsers' output. Checks read these views through Facts, never the parsers' trees, so a
parser change touches one file.
*/
import type {SecretRef} from '../collect/types.js';

/** A position in a config file as collected from the host. */
export type Pos = {file: string; line: number};

/** One address of `virtual_ipaddress`. */
export type KaVip = {address: string; prefix?: number; dev?: string; text: string; pos: Pos};

/** A `track_script` entry, with the weight that overrides the script's own. */
export type KaTrack = {name: string; weight?: number; pos: Pos};

/** Authentication as keepalived will use it. */
export type KaAuth = {type: string; typePos?: Pos; secret?: SecretRef; passPos?: Pos};

/** A `vrrp_instance` with keepalived's defaults applied. */
export type KaInstance = {
	host: string;
	name: string;
	pos: Pos;
	/** last line of the block (same file as pos), when known */
	endLine?: number;
	/** as written (`MASTER`, `BACKUP`, or a typo such as `Master`) */
	state?: string;
	interface?: string;
	vrid?: number;
	/** configured priority; keepalived's default 100 when absent */
	priority: number;
	/** advert_int in seconds (default 1) */
	advertInt: number;
	/** VRRP version: the instance's `version`, else global `vrrp_version`, else 2 */
	version: 2 | 3;
	/** global_defs has `vrrp_strict` (copied here: it changes how the instance behaves) */
	strict: boolean;
	auth?: KaAuth;
	vips: KaVip[];
	unicastSrcIp?: string;
	unicastPeers: Array<{address: string; pos: Pos}>;
	/** a unicast keyword (`unicast_src_ip`, `unicast_peer`) is present */
	unicast: boolean;
	nopreempt: boolean;
	noAccept: boolean;
	trackScripts: KaTrack[];
	trackInterfaces: string[];
	notify: Array<{keyword: string; script: string; pos: Pos}>;
	/** position of each keyword written in the block (first occurrence) */
	keywords: Record<string, Pos>;
};

/** A `vrrp_script` block. */
export type KaScript = {name: string; script?: string; interval?: number; weight?: number; fall?: number; rise?: number; user?: string; pos: Pos; keywords: Record<string, Pos>};

/** A `real_server` of a virtual server, with its checkers. */
export type KaRealServer = {address: string; port?: number; weight?: number; checkers: Array<{type: string; connectPort?: number; pos: Pos}>; pos: Pos};

/** A `virtual_server` block (address/port, or fwmark / group). */
export type KaVirtualServer = {
	address?: string;
	port?: number;
	fwmark?: number;
	group?: string;
	/** lb_kind / lvs_method, upper case; keepalived defaults to NAT */
	lbKind: string;
	lbKindPos?: Pos;
	lbAlgo?: string;
	protocol: string;
	reals: KaRealServer[];
	pos: Pos;
};

/** Everything the doctor reads from one host's keepalived configuration. */
export type KeepalivedView = {
	host: string;
	mainFile: string;
	files: string[];
	routerId?: string;
	routerIdPos?: Pos;
	strict: boolean;
	strictPos?: Pos;
	scriptSecurity: boolean;
	scriptUser?: string;
	globalDefsPos?: Pos;
	instances: KaInstance[];
	scripts: KaScript[];
	virtualServers: KaVirtualServer[];
	/** global notify scripts and other script paths keepalived runs */
	notify: Array<{keyword: string; script: string; pos: Pos}>;
};

/** A `bind` line of a frontend or listen section. */
export type HaBind = {section: string; proxy: string; address?: string; port?: number; options: string[]; text: string; pos: Pos};

/** A `server` line of a backend or listen section. */
export type HaServer = {proxy: string; name: string; address?: string; port?: number; check: boolean; backup: boolean; disabled: boolean; text: string; pos: Pos};

/** Everything the doctor reads from one host's haproxy.cfg. */
export type HaproxyView = {
	host: string;
	mainFile: string;
	files: string[];
	binds: HaBind[];
	servers: HaServer[];
	statsAuth: Array<{proxy: string; user: string; secret?: SecretRef; wellKnown: boolean; text: string; pos: Pos}>;
	statsSockets: Array<{path: string; pos: Pos}>;
	/** `stats enable` / `stats uri` sections (the stats page) */
	statsPages: Array<{proxy: string; pos: Pos}>;
};
