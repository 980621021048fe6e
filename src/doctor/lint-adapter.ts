/**
Runs the linters (src/lint) on the config files collected from a host, so config.syntax and
config.deprecated reuse their rules instead of re-implementing them, and sorts lint codes into the
doctor checks that own them.
*/
import type {ConfigFiles} from '../collect/types.js';
import type {Diagnostic} from '../lint/diagnostic.js';
import {lintHaproxy} from '../lint/haproxy.js';

/** Lint codes reported by a dedicated doctor check instead of config.syntax / config.deprecated. */
export const CODES_OWNED_ELSEWHERE: Record<string, string> = {
	'haproxy/default-stats-credentials': 'haproxy.stats-default-credentials',
	'haproxy/vip-bind': 'haproxy.nonlocal-bind',
	'keepalived/auth-pass-too-long': 'vrrp.auth-pass-truncated',
	'keepalived/auth-pass-truncated': 'vrrp.auth-pass-truncated',
	'keepalived/priority-order': 'vrrp.priority-order',
	'keepalived/master-priority': 'vrrp.priority-order',
	'keepalived/track-weight-ineffective': 'vrrp.track-weight-ineffective',
	'keepalived/weight-cannot-move-vip': 'vrrp.track-weight-ineffective',
	'keepalived/nopreempt-master': 'vrrp.nopreempt-ineffective',
	'keepalived/strict-auth': 'vrrp.strict-no-accept',
	'keepalived/port-mismatch': 'lvs.port-mismatch',
};

/** True for lint codes about deprecated (still accepted) keywords. */
export const isDeprecationCode = (code: string): boolean => /\/deprecated/.test(code);

/** The keepalived linter (src/lint/keepalived.ts), plugged in by its module when present. */
let keepalivedLinter: ((files: Array<{path: string; text: string}>) => Diagnostic[]) | undefined;

/** Registers the keepalived linter (called with lintKeepalived). */
export function useKeepalivedLinter(linter: (files: Array<{path: string; text: string}>) => Diagnostic[]): void {
	keepalivedLinter = linter;
}

/** Diagnostics of both linters over a host's collected files. Never throws. */
export function lintCollected(keepalived: ConfigFiles | undefined, haproxy: ConfigFiles | undefined): Array<Diagnostic & {tool: 'keepalived' | 'haproxy'}> {
	const out: Array<Diagnostic & {tool: 'keepalived' | 'haproxy'}> = [];
	try {
		if (keepalived && keepalivedLinter) out.push(...keepalivedLinter(keepalived.files.map(f => ({path: f.path, text: f.content}))).map(d => ({...d, tool: 'keepalived' as const})));
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
