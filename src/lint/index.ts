/**
Lints a mixed set of keepalived.conf and haproxy.cfg files: decides each file's kind (by name,
then by content), runs the matching linter over each group (several keepalived files are several
nodes, so the cluster rules apply), and summarises. Never throws.
*/
import {lintHaproxy} from './haproxy.js';
import type {Diagnostic} from './diagnostic.js';
import {lintKeepalived, type LintKeepalivedOptions} from './keepalived.js';

export type ConfigKind = 'keepalived' | 'haproxy';
export type LintInput = {path: string; text: string};

const HAPROXY_SECTION = /^[ \t]*(global|defaults|frontend|backend|listen|userlist|peers|resolvers|program|cache|mailers|http-errors|ring)(?:[ \t]|$)/m;
const KEEPALIVED_BLOCK = /^[ \t]*(global_defs|vrrp_instance|vrrp_script|vrrp_sync_group|virtual_server|virtual_server_group|static_ipaddress|static_routes|bfd_instance|track_file)\b/m;

/**
The kind of a config file: `*.cfg` and names containing "haproxy" are HAProxy, names containing
"keepalived" or ending in `.conf` and content with keepalived blocks are keepalived; content
decides when the name does not (`global`/`frontend` sections vs `vrrp_instance`/`global_defs {`).
*/
export function detectKind(path: string, text: string): ConfigKind {
	const base = path.split('/').pop() ?? path;
	const named = /haproxy/i.test(base) || /\.cfg$/i.test(base) ? 'haproxy' : /keepalived/i.test(base) ? 'keepalived' : undefined;
	// the opening of a big file usually decides it; the whole text is read only when it does not
	if (text.length > DETECT_PREFIX) {
		const head = contentKinds(text.slice(0, text.lastIndexOf('\n', DETECT_PREFIX) + 1));
		if (head.haproxy && named === 'haproxy') return 'haproxy';
		if (head.keepalived && named !== 'haproxy') return 'keepalived';
	}
	const {keepalived, haproxy} = contentKinds(text);
	if (named === 'haproxy') return keepalived && !haproxy ? 'keepalived' : 'haproxy';
	if (named === 'keepalived') return haproxy && !keepalived ? 'haproxy' : 'keepalived';
	if (keepalived) return 'keepalived';
	if (haproxy) return 'haproxy';
	return 'keepalived';
}

const DETECT_PREFIX = 64 * 1024;

function contentKinds(text: string): {keepalived: boolean; haproxy: boolean} {
	const body = text.replace(/^[ \t]*[#!].*$/gm, '');
	return {keepalived: KEEPALIVED_BLOCK.test(body) || /\bglobal_defs\s*\{/.test(body), haproxy: HAPROXY_SECTION.test(body)};
}

export type LintFilesResult = {
	diagnostics: Diagnostic[];
	kinds: Record<string, ConfigKind>;
	summary: {files: number; errors: number; warnings: number; infos: number};
};

/** Lints every file with the linter of its kind (`kind` forces one for all). */
export function lintFiles(files: LintInput[], options: LintKeepalivedOptions & {kind?: ConfigKind} = {}): LintFilesResult {
	const kinds: Record<string, ConfigKind> = {};
	for (const file of files) kinds[file.path] = options.kind ?? detectKind(file.path, file.text);
	const keepalived = files.filter(f => kinds[f.path] === 'keepalived');
	const haproxy = files.filter(f => kinds[f.path] === 'haproxy');
	const diagnostics: Diagnostic[] = [];
	if (keepalived.length > 0) diagnostics.push(...lintKeepalived(keepalived, options));
	if (haproxy.length > 0) {
		try {
			diagnostics.push(...lintHaproxy(haproxy));
		} catch (error) {
			diagnostics.push({file: haproxy[0].path, line: 1, column: 1, severity: 'error', code: 'haproxy/internal', message: `internal linter error: ${(error as Error).message}`});
		}
	}
	const count = (severity: Diagnostic['severity']) => diagnostics.filter(d => d.severity === severity).length;
	return {diagnostics, kinds, summary: {files: files.length, errors: count('error'), warnings: count('warning'), infos: count('info')}};
}
