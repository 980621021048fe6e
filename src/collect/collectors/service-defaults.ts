import {defineCollector} from '../define-collector.js';
import {parseDefaultsFile} from '../../parse/service-defaults.js';
import type {ServiceDefaults} from '../types.js';

/** Where init systems read each daemon's start options (Debian, then Red Hat). */
export const DEFAULTS_FILES: ReadonlyArray<{name: ServiceDefaults['name']; path: string}> = [
	{name: 'keepalived', path: '/etc/default/keepalived'},
	{name: 'keepalived', path: '/etc/sysconfig/keepalived'},
	{name: 'haproxy', path: '/etc/default/haproxy'},
	{name: 'haproxy', path: '/etc/sysconfig/haproxy'},
];

/**
The daemons' start recipes: /etc/default/{keepalived,haproxy} and /etc/sysconfig/{keepalived,haproxy}
(absent files are left out), and whether `start-stop-daemon` can send a daemon's output to a file.
On a host without an init system this is how `doctor --fix` starts a stopped daemon the way the host
runs it (pid files, TMPDIR, log file) instead of with the distribution's defaults.
*/
export default defineCollector({
	fact: 'service.defaults',
	title: 'Daemon start options (/etc/default, /etc/sysconfig)',
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect({readFile, run}) {
		const evidence: string[] = [];
		const files: ServiceDefaults[] = [];
		for (const {name, path} of DEFAULTS_FILES) {
			const read = await readFile(path, {maxBytes: 64 * 1024, timeoutMs: 5000});
			evidence.push(read.id);
			if (read.content === undefined) continue;
			const parsed = parseDefaultsFile(read.content);
			files.push({name, path, vars: parsed.vars, ...(parsed.unparsed.length > 0 ? {unparsed: parsed.unparsed} : {})});
		}
		const ssd = await run(['start-stop-daemon', '--help'], {timeoutMs: 5000});
		evidence.push(ssd.id);
		const startStopDaemon = !ssd.spawnError && /--output/.test(`${ssd.stdout}${ssd.stderr}`);
		return {value: {files, startStopDaemon}, evidence};
	},
});
