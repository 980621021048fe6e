/**
VRRP rules on one host's configuration model: instances keepalived would refuse or run
differently from what is written (no VRID, no interface, duplicate VRID, tracked scripts that do
not exist, nopreempt with state MASTER, vrrp_strict side effects, unicast without peers, script
security).
*/
import type {KeepalivedConfig, VrrpInstance} from '../parse/keepalived/model.js';
import type {Report} from './keepalived-syntax.js';

/** True when vrrp_strict applies to an instance (global vrrp_strict or its own strict_mode). */
export const isStrict = (config: KeepalivedConfig, vi: VrrpInstance): boolean => vi.strictMode ?? config.globalDefs.vrrpStrict;

/** The VRRP version an instance speaks (3 for IPv6 or when configured). */
export function vrrpVersion(config: KeepalivedConfig, vi: VrrpInstance): number {
	if (vi.version === 2 || vi.version === 3) return vi.version;
	if (vi.nativeIpv6 || vi.virtualIpAddresses.some(v => v.family === 6)) return 3;
	return config.globalDefs.vrrpVersion === 3 ? 3 : 2;
}

/** Runs the VRRP rules. */
export function lintVrrp(config: KeepalivedConfig, report: Report): void {
	const scripts = new Map(config.vrrpScripts.map(s => [s.name, s]));
	const usedScripts = new Set<string>();
	const names = new Map<string, VrrpInstance>();
	const vrids = new Map<string, VrrpInstance>();
	const gd = config.globalDefs;
	let noAcceptNoted = false;
	for (const vi of config.vrrpInstances) {
		const at = (keyword: string) => vi.sources[keyword] ?? vi.pos;
		if (vi.name) {
			const before = names.get(vi.name);
			if (before) report(vi.pos, 'error', 'duplicate-name', `vrrp_instance ${vi.name} is already defined (line ${before.pos.line}): keepalived skips this one ("vrrp instance ${vi.name} already defined")`);
			else names.set(vi.name, vi);
		}
		if (vi.interface === undefined && !gd.defaultInterface) report(vi.pos, 'error', 'missing-interface', `vrrp_instance ${vi.name} has no 'interface': keepalived cannot run it ("Unknown interface!")`);
		if (vi.virtualRouterId === undefined && vi.sources.virtual_router_id === undefined) {
			report(vi.pos, 'error', 'missing-vrid', `vrrp_instance ${vi.name} has no virtual_router_id: keepalived refuses it ("the virtual router id must be set")`);
		}
		if (vi.virtualRouterId !== undefined && vi.interface !== undefined) {
			const family = vi.virtualIpAddresses.find(v => v.family)?.family ?? 4;
			const key = `${vi.virtualRouterId}/${vi.interface}/${family}`;
			const other = vrids.get(key);
			if (other && other.name !== vi.name)
				report(at('virtual_router_id'), 'error', 'duplicate-vrid', `${other.name} and ${vi.name} both use VRID ${vi.virtualRouterId} with IPv${family} on interface ${vi.interface} (line ${other.pos.line}): they would answer each other's adverts`);
			else vrids.set(key, vi);
		}
		const strict = isStrict(config, vi);
		if (!vi.virtualIpAddresses.some(v => v.valid) && !vi.virtualIpAddressesExcluded.some(v => v.valid)) {
			report(vi.pos, strict ? 'error' : 'warning', 'no-vip', `vrrp_instance ${vi.name} has no virtual_ipaddress${strict ? ' (vrrp_strict requires at least one)' : ': nothing moves on failover'}`);
		}
		for (const ref of vi.trackScripts) {
			usedScripts.add(ref.name);
			if (!scripts.has(ref.name)) report(ref.pos, 'error', 'unknown-track-script', `track script ${ref.name} not found (no vrrp_script ${ref.name} { … }): keepalived ignores it`);
		}
		if (vi.state === 'MASTER' && vi.nopreempt) {
			report(
				vi.sources.nopreempt ?? at('state'),
				'warning',
				'nopreempt-master',
				`nopreempt will not work with initial state MASTER: keepalived clears it ("nopreempt will not work with initial state MASTER - clearing"); use state BACKUP on every node with nopreempt`,
			);
		}
		if (vi.priority === 255 && vi.trackScripts.some(r => (r.weight ?? scripts.get(r.name)?.weight ?? 0) !== 0)) {
			report(at('priority'), 'warning', 'owner-track-weight', `priority 255 makes ${vi.name} the address owner: keepalived ignores tracked script weights ("ignoring tracked script with weights due to address_owner")`);
		}
		const auth = vi.authentication;
		if (auth) {
			if (strict) {
				report(
					auth.pos,
					'error',
					'strict-auth',
					`vrrp_strict does not allow authentication: keepalived ignores it ("Strict mode does not support authentication. Ignoring."), so a peer without vrrp_strict sees a type mismatch and both nodes become MASTER`,
				);
			} else if (vrrpVersion(config, vi) === 3) {
				report(auth.pos, 'warning', 'auth-ignored', `VRRP version 3 does not support authentication: keepalived ignores it`);
			}
			if (auth.type === 'AH' && vi.state === 'MASTER') report(auth.sources.auth_type ?? auth.pos, 'warning', 'ah-master', 'Initial state master is incompatible with AH authentication: keepalived starts this instance as BACKUP');
			if (auth.type !== undefined && auth.pass === undefined) report(auth.pos, 'warning', 'auth-missing-pass', 'Authentication specified but no password given: keepalived ignores the authentication');
		}
		if (strict) {
			if (vi.unicastPeers.length > 0) report(at('unicast_peer'), 'error', 'strict-unicast', `Unicast peers are not supported in strict mode: keepalived refuses vrrp_instance ${vi.name}`);
			if (vi.state === 'MASTER' && vi.priority !== 255)
				report(at('state'), 'warning', 'strict-master-priority', `with vrrp_strict, state MASTER requires priority 255 (address owner): keepalived starts ${vi.name} as BACKUP ("State MASTER must match being address owner")`);
			if (vi.preemptDelay !== undefined) report(at('preempt_delay'), 'warning', 'strict-preempt-delay', 'preempt_delay is incompatible with strict mode: keepalived resets it');
			if (!noAcceptNoted) report(
				gd.sources.vrrp_strict ?? vi.sources.strict_mode ?? vi.pos,
				'info',
				'strict-no-accept',
				`vrrp_strict implies no_accept (priority < 255): keepalived installs firewall rules that drop traffic to the VIPs of ${vi.name} — the VIP answers ARP but not connections`,
			);
			noAcceptNoted = true;
		}
		if (vi.unicastSrcIp !== undefined && vi.unicastPeers.length === 0) {
			report(at('unicast_src_ip'), 'warning', 'unicast-without-peers', `unicast_src_ip without unicast_peer: keepalived falls back to multicast ("A unicast keyword has been specified without any unicast peers")`);
		}
		if (vrrpVersion(config, vi) === 2 && vi.advertInt !== undefined && !Number.isInteger(vi.advertInt)) {
			report(at('advert_int'), 'warning', 'advert-int-fraction', `advert_int ${vi.advertInt}: VRRPv2 adverts carry whole seconds; use 'version 3' for sub-second intervals`);
		}
	}
	for (const script of config.vrrpScripts) {
		if (!script.name) continue;
		if (script.script === undefined) report(script.pos, 'error', 'missing-script', `No script set for vrrp_script ${script.name}: keepalived removes it`);
		if (!usedScripts.has(script.name) && !config.vrrpSyncGroups.some(g => g.trackScripts.some(t => t.name === script.name)))
			report(script.pos, 'warning', 'unused-script', `vrrp_script ${script.name} is not tracked by any vrrp_instance (add it to a track_script block)`);
	}
	const seenScripts = new Map<string, number>();
	for (const script of config.vrrpScripts) {
		const line = seenScripts.get(script.name);
		if (line !== undefined) report(script.pos, 'error', 'duplicate-name', `vrrp_script ${script.name} is already defined (line ${line})`);
		else seenScripts.set(script.name, script.pos.line);
	}
	for (const group of config.vrrpSyncGroups) {
		for (const member of group.group) {
			if (!names.has(member.name)) report(member.pos, 'error', 'unknown-sync-member', `vrrp_sync_group ${group.name}: ${member.name} is not a vrrp_instance (keepalived reports "Unknown keyword" or drops the group)`);
		}
		if (group.group.length === 0) report(group.pos, 'warning', 'empty-sync-group', `Sync group ${group.name} has no virtual router(s): keepalived removes it`);
	}
	scriptSecurity(config, report);
}

function scriptSecurity(config: KeepalivedConfig, report: Report) {
	const gd = config.globalDefs;
	const uses: Array<{what: string; pos: {file: string; line: number; column: number}}> = [];
	for (const s of config.vrrpScripts) if (s.script) uses.push({what: `vrrp_script ${s.name}`, pos: s.sources.script ?? s.pos});
	for (const vi of config.vrrpInstances)
		for (const [key, value] of Object.entries(vi.notify)) if (value) uses.push({what: `notify${key === 'all' ? '' : `_${key}`} of ${vi.name}`, pos: vi.sources[key === 'all' ? 'notify' : `notify_${key}`] ?? vi.pos});
	for (const vs of config.virtualServers)
		for (const rs of vs.realServers) {
			for (const ck of rs.checkers) if (ck.type === 'MISC_CHECK' && ck.miscPath) uses.push({what: `MISC_CHECK of ${rs.address}`, pos: ck.sources.misc_path ?? ck.pos});
			if (rs.notifyUp || rs.notifyDown) uses.push({what: `notify_up/down of ${rs.address}`, pos: rs.sources.notify_up ?? rs.sources.notify_down ?? rs.pos});
		}
	if (uses.length === 0) return;
	if (!gd.enableScriptSecurity) {
		report(
			uses[0].pos,
			'warning',
			'script-security',
			`${uses[0].what}${uses.length > 1 ? ` and ${uses.length - 1} more` : ''} run scripts but global_defs has no enable_script_security: keepalived runs them as root and logs "SECURITY VIOLATION - scripts are being executed but script_security not enabled" (keepalived -t exits 6)`,
		);
	} else if (!gd.scriptUser) {
		report(
			gd.sources.enable_script_security ?? gd.pos,
			'info',
			'script-user',
			"with enable_script_security and no script_user, scripts run as user 'keepalived_script', which must exist (or set 'script_user root')",
		);
	}
}
