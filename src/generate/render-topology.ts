/**
Every host's files and commands from one topology: the generators of this folder put together,
host by host. Pure: nothing is read or written.
*/
import {haproxyNodeNames, topologyHosts} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {CHECK_SCRIPT_PATH, KEEPALIVED_CONF_PATH, renderKeepalivedConf} from './keepalived-conf.js';
import {renderCheckScript} from './check-script.js';
import {HAPROXY_CFG_PATH, renderHaproxyCfg} from './haproxy-cfg.js';
import {renderContext} from './header.js';
import {addVipArgv, ifcfgPath, INIT_SCRIPT_PATH, LO_VIP_UNIT, LO_VIP_UNIT_PATH, renderIfcfgLo, renderInitScript, renderLoVipUnit} from './lo-vip.js';
import {realServerVips, renderSysctl, SYSCTL_PATH, sysctlSettings} from './sysctl-d.js';
import type {HostRender, PlannedCommand, RenderedFile} from './types.js';

/**
How daemons are managed on a host: `systemd` (systemctl enable/reload), or `none`, where lbwiz only
writes files and validates them and the caller starts the daemons (the lab's network namespaces).
`auto` (default) picks `none` for `netns:` transports and `systemd` otherwise.
*/
export type ServiceManager = 'auto' | 'systemd' | 'none';

/** Options of renderTopology. */
export type RenderOptions = {
	/** The topology file as the user named it; written into every file's header. */
	source: string;
	/** Overrides lbwiz's version in headers (golden tests pin it). */
	version?: string;
	services?: ServiceManager;
};

/** Renders every director's and real server's files and planned commands (clients get none); `source` defaults to lbwiz.yaml. */
export function renderTopology(topology: Topology, options: RenderOptions = {source: 'lbwiz.yaml'}): HostRender[] {
	const haproxyNodes = new Set(haproxyNodeNames(topology));
	const renders: HostRender[] = [];
	for (const host of topologyHosts(topology)) {
		if (host.kind === 'client') continue;
		const ctx = renderContext(options.source, host.name, options.version);
		const manager = options.services === undefined || options.services === 'auto' ? (host.transport.startsWith('netns:') ? 'none' : 'systemd') : options.services;
		const files: RenderedFile[] = [];
		const commands: PlannedCommand[] = [];
		const file = (path: string, content: string, mode: number, purpose: string) => files.push({host: host.name, path, content, mode, purpose});
		const run = (argv: string[], purpose: string) => commands.push({host: host.name, argv, purpose});

		const director = topology.directors.find(d => d.name === host.name);
		const realServer = topology.real_servers.find(r => r.name === host.name);
		const keepalived = Boolean(director && (topology.vrrp || topology.lvs?.length));
		const haproxy = haproxyNodes.has(host.name);

		if (keepalived && director) {
			const what = topology.vrrp ? `VRRP ${topology.vrrp.instance} (${director.state}, priority ${director.priority})` : 'LVS virtual servers';
			file(KEEPALIVED_CONF_PATH, renderKeepalivedConf(topology, director, ctx), 0o640, `keepalived: ${what}${topology.lvs?.length ? `, ${topology.lvs.length} LVS service${topology.lvs.length === 1 ? '' : 's'}` : ''}`);
			if (topology.vrrp?.track_haproxy) file(CHECK_SCRIPT_PATH, renderCheckScript(topology, ctx), 0o755, 'keepalived vrrp_script chk_haproxy: is HAProxy listening here?');
		}
		if (haproxy) {
			const h = topology.haproxy!;
			file(HAPROXY_CFG_PATH, renderHaproxyCfg(topology, host.name, ctx), 0o640, `HAProxy: ${h.frontends.length} frontend${h.frontends.length === 1 ? '' : 's'}, ${h.backends.length} backend${h.backends.length === 1 ? '' : 's'}${h.stats ? ', stats page' : ''}`);
		}
		const sysctl = renderSysctl(topology, host.name, ctx);
		if (sysctl) file(SYSCTL_PATH, sysctl, 0o644, `kernel settings: ${[...new Set(sysctlSettings(topology, host.name).map(s => s.topic))].join(', ')}`);

		const {vips, tunnel} = realServer ? realServerVips(topology, host.name) : {vips: [], tunnel: false};
		const vipSetup = realServer && vips.length > 0 ? realServer.vip_setup : undefined;
		if (realServer && vipSetup === 'systemd') file(LO_VIP_UNIT_PATH, renderLoVipUnit(realServer, vips, tunnel, ctx), 0o644, `systemd unit: VIP ${vips.join(', ')} on lo`);
		if (realServer && vipSetup === 'ifcfg') vips.forEach((vip, i) => file(ifcfgPath(i), renderIfcfgLo(vip, i, ctx), 0o644, `RHEL network-scripts: VIP ${vip} on lo:${i}`));
		if (realServer && vipSetup === 'init') file(INIT_SCRIPT_PATH, renderInitScript(realServer, vips, tunnel, ctx), 0o755, `SysV init script: VIP ${vips.join(', ')} on lo`);

		if (sysctl) run(['sysctl', '-p', SYSCTL_PATH], 'apply this file\'s kernel settings now (sysctl -p touches only these keys, unlike --system)');
		if (vipSetup) {
			if (manager === 'none') {
				vips.forEach((vip, i) => run(addVipArgv(vip, i), `put VIP ${vip} on lo`));
			} else if (vipSetup === 'systemd') {
				run(['systemctl', 'daemon-reload'], `load ${LO_VIP_UNIT}`);
				run(['systemctl', 'enable', LO_VIP_UNIT], 'hold the VIP on lo after reboots');
				run(['systemctl', 'restart', LO_VIP_UNIT], `put VIP ${vips.join(', ')} on lo now`);
			} else if (vipSetup === 'ifcfg') {
				vips.forEach((_, i) => run(['ifup', `lo:${i}`], `bring up lo:${i} from its ifcfg file`));
			} else {
				run(['chkconfig', '--add', 'lvs-realsvr'], 'register the init script');
				run(['chkconfig', 'lvs-realsvr', 'on'], 'start it at boot');
				run(['service', 'lvs-realsvr', 'start'], `put VIP ${vips.join(', ')} on lo now`);
			}
		}
		if (haproxy) {
			run(['haproxy', '-c', '-f', HAPROXY_CFG_PATH], 'validate haproxy.cfg before (re)starting');
			if (manager === 'systemd') {
				run(['systemctl', 'enable', 'haproxy'], 'start HAProxy at boot');
				run(['systemctl', 'reload-or-restart', 'haproxy'], 'load the new haproxy.cfg (starts HAProxy if stopped)');
			}
		}
		if (keepalived) {
			run(['keepalived', '-t', '-f', KEEPALIVED_CONF_PATH], 'validate keepalived.conf before (re)starting');
			if (manager === 'systemd') {
				run(['systemctl', 'enable', 'keepalived'], 'start keepalived at boot');
				run(['systemctl', 'reload-or-restart', 'keepalived'], 'load the new keepalived.conf (starts keepalived if stopped)');
			}
		}
		renders.push({host: host.name, roles: host.roles, files, commands});
	}
	return renders;
}
