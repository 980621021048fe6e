/**
keepalived.conf for one director: global_defs, the tracked HAProxy check, the VRRP instance and
the LVS virtual servers. Pure: topology in, text out.
*/
import {effectiveState, lvsMemberName} from '../model/hosts.js';
import type {Director, HealthCheck, LvsService, Topology} from '../model/schema.js';
import {generatedHeader, type RenderContext} from './header.js';

/** Where the tracked HAProxy check script lives on a director. */
export const CHECK_SCRIPT_PATH = '/etc/keepalived/check_haproxy.sh';
/** The vrrp_script name lbwiz uses for track_haproxy. */
export const CHECK_SCRIPT_NAME = 'chk_haproxy';
/** keepalived's main configuration file. */
export const KEEPALIVED_CONF_PATH = '/etc/keepalived/keepalived.conf';

const INDENT = '    ';

/** A keepalived block: `name {`, indented body lines, `}`. */
function block(head: string, body: readonly string[], depth: number): string[] {
	const pad = INDENT.repeat(depth);
	return [`${pad}${head} {`, ...body.map(line => (line === '' ? '' : `${INDENT}${line}`)), `${pad}}`];
}

/** Quotes a keepalived string parameter when it holds spaces (paths with arguments). */
const quote = (value: string) => (/[\s"#!]/.test(value) ? `"${value.replaceAll('"', '\\"')}"` : value);

/** True when this director's keepalived.conf runs scripts (and so needs enable_script_security). */
export function usesScripts(topology: Topology): boolean {
	return Boolean(topology.vrrp?.track_haproxy) || (topology.lvs ?? []).some(service => service.health_check.type === 'MISC_CHECK');
}

/** The keepalived.conf text for one director. */
export function renderKeepalivedConf(topology: Topology, director: Director, ctx: RenderContext): string {
	const out: string[] = [generatedHeader(ctx), ''];
	out.push(...globalDefs(topology, director), '');
	const vrrp = topology.vrrp;
	if (vrrp?.track_haproxy) {
		const track = vrrp.track_haproxy;
		out.push(
			...block(
				`vrrp_script ${CHECK_SCRIPT_NAME}`,
				[`script "${CHECK_SCRIPT_PATH}"`, `interval ${track.interval}`, `weight ${track.weight}`, `fall ${track.fall}`, `rise ${track.rise}`],
				0,
			),
			'',
		);
	}
	if (vrrp) out.push(...vrrpInstance(topology, director), '');
	for (const service of topology.lvs ?? []) out.push(...virtualServer(topology, service), '');
	while (out[out.length - 1] === '') out.pop();
	return `${out.join('\n')}\n`;
}

function globalDefs(topology: Topology, director: Director): string[] {
	const body = [`router_id ${director.router_id ?? director.name}`];
	const vrrp = topology.vrrp;
	if (vrrp?.notification_email?.length) body.push(...block('notification_email', vrrp.notification_email, 0));
	if (vrrp?.notification_email_from) body.push(`notification_email_from ${vrrp.notification_email_from}`);
	if (vrrp?.smtp_server) body.push(`smtp_server ${vrrp.smtp_server}`);
	if (vrrp?.smtp_connect_timeout !== undefined) body.push(`smtp_connect_timeout ${vrrp.smtp_connect_timeout}`);
	if (usesScripts(topology)) body.push('enable_script_security', 'script_user root');
	return block('global_defs', body, 0);
}

function vrrpInstance(topology: Topology, director: Director): string[] {
	const vrrp = topology.vrrp!;
	const body = [
		`state ${effectiveState(topology, director)}`,
		`interface ${director.interface}`,
		`virtual_router_id ${vrrp.virtual_router_id}`,
		`priority ${director.priority}`,
		`advert_int ${vrrp.advert_int}`,
	];
	if (vrrp.version === 3) body.push('version 3');
	if (vrrp.nopreempt) body.push('nopreempt');
	if (vrrp.unicast) {
		const peers = topology.directors.filter(d => d !== director).map(d => d.address);
		body.push(`unicast_src_ip ${director.address}`, ...block('unicast_peer', peers, 0));
	}
	if (vrrp.auth_pass !== undefined && vrrp.version === 2) body.push(...block('authentication', ['auth_type PASS', `auth_pass ${vrrp.auth_pass}`], 0));
	body.push(...block('virtual_ipaddress', vrrp.vips.map(vip => `${vip} dev ${director.interface}`), 0));
	if (vrrp.track_haproxy) body.push(...block('track_script', [CHECK_SCRIPT_NAME], 0));
	return block(`vrrp_instance ${vrrp.instance}`, body, 0);
}

function virtualServer(topology: Topology, service: LvsService): string[] {
	const check = service.health_check;
	const body = [`delay_loop ${check.delay_loop}`, `lb_algo ${service.scheduler}`, `lb_kind ${service.forwarding}`];
	if (service.persistence_timeout > 0) body.push(`persistence_timeout ${service.persistence_timeout}`);
	body.push(`protocol ${service.protocol}`);
	if (service.sorry_server) body.push(`sorry_server ${service.sorry_server.address} ${service.sorry_server.port}`);
	for (const member of service.real_servers) {
		const name = lvsMemberName(member);
		const server = topology.real_servers.find(r => r.name === name);
		if (!server) continue;
		const override = typeof member === 'string' ? undefined : member;
		const port = service.forwarding === 'NAT' ? override?.port ?? server.port : service.port;
		const weight = override?.weight ?? server.weight;
		body.push('', ...block(`real_server ${server.address} ${port}`, [`weight ${weight}`, ...healthCheck(check)], 0));
	}
	return block(`virtual_server ${service.vip} ${service.port}`, body, 0);
}

function healthCheck(check: HealthCheck): string[] {
	const common = [`connect_timeout ${check.connect_timeout}`, `retry ${check.retry}`, `delay_before_retry ${check.delay_before_retry}`];
	const port = check.connect_port === undefined ? [] : [`connect_port ${check.connect_port}`];
	switch (check.type) {
		case 'TCP_CHECK':
			return block('TCP_CHECK', [...port, ...common], 0);
		case 'HTTP_GET':
		case 'SSL_GET':
			{
			// Without status_code keepalived accepts any 2xx.
			const url = [`path ${check.path ?? '/'}`, ...(check.status_code === undefined ? [] : [`status_code ${check.status_code}`])];
			return block(check.type, [...block('url', url, 0), ...port, ...common], 0);
		}
		case 'MISC_CHECK':
			return block('MISC_CHECK', [`misc_path ${quote(check.script ?? '/bin/false')}`, `misc_timeout ${Math.ceil(check.connect_timeout)}`, `retry ${check.retry}`, `delay_before_retry ${check.delay_before_retry}`], 0);
	}
}
