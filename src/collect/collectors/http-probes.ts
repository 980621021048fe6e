import {defineCollector, type CollectorContext} from '../define-collector.js';
import {scanKeepalived} from '../config-scan.js';
import {frontendPorts, vipAddresses} from '../../model/hosts.js';
import {parseHaproxy} from '../../parse/haproxy/index.js';
import {curlProbeArgv, parseCurlProbe} from '../../parse/curl-probe.js';
import type {HttpProbe} from '../types.js';

const MAX_TARGETS = 32;

/** One thing to probe. */
export type ProbeTarget = {target: 'realserver' | 'vip'; name?: string; address: string; port: number};

const isIpv4 = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

/** Targets from the topology: every real server, and every VIP on every frontend / LVS port. */
export function targetsFromTopology(context: Pick<CollectorContext, 'topology'>): ProbeTarget[] {
	const topology = context.topology!;
	const targets: ProbeTarget[] = [];
	for (const r of topology.real_servers) targets.push({target: 'realserver', name: r.name, address: r.address, port: r.port});
	const ports = new Set<number>([...(topology.haproxy ? frontendPorts(topology.haproxy.frontends) : []), ...(topology.lvs ?? []).map(s => s.port)]);
	if (ports.size === 0) ports.add(80);
	for (const vip of vipAddresses(topology)) for (const port of ports) targets.push({target: 'vip', name: 'vip', address: vip, port});
	return targets;
}

/** Targets from this host's own configs: keepalived's VIPs and real servers, HAProxy's servers and VIP frontends. */
export async function targetsFromConfigs(context: CollectorContext): Promise<{targets: ProbeTarget[]; evidence: string[]}> {
	const [ka, hap] = await Promise.all([context.fact('keepalived.config'), context.fact('haproxy.config')]);
	const evidence = [...ka.evidence, ...hap.evidence];
	const targets: ProbeTarget[] = [];
	const vips: string[] = [];
	if (ka.status === 'ok') {
		const scan = scanKeepalived(ka.value.files.map(f => f.content));
		vips.push(...scan.instances.flatMap(i => i.vips));
		for (const vs of scan.virtualServers) {
			if (isIpv4(vs.address) && vs.port) targets.push({target: 'vip', name: 'vip', address: vs.address, port: vs.port});
			for (const rs of vs.realServers) if (isIpv4(rs.address)) targets.push({target: 'realserver', address: rs.address, port: rs.port ?? vs.port ?? 80});
		}
	}
	if (hap.status === 'ok') {
		for (const file of hap.value.files) {
			try {
				const {config} = parseHaproxy(file.content, {file: file.path});
				for (const proxy of [...config.backends, ...config.listens]) {
					for (const server of proxy.servers) {
						if (isIpv4(server.address.host) && server.address.port) targets.push({target: 'realserver', name: server.name, address: server.address.host, port: server.address.port});
					}
				}
				for (const proxy of [...config.frontends, ...config.listens]) {
					for (const bind of proxy.binds) {
						const port = bind.address.port;
						if (!port || bind.ssl) continue;
						const host = bind.address.host;
						if (isIpv4(host) && host !== '0.0.0.0') targets.push({target: 'vip', name: proxy.name, address: host, port});
						else for (const vip of vips) targets.push({target: 'vip', name: proxy.name, address: vip, port});
					}
				}
			} catch {
				// config.validation reports unparsable files
			}
		}
	}
	if (!targets.some(t => t.target === 'vip')) for (const vip of vips) targets.push({target: 'vip', name: 'vip', address: vip, port: 80});
	return {targets, evidence};
}

/**
HTTP probes with curl from this director to each real server and to each VIP: status, timing, the
Server header and the first bytes of the body (which backend answered). Targets come from the
topology when one is given, else from this host's keepalived and HAProxy configs.
*/
export default defineCollector({
	fact: 'http.probes',
	title: 'HTTP probes to real servers and VIPs',
	requires: {commands: ['curl']},
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		const {host} = context;
		const found = context.topology ? {targets: targetsFromTopology(context), evidence: [] as string[]} : await targetsFromConfigs(context);
		const unique = [...new Map(found.targets.map(t => [`${t.address}:${t.port}`, t])).values()].slice(0, MAX_TARGETS);
		if (unique.length === 0) return {unavailable: `nothing to probe from ${host.name}: no real server or VIP in the topology or in its keepalived/HAProxy configs`, evidence: found.evidence};
		const evidence = [...found.evidence];
		const probes = await Promise.all(
			unique.map(async (t): Promise<HttpProbe> => {
				const url = `http://${t.address}:${t.port}/`;
				const r = await context.run(curlProbeArgv(url, {timeoutSeconds: 3}), {timeoutMs: 6000, maxBuffer: 256 * 1024});
				evidence.push(r.id);
				const parsed = parseCurlProbe(r.stdout, r.stderr, r.exitCode);
				return {
					from: host.name,
					target: t.target,
					...(t.name ? {name: t.name} : {}),
					url,
					ok: parsed.ok,
					...(parsed.status !== undefined ? {status: parsed.status} : {}),
					...(parsed.timeMs !== undefined ? {timeMs: parsed.timeMs} : {}),
					...(parsed.headers.server ? {server: parsed.headers.server} : {}),
					...(parsed.headers['content-type'] ? {contentType: parsed.headers['content-type']} : {}),
					body: parsed.body.slice(0, 200),
					...(parsed.error ? {error: parsed.error} : {}),
					...(parsed.remoteIp ? {remoteIp: parsed.remoteIp} : {}),
					port: t.port,
					...(parsed.exitCode !== undefined ? {curlExit: parsed.exitCode} : r.timedOut ? {curlExit: 28} : {}),
				};
			}),
		);
		return {value: probes, evidence};
	},
});
