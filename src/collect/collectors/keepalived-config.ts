import {posix} from 'node:path';
import {defineCollector, type CollectorContext} from '../define-collector.js';
import type {ConfigFiles} from '../types.js';
import {keepalivedIncludes} from '../config-scan.js';
import {optionValue} from '../../parse/proc.js';
import {mainProcess, processes, readFailure} from './shared.js';

const DEFAULT = '/etc/keepalived/keepalived.conf';
const MAX_FILES = 64;

/** Expands a glob on the host (positional parameter, pathname expansion only, no field splitting). */
export async function expandGlob(context: CollectorContext, pattern: string): Promise<{paths: string[]; id: string}> {
	const r = await context.run(['sh', '-c', 'IFS=; for f in $1; do [ -e "$f" ] && printf "%s\\n" "$f"; done; exit 0', 'lbwiz-glob', pattern], {timeoutMs: 5000});
	return {paths: r.stdout.split('\n').filter(Boolean), id: r.id};
}

/** keepalived.conf as the running daemon uses it (its -f/--use-file, else the default), with includes; secrets redacted. */
export default defineCollector({
	fact: 'keepalived.config',
	title: 'keepalived.conf and its includes',
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		const host = context.host.name;
		const list = await context.fact('process.list');
		const main = mainProcess(await processes(context), 'keepalived');
		const fromArgs = main ? optionValue(main.args, 'f', 'use-file') : undefined;
		const mainPath = fromArgs ? posix.resolve('/', fromArgs) : DEFAULT;
		const source = fromArgs ? 'process-args' : 'default';
		const evidence = [...list.evidence];
		const files: ConfigFiles['files'] = [];
		const first = await context.readFile(mainPath, {maxBytes: 2 * 1024 * 1024});
		evidence.push(first.id);
		if (first.content === undefined) {
			const why = main ? `the running keepalived (pid ${main.pid}) uses ${mainPath}` : 'keepalived is not running there, so the default path was tried';
			return {unavailable: `${readFailure(first, mainPath, host)} (${why})`, evidence};
		}
		files.push({path: mainPath, content: first.content});
		const queue: Array<{path: string; content: string; depth: number}> = [{path: mainPath, content: first.content, depth: 0}];
		const seen = new Set([mainPath]);
		while (queue.length > 0 && files.length < MAX_FILES) {
			const current = queue.shift()!;
			if (current.depth >= 8) continue;
			for (const pattern of keepalivedIncludes(current.content)) {
				const absolute = posix.resolve(posix.dirname(current.path), pattern);
				const glob = await expandGlob(context, absolute);
				evidence.push(glob.id);
				for (const path of glob.paths) {
					if (seen.has(path) || files.length >= MAX_FILES) continue;
					seen.add(path);
					const read = await context.readFile(path, {maxBytes: 2 * 1024 * 1024});
					evidence.push(read.id);
					if (read.content === undefined) continue;
					files.push({path, content: read.content});
					queue.push({path, content: read.content, depth: current.depth + 1});
				}
			}
		}
		return {value: {mainPath, files, source}, evidence};
	},
});
