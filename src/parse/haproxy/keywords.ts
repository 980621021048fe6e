/**
Keyword knowledge for HAProxy 2.6, taken from the 2.6 configuration manual (sections 3, 4.1, 4.2, 5)
and from what the Debian 12 build (2.6.12) registers (`haproxy -dKcfg`, `-dKsmp`, `-dKcnv`). The test
test/parse/haproxy-keywords.test.ts checks these tables against the installed binary.
*/

/** Section types HAProxy 2.6 knows. */
export const SECTIONS_26 = [
	'global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers', 'mailers', 'resolvers', 'program',
	'http-errors', 'ring', 'log-forward', 'cache', 'fcgi-app', 'namespace_list',
] as const;

/** Section types added after 2.6, with the version that introduced them. */
export const NEWER_SECTIONS: Readonly<Record<string, string>> = {
	'crt-store': '3.0',
	traces: '3.1',
	'log-profile': '3.1',
	acme: '3.2',
};

export type SectionType = (typeof SECTIONS_26)[number] | 'crt-store' | 'traces' | 'log-profile' | 'acme';

export const ALL_SECTION_TYPES: ReadonlySet<string> = new Set<string>([...SECTIONS_26, ...Object.keys(NEWER_SECTIONS)]);

/** Proxy section types. */
export const PROXY_SECTIONS: ReadonlySet<string> = new Set(['defaults', 'frontend', 'backend', 'listen']);

/** Keywords of the global section in 2.6 (`stats` takes a sub-keyword, see {@link GLOBAL_STATS_KEYWORDS}). */
export const GLOBAL_KEYWORDS: ReadonlySet<string> = new Set(`
busy-polling ca-base chroot close-spread-time cluster-secret cpu-map crt-base daemon default-path description
expose-experimental-directives external-check fd-hard-limit gid grace group h1-accept-payload-with-any-method
h1-case-adjust h1-case-adjust-file h2-workaround-bogus-websocket-clients hard-stop-after httpclient.resolvers.id
httpclient.resolvers.prefer httpclient.ssl.ca-file httpclient.ssl.verify insecure-fork-wanted insecure-setuid-wanted
issuers-chain-path localpeer log log-send-hostname log-tag lua-load lua-load-per-thread lua-prepend-path master-worker
max-spread-checks maxcompcpuusage maxcomprate maxconn maxconnrate maxpipes maxsessrate maxsslconn maxsslrate
maxzlibmem mworker-max-reloads nbthread no-memory-trimming node noepoll noevports nogetaddrinfo nokqueue nopoll
noreuseport nosplice numa-cpu-mapping pidfile pp2-never-send-local presetenv profiling.tasks quiet resetenv
server-state-base server-state-file set-dumpable set-var set-var-fmt setenv spread-checks ssl-default-bind-ciphers
ssl-default-bind-ciphersuites ssl-default-bind-curves ssl-default-bind-options ssl-default-server-ciphers
ssl-default-server-ciphersuites ssl-default-server-options ssl-dh-param-file ssl-load-extra-del-ext
ssl-load-extra-files ssl-mode-async ssl-propquery ssl-provider ssl-provider-path ssl-server-verify
ssl-skip-self-issued-ca stats strict-limits thread-group thread-groups tune.buffers.limit tune.buffers.reserve
tune.bufsize tune.comp.maxlevel tune.fail-alloc tune.fd.edge-triggered tune.h2.header-table-size
tune.h2.initial-window-size tune.h2.max-concurrent-streams tune.h2.max-frame-size tune.http.cookielen
tune.http.logurilen tune.http.maxhdr tune.idle-pool.shared tune.idletimer tune.listener.multi-queue
tune.lua.forced-yield tune.lua.maxmem tune.lua.service-timeout tune.lua.session-timeout tune.lua.task-timeout
tune.maxaccept tune.maxpollevents tune.maxrewrite tune.pattern.cache-size tune.peers.max-updates-at-once
tune.pipesize tune.pool-high-fd-ratio tune.pool-low-fd-ratio tune.rcvbuf.client tune.rcvbuf.server tune.recv_enough
tune.runqueue-depth tune.sched.low-latency tune.sndbuf.client tune.sndbuf.server tune.ssl.cachesize
tune.ssl.capture-buffer-size tune.ssl.capture-cipherlist-size tune.ssl.default-dh-param tune.ssl.force-private-cache
tune.ssl.hard-maxrecord tune.ssl.keylog tune.ssl.lifetime tune.ssl.maxrecord tune.ssl.ssl-ctx-cache-size
tune.vars.check-max-size tune.vars.global-max-size tune.vars.proc-max-size tune.vars.reqres-max-size
tune.vars.sess-max-size tune.vars.txn-max-size uid ulimit-n unix-bind unsetenv user zero-warning
`.trim().split(/\s+/));

/**
Global keywords HAProxy registers through keyword lists (`haproxy -dKcfg`); its did-you-mean scans these
before its built-in ones, which decides ties.
*/
export const GLOBAL_REGISTERED_KEYWORDS: readonly string[] = `
ca-base close-spread-time crt-base default-path grace h1-accept-payload-with-any-method h1-case-adjust h1-case-adjust-file
hard-stop-after httpclient.resolvers.id httpclient.resolvers.prefer httpclient.ssl.ca-file httpclient.ssl.verify issuers-chain-path lua-load lua-load-per-thread
lua-prepend-path maxsslconn mworker-max-reloads nbthread no-memory-trimming pp2-never-send-local profiling.tasks set-var
set-var-fmt ssl-default-bind-ciphers ssl-default-bind-ciphersuites ssl-default-bind-curves ssl-default-bind-options ssl-default-server-ciphers ssl-default-server-ciphersuites ssl-default-server-options
ssl-dh-param-file ssl-load-extra-del-ext ssl-load-extra-files ssl-mode-async ssl-propquery ssl-provider ssl-provider-path ssl-skip-self-issued-ca
stats thread-group thread-groups tune.fail-alloc tune.fd.edge-triggered tune.h2.header-table-size tune.h2.initial-window-size tune.h2.max-concurrent-streams
tune.h2.max-frame-size tune.idle-pool.shared tune.listener.multi-queue tune.lua.forced-yield tune.lua.maxmem tune.lua.service-timeout tune.lua.session-timeout tune.lua.task-timeout
tune.peers.max-updates-at-once tune.pool-high-fd-ratio tune.pool-low-fd-ratio tune.sched.low-latency tune.ssl.cachesize tune.ssl.capture-buffer-size tune.ssl.capture-cipherlist-size tune.ssl.default-dh-param
tune.ssl.force-private-cache tune.ssl.hard-maxrecord tune.ssl.keylog tune.ssl.lifetime tune.ssl.maxrecord tune.ssl.ssl-ctx-cache-size tune.vars.check-max-size tune.vars.global-max-size
tune.vars.proc-max-size tune.vars.reqres-max-size tune.vars.sess-max-size tune.vars.txn-max-size
`.trim().split(/\s+/);

/** Global keywords documented for 2.6 that exist only when HAProxy is built with an option the Debian/Ubuntu packages lack. */
export const GLOBAL_BUILD_DEPENDENT: Readonly<Record<string, string>> = Object.fromEntries([
	...['51degrees-cache-size', '51degrees-data-file', '51degrees-property-name-list', '51degrees-property-separator'].map(k => [k, '51DEGREES']),
	...['deviceatlas-json-file', 'deviceatlas-log-level', 'deviceatlas-properties-cookie', 'deviceatlas-separator'].map(k => [k, 'DEVICEATLAS']),
	...['wurfl-cache-size', 'wurfl-data-file', 'wurfl-information-list', 'wurfl-information-list-separator', 'wurfl-patch-file'].map(k => [k, 'WURFL']),
	['ssl-engine', 'ENGINE'],
	['profiling.memory', 'MEMORY_PROFILING'],
	...['tune.quic.frontend.conn-tx-buffers.limit', 'tune.quic.frontend.max-idle-timeout', 'tune.quic.frontend.max-streams-bidi', 'tune.quic.retry-threshold'].map(k => [k, 'QUIC']),
	...['tune.zlib.memlevel', 'tune.zlib.windowsize'].map(k => [k, 'ZLIB']),
]);

/** Sub-keywords of `stats` in the global section. */
export const GLOBAL_STATS_KEYWORDS: ReadonlySet<string> = new Set(['socket', 'maxconn', 'bind-process', 'timeout']);

/**
The 2.6 proxy keywords matrix (manual §4.1): which sections accept each keyword. Letters: `d` defaults,
`D` named defaults only, `f` frontend, `l` listen, `b` backend.
*/
export const PROXY_KEYWORDS: Readonly<Record<string, string>> = {
	acl: 'Dflb', backlog: 'dfl', balance: 'dlb', bind: 'fl', 'bind-process': 'dflb', 'capture cookie': 'fl',
	'capture request header': 'fl', 'capture response header': 'fl', 'clitcpka-cnt': 'dfl', 'clitcpka-idle': 'dfl',
	'clitcpka-intvl': 'dfl', compression: 'dflb', cookie: 'dlb', 'declare capture': 'fl', 'default-server': 'dlb',
	default_backend: 'dfl', description: 'flb', disabled: 'dflb', dispatch: 'lb', 'dynamic-cookie-key': 'dlb',
	'email-alert from': 'dflb', 'email-alert level': 'dflb', 'email-alert mailers': 'dflb', 'email-alert myhostname': 'dflb',
	'email-alert to': 'dflb', enabled: 'dflb', errorfile: 'dflb', errorfiles: 'dflb', errorloc: 'dflb', errorloc302: 'dflb',
	errorloc303: 'dflb', 'error-log-format': 'dfl', 'force-persist': 'lb', filter: 'flb', fullconn: 'dlb',
	'hash-balance-factor': 'dlb', 'hash-type': 'dlb', 'http-after-response': 'Dflb', 'http-check comment': 'dlb',
	'http-check connect': 'dlb', 'http-check disable-on-404': 'dlb', 'http-check expect': 'dlb', 'http-check send': 'dlb',
	'http-check send-state': 'dlb', 'http-check set-var': 'dlb', 'http-check set-var-fmt': 'dlb', 'http-check unset-var': 'dlb',
	'http-error': 'dflb', 'http-request': 'Dflb', 'http-response': 'Dflb', 'http-reuse': 'dlb',
	'http-send-name-header': 'dlb', id: 'flb', 'ignore-persist': 'lb', 'load-server-state-from-file': 'dlb', log: 'dflb',
	'log-format': 'dfl', 'log-format-sd': 'dfl', 'log-tag': 'dflb', 'max-keep-alive-queue': 'dlb',
	'max-session-srv-conns': 'dfl', maxconn: 'dfl', mode: 'dflb', 'monitor fail': 'fl', 'monitor-uri': 'dfl',
	'option abortonclose': 'dlb', 'option accept-invalid-http-request': 'dfl', 'option accept-invalid-http-response': 'dlb',
	'option allbackups': 'dlb', 'option checkcache': 'dlb', 'option clitcpka': 'dfl', 'option contstats': 'dfl',
	'option disable-h2-upgrade': 'dfl', 'option dontlog-normal': 'dfl', 'option dontlognull': 'dfl',
	'option forwardfor': 'dflb', 'option h1-case-adjust-bogus-client': 'dfl', 'option h1-case-adjust-bogus-server': 'dlb',
	'option http-buffer-request': 'dflb', 'option http-ignore-probes': 'dfl', 'option http-keep-alive': 'dflb',
	'option http-no-delay': 'dflb', 'option http-pretend-keepalive': 'dlb', 'option http-restrict-req-hdr-names': 'dflb',
	'option http-server-close': 'dflb', 'option http-use-proxy-header': 'dfl', 'option httpchk': 'dlb',
	'option httpclose': 'dflb', 'option httplog': 'dfl', 'option httpslog': 'dfl', 'option independent-streams': 'dflb',
	'option ldap-check': 'dlb', 'option external-check': 'dlb', 'option log-health-checks': 'dlb',
	'option log-separate-errors': 'dfl', 'option logasap': 'dfl', 'option mysql-check': 'dlb', 'option nolinger': 'dflb',
	'option originalto': 'dflb', 'option persist': 'dlb', 'option pgsql-check': 'dlb', 'option prefer-last-server': 'dlb',
	'option redispatch': 'dlb', 'option redis-check': 'dlb', 'option smtpchk': 'dlb', 'option socket-stats': 'dfl',
	'option splice-auto': 'dflb', 'option splice-request': 'dflb', 'option splice-response': 'dflb',
	'option spop-check': 'dlb', 'option srvtcpka': 'dlb', 'option ssl-hello-chk': 'dlb', 'option tcp-check': 'dlb',
	'option tcp-smart-accept': 'dfl', 'option tcp-smart-connect': 'dlb', 'option tcpka': 'dflb', 'option tcplog': 'dflb',
	'option transparent': 'dlb', 'option idle-close-on-response': 'dfl', 'external-check command': 'dlb',
	'external-check path': 'dlb', 'persist rdp-cookie': 'dlb', 'rate-limit sessions': 'dfl', redirect: 'flb',
	retries: 'dlb', 'retry-on': 'dlb', server: 'lb', 'server-state-file-name': 'dlb', 'server-template': 'lb',
	source: 'dlb', 'srvtcpka-cnt': 'dlb', 'srvtcpka-idle': 'dlb', 'srvtcpka-intvl': 'dlb', 'stats admin': 'flb',
	'stats auth': 'dflb', 'stats enable': 'dflb', 'stats hide-version': 'dflb', 'stats http-request': 'flb',
	'stats realm': 'dflb', 'stats refresh': 'dflb', 'stats scope': 'dflb', 'stats show-desc': 'dflb',
	'stats show-legends': 'dflb', 'stats show-modules': 'dflb', 'stats show-node': 'dflb', 'stats uri': 'dflb',
	'stick match': 'lb', 'stick on': 'lb', 'stick store-request': 'lb',
	'stick store-response': 'lb', 'stick-table': 'flb', 'tcp-check comment': 'dlb', 'tcp-check connect': 'dlb',
	'tcp-check expect': 'dlb', 'tcp-check send': 'dlb', 'tcp-check send-lf': 'dlb', 'tcp-check send-binary': 'dlb',
	'tcp-check send-binary-lf': 'dlb', 'tcp-check set-var': 'dlb', 'tcp-check set-var-fmt': 'dlb', 'tcp-check unset-var': 'dlb',
	'tcp-request connection': 'Dfl', 'tcp-request content': 'Dflb', 'tcp-request inspect-delay': 'Dflb',
	'tcp-request session': 'Dfl', 'tcp-response content': 'Dlb', 'tcp-response inspect-delay': 'Dlb',
	'timeout check': 'dlb', 'timeout client': 'dfl', 'timeout client-fin': 'dfl', 'timeout connect': 'dlb',
	'timeout http-keep-alive': 'dflb', 'timeout http-request': 'dflb', 'timeout queue': 'dlb', 'timeout server': 'dlb',
	'timeout server-fin': 'dlb', 'timeout tarpit': 'dflb', 'timeout tunnel': 'dlb', transparent: 'dlb',
	'unique-id-format': 'dfl', 'unique-id-header': 'dfl', use_backend: 'fl', 'use-fcgi-app': 'lb', 'use-server': 'lb',
	'clitimeout': 'dfl', 'contimeout': 'dlb', 'srvtimeout': 'dlb',
};

/** Keywords whose meaning depends on the next word (`option httpchk`, `timeout client`, `capture request header` …). */
export const PROXY_GROUPS: ReadonlySet<string> = new Set(
	Object.keys(PROXY_KEYWORDS).filter(k => k.includes(' ')).map(k => k.split(' ')[0]),
);

/** Options that take the `no` prefix (manual §4.1 "(*)"). */
export const NEGATABLE_OPTIONS: ReadonlySet<string> = new Set(`
abortonclose accept-invalid-http-request accept-invalid-http-response allbackups checkcache clitcpka contstats
disable-h2-upgrade dontlog-normal dontlognull h1-case-adjust-bogus-client h1-case-adjust-bogus-server
http-buffer-request http-ignore-probes http-keep-alive http-no-delay http-pretend-keepalive http-server-close
http-use-proxy-header httpclose independent-streams log-health-checks log-separate-errors logasap nolinger persist
prefer-last-server redispatch socket-stats splice-auto splice-request splice-response srvtcpka tcp-smart-accept
tcp-smart-connect transparent idle-close-on-response
`.trim().split(/\s+/));

/** Actions of `http-request`, `http-response` and `http-after-response` in 2.6 (a trailing `*` accepts any suffix such as `set-var(txn.x)`). */
export const HTTP_ACTIONS: Readonly<Record<string, readonly string[]>> = {
	'http-request': `add-acl* add-header allow auth cache-use capture del-acl* del-header del-map* deny disable-l7-retry
do-resolve* early-hint normalize-uri ot-group redirect reject replace-header replace-path replace-pathq replace-uri
replace-value return sc-inc-gpc* sc-set-gpt* send-spoe-group set-dst set-dst-port set-header set-log-level set-map*
set-mark set-method set-nice set-path set-pathq set-priority-class set-priority-offset set-query set-src set-src-port
set-timeout set-tos set-uri set-var* set-var-fmt* silent-drop strict-mode tarpit track-sc* unset-var* use-service
wait-for-body wait-for-handshake lua.*`.split(/\s+/),
	'http-response': `add-acl* add-header allow cache-store capture del-acl* del-header del-map* deny ot-group redirect
replace-header replace-value return sc-inc-gpc* sc-set-gpt* send-spoe-group set-header set-log-level set-map* set-mark
set-nice set-status set-tos set-var* set-var-fmt* silent-drop strict-mode track-sc* unset-var* wait-for-body lua.*`.split(/\s+/),
	'http-after-response': `add-header allow capture del-header ot-group replace-header replace-value set-header set-status
set-var* set-var-fmt* strict-mode unset-var*`.split(/\s+/),
};

/** Bind options of 2.6 (manual §5.1 and the registered `bind` keywords). */
export const BIND_OPTIONS: ReadonlySet<string> = new Set(`
accept-netscaler-cip accept-proxy allow-0rtt alpn backlog ca-file ca-ignore-err ca-sign-file ca-sign-pass
ca-verify-file ciphers ciphersuites crl-file crt crt-ignore-err crt-list curves defer-accept ecdhe expose-fd
force-sslv3 force-tlsv10 force-tlsv11 force-tlsv12 force-tlsv13 generate-certificates gid group id interface level
maxconn mode mss name namespace nice no-ca-names no-sslv3 no-tls-tickets no-tlsv10 no-tlsv11 no-tlsv12 no-tlsv13 npn
prefer-client-ciphers process proto quic-cc-algo quic-force-retry severity-output shards ssl ssl-max-ver ssl-min-ver
strict-sni tcp-ut tfo thread tls-ticket-keys transparent uid user v4v6 v6only verify
`.trim().split(/\s+/));

/** Bind options that take no value. */
export const BIND_FLAGS: ReadonlySet<string> = new Set(`
accept-netscaler-cip accept-proxy allow-0rtt defer-accept force-sslv3 force-tlsv10 force-tlsv11 force-tlsv12
force-tlsv13 generate-certificates no-ca-names no-sslv3 no-tls-tickets no-tlsv10 no-tlsv11 no-tlsv12 no-tlsv13
prefer-client-ciphers quic-force-retry ssl strict-sni tfo transparent v4v6 v6only
`.trim().split(/\s+/));

/** Server and default-server options of 2.6 (manual §5.2 and the registered `server` keywords). */
export const SERVER_OPTIONS: ReadonlySet<string> = new Set(`
addr agent-addr agent-check agent-inter agent-port agent-send allow-0rtt alpn backup ca-file check check-alpn
check-proto check-send-proxy check-sni check-ssl check-via-socks4 ciphers ciphersuites cookie crl-file crt disabled
downinter enabled error-limit fall fastinter force-sslv3 force-tlsv10 force-tlsv11 force-tlsv12 force-tlsv13 id
init-addr inter log-proto max-reuse maxconn maxqueue minconn namespace no-agent-check no-backup no-check
no-check-send-proxy no-check-ssl no-send-proxy no-send-proxy-v2 no-send-proxy-v2-ssl no-send-proxy-v2-ssl-cn no-ssl
no-ssl-reuse no-sslv3 no-tfo no-tls-tickets no-tlsv10 no-tlsv11 no-tlsv12 no-tlsv13 non-stick npn
observe on-error on-marked-down on-marked-up pool-low-conn pool-max-conn pool-purge-delay port proto proxy-v2-options
redir resolve-net resolve-opts resolve-prefer resolvers rise send-proxy send-proxy-v2 send-proxy-v2-ssl
send-proxy-v2-ssl-cn slowstart sni socks4 source ssl ssl-max-ver ssl-min-ver ssl-reuse stick tcp-ut tfo tls-tickets
track usesrc verify verifyhost weight ws
`.trim().split(/\s+/));

/** Server options that take no value. */
export const SERVER_FLAGS: ReadonlySet<string> = new Set(`
agent-check allow-0rtt backup check check-send-proxy check-ssl check-via-socks4 disabled enabled force-sslv3
force-tlsv10 force-tlsv11 force-tlsv12 force-tlsv13 no-agent-check no-backup no-check no-check-send-proxy
no-check-ssl no-send-proxy no-send-proxy-v2 no-send-proxy-v2-ssl no-send-proxy-v2-ssl-cn no-ssl no-ssl-reuse
no-sslv3 no-tfo no-tls-tickets no-tlsv10 no-tlsv11 no-tlsv12 no-tlsv13 non-stick send-proxy
send-proxy-v2 send-proxy-v2-ssl send-proxy-v2-ssl-cn ssl ssl-reuse stick tfo tls-tickets
`.trim().split(/\s+/));

/** Keywords of the smaller sections. */
export const SECTION_KEYWORDS: Readonly<Record<string, ReadonlySet<string>>> = {
	userlist: new Set(['group', 'user']),
	peers: new Set(['bind', 'default-bind', 'default-server', 'disabled', 'enabled', 'log', 'peer', 'server', 'table']),
	mailers: new Set(['mailer', 'timeout']),
	resolvers: new Set(['accepted_payload_size', 'nameserver', 'parse-resolv-conf', 'hold', 'resolve_retries', 'timeout']),
	program: new Set(['command', 'user', 'group', 'option', 'no']),
	'http-errors': new Set(['errorfile']),
	ring: new Set(['backing-file', 'description', 'format', 'maxlen', 'server', 'size', 'timeout']),
	'log-forward': new Set(['backlog', 'bind', 'dgram-bind', 'log', 'maxconn', 'timeout']),
	cache: new Set(['total-max-size', 'max-object-size', 'max-age', 'process-vary', 'max-secondary-entries']),
	'fcgi-app': new Set(['acl', 'docroot', 'index', 'log-stderr', 'pass-header', 'path-info', 'option', 'no', 'set-param']),
	namespace_list: new Set(['namespace']),
};

/** What HAProxy 2.6 says about a keyword it no longer accepts. */
export type RemovedKeyword = {since: string; message: string; replacement?: string; severity?: 'error' | 'warning'};

/** Keywords removed before or deprecated in 2.6, keyed by section kind (`global`, `proxy`, `option`). */
export const REMOVED_KEYWORDS: Readonly<Record<'global' | 'proxy' | 'option', Readonly<Record<string, RemovedKeyword>>>> = {
	global: {
		nbproc: {since: '2.5', message: 'nbproc is not supported any more since HAProxy 2.5. Threads will automatically be used on multi-processor machines if available.', replacement: 'nbthread'},
		debug: {since: '2.2', message: "'debug' was removed from the global section (HAProxy 2.6 reports: unknown keyword 'debug' in 'global' section); use the -d command-line option"},
		'tune.chksize': {since: '1.6', message: "option 'tune.chksize' is not supported any more (tune.bufsize is used instead).", replacement: 'tune.bufsize'},
		'bind-process': {since: '2.5', message: "'bind-process' was removed from the global section", replacement: 'nbthread'},
		'tune.ssl.capture-cipherlist-size': {since: '2.6', severity: 'warning', message: "'tune.ssl.capture-cipherlist-size' is deprecated and will be removed in version 2.7. Please use 'tune.ssl.capture-buffer-size' instead.", replacement: 'tune.ssl.capture-buffer-size'},
	},
	proxy: {
		...Object.fromEntries([
			['reqrep', "Use 'http-request replace-path', 'http-request replace-uri' or 'http-request replace-header' instead."],
			['reqirep', "Use 'http-request replace-path', 'http-request replace-uri' or 'http-request replace-header' instead."],
			['reqadd', "Use 'http-request add-header' instead."],
			['reqiadd', "Use 'http-request add-header' instead."],
			['reqdel', "Use 'http-request del-header' instead."],
			['reqidel', "Use 'http-request del-header' instead."],
			['reqdeny', "Use 'http-request deny' instead."],
			['reqideny', "Use 'http-request deny' instead."],
			['reqpass', 'Simply remove it.'],
			['reqipass', 'Simply remove it.'],
			['reqallow', "Use 'http-request allow' instead."],
			['reqiallow', "Use 'http-request allow' instead."],
			['reqtarpit', "Use 'http-request tarpit' instead."],
			['reqitarpit', "Use 'http-request tarpit' instead."],
			['rsprep', "Use 'http-response replace-header' instead."],
			['rspirep', "Use 'http-response replace-header' instead."],
			['rspadd', "Use 'http-response add-header' instead."],
			['rspdel', "Use 'http-response del-header' instead."],
			['rspidel', "Use 'http-response del-header' instead."],
			['rspdeny', "Use 'http-response deny' instead."],
			['rspideny', "Use 'http-response deny' instead."],
			['block', "Use 'http-request deny' which uses the exact same syntax."],
		].map(([k, advice]) => [k, {since: '2.1', message: `The '${k}' directive is not supported anymore since HAProxy 2.1. ${advice}`}])),
		redispatch: {since: '2.1', message: "keyword 'redispatch' directive is not supported anymore since HAProxy 2.1. Use 'option redispatch'.", replacement: 'option redispatch'},
		clitimeout: {since: '2.1', message: "the 'clitimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout client'.", replacement: 'timeout client'},
		contimeout: {since: '2.1', message: "the 'contimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout connect'.", replacement: 'timeout connect'},
		srvtimeout: {since: '2.1', message: "the 'srvtimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout server'.", replacement: 'timeout server'},
		appsession: {since: '1.6', message: "'appsession' is not supported anymore since HAProxy 1.6."},
		'monitor-net': {since: '2.4', message: "'monitor-net' doesn't exist anymore. Please use 'http-request return status 200 if { src <net> }' instead."},
		'bind-process': {since: '2.6', severity: 'warning', message: "'bind-process' has no effect, is deprecated, and will be removed in version 2.7."},
	},
	option: {
		'http-use-htx': {since: '2.1', message: "option 'http-use-htx' was removed (HTX is always on since HAProxy 2.1); remove the line"},
		'http-tunnel': {since: '2.1', message: "option 'http-tunnel' is not supported any more since HAProxy 2.1, please just remove it, it shouldn't be needed."},
		forceclose: {since: '2.0', message: "option 'forceclose' is not supported any more since HAProxy 2.0, please just remove it, or use 'option httpclose' if absolutely needed.", replacement: 'option httpclose'},
		http_proxy: {since: '2.5', message: "option 'http_proxy' is not supported any more since HAProxy 2.5. It can be more reliably implemented with combinations of 'http-request set-dst' and 'http-request set-uri', and even 'http-request do-resolve' if DNS resolution is desired."},
		'independant-streams': {since: '1.5', message: "unknown option 'independant-streams' (the misspelled alias was removed)", replacement: 'option independent-streams'},
	},
};

/** Keywords that exist only in HAProxy versions newer than 2.6, with the version that added them. */
export const NEWER_KEYWORDS: Readonly<Record<'global' | 'proxy' | 'option' | 'bind' | 'server' | 'http-action', Readonly<Record<string, string>>>> = {
	global: {
		'tune.lua.bool-sample-conversion': '3.1', 'httpclient.retries': '2.7', 'httpclient.timeout.connect': '2.7',
		'tune.h2.be.initial-window-size': '2.9', 'tune.h2.fe.initial-window-size': '2.9', 'tune.h2.fe.max-total-streams': '2.9',
		'tune.max-checks-per-thread': '2.9', 'limited-quic': '2.8', 'prealloc-fd': '2.8', 'stats-file': '3.0',
		'ocsp-update.mode': '3.0', 'tune.events.max-events-at-once': '2.8', 'thread-hard-limit': '2.8', setcap: '2.9',
		'tune.disable-fast-forward': '2.9', 'tune.lua.log.loggers': '2.9', 'tune.lua.log.stderr': '2.9',
		'tune.quic.socket-owner': '2.8', 'harden.reject-privileged-ports.tcp': '3.0', 'ssl-security-level': '2.8',
		'tune.ssl.ocsp-update.mincycle': '2.8', 'tune.ssl.ocsp-update.maxdelay': '2.8', 'h1-do-not-close-on-insecure-transfer-encoding': '3.0',
		'expose-deprecated-directives': '3.1', 'tune.memory.hot-size': '3.2', 'cpu-policy': '3.2', 'tune.bufsize.small': '3.1',
		'dns-accept-family': '3.2', 'tune.glitches.kill.cpu-usage': '3.1', 'ssl-default-bind-sigalgs': '2.8',
		'ssl-default-bind-client-sigalgs': '2.8', 'ssl-default-server-sigalgs': '2.8', 'ssl-default-server-client-sigalgs': '2.8',
		'tune.lua.burst-timeout': '3.0', 'tune.ring.queues': '3.0', 'tune.applet.zero-copy-forwarding': '2.9',
		'tune.pt.zero-copy-forwarding': '2.9', 'tune.h1.zero-copy-fwd-recv': '2.9', 'tune.renice.runtime': '3.2',
		'tune.renice.startup': '3.2', 'tune.takeover-other-tg-connections': '3.0', 'httpclient.resolvers.disabled': '2.7',
		'tune.listener.default-shards': '2.8', 'tune.epoll.mask-events': '3.0', 'tune.sndbuf.frontend': '3.1',
		'tune.rcvbuf.backend': '3.1', 'tune.lua.openlibs': '3.2', 'tune.stick-counters': '2.8', 'anonkey': '2.7',
		'tune.ssl.certificate-compression': '3.2', 'tune.quic.frontend.max-window-size': '3.1', 'ocsp-update.httpproxy': '3.0',
		'tune.h2.zero-copy-fwd-send': '2.9', 'tune.h2.be.glitches-threshold': '3.0', 'tune.h2.fe.glitches-threshold': '3.0',
		'shm-stats-file': '3.3', 'log-profile': '3.1',
	},
	proxy: {
		'hash-preserve-affinity': '3.2', 'log-steps': '3.1', guid: '3.0', 'hash-key': '3.0', 'force-be-switch': '3.3',
		'log-profile': '3.1', 'quic-initial': '3.1', 'timeout client-hs': '2.8', on: '3.1',
	},
	option: {
		'http-drop-request-trailers': '3.1', 'http-drop-response-trailers': '3.1', forwarded: '2.7', 'abortonclose-pending': '3.3',
	},
	bind: {
		'quic-socket': '2.8', 'guid-prefix': '3.0', sigalgs: '2.8', 'client-sigalgs': '2.8', ktls: '3.3', 'no-alpn': '3.0',
		'ocsp-update': '2.8', 'tcp-md5sig': '3.1', 'cc-prof': '3.2', 'idle-ping': '3.2', 'default-crt': '3.0',
	},
	server: {
		'init-state': '3.1', guid: '3.0', 'hash-key': '3.0', 'set-proxy-v2-tlv-fmt': '2.9', 'check-reuse-pool': '3.2',
		'strict-maxconn': '3.3', 'check-pool-conn-name': '3.2', 'pool-conn-name': '3.2', 'sni-auto': '3.3',
		'check-sni-auto': '3.3', 'idle-ping': '3.2', 'tcp-md5sig': '3.1', ktls: '3.3', 'shard': '2.8', 'curves': '2.8',
		sigalgs: '2.8', 'client-sigalgs': '2.8',
	},
	'http-action': {
		'set-bandwidth-limit': '2.7', 'sc-add-gpc': '2.7', 'set-fc-mark': '2.9', 'set-fc-tos': '2.9', 'set-bc-mark': '2.9',
		'set-bc-tos': '2.9', 'do-log': '3.1', 'set-retries': '3.1', 'pause': '3.2',
	},
};

/** Address prefixes HAProxy 2.6 understands (`ipv4@`, `unix@` …). */
export const ADDRESS_PREFIXES_26: ReadonlySet<string> = new Set([
	'ipv4', 'ipv6', 'tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6', 'quic4', 'quic6', 'unix', 'uxst', 'uxdg', 'abns',
	'fd', 'sockpair', 'stream+ipv4', 'stream+ipv6', 'stream+unix', 'stream+abns', 'stream+fd', 'stream+sockpair',
	'dgram+ipv4', 'dgram+ipv6', 'dgram+unix', 'dgram+abns', 'dgram+fd', 'dgram+sockpair',
]);

/** Address prefixes added after 2.6. */
export const NEWER_ADDRESS_PREFIXES: Readonly<Record<string, string>> = {
	mptcp: '3.1', mptcp4: '3.1', mptcp6: '3.1', rhttp: '2.9', abnsz: '3.1', 'quic+ipv4': '3.1', 'quic+ipv6': '3.1',
};

/** `balance` algorithms of 2.6. */
export const BALANCE_ALGORITHMS: ReadonlySet<string> = new Set([
	'roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hdr', 'random', 'rdp-cookie',
]);

/** `timeout` kinds of proxies in 2.6. */
export const PROXY_TIMEOUTS: readonly string[] = [
	'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin', 'server-fin',
];

/** Well-known default or example credentials that `stats auth` must never use. */
export const DEFAULT_STATS_CREDENTIALS: ReadonlyArray<readonly [string, string]> = [
	['admin', 'admin'], ['admin', 'password'], ['admin', 'admin123'], ['admin', '123456'], ['admin', 'changeme'],
	['admin', 'haproxy'], ['admin', 'secret'], ['admin', 'pass'], ['admin', '1234'], ['admin', '12345'],
	['haproxy', 'haproxy'], ['haproxy', 'password'], ['root', 'root'], ['root', 'password'], ['user', 'user'],
	['user', 'password'], ['stats', 'stats'], ['test', 'test'], ['guest', 'guest'], ['someuser', 'password'],
	['admin1', 'AdMiN123'], ['admin2', 'AdMiN321'], ['username', 'password'], ['user', 'pass'],
];
