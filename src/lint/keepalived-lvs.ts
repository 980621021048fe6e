/**
LVS rules on one host's configuration model: virtual servers keepalived would run differently
from what is written (no protocol → UDP in 2.2.7, default scheduler and forwarding method,
DR/TUN port remapping, quorum above the total weight) and checkers it cannot run (HTTP_GET
without url crashes keepalived 2.2.7, MISC_CHECK without misc_path).
*/
import type {KeepalivedConfig, VirtualServer} from '../parse/keepalived/model.js';
import type {Report} from './keepalived-syntax.js';

const name = (vs: VirtualServer) =>
	vs.kind === 'fwmark' ? `FWM ${vs.fwmark ?? '?'}` : vs.kind === 'group' ? `group ${vs.group ?? '?'}` : `[${vs.address ?? '?'}]:${vs.port ?? 0}`;

/** Runs the LVS rules. */
export function lintLvs(config: KeepalivedConfig, report: Report): void {
	const groups = new Set(config.virtualServerGroups.map(g => g.name));
	for (const vs of config.virtualServers) {
		const at = (keyword: string) => vs.sources[keyword] ?? vs.pos;
		const label = name(vs);
		if (vs.kind === 'group' && vs.group !== undefined && !groups.has(vs.group))
			report(vs.pos, 'error', 'unknown-vs-group', `virtual_server group ${vs.group}: no virtual_server_group ${vs.group} { … } is defined`);
		if (vs.kind !== 'fwmark' && vs.protocol === undefined)
			report(vs.pos, 'warning', 'no-protocol', `Virtual server ${label}: no protocol set — keepalived 2.2.7 defaults to UDP ("no protocol set - defaulting to UDP"); add 'protocol TCP'`, 'protocol TCP');
		if (vs.kind === 'fwmark' && vs.protocol !== undefined) report(at('protocol'), 'warning', 'fwmark-protocol', `Virtual server ${label}: protocol specified for fwmark - protocol will be ignored`);
		if (vs.lbAlgo === undefined && vs.sources.lvs_sched === undefined) report(vs.pos, 'warning', 'no-scheduler', `Virtual server ${label}: no scheduler set (lb_algo), keepalived uses 'wlc'`, 'lb_algo wlc');
		if (vs.lbKind === undefined && vs.sources.lvs_method === undefined) report(vs.pos, 'warning', 'no-forwarding-method', `Virtual server ${label}: no forwarding method set (lb_kind), keepalived uses NAT`, 'lb_kind NAT');
		if (vs.realServers.length === 0 && !vs.sorryServer) report(vs.pos, 'warning', 'no-real-servers', `Virtual server ${label} has no real servers: keepalived ignores it`);
		const seen = new Map<string, number>();
		let totalWeight = 0;
		for (const rs of vs.realServers) {
			const key = `${rs.address}:${rs.port ?? ''}`;
			const before = seen.get(key);
			if (before !== undefined) report(rs.pos, 'warning', 'duplicate-real-server', `real_server ${rs.address} ${rs.port ?? ''} appears twice in virtual server ${label} (first at line ${before})`);
			else seen.set(key, rs.pos.line);
			totalWeight += rs.weight ?? 1;
			const method = rs.lvsMethod ?? vs.lbKind;
			if ((method === 'DR' || method === 'TUN') && vs.kind === 'address' && vs.port !== undefined && vs.port !== 0 && rs.port !== undefined && rs.port !== vs.port) {
				report(
					rs.pos,
					'warning',
					'port-mismatch',
					`virtual server ${label} and real server [${rs.address}]:${rs.port} ports don't match: ${method} cannot remap ports, keepalived resets it to ${vs.port}`,
				);
			}
			for (const ck of rs.checkers) {
				if ((ck.type === 'HTTP_GET' || ck.type === 'SSL_GET') && ck.urls.length === 0)
					report(ck.pos, 'error', 'missing-url', `${ck.type} for ${rs.address} has no url { path … } block: keepalived 2.2.7 crashes on it (segmentation fault in keepalived -t); later versions ignore the checker`);
				if (ck.type === 'MISC_CHECK' && ck.miscPath === undefined) report(ck.pos, 'error', 'missing-misc-path', `MISC_CHECK for ${rs.address} has no misc_path: there is nothing to run`);
				for (const url of ck.urls) if (url.path === undefined) report(url.pos, 'error', 'missing-url-path', `url block without 'path' in ${ck.type} for ${rs.address}`);
			}
		}
		if (vs.quorum !== undefined && vs.realServers.length > 0 && vs.quorum > totalWeight)
			report(at('quorum'), 'warning', 'quorum-exceeds-weight', `quorum ${vs.quorum} for ${label} exceeds total weight of real servers ${totalWeight}: keepalived reduces it to ${totalWeight}`);
	}
}
