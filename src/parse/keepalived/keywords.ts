/**
Which keywords keepalived 2.2.7 accepts in which block, which open a block, which abort the
whole configuration when their argument is missing, and which are deprecated or aliases.

The lists were taken from keepalived's parsers (vrrp_parser.c, check_parser.c, global_parser.c,
check_*.c, bfd_parser.c, vrrp_track.c) and then checked against the Debian 12 build of
keepalived 2.2.7 itself: every candidate word was written into every block and `keepalived -t`
told which ones are "Unknown keyword" (and, with no argument, which ones abort with "missing a
parameter", marked `*` below). Keywords only other builds have (iptables/ipset builds) are in
OTHER_BUILDS.
*/

/** A block whose lines are keywords (`vrrp_instance`, `TCP_CHECK`, …). */
export type KeywordContext =
	| 'root'
	| 'global_defs'
	| 'vrrp_instance'
	| 'authentication'
	| 'vrrp_sync_group'
	| 'vrrp_script'
	| 'vrrp_track_process'
	| 'track_file'
	| 'track_group'
	| 'garp_group'
	| 'SSL'
	| 'bfd_instance'
	| 'virtual_server'
	| 'real_server'
	| 'TCP_CHECK'
	| 'HTTP_GET'
	| 'url'
	| 'MISC_CHECK'
	| 'SMTP_CHECK'
	| 'smtp_host'
	| 'DNS_CHECK'
	| 'BFD_CHECK'
	| 'UDP_CHECK'
	| 'PING_CHECK'
	| 'FILE_CHECK';

/** A block whose lines are values, not keywords (`virtual_ipaddress { 10.0.0.1/24 dev eth0 }`). */
export type ValueBlock =
	| 'vip'
	| 'route'
	| 'rule'
	| 'peer'
	| 'track-interface'
	| 'track-script'
	| 'track-file'
	| 'track-process'
	| 'track-bfd'
	| 'email'
	| 'names'
	| 'vsg'
	| 'interface-delays';

export type KeywordSpec = {
	/** keepalived exits ("missing a parameter", exit 2) when the keyword (or block header) has no argument */
	needsArg: boolean;
	block?: {kind: 'keywords'; context: KeywordContext} | {kind: 'values'; values: ValueBlock};
	deprecated?: {use?: string; message: string};
	/** the canonical spelling when this one is an accepted alias */
	aliasOf?: string;
};

const LISTS: Record<KeywordContext, string> = {
	root: 'SSL bfd_instance child_wait_time* garp_group global_defs instance interface_up_down_delays linkbeat_interfaces linkbeat_use_polling namespace_with_ipsets net_namespace net_namespace_ipvs static_ipaddress static_routes static_rules track_file* track_group use_pid_dir virtual_server* virtual_server_group* vrrp_instance vrrp_script* vrrp_sync_group vrrp_track_file* vrrp_track_process*',
	global_defs:
		'bfd_cpu_affinity bfd_no_swap bfd_priority bfd_process_name* bfd_rlimit_rtime* bfd_rlimit_rttime* bfd_rt_priority checker_cpu_affinity checker_log_all_failures checker_no_swap checker_priority checker_process_name* checker_rlimit_rtime* checker_rlimit_rttime* checker_rt_priority config_save_dir* data_use_instance dbus_service_name default_interface disable_local_igmp dynamic_interfaces enable_dbus enable_script_security enable_snmp_checker enable_snmp_keepalived enable_snmp_rfc enable_snmp_rfcv2 enable_snmp_rfcv3 enable_snmp_vrrp enable_traps fifo_write_vrrp_states_on_reload include_check log_unknown_vrids lvs_flush lvs_flush_on_stop lvs_flush_onstop lvs_netlink_cmd_rcv_bufs lvs_netlink_cmd_rcv_bufs_force lvs_netlink_monitor_rcv_bufs lvs_netlink_monitor_rcv_bufs_force lvs_notify_fifo lvs_notify_fifo_script lvs_process_name* lvs_sync_daemon lvs_timeouts max_auto_priority min_auto_priority_delay nftables nftables_counters nftables_ifindex nftables_ipvs nftables_ipvs_priority* nftables_ipvs_start_fwmark* nftables_priority* no_checker_emails no_email_faults notification_email notification_email_from notify_fifo notify_fifo_script process_monitor_rcv_bufs process_monitor_rcv_bufs_force process_name* process_names random_seed* reload_check_config reload_file reload_repeat reload_time_file router_id rs_init_notifies script_user shutdown_script shutdown_script_timeout smtp_alert smtp_alert_checker smtp_alert_vrrp smtp_connect_timeout* smtp_helo_name smtp_server* snmp_socket startup_script startup_script_timeout tmp_config_directory umask* vmac_addr_prefix* vmac_prefix* vrrp_check_unicast_src vrrp_cpu_affinity vrrp_down_timer_adverts* vrrp_garp_extra_if vrrp_garp_interval* vrrp_garp_lower_prio_delay* vrrp_garp_lower_prio_repeat* vrrp_garp_master_delay* vrrp_garp_master_refresh* vrrp_garp_master_refresh_repeat* vrrp_garp_master_repeat* vrrp_gna_interval* vrrp_higher_prio_send_advert vrrp_iptables vrrp_lower_prio_no_advert vrrp_mcast_group4* vrrp_mcast_group6* vrrp_min_garp vrrp_netlink_cmd_rcv_bufs vrrp_netlink_cmd_rcv_bufs_force vrrp_netlink_monitor_rcv_bufs vrrp_netlink_monitor_rcv_bufs_force vrrp_no_swap vrrp_notify_fifo vrrp_notify_fifo_script vrrp_notify_priority_changes vrrp_priority vrrp_process_name* vrrp_rlimit_rtime* vrrp_rlimit_rttime* vrrp_rt_priority vrrp_rx_bufs_multiplier vrrp_rx_bufs_policy vrrp_skip_check_adv_addr vrrp_startup_delay* vrrp_strict vrrp_version* vrrp_vmac_garp_intvl',
	vrrp_instance:
		'accept advert_int* authentication check_unicast_src debug* dont_track_primary down_timer_adverts* garp_extra_if garp_lower_prio_delay* garp_lower_prio_repeat* garp_master_delay* garp_master_refresh* garp_master_refresh_repeat* garp_master_repeat* higher_prio_send_advert interface* kernel_rx_buf_size linkbeat_use_polling lower_prio_no_advert lvs_sync_daemon_interface* mcast_dst_ip* mcast_src_ip* native_ipv6 no_accept nopreempt notify* notify_backup* notify_deleted notify_fault* notify_master* notify_master_rx_lower_pri* notify_priority_changes notify_stop* old_unicast_checksum preempt preempt_delay* priority* promote_secondaries skip_check_adv_addr smtp_alert state* strict_mode track_bfd track_file track_interface track_process track_script track_src_ip unicast_fault_no_peer unicast_peer unicast_src_ip* unicast_ttl* use_ipvlan use_vmac use_vmac_addr version* virtual_ipaddress virtual_ipaddress_excluded virtual_router_id* virtual_routes virtual_rules vmac_garp_intvl vmac_xmit_base vrf*',
	authentication: 'auth_pass* auth_type*',
	vrrp_sync_group: 'global_tracking group notify* notify_backup* notify_fault* notify_master* notify_priority_changes notify_stop* smtp_alert sync_group_tracking_weight track_bfd track_file track_interface track_process track_script',
	vrrp_script: 'fall* init_fail interval* rise* script timeout* user* weight*',
	vrrp_track_process: 'delay* fork_delay* full_command param_match process* quorum* quorum_max* terminate_delay* weight',
	track_file: 'file init_file weight',
	track_group: 'group',
	garp_group: 'garp_interval* gna_interval* interface* interfaces',
	SSL: 'ca certificate key password',
	bfd_instance: 'checker hoplimit* idle_tx* max_hops* min_rx* min_tx* multiplier* neighbor_ip neighbour_ip passive source_ip* ttl* vrrp weight*',
	virtual_server:
		'alpha connect_timeout* delay_before_retry* delay_loop* flag-1 flag-2 flag-3 ha_suspend hashed hysteresis* inhibit_on_failure ip_family* lb_algo* lb_kind* lvs_method* lvs_sched* mh-fallback mh-port omega ops persistence_engine* persistence_granularity* persistence_timeout protocol* quorum* quorum_down* quorum_up* real_server* retry* sh-fallback sh-port smtp_alert snmp_name sorry_server* sorry_server_inhibit sorry_server_lvs_method virtualhost warmup* weight*',
	real_server:
		'BFD_CHECK DNS_CHECK FILE_CHECK HTTP_GET MISC_CHECK PING_CHECK SMTP_CHECK SSL_GET TCP_CHECK UDP_CHECK alpha connect_timeout* delay_before_retry* delay_loop* inhibit_on_failure lthreshold* lvs_method* notify_down* notify_up* retry* smtp_alert snmp_name uthreshold* virtualhost warmup* weight*',
	TCP_CHECK: 'alpha bind_if* bind_port* bindto* connect_ip* connect_port* connect_timeout* delay_before_retry* delay_loop* fwmark* log_all_failures retry* warmup*',
	HTTP_GET: 'alpha bind_if* bind_port* bindto* connect_ip* connect_port* connect_timeout* delay_before_retry* delay_loop* enable_sni fast_recovery fwmark* http_protocol log_all_failures nb_get_retry* retry* url virtualhost warmup*',
	url: 'digest* path* regex regex_max_offset regex_min_offset regex_no_match regex_options regex_stack status_code virtualhost',
	MISC_CHECK: 'alpha delay_before_retry* delay_loop* log_all_failures misc_dynamic misc_path misc_timeout* retry* user warmup*',
	SMTP_CHECK: 'alpha bind_if* bind_port* bindto* connect_ip* connect_port* connect_timeout* delay_before_retry* delay_loop* fwmark* helo_name host log_all_failures retry* warmup*',
	smtp_host: 'alpha bind_if* bind_port* bindto* connect_ip* connect_port* connect_timeout* delay_before_retry* delay_loop* fwmark* log_all_failures retry* warmup*',
	DNS_CHECK: 'alpha bind_if* bind_port* bindto* connect_ip* connect_port* connect_timeout* delay_before_retry* delay_loop* fwmark* log_all_failures name* retry* type* warmup*',
	BFD_CHECK: 'alpha name',
	UDP_CHECK: 'alpha bind_if* bind_port* bindto* connect_ip* connect_port* connect_timeout* delay_before_retry* delay_loop* fwmark* log_all_failures max_reply_length* min_reply_length* payload require_reply retry* warmup*',
	PING_CHECK: 'alpha bind_if* bind_port* bindto* connect_ip* connect_port* connect_timeout* delay_before_retry* delay_loop* fwmark* log_all_failures retry* warmup*',
	FILE_CHECK: 'track_file* weight',
};

/** Keywords that open a block, per context. */
const BLOCKS: Partial<Record<KeywordContext, Record<string, KeywordSpec['block']>>> = {
	root: {
		global_defs: {kind: 'keywords', context: 'global_defs'},
		vrrp_instance: {kind: 'keywords', context: 'vrrp_instance'},
		vrrp_sync_group: {kind: 'keywords', context: 'vrrp_sync_group'},
		vrrp_script: {kind: 'keywords', context: 'vrrp_script'},
		vrrp_track_process: {kind: 'keywords', context: 'vrrp_track_process'},
		track_file: {kind: 'keywords', context: 'track_file'},
		vrrp_track_file: {kind: 'keywords', context: 'track_file'},
		track_group: {kind: 'keywords', context: 'track_group'},
		garp_group: {kind: 'keywords', context: 'garp_group'},
		SSL: {kind: 'keywords', context: 'SSL'},
		bfd_instance: {kind: 'keywords', context: 'bfd_instance'},
		virtual_server: {kind: 'keywords', context: 'virtual_server'},
		virtual_server_group: {kind: 'values', values: 'vsg'},
		static_ipaddress: {kind: 'values', values: 'vip'},
		static_routes: {kind: 'values', values: 'route'},
		static_rules: {kind: 'values', values: 'rule'},
		linkbeat_interfaces: {kind: 'values', values: 'names'},
		interface_up_down_delays: {kind: 'values', values: 'interface-delays'},
	},
	global_defs: {notification_email: {kind: 'values', values: 'email'}},
	vrrp_instance: {
		authentication: {kind: 'keywords', context: 'authentication'},
		virtual_ipaddress: {kind: 'values', values: 'vip'},
		virtual_ipaddress_excluded: {kind: 'values', values: 'vip'},
		virtual_routes: {kind: 'values', values: 'route'},
		virtual_rules: {kind: 'values', values: 'rule'},
		unicast_peer: {kind: 'values', values: 'peer'},
		track_interface: {kind: 'values', values: 'track-interface'},
		track_script: {kind: 'values', values: 'track-script'},
		track_file: {kind: 'values', values: 'track-file'},
		track_process: {kind: 'values', values: 'track-process'},
		track_bfd: {kind: 'values', values: 'track-bfd'},
	},
	vrrp_sync_group: {
		group: {kind: 'values', values: 'names'},
		track_interface: {kind: 'values', values: 'track-interface'},
		track_script: {kind: 'values', values: 'track-script'},
		track_file: {kind: 'values', values: 'track-file'},
		track_process: {kind: 'values', values: 'track-process'},
		track_bfd: {kind: 'values', values: 'track-bfd'},
	},
	track_group: {group: {kind: 'values', values: 'names'}},
	garp_group: {interfaces: {kind: 'values', values: 'names'}},
	virtual_server: {real_server: {kind: 'keywords', context: 'real_server'}},
	real_server: {
		TCP_CHECK: {kind: 'keywords', context: 'TCP_CHECK'},
		HTTP_GET: {kind: 'keywords', context: 'HTTP_GET'},
		SSL_GET: {kind: 'keywords', context: 'HTTP_GET'},
		MISC_CHECK: {kind: 'keywords', context: 'MISC_CHECK'},
		SMTP_CHECK: {kind: 'keywords', context: 'SMTP_CHECK'},
		DNS_CHECK: {kind: 'keywords', context: 'DNS_CHECK'},
		BFD_CHECK: {kind: 'keywords', context: 'BFD_CHECK'},
		UDP_CHECK: {kind: 'keywords', context: 'UDP_CHECK'},
		PING_CHECK: {kind: 'keywords', context: 'PING_CHECK'},
		FILE_CHECK: {kind: 'keywords', context: 'FILE_CHECK'},
	},
	HTTP_GET: {url: {kind: 'keywords', context: 'url'}},
	SMTP_CHECK: {host: {kind: 'keywords', context: 'smtp_host'}},
};

/** Deprecated keywords keepalived 2.2 still accepts, with what to use instead. */
const DEPRECATED: Partial<Record<KeywordContext, Record<string, {use?: string; message: string}>>> = {
	root: {vrrp_track_file: {use: 'track_file', message: '"vrrp_track_file" is deprecated, please use "track_file"'}},
	global_defs: {
		lvs_process_name: {use: 'checker_process_name', message: "'lvs_process_name' is deprecated - please use 'checker_process_name'"},
		lvs_flush_onstop: {use: 'lvs_flush_on_stop', message: "'lvs_flush_onstop' is deprecated (since 2.1.5) - please use 'lvs_flush_on_stop'"},
		vrrp_rlimit_rtime: {use: 'vrrp_rlimit_rttime', message: "'vrrp_rlimit_rtime' is deprecated - please use 'vrrp_rlimit_rttime'"},
		checker_rlimit_rtime: {use: 'checker_rlimit_rttime', message: "'checker_rlimit_rtime' is deprecated - please use 'checker_rlimit_rttime'"},
		bfd_rlimit_rtime: {use: 'bfd_rlimit_rttime', message: "'bfd_rlimit_rtime' is deprecated - please use 'bfd_rlimit_rttime'"},
		enable_snmp_keepalived: {use: 'enable_snmp_vrrp', message: "'enable_snmp_keepalived' is deprecated (since 2.0) - please use 'enable_snmp_vrrp'"},
		vrrp_vmac_garp_intvl: {use: 'vrrp_garp_extra_if', message: 'Keyword "vrrp_vmac_garp_intvl" is deprecated - please use "vrrp_garp_extra_if"'},
	},
	vrrp_instance: {
		vmac_garp_intvl: {use: 'garp_extra_if', message: 'Keyword "vmac_garp_intvl" is deprecated - please use "garp_extra_if"'},
		linkbeat_use_polling: {message: "'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block"},
		lvs_sync_daemon_interface: {message: 'Specifying lvs_sync_daemon_interface against a vrrp is deprecated. Please use global lvs_sync_daemon'},
	},
	vrrp_sync_group: {global_tracking: {use: 'sync_group_tracking_weight', message: 'global_tracking is deprecated. Use track_interface/script/file on the sync group'}},
	HTTP_GET: {nb_get_retry: {use: 'retry', message: "nb_get_retry is deprecated - please use 'retry'"}},
};

/** Accepted alternative spellings: alias → canonical. */
const ALIASES: Partial<Record<KeywordContext, Record<string, string>>> = {
	virtual_server: {lb_algo: 'lvs_sched', lb_kind: 'lvs_method'},
	bfd_instance: {neighbour_ip: 'neighbor_ip'},
};

/** Keywords some builds of 2.2.x accept but the Debian build does not (iptables/ipset builds). */
export const OTHER_BUILDS: Partial<Record<KeywordContext, string[]>> = {global_defs: ['vrrp_ipsets']};

/**
Words keepalived 2.2 does not know with a known replacement (removed, or valid only elsewhere).
Used for the message and the suggestion when the word is an unknown keyword.
*/
export const REPLACED: Record<string, {use?: string; message: string}> = {
	nb_get_retry: {use: 'retry', message: "nb_get_retry is only accepted (deprecated) in HTTP_GET/SSL_GET; in this block keepalived reports \"Unknown keyword\" and ignores it: use 'retry'"},
	nat_mask: {message: 'nat_mask was removed in keepalived 2.0'},
	lvs_sync_daemon_interface: {use: 'lvs_sync_daemon', message: "use 'lvs_sync_daemon INTERFACE [VRRP_INSTANCE]' in global_defs"},
	vrrp_ipsets: {message: 'vrrp_ipsets needs a keepalived built with ipset support (not the Debian/Ubuntu nftables build)'},
};

const build = (): Record<KeywordContext, Map<string, KeywordSpec>> => {
	const out = {} as Record<KeywordContext, Map<string, KeywordSpec>>;
	for (const [context, list] of Object.entries(LISTS) as Array<[KeywordContext, string]>) {
		const map = new Map<string, KeywordSpec>();
		for (const word of list.split(/\s+/)) {
			const needsArg = word.endsWith('*');
			const name = needsArg ? word.slice(0, -1) : word;
			const block = BLOCKS[context]?.[name];
			const deprecated = DEPRECATED[context]?.[name];
			const aliasOf = ALIASES[context]?.[name];
			map.set(name, {needsArg, ...(block ? {block} : {}), ...(deprecated ? {deprecated} : {}), ...(aliasOf && aliasOf !== name ? {aliasOf} : {})});
		}
		out[context] = map;
	}
	return out;
};

/** The keyword table: context → keyword → spec. */
export const KEYWORDS: Readonly<Record<KeywordContext, ReadonlyMap<string, KeywordSpec>>> = build();

/** The spec of a keyword in a context, or undefined when keepalived 2.2.7 does not know it there. */
export const keywordSpec = (context: KeywordContext, keyword: string): KeywordSpec | undefined => KEYWORDS[context].get(keyword);

/** Every context a keyword is valid in (to say where a misplaced keyword belongs). */
export function contextsOf(keyword: string): KeywordContext[] {
	return (Object.keys(KEYWORDS) as KeywordContext[]).filter(context => KEYWORDS[context].has(keyword));
}

/** How a context is written in messages (`HTTP_GET` covers SSL_GET, `url`, `host`). */
export const CONTEXT_LABEL: Record<KeywordContext, string> = {
	root: 'the top level',
	global_defs: 'global_defs',
	vrrp_instance: 'vrrp_instance',
	authentication: 'authentication',
	vrrp_sync_group: 'vrrp_sync_group',
	vrrp_script: 'vrrp_script',
	vrrp_track_process: 'vrrp_track_process',
	track_file: 'track_file',
	track_group: 'track_group',
	garp_group: 'garp_group',
	SSL: 'SSL',
	bfd_instance: 'bfd_instance',
	virtual_server: 'virtual_server',
	real_server: 'real_server',
	TCP_CHECK: 'TCP_CHECK',
	HTTP_GET: 'HTTP_GET/SSL_GET',
	url: 'url',
	MISC_CHECK: 'MISC_CHECK',
	SMTP_CHECK: 'SMTP_CHECK',
	smtp_host: 'SMTP_CHECK host',
	DNS_CHECK: 'DNS_CHECK',
	BFD_CHECK: 'BFD_CHECK',
	UDP_CHECK: 'UDP_CHECK',
	PING_CHECK: 'PING_CHECK',
	FILE_CHECK: 'FILE_CHECK',
};

/** The checker block names real_server accepts. */
export const CHECKERS = ['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK', 'SMTP_CHECK', 'DNS_CHECK', 'BFD_CHECK', 'UDP_CHECK', 'PING_CHECK', 'FILE_CHECK'] as const;
export type CheckerType = (typeof CHECKERS)[number];
