/**
Names and paths of one lab. Everything a lab creates on disk is derived from its prefix, so `down`
can find it again, and two labs with different prefixes never share a path.
*/
import {join} from 'node:path';

/** Default prefix of `lbwiz lab` namespaces (`lbwiz-lb1`, `lbwiz-sw`, …). */
export const DEFAULT_PREFIX = 'lbwiz-';

/** Where lab state lives: persistent, so `down` still works after a crash or a reboot. */
export const LAB_STATE_ROOT = '/var/lib/lbwiz/lab';
/** Per-host runtime files: pid files, keepalived's TMPDIR, HAProxy sockets, web roots. */
export const LAB_RUN_ROOT = '/run/lbwiz-lab';
/** Per-namespace daemon logs (stderr of keepalived -l, haproxy -db, httpd). */
export const LAB_LOG_ROOT = '/var/log/lbwiz-lab';
/** `ip netns exec NAME` bind-mounts `/etc/netns/NAME/*` over `/etc/*`. */
export const NETNS_ETC = '/etc/netns';

const PREFIX = /^[a-z][a-z0-9]{0,8}-?$/;

/** Error for a bad prefix; the message says what is allowed. */
export function prefixProblem(prefix: string): string | undefined {
	if (PREFIX.test(prefix)) return undefined;
	return `invalid lab prefix '${prefix}': a lowercase letter, then up to 8 lowercase letters or digits, optionally ending with '-' (e.g. 'lbwiz-', 'lab2-')`;
}

/** The network namespace of one lab host (`lbwiz-lb1`). */
export const namespaceOf = (prefix: string, host: string): string => `${prefix}${host}`;

/** The switch namespace holding the lab bridge (`lbwiz-sw`). */
export const switchNamespace = (prefix: string): string => `${prefix}sw`;

/** All paths of one lab. */
export function labPaths(prefix: string) {
	const stateDir = join(LAB_STATE_ROOT, prefix);
	return {
		stateDir,
		statePath: join(stateDir, 'state.json'),
		/** the effective lab topology (netns transports); `lbwiz collect --topology` reads it */
		topologyPath: join(stateDir, 'topology.yaml'),
		/** copies of every rendered file as first written, which `heal` restores */
		pristineDir: join(stateDir, 'pristine'),
		runDir: join(LAB_RUN_ROOT, prefix),
		hostRunDir: (host: string) => join(LAB_RUN_ROOT, prefix, host),
		logDir: (ns: string) => join(LAB_LOG_ROOT, ns),
		overlayDir: (ns: string) => join(NETNS_ETC, ns),
	};
}
