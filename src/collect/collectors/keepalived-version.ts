import {defineCollector} from '../define-collector.js';
import {parseKeepalivedVersion} from '../../parse/host-info.js';
import {failureLine} from '../../transport/failure.js';

/** The installed keepalived's version (log strings and behaviour differ by version; works without the daemon). */
export default defineCollector({
	fact: 'keepalived.version',
	title: 'keepalived version',
	requires: {commands: ['keepalived']},
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect({run, host}) {
		const r = await run(['keepalived', '--version'], {timeoutMs: 5000});
		const raw = `${r.stdout}${r.stderr}`;
		const version = parseKeepalivedVersion(raw);
		if (!version) return {unavailable: `\`keepalived --version\` printed no version on ${host.name}: ${failureLine(r)}`, evidence: [r.id]};
		return {value: {version, raw: raw.split('\n')[0].trim()}, evidence: [r.id]};
	},
});
