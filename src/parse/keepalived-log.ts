/**
keepalived log lines (console `-l` files, syslog, journald short-iso, RFC 3339 syslog) → VRRP state
transitions and events, matching the verbatim strings of FIELD-NOTES §2 for 1.x, 2.x and ≥ 2.3.3
(`(VI_1) …` and 1.x `VRRP_Instance(VI_1) …`; the ` from <ip>` suffix is optional).
*/
import type {KeepalivedLogEvent, VrrpTransition} from '../collect/types.js';

/** One keepalived line split into its parts. */
export type KeepalivedLine = {time?: string; host?: string; ident?: string; pid?: number; message: string; raw: string};

const MONTHS: Record<string, string> = {Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12'};
const pad = (n: string) => n.trim().padStart(2, '0');

const CONSOLE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d)(?:\.\d+)? (\d{4}): ?(.*)$/;
const SYSLOG = /^(\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d) (\S+) ([\w.-]+)(?:\[(\d+)\])?: ?(.*)$/;
const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:?\d\d)? (\S+) ([\w.-]+)(?:\[(\d+)\])?: ?(.*)$/;

/**
Splits one line. Times with a zone become UTC ISO strings; console and syslog times (no zone) stay
host-local as `YYYY-MM-DDTHH:MM:SS` (syslog's missing year from `year`).
*/
export function splitLogLine(raw: string, options: {year?: number} = {}): KeepalivedLine {
	let m = CONSOLE.exec(raw);
	if (m && MONTHS[m[1]]) return {time: `${m[4]}-${MONTHS[m[1]]}-${pad(m[2])}T${m[3]}`, message: m[5], raw};
	m = ISO.exec(raw);
	if (m) {
		const zone = m[2] ? (m[2] === 'Z' ? 'Z' : m[2].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')) : undefined;
		const time = zone ? new Date(`${m[1]}${zone}`).toISOString() : m[1];
		return {time, host: m[3], ident: m[4], ...(m[5] ? {pid: Number(m[5])} : {}), message: m[6], raw};
	}
	m = SYSLOG.exec(raw);
	if (m && MONTHS[m[1]]) {
		const year = options.year ?? new Date().getFullYear();
		return {time: `${year}-${MONTHS[m[1]]}-${pad(m[2])}T${m[3]}`, host: m[4], ident: m[5], ...(m[6] ? {pid: Number(m[6])} : {}), message: m[7], raw};
	}
	return {message: raw, raw};
}

const INSTANCE = /^(?:VRRP_Instance\(([^)]+)\)|\(([^)\s]+)\)):? ?/;

/** The instance a message is about, and the message without that prefix. */
export function splitInstance(message: string): {instance?: string; text: string} {
	const m = INSTANCE.exec(message);
	if (!m) return {text: message};
	return {instance: m[1] ?? m[2], text: message.slice(m[0].length)};
}

type EventRule = {kind: string; re: RegExp; names?: string[]};
const IP = '([0-9a-fA-F.:]+)';
const FROM = `(?: from ${IP})?`;

/** Instance-level messages (after the `(VI_1) ` prefix). Order matters: first match wins. */
const INSTANCE_EVENTS: EventRule[] = [
	{kind: 'invalid-passwd', re: new RegExp(`^received an invalid passwd${FROM}!`), names: ['from']},
	{kind: 'auth-type-mismatch', re: new RegExp(`^received a (\\d+) auth${FROM}, expecting (\\d+)!`), names: ['received', 'from', 'expected']},
	{kind: 'auth-type-mismatch', re: new RegExp(`^Invalid auth type${FROM}: (\\d+)`), names: ['from', 'received']},
	{kind: 'auth-type-mismatch', re: new RegExp(`^(?:Received AH header but auth type not AH|No AH header but auth type is AH)${FROM}`), names: ['from']},
	{kind: 'auth-ignored', re: /^(?:VRRP version 3 does not support authentication|Strict mode does not support authentication|Authentication specified but no password given)\. ?Ignoring/},
	{kind: 'auth-hmac-error', re: new RegExp(`^(?:invalid authentication HMAC|missing authentication trailer|stale authentication trailer)${FROM}`), names: ['from']},
	{kind: 'wrong-version', re: new RegExp(`^wrong VRRP version${FROM}\\. Received (\\d+) and expect (\\d+)`), names: ['from', 'received', 'expected']},
	{kind: 'vrid-mismatch', re: /^received VRID mismatch\. Received (\d+), Expected (\d+)/, names: ['received', 'expected']},
	{kind: 'vrid-conflict', re: /^duplicate VRID conflict with (\S+) VRID (\d+)/, names: ['other', 'vrid']},
	{kind: 'vrid-invalid', re: /^VRID '([^']*)' not valid/, names: ['vrid']},
	{kind: 'advert-interval-mismatch', re: new RegExp(`^advertisement interval mismatch(?: with ${IP})? (?:mine|ours) ?= ?(\\d+) ?(?:sec|centi-sec) rcv'd ?= ?(\\d+)`), names: ['from', 'ours', 'received']},
	{kind: 'vip-count-mismatch', re: /^(?:expected (\d+) VIPs but received (\d+)|received an unexpected ip number count (\d+), expected (\d+)!)/, names: ['expected', 'received', 'receivedOld', 'expectedOld']},
	{kind: 'vip-missing-in-advert', re: new RegExp(`^ip address associated with VRID(?: (\\d+))? not present in (?:advert from ${IP}|MASTER advert|received packet) ?: ?(\\S+)`), names: ['vrid', 'from', 'address']},
	{kind: 'vip-missing-in-advert', re: /^one or more VIP associated with VRID mismatch actual MASTER advert/},
	{kind: 'invalid-ttl', re: new RegExp(`^(?:invalid TTL/HL${FROM}\\. Received (\\d+) and expect (\\d+)|invalid ttl\\. (\\d+) and expect (\\d+)|TTL/HL (\\d+) from ${IP} not in range)`), names: ['from', 'received', 'expected']},
	{kind: 'invalid-checksum', re: new RegExp(`^Invalid VRRPv3 checksum${FROM}`), names: ['from']},
	{kind: 'unicast-multicast-mismatch', re: new RegExp(`^Expected (\\w+)icast packet but received (\\w+)icast packet${FROM}`), names: ['expected', 'received', 'from']},
	{kind: 'unicast-source-not-peer', re: new RegExp(`^unicast source address ${IP} not a unicast peer`), names: ['from']},
	{kind: 'unicast-no-peers', re: /^(?:Cannot use unicast without any peers|A unicast keyword has been specified without any unicast peers)/},
	{kind: 'unicast-strict', re: /^Unicast peers are not supported in strict mode/},
	{kind: 'address-owner-conflict', re: /^(?:CONFIGURATION ERROR: local instance and (\S+) are both configured as address owner|(\S+) is still advertising as address owner)/, names: ['other', 'other2']},
	{kind: 'advert-timeout', re: /^Receive advertisement timeout/},
	{kind: 'lower-priority-advert', re: new RegExp(`^(?:Received advert from ${IP} with lower priority (\\d+), ours (\\d+), forcing new election|Received lower prio advert, forcing new election)`), names: ['from', 'priority', 'ours']},
	{kind: 'lower-priority-discarded', re: new RegExp(`^received lower priority \\((\\d+)\\) advert from ${IP} - discarding`), names: ['priority', 'from']},
	{kind: 'higher-priority-advert', re: new RegExp(`^Master received advert from ${IP} with higher priority (\\d+), ours (\\d+)`), names: ['from', 'priority', 'ours']},
	{kind: 'equal-priority-higher-ip', re: new RegExp(`^Master received advert from ${IP} with same priority (\\d+) but higher IP address than ours`), names: ['from', 'priority']},
	{kind: 'own-ip-advert', re: /^WARNING - equal priority advert received from remote host with our IP address/},
	{kind: 'priority-change', re: /^Changing effective priority from (\d+) to (\d+)/, names: ['from', 'to']},
	{kind: 'vips-set', re: /^setting VIPs\./},
	{kind: 'vips-removed', re: /^removing VIPs\./},
	{kind: 'garp', re: /^Sending\/queueing gratuitous ARPs on (\S+) for (\S+)/, names: ['interface', 'address']},
	{kind: 'priority-zero-sent', re: /^sent 0 priority/},
	{kind: 'firewall-drop-rule', re: /^setting firewall drop rule/},
	{kind: 'strict-mode-reset', re: /^(?:Strict mode requires no repeat garps|preempt_delay is incompatible with strict mode|strict mode requires higher_prio_send_advert)/},
	{kind: 'config-unknown-state', re: /^unknown state '([^']*)'/, names: ['state']},
	{kind: 'config-priority-invalid', re: /^Priority not valid/},
	{kind: 'ipv6-with-v2', re: /^cannot use IPv6 with VRRP version 2/},
	{kind: 'nopreempt-reset', re: /^nopreempt is incompatible with priority (\d+)/, names: ['priority']},
	{kind: 'no-vip', re: /^No VIP specified/},
	{kind: 'multicast-unsupported', re: /^interface (\S+) does not support multicast/, names: ['interface']},
];

/** Messages without an instance prefix (or whose subject is not an instance). */
const GLOBAL_EVENTS: EventRule[] = [
	{kind: 'daemon-start', re: /^Starting Keepalived v(\S+)/, names: ['version']},
	{kind: 'daemon-stop', re: /^(?:Stopping|Stopped Keepalived v(\S+)|Stopped$)/, names: ['version']},
	{kind: 'unknown-vrid', re: /^Unknown VRID\((\d+)\) received on interface\((\S+)\)/, names: ['vrid', 'interface']},
	{kind: 'vrid-conflict', re: /^(\S+) and (\S+) both use VRID (\d+) with IPv(\d) on interface (\S+)/, names: ['instance', 'other', 'vrid', 'ipVersion', 'interface']},
	{kind: 'bogus-packet', re: /^bogus VRRP packet received on (\S+) !!!/, names: ['interface']},
	{kind: 'vip-missing-in-advert', re: /^(?:ip address associated with VRID not present in received packet ?: ?(\S+)|one or more VIP associated with VRID mismatch actual MASTER advert)/, names: ['address']},
	{kind: 'ignoring-advert', re: /^VRRP_Instance\(([^)]+)\) ignoring received advertisment/, names: ['instance']},
	{kind: 'auth-pass-truncated', re: /^(?:\((?:[^)]*: )?Line (\d+)\) )?Truncating auth_pass to (\d+) characters/, names: ['line', 'length']},
	{kind: 'script-succeeded', re: /^VRRP_Script\(([^)]+)\) succeeded/, names: ['script']},
	{kind: 'script-failed', re: /^VRRP_Script\(([^)]+)\) failed(?: \((?:exited with status (\d+)|due to signal (\d+))\))?/, names: ['script', 'status', 'signal']},
	{kind: 'script-timeout', re: /^VRRP_Script\(([^)]+)\) timed_out/, names: ['script']},
	{kind: 'script-security', re: /^(?:SECURITY VIOLATION - (?:check )?scripts are being executed but script_security not enabled|Unsafe permissions found for script '([^']*)'|Disabling track script (\S+) (?:due to insecure|since not found)|WARNING - script '([^']*)' is not executable|Please add a #! shebang to script (\S+)|check_script_secure could not find script '([^']*)')/, names: ['script', 'track', 'notExecutable', 'shebang', 'notFound']},
	{kind: 'script-user-missing', re: /^(?:Script user '([^']*)' does not exist|WARNING - default user '([^']*)' for script execution does not exist|Unable to set default user)/, names: ['user', 'defaultUser']},
	{kind: 'netlink-error', re: /^Netlink: error: (.*)$/, names: ['error']},
	{kind: 'sync-group', re: /^VRRP_Group\(([^)]+)\):? Syncing (?:instances|(\S+)) to (MASTER|BACKUP|FAULT) state/, names: ['group', 'instance', 'state']},
	{kind: 'config-error', re: /^(?:\(([^)]*?):? ?Line (\d+)\) )?(Unknown keyword '[^']*'|There are \d+ missing '.'s or extra '.'s|Missing '.' at beginning of configuration block|\*\*\* Configuration line starting .* is missing a parameter.*|Unable to find configuration file .*|Unexpected '\{' - ignoring|.* is invalid|.* is deprecated.*)$/, names: ['file', 'line', 'problem']},
	{kind: 'config-interface-missing', re: /^Configuration specifies interface (\S+) which doesn't currently exist/, names: ['interface']},
	{kind: 'ipvs-error', re: /^(?:IPVS: Can't initialize ipvs: (.*)|IPVS cmd (\S+) error: (.*))$/, names: ['reason', 'cmd', 'error']},
	{kind: 'checker-failed', re: /^(TCP|HTTP|SSL|MISC|SMTP|DNS|UDP|PING|FILE|BFD)_CHECK on service (\S+) failed/, names: ['type', 'service']},
	{kind: 'checker-failed', re: /^(?:TCP connection to (\S+) timeout|(?:Timeout connecting|Connection failed|HTTP status code error to|MD5 digest error to) server (\S+))/, names: ['service', 'server']},
	{kind: 'checker-succeeded', re: /^(?:TCP connection to (\S+) success|Remote Web server (\S+) succeed on service)/, names: ['service', 'server']},
	{kind: 'real-server-removed', re: /^Removing service (\S+) from VS (\S+)/, names: ['realServer', 'virtualServer']},
	{kind: 'real-server-added', re: /^Adding service (\S+) to VS (\S+)/, names: ['realServer', 'virtualServer']},
	{kind: 'real-server-disabled', re: /^Disabling service (\S+) of VS (\S+)/, names: ['realServer', 'virtualServer']},
	{kind: 'quorum-lost', re: /^Lost quorum .* for VS (\S+)/, names: ['virtualServer']},
	{kind: 'quorum-gained', re: /^Gained quorum .* for VS (\S+)/, names: ['virtualServer']},
	{kind: 'sorry-server', re: /^Adding sorry server (\S+) to VS (\S+)/, names: ['sorryServer', 'virtualServer']},
	{kind: 'checker-died', re: /^Healthcheck child process\((\d+)\) died/, names: ['pid']},
];

const TRANSITIONS: Array<{re: RegExp; state: VrrpTransition['state']; reason?: (m: RegExpExecArray) => string | undefined}> = [
	{re: /^(?:Entering|Transition to) (MASTER|BACKUP|FAULT) STATE(?: \((\w+)\))?/, state: 'MASTER', reason: m => m[2]},
	{re: /^entering FAULT state(?: due to script (\S+)| \(interface (\S+) down\)| \(no IPv(\d) address for interface\)| \(src address not configured\))?/, state: 'FAULT', reason: m => (m[1] ? `script ${m[1]}` : m[2] ? `interface ${m[2]} down` : m[3] ? `no IPv${m[3]} address` : /src address/.test(m[0]) ? 'src address not configured' : undefined)},
];

/**
Instance-level kinds that explain the instance's next MASTER or BACKUP transition. None explains a FAULT:
keepalived says why an instance faults on the transition line itself or through a global line (a
tracked script's result, a sync group), see GLOBAL_CAUSES.
*/
const CAUSES = new Set(['advert-timeout', 'lower-priority-advert', 'higher-priority-advert', 'equal-priority-higher-ip', 'own-ip-advert', 'priority-change']);

type GlobalCause = {reason: string; states: Array<VrrpTransition['state']>};

/**
Global lines after which every instance concerned moves at once (keepalived handles them in the same
event, so the transitions follow within the second): a tracked script's result — instances tracking it
with weight 0 enter FAULT when it fails (`VRRP_Script(chk) failed (exited with status 1)` then `(VI_1)
Entering FAULT STATE`, recorded with 2.2.7) and leave FAULT when it succeeds — and a sync group pulling
its other members into its state (`VRRP_Group(G1) Syncing instances to FAULT state`, 1.x to ≥ 2.3). The
log does not say which instances track a script or belong to a group, so the cause goes to the
transitions into `states` in the burst that follows (see CONSEQUENCES).
*/
const GLOBAL_CAUSES: Record<string, (data: Record<string, string | number>) => GlobalCause | undefined> = {
	'script-failed': d => ({reason: `script ${d.script} failed${d.status !== undefined ? ` (exit status ${d.status})` : d.signal !== undefined ? ` (signal ${d.signal})` : ''}`, states: ['FAULT']}),
	'script-timeout': d => ({reason: `script ${d.script} timed out`, states: ['FAULT']}),
	'script-succeeded': d => ({reason: `script ${d.script} succeeded`, states: ['BACKUP', 'MASTER']}),
	// `VRRP_Group(G): Syncing VI_1 to FAULT state` (startup) names the member that set the group's state: no transition follows
	'sync-group': d => (d.instance === undefined && typeof d.state === 'string' ? {reason: `sync group ${d.group}`, states: [d.state as VrrpTransition['state']]} : undefined),
};

/** Events that keepalived logs as part of the burst a global cause starts: they do not end it. */
const CONSEQUENCES = new Set(['vips-set', 'vips-removed', 'garp', 'priority-zero-sent', 'priority-change', 'firewall-drop-rule', 'netlink-error', 'sync-group']);

const toData = (names: string[] | undefined, m: RegExpExecArray): Record<string, string | number> | undefined => {
	if (!names) return undefined;
	const data: Record<string, string | number> = {};
	names.forEach((name, i) => {
		const v = m[i + 1];
		if (v === undefined) return;
		data[name] = /^\d+$/.test(v) ? Number(v) : v;
	});
	return Object.keys(data).length > 0 ? data : undefined;
};

/** Whether a split line comes from keepalived (console files have no ident: all lines count). */
export function isKeepalivedLine(line: KeepalivedLine): boolean {
	return line.ident === undefined || /^keepalived/i.test(line.ident);
}

/** A transition with the raw lines of the causes its reason names (oldest first). */
type ScannedTransition = VrrpTransition & {causes: string[]};

/** One pass over keepalived log lines: transitions with their causes, and events. */
function scanLog(rawLines: Iterable<string>, options: {year?: number}): {lines: string[]; transitions: ScannedTransition[]; events: KeepalivedLogEvent[]} {
	const transitions: ScannedTransition[] = [];
	const events: KeepalivedLogEvent[] = [];
	const lines: string[] = [];
	const lastCause = new Map<string, {kind: string; index: number}>();
	const latest = new Map<string, ScannedTransition>();
	let burst: (GlobalCause & {indexes: number[]; at: number}) | undefined;
	for (const raw of rawLines) {
		if (raw.trim() === '') continue;
		const line = splitLogLine(raw.trimEnd(), options);
		if (!isKeepalivedLine(line)) continue;
		lines.push(line.raw);
		const message = line.message.trim();
		const {instance, text: rest} = splitInstance(message);
		const time = line.time;
		const at = time ? Date.parse(time) : Number.NaN;
		if (burst && Math.abs(at - burst.at) > 1000) burst = undefined;
		if (instance !== undefined) {
			let transitioned = false;
			for (const t of TRANSITIONS) {
				const m = t.re.exec(rest);
				if (!m) continue;
				const state = (t.state === 'MASTER' ? m[1] : t.state) as VrrpTransition['state'];
				const detail = t.reason?.(m);
				const cause = state === 'FAULT' ? undefined : lastCause.get(instance);
				const global = burst?.states.includes(state) && !detail ? burst : undefined;
				const reason = [detail, cause?.kind, global?.reason].filter(Boolean).join('; ') || undefined;
				const causes = [...(cause ? [cause.index] : []), ...(global?.indexes ?? [])].sort((a, b) => a - b).map(i => lines[i]);
				const transition = {...(time ? {time} : {}), instance, state, ...(reason ? {reason} : {}), raw: line.raw, causes};
				transitions.push(transition);
				latest.set(instance, transition);
				lastCause.delete(instance);
				transitioned = true;
				break;
			}
			if (transitioned) continue;
			// a MASTER entering FAULT also sends priority 0 (recorded with 2.2.7): only otherwise is it keepalived stopping
			const previous = latest.get(instance);
			const faulting = previous?.state === 'FAULT' && !(Math.abs(at - (previous.time ? Date.parse(previous.time) : Number.NaN)) > 1000);
			if (/^sent 0 priority/.test(rest) && !faulting) {
				const transition: ScannedTransition = {...(time ? {time} : {}), instance, state: 'STOP', reason: 'keepalived stopping (priority 0 sent)', raw: line.raw, causes: []};
				transitions.push(transition);
				latest.set(instance, transition);
				lastCause.delete(instance);
			}
			const rule = INSTANCE_EVENTS.find(r => r.re.test(rest));
			if (rule) {
				const m = rule.re.exec(rest)!;
				const data = toData(rule.names, m);
				const from = typeof data?.from === 'string' && /[.:]/.test(data.from) ? data.from : undefined;
				events.push({...(time ? {time} : {}), kind: rule.kind, instance, ...(from ? {from} : {}), raw: line.raw, ...(data ? {data} : {})});
				if (CAUSES.has(rule.kind)) lastCause.set(instance, {kind: rule.kind, index: lines.length - 1});
				if (!CONSEQUENCES.has(rule.kind)) burst = undefined;
				continue;
			}
		}
		const rule = GLOBAL_EVENTS.find(r => r.re.test(message));
		if (!rule) continue;
		const m = rule.re.exec(message)!;
		const data = toData(rule.names, m);
		const inst = rule.kind === 'ignoring-advert' || rule.kind === 'vrid-conflict' ? (data?.instance as string | undefined) : instance;
		events.push({...(time ? {time} : {}), kind: rule.kind, ...(inst ? {instance: inst} : {}), raw: line.raw, ...(data ? {data} : {})});
		if (rule.kind === 'daemon-start') lastCause.clear();
		const global = GLOBAL_CAUSES[rule.kind]?.(data ?? {});
		if (global && rule.kind === 'sync-group' && burst?.states.includes(global.states[0])) {
			// the group follows the member a script (or another group) moved: keep that first cause
			burst = {reason: `${global.reason} (${burst.reason})`, states: global.states, indexes: [...burst.indexes, lines.length - 1], at: burst.at};
		} else if (global) {
			burst = {...global, indexes: [lines.length - 1], at};
		} else if (!CONSEQUENCES.has(rule.kind)) {
			burst = undefined;
		}
	}
	return {lines, transitions, events};
}

/** Parses keepalived log text into transitions and events (other daemons' syslog lines are skipped). */
export function parseKeepalivedLog(text: string, options: {year?: number; maxLines?: number} = {}): {lines: string[]; transitions: VrrpTransition[]; events: KeepalivedLogEvent[]} {
	const {lines, transitions, events} = scanLog(text.split('\n'), options);
	const max = options.maxLines ?? 2000;
	return {lines: lines.length > max ? lines.slice(-max) : lines, transitions: transitions.map(({causes, ...t}) => t), events};
}

/**
The lines that explain an instance's present state: its last transition and the causes keepalived
logged for it — the instance's own (`Receive advertisement timeout` before `Entering MASTER STATE`) and
the global line that moved it (`VRRP_Script(chk) failed …` before `Entering FAULT STATE`, a sync group).
Evidence quoting these cannot mix in an earlier incident of the same log. `reason` is the transition's
reason as this parser reads it (a bundle recorded by an older lbwiz may carry a less precise one).
Undefined when the log has no transition for the instance.
*/
export function lastTransitionLines(log: {lines: string[]; transitions: VrrpTransition[]}, instance: string): {transition: VrrpTransition; lines: string[]; reason?: string} | undefined {
	const transition = log.transitions.filter(t => t.instance === instance).at(-1);
	if (!transition) return undefined;
	const scanned = scanLog(log.lines, {}).transitions.filter(t => t.instance === instance && t.raw === transition.raw).at(-1);
	const reason = scanned ? scanned.reason : transition.reason;
	return {transition, lines: [...(scanned?.causes ?? []), transition.raw], ...(reason ? {reason} : {})};
}
