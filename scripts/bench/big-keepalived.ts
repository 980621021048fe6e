/**
Generates a keepalived.conf with `virtualServers` virtual_server blocks of `realServers` real_servers
each (TCP_CHECK on every real server) and a global_defs: the scale benchmark's input. TEST-NET
addresses only; every (VIP, port) pair is distinct so `keepalived -t -f` accepts the file. With
`vrrp`, a vrrp_instance on `interfaceName` too (keepalived -t then needs that interface to exist).
*/
export function bigKeepalivedConf({virtualServers = 10_000, realServers = 10, vrrp = false, interfaceName = 'eth0'}: {virtualServers?: number; realServers?: number; vrrp?: boolean; interfaceName?: string} = {}): string {
	const out: string[] = ['global_defs {', '    router_id lbwiz_bench', '}', ''];
	if (vrrp) {
		out.push(
			'vrrp_instance VI_1 {',
			'    state MASTER',
			`    interface ${interfaceName}`,
			'    virtual_router_id 51',
			'    priority 100',
			'    advert_int 1',
			'    authentication {',
			'        auth_type PASS',
			'        auth_pass b3nch',
			'    }',
			'    virtual_ipaddress {',
			'        198.51.100.254/24',
			'    }',
			'}',
			'',
		);
	}
	for (let v = 0; v < virtualServers; v++) {
		const vip = `198.51.100.${1 + (v % 250)}`;
		const port = 1024 + Math.floor(v / 250);
		out.push(
			`virtual_server ${vip} ${port} {`,
			'    delay_loop 6',
			'    lb_algo wrr',
			'    lb_kind DR',
			'    persistence_timeout 50',
			'    protocol TCP',
		);
		for (let r = 0; r < realServers; r++) {
			out.push(
				`    real_server 203.0.113.${1 + ((v * realServers + r) % 250)} ${port} {`,
				'        weight 1',
				'        TCP_CHECK {',
				'            connect_timeout 3',
				`            connect_port ${port}`,
				'        }',
				'    }',
			);
		}
		out.push('}', '');
	}
	return out.join('\n');
}
