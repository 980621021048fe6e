import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {CurrentHost} from '../../../src/apply/current.js';
import {desiredHosts, type DesiredHost} from '../../../src/apply/desired.js';
import {renderTopology} from '../../../src/generate/index.js';
import {parseTopology} from '../../../src/model/load-topology.js';
import type {Topology} from '../../../src/model/schema.js';

/** A topology from fixtures/topologies (or YAML text), with its desired hosts in apply order. */
export function desiredFrom(nameOrYaml: string): {topology: Topology; desired: DesiredHost[]} {
	const text = nameOrYaml.includes('\n') ? nameOrYaml : readFileSync(join(process.cwd(), 'fixtures', 'topologies', `${nameOrYaml}.yaml`), 'utf8');
	const {topology} = parseTopology(text, 'lbwiz.yaml');
	return {topology, desired: desiredHosts(topology, renderTopology(topology, {source: 'lbwiz.yaml', version: '9.9.9'}))};
}

/** The tools a Debian host with keepalived and HAProxy installed has. */
export const DEBIAN_TOOLS: Record<string, string> = Object.fromEntries(
	['keepalived', 'haproxy', 'ip', 'sysctl', 'nft', 'iptables', 'iptables-save', 'systemctl', 'service', 'update-rc.d', 'apt-get', 'setsid', 'modprobe'].map(t => [t, `/usr/sbin/${t}`]),
);

/** A host with nothing of lbwiz's: no files, kernel defaults, no VIP on lo, daemons installed but stopped. */
export function bareHost(desired: DesiredHost, options: {systemd?: boolean; tools?: Record<string, string>} = {}): CurrentHost {
	const systemd = options.systemd ?? false;
	return {
		reachable: true,
		problems: [],
		uid: 0,
		systemd,
		initScripts: ['keepalived', 'haproxy'],
		tools: options.tools ?? DEBIAN_TOOLS,
		files: Object.fromEntries(desired.files.map(f => [f.path, {exists: false}])),
		sysctls: Object.fromEntries(desired.sysctls.map(s => [s.key, '0'])),
		loAddresses: ['127.0.0.1'],
		services: Object.fromEntries(desired.daemons.map(d => [d.daemon, {manager: desired.transport.startsWith('netns:') ? 'none' : systemd ? 'systemd' : 'sysv', running: false, enabled: false}])),
		loVipServiceEnabled: false,
	} as CurrentHost;
}

/** The same host once lbwiz has applied `desired`: files with their content and mode, settings, VIPs, daemons running. */
export function convergedHost(desired: DesiredHost, options: {systemd?: boolean} = {}): CurrentHost {
	const host = bareHost(desired, options);
	host.files = Object.fromEntries(desired.files.map(f => [f.path, {exists: true, mode: f.mode, uid: 0, gid: 0, content: f.content}]));
	host.sysctls = Object.fromEntries(desired.sysctls.map(s => [s.key, s.value]));
	host.loAddresses = ['127.0.0.1', ...desired.loVips];
	for (const service of Object.values(host.services)) Object.assign(service!, {running: true, enabled: service!.manager === 'none' ? undefined : true, pid: 4242, ours: true});
	host.loVipServiceEnabled = true;
	return host;
}
