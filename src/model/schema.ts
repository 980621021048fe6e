/**
The lbwiz.yaml topology schema (zod). Key names follow the foundation issue so docs, scripts and
tests agree. Cross-field rules (MASTER above every BACKUP, references exist, …) live in validate.ts.
*/
import {z} from 'zod';

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'a host name: letters, digits, "-", "_", "." (max 63)');
const ipv4 = z.string().regex(/^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/, 'an IPv4 address such as 203.0.113.11');
const ipv4Cidr = z.string().regex(/^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\/(?:3[0-2]|[12]?\d))?$/, 'an IPv4 address with optional prefix, such as 203.0.113.100/24');
const iface = z.string().regex(/^[A-Za-z0-9_.:@-]{1,15}$/, 'an interface name such as eth0 (max 15 characters)');
const port = z.number().int().min(1).max(65535);
export const transportSpec = z
	.string()
	.regex(/^(?:local|netns:[A-Za-z0-9_.-]+|ssh:\/\/(?:[A-Za-z0-9_][A-Za-z0-9_.-]*@)?[A-Za-z0-9_][A-Za-z0-9_.:-]*(?::\d+)?)$/, 'local, ssh://[user@]host[:port] or netns:NAME');

export const directorSchema = z.strictObject({
	name,
	address: ipv4,
	interface: iface.default('eth0'),
	/** Required when `vrrp` is set (validate.ts says so); a standalone HAProxy node may omit it. */
	priority: z.number().int().min(1).max(255).default(100),
	/** Required when `vrrp` is set (validate.ts says so). */
	state: z.enum(['MASTER', 'BACKUP']).default('MASTER'),
	transport: transportSpec.default('local'),
	router_id: z.string().optional(),
});

export const healthCheckSchema = z.strictObject({
	type: z.enum(['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK']),
	connect_timeout: z.number().positive().default(3),
	retry: z.number().int().min(0).default(3),
	delay_before_retry: z.number().min(0).default(3),
	delay_loop: z.number().positive().default(6),
	connect_port: port.optional(),
	path: z.string().startsWith('/').optional(),
	status_code: z.number().int().min(100).max(599).optional(),
	script: z.string().optional(),
});

export const lvsServiceSchema = z.strictObject({
	vip: ipv4,
	port,
	protocol: z.enum(['TCP', 'UDP']).default('TCP'),
	scheduler: z.enum(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh']).default('wlc'),
	forwarding: z.enum(['DR', 'NAT', 'TUN']).default('DR'),
	persistence_timeout: z.number().int().min(0).default(0),
	real_servers: z.array(z.union([name, z.strictObject({name, port: port.optional(), weight: z.number().int().min(0).optional()})])).min(1),
	health_check: healthCheckSchema.default({type: 'TCP_CHECK', connect_timeout: 3, retry: 3, delay_before_retry: 3, delay_loop: 6}),
	sorry_server: z.strictObject({address: ipv4, port}).optional(),
});

export const trackHaproxySchema = z.strictObject({
	weight: z.number().int().min(-253).max(253).default(-20),
	interval: z.number().positive().default(2),
	fall: z.number().int().min(1).default(2),
	rise: z.number().int().min(1).default(2),
	port: port.optional(),
});

export const vrrpSchema = z.strictObject({
	virtual_router_id: z.number().int().min(1).max(255),
	advert_int: z.number().positive().max(255).default(1),
	auth_pass: z.string().min(1).max(8, 'at most 8 characters: VRRPv2 PASS authentication truncates the password there').optional(),
	unicast: z.boolean().default(false),
	nopreempt: z.boolean().default(false),
	instance: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'an instance name of letters, digits, "_", "." and "-"').default('VI_1'),
	vips: z.array(ipv4Cidr).min(1),
	track_haproxy: trackHaproxySchema.optional(),
	notification_email: z.array(z.string()).optional(),
	notification_email_from: z.string().optional(),
	smtp_server: z.string().optional(),
	smtp_connect_timeout: z.number().int().positive().optional(),
	version: z.union([z.literal(2), z.literal(3)]).default(2),
});

export const haproxyServerSchema = z.strictObject({server: name, port: port.optional(), weight: z.number().int().min(0).max(256).default(1), backup: z.boolean().optional()});
export const haproxyBackendSchema = z.strictObject({
	name: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'a name of letters, digits, "_", ".", ":" and "-"'),
	balance: z.enum(['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri']).default('roundrobin'),
	mode: z.enum(['http', 'tcp']).default('http'),
	check: z
		.strictObject({http: z.string().optional(), inter: z.number().int().positive().default(2000), rise: z.number().int().min(1).default(2), fall: z.number().int().min(1).default(3)})
		.optional(),
	cookie: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a cookie name of letters, digits, "_" and "-"').optional(),
	servers: z.array(haproxyServerSchema).min(1),
});
export const haproxyFrontendSchema = z.strictObject({
	name: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'a name of letters, digits, "_", ".", ":" and "-"'),
	bind: z.string(),
	mode: z.enum(['http', 'tcp']).default('http'),
	default_backend: z.string(),
	routes: z
		.array(
			z.strictObject({
				acl: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'an ACL name of letters, digits, "_", "." and "-"'),
				path_regex: z.string().optional(),
				path_beg: z.string().optional(),
				path_end: z.string().optional(),
				host: z.string().optional(),
				backend: z.string(),
			}),
		)
		.default([]),
});
const haproxyTime = z.union([z.number().int().positive(), z.string().regex(/^\d+(?:us|ms|s|m|h|d)?$/, 'a time such as 5s, 500ms or 50000 (milliseconds)')]);

export const haproxySchema = z.strictObject({
	nodes: z.array(name).optional(),
	/** `timeout connect|client|server` in `defaults`. */
	timeouts: z
		.strictObject({connect: haproxyTime.default('5s'), client: haproxyTime.default('50s'), server: haproxyTime.default('50s')})
		.default({connect: '5s', client: '50s', server: '50s'}),
	/** Account HAProxy drops privileges to (`global user/group`). */
	user: z.string().regex(/^[a-z_][a-z0-9_-]*$/, 'a user name such as haproxy').default('haproxy'),
	group: z.string().regex(/^[a-z_][a-z0-9_-]*$/, 'a group name such as haproxy').default('haproxy'),
	stats: z.strictObject({port, uri: z.string().startsWith('/').default('/haproxy?stats'), user: z.string().optional(), password: z.string().optional(), bind: z.string().optional()}).optional(),
	/** Admin socket path; `{host}` is replaced by the node's name (hosts sharing one /run, as in the lab). */
	socket: z.string().startsWith('/').default('/run/haproxy/admin.sock'),
	maxconn: z.number().int().positive().default(4096),
	frontends: z.array(haproxyFrontendSchema).min(1),
	backends: z.array(haproxyBackendSchema).min(1),
});

export const realServerSchema = z.strictObject({
	name,
	address: ipv4,
	port: port.default(80),
	weight: z.number().int().min(0).default(1),
	transport: transportSpec.default('local'),
	interface: iface.default('eth0'),
	/**
	How an LVS DR/TUN real server holds the VIP on `lo`: a systemd unit (default), RHEL's
	`ifcfg-lo:N` network-scripts files (seed 004), or an `/etc/init.d/lvs-realsvr` script (seed 003).
	*/
	vip_setup: z.enum(['systemd', 'ifcfg', 'init']).default('systemd'),
});

export const topologySchema = z.strictObject({
	name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "-", "_" and "."'),
	directors: z.array(directorSchema).min(1),
	vrrp: vrrpSchema.optional(),
	lvs: z.array(lvsServiceSchema).optional(),
	haproxy: haproxySchema.optional(),
	real_servers: z.array(realServerSchema).default([]),
	/** Optional extra hosts (e.g. a client) that are neither directors nor real servers. */
	clients: z.array(z.strictObject({name, address: ipv4, transport: transportSpec.default('local')})).optional(),
});

export type Topology = z.infer<typeof topologySchema>;
export type TopologyInput = z.input<typeof topologySchema>;
export type Director = z.infer<typeof directorSchema>;
export type RealServer = z.infer<typeof realServerSchema>;
export type LvsService = z.infer<typeof lvsServiceSchema>;
export type HaproxyConfigModel = z.infer<typeof haproxySchema>;
export type Vrrp = z.infer<typeof vrrpSchema>;
export type HealthCheck = z.infer<typeof healthCheckSchema>;
export type TrackHaproxy = z.infer<typeof trackHaproxySchema>;
export type HaproxyFrontend = z.infer<typeof haproxyFrontendSchema>;
export type HaproxyBackend = z.infer<typeof haproxyBackendSchema>;
export type HaproxyServer = z.infer<typeof haproxyServerSchema>;
export type Client = NonNullable<Topology['clients']>[number];
