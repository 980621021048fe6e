/**
Runs the linters (src/lint) on the config files collected from a host, so config.syntax and
config.deprecated reuse their rules instead of re-implementing them, and sorts lint codes into the
doctor checks that own them.
*/
import type {ConfigFiles} from '../collect/types.js';
import type {Diagnostic} from '../lint/diagnostic.js';
import {lintHaproxy} from '../lint/haproxy.js';
import {lintKeepalived} from '../lint/keepalived.js';

/** Lint codes reported by a dedicated doctor check instead of config.syntax / config.deprecated. */
export const CODES_OWNED_ELSEWHERE: Record<string, string> = {
	'haproxy/default-stats-credentials': 'haproxy.stats-default-credentials',
	'haproxy/vip-bind': 'haproxy.nonlocal-bind',
	'keepalived/auth-pass-too-long': 'vrrp.auth-pass-truncated',
	'keepalived/master-priority': 'vrrp.priority-order',
	'keepalived/weight-cannot-move-vip': 'vrrp.track-weight-ineffective',
	'keepalived/nopreempt-master': 'vrrp.nopreempt-ineffective',
	'keepalived/strict-auth': 'vrrp.strict-no-accept',
	'keepalived/strict-master-priority': 'vrrp.strict-no-accept',
	'keepalived/strict-no-accept': 'vrrp.strict-no-accept',
	'keepalived/strict-preempt-delay': 'vrrp.strict-no-accept',
	'keepalived/strict-unicast': 'vrrp.unicast-peers',
	'keepalived/unicast-without-peers': 'vrrp.unicast-peers',
	'keepalived/auth-ignored': 'vrrp.auth-mismatch',
	'keepalived/script-security': 'script.security',
	'keepalived/script-user': 'script.security',
	'keepalived/port-mismatch': 'lvs.port-mismatch',
	'keepalived/peer-auth-mismatch': 'vrrp.auth-mismatch',
	'keepalived/peer-advert-mismatch': 'vrrp.advert-int-mismatch',
	'keepalived/peer-version-mismatch': 'vrrp.version-mismatch',
	'keepalived/peer-vip-mismatch': 'vrrp.vip-list-mismatch',
};

/** True for lint codes about deprecated (still accepted) keywords. */
export const isDeprecationCode = (code: string): boolean => /\/deprecated/.test(code);

/** Diagnostics of both linters over a host's collected files. Never throws. */
export function lintCollected(keepalived: ConfigFiles | undefined, haproxy: ConfigFiles | undefined): Array<Diagnostic & {tool: 'keepalived' | 'haproxy'}> {
	const out: Array<Diagnostic & {tool: 'keepalived' | 'haproxy'}> = [];
	try {
		if (keepalived) out.push(...lintKeepalived(keepalived.files.map(f => ({path: f.path, text: f.content})), {single: true}).map(d => ({...d, tool: 'keepalived' as const})));
	} catch (error) {
		out.push({tool: 'keepalived', file: keepalived!.mainPath, line: 1, column: 1, severity: 'info', code: 'keepalived/internal', message: `linter failed: ${(error as Error).message}`});
	}
	try {
		if (haproxy) out.push(...lintHaproxy(haproxy.files.map(f => ({path: f.path, text: f.content})), {combined: true}).map(d => ({...d, tool: 'haproxy' as const})));
	} catch (error) {
		out.push({tool: 'haproxy', file: haproxy!.mainPath, line: 1, column: 1, severity: 'info', code: 'haproxy/internal', message: `linter failed: ${(error as Error).message}`});
	}
	return out;
}
