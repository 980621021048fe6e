/**
The part of one keepalived.conf that import reads, independent of the parser's own model: the
adapter from the parser (keepalived-adapter.ts) fills it; keepalived-import.ts maps it to lbwiz.yaml.
Every value keeps where it came from, so warnings point at lines.
*/
import type {Place} from './types.js';

export type At<T> = {value: T; at: Place};

export type KaVip = {address: string; prefix?: number; dev?: string; extra: string[]; at: Place};

export type KaScript = {name: string; script?: string; interval?: number; weight?: number; fall?: number; rise?: number; at: Place};

export type KaInstance = {
	name: string;
	at: Place;
	state?: At<string>;
	interface?: At<string>;
	virtualRouterId?: At<number>;
	priority?: At<number>;
	advertInt?: At<number>;
	version?: At<number>;
	nopreempt?: Place;
	authType?: At<string>;
	authPass?: At<string>;
	unicastSrcIp?: At<string>;
	unicastPeers: Array<At<string>>;
	mcastSrcIp?: At<string>;
	vips: KaVip[];
	trackScripts: Array<{name: string; weight?: number; at: Place}>;
	/** keywords import does not map, for "not expressed" warnings */
	other: Array<At<string>>;
};

export type KaChecker = {
	type: string;
	at: Place;
	connectTimeout?: number;
	connectPort?: number;
	retry?: number;
	/** `nb_get_retry` (deprecated; unknown inside TCP_CHECK on keepalived 2.x) */
	nbGetRetry?: At<number>;
	delayBeforeRetry?: number;
	delayLoop?: number;
	urls: Array<{path?: string; statusCode?: string; digest?: string}>;
	miscPath?: string;
	miscTimeout?: number;
	other: Array<At<string>>;
};

export type KaRealServer = {address: string; port?: number; weight?: number; checkers: KaChecker[]; at: Place; other: Array<At<string>>};

export type KaVirtualServer = {
	at: Place;
	/** address + port; undefined for fwmark / group services */
	address?: string;
	port?: number;
	fwmark?: number;
	group?: string;
	/** the keyword was glued to the address (`virtual_server192.168.10.30`) and recovered */
	recoveredTypo?: string;
	lbAlgo?: At<string>;
	lbKind?: At<string>;
	persistenceTimeout?: At<number>;
	protocol?: At<string>;
	delayLoop?: number;
	sorryServer?: {address: string; port: number};
	realServers: KaRealServer[];
	other: Array<At<string>>;
};

/** What import needs from one keepalived.conf. */
export type KaFile = {
	file: string;
	routerId?: At<string>;
	notificationEmail: string[];
	notificationEmailFrom?: At<string>;
	smtpServer?: At<string>;
	smtpConnectTimeout?: At<number>;
	vrrpVersion?: At<number>;
	/** other global_defs keywords */
	globalOther: Array<At<string>>;
	scripts: KaScript[];
	instances: KaInstance[];
	virtualServers: KaVirtualServer[];
	syncGroups: Place[];
	/** anything else at top level (virtual_server_group, vrrp_track_process, …) */
	topOther: Array<At<string>>;
	/** typos recovered while reading (glued keywords) */
	recovered: Array<At<string>>;
	/** the parser's own errors */
	errors: Array<At<string>>;
};
