import {posix} from 'node:path';
import {defineCollector} from '../define-collector.js';
import {scanKeepalived} from '../config-scan.js';
import type {FileStat, KeepalivedScript} from '../types.js';

/** `stat -c '%n|%a|%u|%g|%F'` per path, in order; `-` for a path that does not exist. */
export const STAT_SCRIPT = 'for p; do stat -c "%n|%a|%u|%g|%F" -- "$p" 2>/dev/null || printf "%s|-\\n" "$p"; done; exit 0';
/** Each program name looked up in PATH as exec does (not `command -v`: it answers `true` for a shell builtin). */
export const WHICH_SCRIPT = 'for c; do p=; IFS=:; for d in $PATH; do if [ -z "$p" ] && [ -f "$d/$c" ] && [ -x "$d/$c" ]; then p="$d/$c"; fi; done; unset IFS; printf "%s|%s\\n" "$c" "$p"; done; exit 0';

/** Parses STAT_SCRIPT's output. */
export function parseStatLines(text: string): FileStat[] {
	return text
		.split('\n')
		.filter(Boolean)
		.map(line => {
			const [path, mode, uid, gid, type] = line.split('|');
			if (mode === '-' || mode === undefined) return {path, exists: false};
			return {path, exists: true, mode, uid: Number(uid), gid: Number(gid), ...(type ? {type} : {})};
		});
}

/** The first word of a script line, without quotes. */
const program = (command: string) => command.trim().replace(/^["']|["']$/g, '').split(/\s+/)[0] ?? '';

/** Every directory from a file's parent up to /. */
export function parentDirs(path: string): string[] {
	const dirs: string[] = [];
	let dir = posix.dirname(path);
	while (true) {
		dirs.push(dir);
		if (dir === '/') break;
		dir = posix.dirname(dir);
	}
	return dirs;
}

/**
The scripts keepalived runs (vrrp_script, notify*, MISC_CHECK) with the owner and mode of the file
and of every directory above it — what `enable_script_security` judges ("Unsafe permissions found
for script") — and whether it is executable.
*/
export default defineCollector({
	fact: 'keepalived.scripts',
	title: 'Scripts keepalived runs, with owners and modes',
	requires: {commands: ['stat']},
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		const config = await context.fact('keepalived.config');
		if (config.status !== 'ok') return {unavailable: `no keepalived config on ${context.host.name}: ${config.reason}`, evidence: config.evidence};
		const evidence = [...config.evidence];
		const scripts = scanKeepalived(config.value.files.map(f => f.content)).scripts.slice(0, 32);
		if (scripts.length === 0) return {value: [], evidence};
		const bare = [...new Set(scripts.map(s => program(s.command)).filter(p => p !== '' && !p.startsWith('/')))];
		const resolved = new Map<string, string>();
		if (bare.length > 0) {
			const which = await context.run(['sh', '-c', WHICH_SCRIPT, 'lbwiz-which', ...bare], {timeoutMs: 5000});
			evidence.push(which.id);
			for (const line of which.stdout.split('\n')) {
				const [name, path] = line.split('|');
				if (name && path) resolved.set(name, path);
			}
		}
		const paths = scripts.map(s => {
			const p = program(s.command);
			return p.startsWith('/') ? p : (resolved.get(p) ?? p);
		});
		const wanted = [...new Set(paths.filter(p => p.startsWith('/')).flatMap(p => [p, ...parentDirs(p)]))];
		const stats = new Map<string, FileStat>();
		if (wanted.length > 0) {
			const r = await context.run(['sh', '-c', STAT_SCRIPT, 'lbwiz-stat', ...wanted], {timeoutMs: 5000});
			evidence.push(r.id);
			for (const s of parseStatLines(r.stdout)) stats.set(s.path, s);
			const x = await context.run(['sh', '-c', 'for p; do [ -x "$p" ] && printf "%s\\n" "$p"; done; exit 0', 'lbwiz-exec', ...new Set(paths.filter(p => p.startsWith('/')))], {timeoutMs: 5000});
			evidence.push(x.id);
			const executable = new Set(x.stdout.split('\n').filter(Boolean));
			return {
				value: scripts.map((s, i): KeepalivedScript => {
					const path = paths[i];
					return {
						usedBy: s.usedBy,
						command: s.command,
						path,
						file: stats.get(path) ?? {path, exists: false},
						...(path.startsWith('/') ? {executable: executable.has(path)} : {}),
						parents: path.startsWith('/') ? parentDirs(path).map(d => stats.get(d) ?? {path: d, exists: false}) : [],
					};
				}),
				evidence,
			};
		}
		return {value: scripts.map((s, i): KeepalivedScript => ({usedBy: s.usedBy, command: s.command, path: paths[i], file: {path: paths[i], exists: false}, parents: []})), evidence};
	},
});
