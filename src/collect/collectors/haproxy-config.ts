import {posix} from 'node:path';
import {defineCollector} from '../define-collector.js';
import type {ConfigFiles} from '../types.js';
import {optionValues} from '../../parse/proc.js';
import {expandGlob} from './keepalived-config.js';
import {mainProcess, processes, readFailure} from './shared.js';

const DEFAULT = '/etc/haproxy/haproxy.cfg';

/** haproxy.cfg as the running daemon uses it (every -f, directories expanded to *.cfg), secrets redacted. */
export default defineCollector({
	fact: 'haproxy.config',
	title: 'haproxy.cfg',
	appliesTo: host => host.entry === undefined || host.entry.roles.includes('haproxy'),
	async collect(context) {
		const host = context.host.name;
		const list = await context.fact('process.list');
		const main = mainProcess(await processes(context), 'haproxy');
		const fromArgs = main ? optionValues(main.args, 'f').map(p => posix.resolve('/', p)) : [];
		const paths = fromArgs.length > 0 ? fromArgs : [DEFAULT];
		const evidence = [...list.evidence];
		const files: ConfigFiles['files'] = [];
		const problems: string[] = [];
		for (const path of paths) {
			const isDir = await context.run(['test', '-d', path], {timeoutMs: 3000});
			evidence.push(isDir.id);
			const targets = isDir.exitCode === 0 ? (await expandGlob(context, `${path.replace(/\/+$/, '')}/*.cfg`)) : {paths: [path], id: ''};
			if (targets.id) evidence.push(targets.id);
			for (const file of targets.paths.sort()) {
				const read = await context.readFile(file, {maxBytes: 2 * 1024 * 1024});
				evidence.push(read.id);
				if (read.content === undefined) problems.push(readFailure(read, file, host));
				else files.push({path: file, content: read.content});
			}
		}
		if (files.length === 0) {
			const why = main ? `the running haproxy (pid ${main.pid}) uses ${paths.join(', ')}` : 'haproxy is not running there, so the default path was tried';
			return {unavailable: `${problems[0] ?? `no configuration file in ${paths.join(', ')} on ${host}`} (${why})`, evidence};
		}
		return {value: {mainPath: files[0].path, files, source: fromArgs.length > 0 ? 'process-args' : 'default'}, evidence};
	},
});
