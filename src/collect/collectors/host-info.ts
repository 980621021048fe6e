import {defineCollector} from '../define-collector.js';
import {parseOsRelease} from '../../parse/host-info.js';

/** Who and what the host is: hostname, kernel, OS, whether we are root, which tools exist and where (from the engine's probe). */
export default defineCollector({
	fact: 'host.info',
	title: 'Hostname, kernel, OS release, root, tools present',
	async collect({readFile, probe, tools, isRoot}) {
		const os = await readFile('/etc/os-release', {maxBytes: 64 * 1024});
		const release = os.content ? parseOsRelease(os.content) : {};
		return {
			value: {
				hostname: probe.hostname ?? '',
				...(probe.kernel ? {kernel: probe.kernel} : {}),
				...(release.PRETTY_NAME ? {os: release.PRETTY_NAME} : release.NAME ? {os: release.NAME} : {}),
				isRoot,
				tools,
				...(probe.paths && Object.keys(probe.paths).length > 0 ? {paths: probe.paths} : {}),
			},
			evidence: [probe.evidence, os.id].filter(Boolean),
		};
	},
});
