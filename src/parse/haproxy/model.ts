import {type HaproxyAddress, parseAddress, parseInteger, parseTime, splitAddressList} from './address.js';
import type {HaproxyAst, Section, Statement} from './ast.js';
import type {Position, Word} from './lexer.js';

/** A value with the position it was set at (the defaults section's line when inherited). */
export type Located<T> = {value: T; position: Position; inherited?: boolean};

/** A `log` target (global or proxy). */
export type LogTarget = {target: string; facility?: string; level?: string; position: Position};

/** A `stats socket` line of the global section. */
export type StatsSocket = {
	/** socket address: a path, `ipv4@…`, `:9999` … */
	address: string;
	/** `level user|operator|admin`; HAProxy's default is `user` when absent */
	level?: string;
	/** `mode 600` etc. */
	mode?: string;
	/** every `key value` / flag after the address */
	options: Record<string, string | true>;
	position: Position;
};

/** The global section. */
export type GlobalSettings = {
	maxconn?: Located<number>;
	daemon?: Position;
	masterWorker?: Position;
	nbthread?: Located<number>;
	user?: Located<string>;
	group?: Located<string>;
	uid?: Located<string>;
	gid?: Located<string>;
	chroot?: Located<string>;
	pidfile?: Located<string>;
	logs: LogTarget[];
	statsSockets: StatsSocket[];
	statsTimeout?: Located<number>;
	/** header positions of every `global` section (it may be repeated) */
	positions: Position[];
};

/** A listening address of a `bind` line (one per element of a comma list). */
export type Bind = {
	address: HaproxyAddress;
	/** the whole address word as written */
	raw: string;
	position: Position;
	ssl: boolean;
	/** `crt` files / directories */
	crt: string[];
	transparent: boolean;
	interface?: string;
	/** every bind option: flags map to true, others to their value */
	options: Record<string, string | true>;
};

/** An ACL: `acl <name> <fetch>[(args)] [flags] [patterns…]`. */
export type Acl = {name: string; fetch: string; fetchArgs?: string; flags: string[]; patterns: string[]; position: Position};

/** An `if`/`unless` condition. */
export type Condition = {kind: 'if' | 'unless'; terms: string[]; position: Position};

/** `use_backend <name> [if|unless cond]`. */
export type UseBackend = {
	backend: string;
	/** the name contains a log-format expression (`%[…]`) and is resolved at run time */
	dynamic: boolean;
	condition?: Condition;
	position: Position;
	/** position of the backend-name word */
	namePosition: Position;
};

/** A `server` (or `server-template`, `default-server`) line. */
export type Server = {
	name: string;
	address: HaproxyAddress;
	/** the address word as written */
	rawAddress: string;
	port?: number;
	check: boolean;
	/** check interval in ms */
	inter?: number;
	rise?: number;
	fall?: number;
	weight?: number;
	backup: boolean;
	cookie?: string;
	disabled: boolean;
	maxconn?: number;
	resolvers?: string;
	/** every server option: flags map to true, others to their value */
	options: Record<string, string | true>;
	position: Position;
	/** a `server-template` (name is the prefix) */
	template?: boolean;
};

/** `option httpchk` / `http-check send` settings. */
export type HttpCheck = {
	method: string;
	uri: string;
	version?: string;
	/** the method was not given and HAProxy 2.6 defaults to OPTIONS */
	defaultMethod: boolean;
	position: Position;
	source: 'option httpchk' | 'http-check send';
	inherited?: boolean;
};

/** `stats auth user:password`. The password is kept raw (it may be a `lbwiz-redacted:…` token). */
export type StatsAuth = {user: string; password: string; redacted: boolean; position: Position; inherited?: boolean};

/** Stats page settings of a proxy (`stats enable`, `stats uri` …), defaults included. */
export type StatsSettings = {
	enabled: boolean;
	uri?: Located<string>;
	realm?: Located<string>;
	auth: StatsAuth[];
	hideVersion: boolean;
	refresh?: Located<number>;
	admin?: Located<string>;
	/** where stats were enabled (first stats line) */
	position?: Position;
};

/** A `cookie` line of a backend. */
export type CookieSettings = {name: string; mode?: string; options: string[]; position: Position; inherited?: boolean};

/** An `option` line. */
export type ProxyOption = {name: string; negated: boolean; args: string[]; position: Position; inherited?: boolean};

/** A frontend, backend, listen or defaults section. */
export type Proxy = {
	kind: 'frontend' | 'backend' | 'listen' | 'defaults';
	name: string;
	position: Position;
	/** explicit `from` */
	from?: string;
	/** the defaults section this proxy inherits from (explicit `from` or the last one before it); its name, or '' for anonymous */
	defaults?: {name: string; position: Position};
	/** effective mode (own or inherited); HAProxy's default is tcp */
	mode: Located<string> | undefined;
	binds: Bind[];
	acls: Acl[];
	useBackends: UseBackend[];
	/** `dynamic` is always false: 2.6 takes the name literally */
	defaultBackend?: {name: string; dynamic: boolean; position: Position; inherited?: boolean};
	servers: Server[];
	defaultServer?: Server;
	balance?: Located<{algorithm: string; args: string[]}>;
	cookie?: CookieSettings;
	/** effective options by name (last one wins; `no option x` kept with negated) */
	options: Record<string, ProxyOption>;
	httpCheck?: HttpCheck;
	/** effective timeouts in ms by kind (client, server, connect, check …) */
	timeouts: Record<string, Located<number>>;
	maxconn?: Located<number>;
	stats: StatsSettings;
	/** the section's own statements */
	statements: Statement[];
};

/** A `userlist` section. */
export type Userlist = {
	name: string;
	position: Position;
	users: Array<{name: string; password?: string; insecure: boolean; redacted: boolean; groups: string[]; position: Position}>;
	groups: Array<{name: string; users: string[]; position: Position}>;
};

/** A section of another type (peers, resolvers, mailers, program, ring, cache …). */
export type OtherSection = {type: string; name?: string; position: Position; statements: Statement[]};

/** The semantic model of a haproxy.cfg. */
export type HaproxyConfig = {
	global: GlobalSettings;
	defaults: Proxy[];
	frontends: Proxy[];
	backends: Proxy[];
	listens: Proxy[];
	/** frontends, backends and listens in file order */
	proxies: Proxy[];
	userlists: Userlist[];
	resolvers: OtherSection[];
	peers: OtherSection[];
	others: OtherSection[];
};

const REDACTED = /lbwiz-redacted:/;

const pos = (w: {file: string; line: number; column: number}): Position => ({file: w.file, line: w.line, column: w.column});

/** Turns `key value` / flag lists into a record, knowing which keys are flags. */
function optionRecord(words: readonly Word[], isFlag: (k: string) => boolean): Record<string, string | true> {
	const out: Record<string, string | true> = {};
	for (let i = 0; i < words.length; i++) {
		const key = words[i].text;
		if (isFlag(key) || i + 1 >= words.length) out[key] = true;
		else {
			out[key] = words[i + 1].text;
			i++;
		}
	}
	return out;
}

const BIND_VALUE_LESS = new Set(['accept-netscaler-cip', 'accept-proxy', 'allow-0rtt', 'defer-accept', 'force-sslv3', 'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13', 'generate-certificates', 'no-ca-names', 'no-sslv3', 'no-tls-tickets', 'no-tlsv10', 'no-tlsv11', 'no-tlsv12', 'no-tlsv13', 'prefer-client-ciphers', 'quic-force-retry', 'ssl', 'strict-sni', 'tfo', 'transparent', 'v4v6', 'v6only', 'expose-fd']);
const SERVER_VALUE_LESS = new Set(['agent-check', 'allow-0rtt', 'backup', 'check', 'check-send-proxy', 'check-ssl', 'check-via-socks4', 'disabled', 'enabled', 'force-sslv3', 'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13', 'no-agent-check', 'no-backup', 'no-check', 'no-check-send-proxy', 'no-check-ssl', 'no-send-proxy', 'no-send-proxy-v2', 'no-send-proxy-v2-ssl', 'no-send-proxy-v2-ssl-cn', 'no-ssl', 'no-ssl-reuse', 'no-sslv3', 'no-tfo', 'no-tls-tickets', 'no-tlsv10', 'no-tlsv11', 'no-tlsv12', 'no-tlsv13', 'non-stick', 'send-proxy', 'send-proxy-v2', 'send-proxy-v2-ssl', 'send-proxy-v2-ssl-cn', 'ssl', 'ssl-reuse', 'stick', 'tfo', 'tls-tickets']);

/** `expose-fd listeners` takes a value although it looks like a flag. */
const bindIsFlag = (k: string) => BIND_VALUE_LESS.has(k) && k !== 'expose-fd';
const serverIsFlag = (k: string) => SERVER_VALUE_LESS.has(k);

/** Parses the options of a `bind` line. */
export function parseBindOptions(words: readonly Word[]): Record<string, string | true> {
	return optionRecord(words, bindIsFlag);
}

/** Parses the options of a `server` line (after name and address). */
export function parseServerOptions(words: readonly Word[]): Record<string, string | true> {
	return optionRecord(words, serverIsFlag);
}

function emptyStats(): StatsSettings {
	return {enabled: false, auth: [], hideVersion: false};
}

function emptyProxy(kind: Proxy['kind'], name: string, position: Position, statements: Statement[]): Proxy {
	return {kind, name, position, mode: undefined, binds: [], acls: [], useBackends: [], servers: [], options: {}, timeouts: {}, stats: emptyStats(), statements};
}

/** Splits `user:password` as HAProxy does (at the first colon) and notes redaction. */
export function parseStatsAuth(word: Word): StatsAuth {
	const text = word.text;
	if (text.startsWith('lbwiz-redacted:')) return {user: '', password: text, redacted: true, position: pos(word)};
	const colon = text.indexOf(':');
	const user = colon < 0 ? text : text.slice(0, colon);
	const password = colon < 0 ? '' : text.slice(colon + 1);
	return {user, password, redacted: REDACTED.test(password), position: pos(word)};
}

/** Parses `option httpchk [<method> <uri> [<version>]]` (or the 1-argument `<uri>` form). */
export function parseHttpchk(statement: Statement, args: readonly Word[]): HttpCheck {
	const words = args.map(w => w.text);
	if (words.length === 0) return {method: 'OPTIONS', uri: '/', defaultMethod: true, position: pos(statement), source: 'option httpchk'};
	if (words.length === 1) return {method: 'OPTIONS', uri: words[0], defaultMethod: true, position: pos(statement), source: 'option httpchk'};
	return {method: words[0], uri: words[1], version: words.slice(2).join(' ') || undefined, defaultMethod: false, position: pos(statement), source: 'option httpchk'};
}

/** Parses `acl name fetch [flags] [patterns]`. */
function parseAcl(statement: Statement): Acl | undefined {
	const [nameWord, fetchWord, ...rest] = statement.args;
	if (!nameWord || !fetchWord) return undefined;
	const m = /^([^(]*)(?:\((.*)\))?$/s.exec(fetchWord.text);
	const flags: string[] = [];
	let i = 0;
	while (i < rest.length && rest[i].text.startsWith('-') && rest[i].text !== '--') {
		const flag = rest[i].text;
		flags.push(flag);
		if ((flag === '-m' || flag === '-f' || flag === '-M' || flag === '-u') && rest[i + 1]) {
			flags.push(rest[i + 1].text);
			i++;
		}
		i++;
	}
	if (rest[i]?.text === '--') i++;
	return {
		name: nameWord.text,
		fetch: m ? m[1] : fetchWord.text,
		fetchArgs: m?.[2],
		flags,
		patterns: rest.slice(i).map(w => w.text),
		position: pos(statement),
	};
}

function parseCondition(words: readonly Word[]): Condition | undefined {
	const index = words.findIndex(w => w.text === 'if' || w.text === 'unless');
	if (index < 0) return undefined;
	return {kind: words[index].text as 'if' | 'unless', terms: words.slice(index + 1).map(w => w.text), position: pos(words[index])};
}

/** Parses a `server`/`default-server`/`server-template` line into a {@link Server}. */
export function parseServer(statement: Statement): Server | undefined {
	const kw = statement.keyword;
	const args = statement.args;
	let name = '';
	let addressWord: Word | undefined;
	let optionWords: Word[];
	if (kw === 'default-server') {
		optionWords = args;
	} else if (kw === 'server-template') {
		name = args[0]?.text ?? '';
		addressWord = args[2];
		optionWords = args.slice(3);
	} else {
		name = args[0]?.text ?? '';
		addressWord = args[1];
		optionWords = args.slice(2);
		if (addressWord && SERVER_VALUE_LESS.has(addressWord.text) && kw === 'server') {
			// `server name check …` without address (peers sections, dynamic servers)
			optionWords = args.slice(1);
			addressWord = undefined;
		}
	}
	const options = parseServerOptions(optionWords);
	const address = addressWord ? parseAddress(addressWord.text, 'server', {dynamic: addressWord.hasEnv}).address : {raw: '', family: 'unknown' as const, host: '', dynamic: false};
	const has = (k: string) => options[k] !== undefined;
	const num = (k: string) => (typeof options[k] === 'string' ? parseInteger(options[k] as string) : undefined);
	const time = (k: string) => (typeof options[k] === 'string' ? parseTime(options[k] as string) : undefined);
	return {
		name,
		address,
		rawAddress: addressWord?.text ?? '',
		port: address.port,
		check: has('check') && !has('no-check'),
		inter: time('inter'),
		rise: num('rise'),
		fall: num('fall'),
		weight: num('weight'),
		backup: has('backup') && !has('no-backup'),
		cookie: typeof options.cookie === 'string' ? options.cookie : undefined,
		disabled: has('disabled'),
		maxconn: num('maxconn'),
		resolvers: typeof options.resolvers === 'string' ? options.resolvers : undefined,
		options,
		position: pos(statement),
		template: kw === 'server-template' ? true : undefined,
	};
}

/** Parses the binds of one `bind` line (a comma list gives several). */
export function parseBindLine(statement: Statement): Bind[] {
	const [addrWord, ...rest] = statement.args;
	if (!addrWord) return [];
	const options = parseBindOptions(rest);
	const crt: string[] = [];
	for (let i = 0; i < rest.length; i++) if (rest[i].text === 'crt' && rest[i + 1]) crt.push(rest[i + 1].text);
	return splitAddressList(addrWord.text, addrWord.column).map(part => ({
		address: parseAddress(part.text, 'bind', {dynamic: addrWord.hasEnv}).address,
		raw: part.text,
		position: {file: statement.file, line: statement.line, column: addrWord.raw === addrWord.text ? part.column : addrWord.column},
		ssl: options.ssl === true,
		crt,
		transparent: options.transparent === true,
		interface: typeof options.interface === 'string' ? options.interface : undefined,
		options,
	}));
}

/**
Builds the semantic model from the syntax tree. Proxies carry effective values: what they set
themselves, else what their defaults section set (marked `inherited`, positioned at the defaults line).
*/
export function buildHaproxyConfig(ast: HaproxyAst): HaproxyConfig {
	const config: HaproxyConfig = {
		global: {logs: [], statsSockets: [], positions: []},
		defaults: [],
		frontends: [],
		backends: [],
		listens: [],
		proxies: [],
		userlists: [],
		resolvers: [],
		peers: [],
		others: [],
	};
	let lastDefaults: Proxy | undefined;
	const defaultsByName = new Map<string, Proxy>();
	for (const section of ast.sections) {
		switch (section.type) {
			case 'global':
				applyGlobal(config.global, section);
				break;
			case 'defaults': {
				const proxy = emptyProxy('defaults', section.name ?? '', pos(section.header), section.statements);
				proxy.from = section.from;
				const parent = section.from === undefined ? undefined : defaultsByName.get(section.from);
				if (parent) inherit(proxy, parent);
				applyProxy(proxy, section);
				config.defaults.push(proxy);
				if (section.name) defaultsByName.set(section.name, proxy);
				lastDefaults = proxy;
				break;
			}
			case 'frontend':
			case 'backend':
			case 'listen': {
				const proxy = emptyProxy(section.type, section.name ?? '', pos(section.header), section.statements);
				proxy.from = section.from;
				const parent = section.from === undefined ? lastDefaults : defaultsByName.get(section.from);
				if (parent) inherit(proxy, parent);
				applyProxy(proxy, section);
				config.proxies.push(proxy);
				({frontend: config.frontends, backend: config.backends, listen: config.listens})[section.type].push(proxy);
				break;
			}
			case 'userlist':
				config.userlists.push(buildUserlist(section));
				break;
			case 'resolvers':
				config.resolvers.push(other(section));
				break;
			case 'peers':
				config.peers.push(other(section));
				break;
			default:
				config.others.push(other(section));
		}
	}
	return config;
}

function other(section: Section): OtherSection {
	return {type: section.type, name: section.name, position: pos(section.header), statements: section.statements};
}

function buildUserlist(section: Section): Userlist {
	const list: Userlist = {name: section.name ?? '', position: pos(section.header), users: [], groups: []};
	for (const s of section.statements) {
		const words = s.args.map(w => w.text);
		if (s.keyword === 'user' && words[0]) {
			const user: Userlist['users'][number] = {name: words[0], insecure: false, redacted: false, groups: [], position: pos(s)};
			for (let i = 1; i < words.length; i++) {
				if ((words[i] === 'password' || words[i] === 'insecure-password') && words[i + 1] !== undefined) {
					user.password = words[i + 1];
					user.insecure = words[i] === 'insecure-password';
					user.redacted = REDACTED.test(words[i + 1]);
					i++;
				} else if (words[i] === 'groups' && words[i + 1] !== undefined) {
					user.groups = words[i + 1].split(',');
					i++;
				}
			}
			list.users.push(user);
		} else if (s.keyword === 'group' && words[0]) {
			const usersIndex = words.indexOf('users');
			list.groups.push({name: words[0], users: usersIndex >= 0 && words[usersIndex + 1] ? words[usersIndex + 1].split(',') : [], position: pos(s)});
		}
	}
	return list;
}

function applyGlobal(global: GlobalSettings, section: Section) {
	global.positions.push(pos(section.header));
	for (const s of section.statements) {
		const a = s.args.map(w => w.text);
		const here = pos(s);
		switch (s.keyword) {
			case 'maxconn': {
				const n = parseInteger(a[0]);
				if (n !== undefined) global.maxconn = {value: n, position: here};
				break;
			}
			case 'daemon':
				global.daemon = here;
				break;
			case 'master-worker':
				global.masterWorker = here;
				break;
			case 'nbthread': {
				const n = parseInteger(a[0]);
				if (n !== undefined) global.nbthread = {value: n, position: here};
				break;
			}
			case 'user':
			case 'group':
			case 'uid':
			case 'gid':
			case 'chroot':
			case 'pidfile':
				if (a[0] !== undefined) global[s.keyword] = {value: a[0], position: here};
				break;
			case 'log':
				if (a[0] !== undefined) global.logs.push({target: a[0], facility: a.find((w, i) => i > 0 && !/^(len|format|sample)$/.test(w) && !/^\d/.test(w)), level: undefined, position: here});
				break;
			case 'stats':
				if (a[0] === 'socket' && a[1] !== undefined) {
					const options = optionRecord(s.args.slice(2), k => k === 'expose-fd' ? false : BIND_VALUE_LESS.has(k));
					global.statsSockets.push({
						address: a[1],
						level: typeof options.level === 'string' ? options.level : undefined,
						mode: typeof options.mode === 'string' ? options.mode : undefined,
						options,
						position: here,
					});
				} else if (a[0] === 'timeout' && a[1] !== undefined) {
					const t = parseTime(a[1]);
					if (t !== undefined) global.statsTimeout = {value: t, position: here};
				}
				break;
			default:
				break;
		}
	}
}

function inherit(proxy: Proxy, parent: Proxy) {
	proxy.defaults = {name: parent.name, position: parent.position};
	const mark = <T extends {inherited?: boolean}>(v: T): T => ({...v, inherited: true});
	if (parent.mode) proxy.mode = mark(parent.mode);
	for (const [k, v] of Object.entries(parent.timeouts)) proxy.timeouts[k] = mark(v);
	for (const [k, v] of Object.entries(parent.options)) proxy.options[k] = mark(v);
	if (parent.httpCheck) proxy.httpCheck = mark(parent.httpCheck);
	if (parent.cookie) proxy.cookie = mark(parent.cookie);
	if (parent.balance) proxy.balance = mark(parent.balance);
	if (parent.maxconn) proxy.maxconn = mark(parent.maxconn);
	if (parent.defaultServer) proxy.defaultServer = parent.defaultServer;
	if (parent.defaultBackend) proxy.defaultBackend = mark(parent.defaultBackend);
	const stats = parent.stats;
	proxy.stats = {
		enabled: stats.enabled,
		uri: stats.uri && mark(stats.uri),
		realm: stats.realm && mark(stats.realm),
		auth: stats.auth.map(mark),
		hideVersion: stats.hideVersion,
		refresh: stats.refresh && mark(stats.refresh),
		admin: stats.admin && mark(stats.admin),
		position: stats.position,
	};
}

function applyProxy(proxy: Proxy, section: Section) {
	for (const s of section.statements) {
		const a = s.args.map(w => w.text);
		const here = pos(s);
		switch (s.keyword) {
			case 'mode':
				if (a[0]) proxy.mode = {value: a[0], position: here};
				break;
			case 'bind':
				proxy.binds.push(...parseBindLine(s));
				break;
			case 'acl': {
				const acl = parseAcl(s);
				if (acl) proxy.acls.push(acl);
				break;
			}
			case 'use_backend':
				if (a[0] !== undefined) {
					proxy.useBackends.push({backend: a[0], dynamic: a[0].includes('%['), condition: parseCondition(s.args.slice(1)), position: here, namePosition: pos(s.args[0])});
				}
				break;
			case 'default_backend':
				// HAProxy 2.6 resolves default_backend by name only (no log-format expression)
				if (a[0] !== undefined) proxy.defaultBackend = {name: a[0], dynamic: false, position: pos(s.args[0])};
				break;
			case 'server':
			case 'server-template': {
				const server = parseServer(s);
				if (server) proxy.servers.push(applyDefaultServer(server, proxy.defaultServer));
				break;
			}
			case 'default-server': {
				const server = parseServer(s);
				if (server) proxy.defaultServer = proxy.defaultServer ? mergeServer(proxy.defaultServer, server) : server;
				break;
			}
			case 'balance':
				if (a[0]) proxy.balance = {value: {algorithm: a[0].replace(/\(.*$/, ''), args: a.slice(1)}, position: here};
				break;
			case 'cookie':
				if (a[0]) proxy.cookie = {name: a[0], mode: a.slice(1).find(w => ['rewrite', 'insert', 'prefix'].includes(w)), options: a.slice(1), position: here};
				break;
			case 'maxconn': {
				const n = parseInteger(a[0]);
				if (n !== undefined) proxy.maxconn = {value: n, position: here};
				break;
			}
			case 'timeout': {
				const t = a[1] === undefined ? undefined : parseTime(a[1]);
				if (a[0] && t !== undefined) proxy.timeouts[a[0]] = {value: t, position: here};
				break;
			}
			case 'option':
			case 'no':
			case 'default': {
				const negated = s.keyword === 'no';
				const words = s.keyword === 'option' ? a : a[0] === 'option' ? a.slice(1) : [];
				if (!words[0]) break;
				const name = words[0];
				if (s.keyword === 'default') {
					delete proxy.options[name];
					break;
				}
				proxy.options[name] = {name, negated, args: words.slice(1), position: here};
				if (name === 'httpchk' && !negated) {
					const previous = proxy.httpCheck;
					proxy.httpCheck = parseHttpchk(s, s.args.slice(s.keyword === 'option' ? 1 : 2));
					// `http-check send` given earlier in this section still overrides the request line
					if (previous?.source === 'http-check send' && !previous.inherited) {
						proxy.httpCheck = {...proxy.httpCheck, ...previous, position: previous.position, source: 'http-check send'};
					}
				}
				break;
			}
			case 'http-check':
				if (a[0] === 'send') {
					let method: string | undefined;
					let uri: string | undefined;
					let version: string | undefined;
					for (let i = 1; i < a.length; i++) {
						if (a[i] === 'meth' && a[i + 1]) method = a[++i];
						else if ((a[i] === 'uri' || a[i] === 'uri-lf') && a[i + 1]) uri = a[++i];
						else if (a[i] === 'ver' && a[i + 1]) version = a[++i];
					}
					const base = proxy.httpCheck && !proxy.httpCheck.inherited ? proxy.httpCheck : undefined;
					proxy.httpCheck = {
						method: method ?? base?.method ?? 'OPTIONS',
						uri: uri ?? base?.uri ?? '/',
						version: version ?? base?.version,
						defaultMethod: method === undefined && (base?.defaultMethod ?? true),
						position: here,
						source: 'http-check send',
					};
				}
				break;
			case 'stats': {
				const sub = a[0];
				const stats = proxy.stats;
				if (sub && sub !== 'socket' && sub !== 'bind-process') {
					stats.position ??= here;
					if (sub !== 'http-request' && sub !== 'scope') stats.enabled = true;
				}
				if (sub === 'uri' && a[1] !== undefined) stats.uri = {value: a[1], position: here};
				else if (sub === 'realm' && a[1] !== undefined) stats.realm = {value: a.slice(1).join(' '), position: here};
				else if (sub === 'auth' && s.args[1]) {
					stats.auth.push(parseStatsAuth(s.args[1]));
				} else if (sub === 'hide-version') stats.hideVersion = true;
				else if (sub === 'refresh' && a[1] !== undefined) {
					const t = parseTime(a[1], 's');
					if (t !== undefined) stats.refresh = {value: t, position: here};
				} else if (sub === 'admin') stats.admin = {value: a.slice(1).join(' '), position: here};
				break;
			}
			default:
				break;
		}
	}
}

function mergeServer(base: Server, over: Server): Server {
	return {...base, ...over, options: {...base.options, ...over.options}};
}

function applyDefaultServer(server: Server, defaults: Server | undefined): Server {
	if (!defaults) return server;
	const options = {...defaults.options, ...server.options};
	const reparsed = parseServerFromOptions(server, options);
	return reparsed;
}

function parseServerFromOptions(server: Server, options: Record<string, string | true>): Server {
	const has = (k: string) => options[k] !== undefined;
	const num = (k: string) => (typeof options[k] === 'string' ? parseInteger(options[k] as string) : undefined);
	return {
		...server,
		options,
		check: has('check') && !(server.options['no-check'] !== undefined),
		inter: typeof options.inter === 'string' ? parseTime(options.inter) : undefined,
		rise: num('rise'),
		fall: num('fall'),
		weight: num('weight'),
		backup: has('backup') && server.options['no-backup'] === undefined,
		cookie: typeof server.options.cookie === 'string' ? server.options.cookie : undefined,
		disabled: has('disabled') && server.options.enabled === undefined,
		maxconn: num('maxconn'),
		resolvers: typeof options.resolvers === 'string' ? options.resolvers : undefined,
	};
}
