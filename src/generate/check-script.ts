import {frontendPorts} from '../model/hosts.js';
import type {Topology} from '../model/schema.js';
import {generatedHeader, type RenderContext} from './header.js';

/** The ports the tracked check tests: track_haproxy.port, else every frontend's port. */
export function checkedPorts(topology: Topology): number[] {
	const explicit = topology.vrrp?.track_haproxy?.port;
	if (explicit !== undefined) return [explicit];
	return frontendPorts(topology.haproxy?.frontends ?? []);
}

/**
The vrrp_script keepalived runs for track_haproxy: exit 0 when an `haproxy` process listens on
every checked TCP port in this host's network namespace. It asks `ss`, not `pidof`/`killall -0`:
those see every HAProxy on a machine whose PID namespace is shared (network-namespace labs,
FIELD-NOTES §4), so a dead HAProxy would look alive.
*/
export function renderCheckScript(topology: Topology, ctx: RenderContext): string {
	const ports = checkedPorts(topology);
	return [
		'#!/bin/sh',
		generatedHeader(ctx),
		'# keepalived vrrp_script chk_haproxy: exit 0 when HAProxy listens on every checked port in this',
		'# network namespace. Uses ss (namespace-local), not pidof/killall -0 (they see other hosts\' HAProxy',
		'# when the PID namespace is shared).',
		'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
		'export PATH',
		`for port in ${ports.join(' ')}; do`,
		'\tss -ltnp "sport = :$port" 2>/dev/null | grep -q \'"haproxy"\' || exit 1',
		'done',
		'exit 0',
		'',
	].join('\n');
}
