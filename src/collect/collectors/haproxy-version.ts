import {defineCollector} from '../define-collector.js';
import {parseHaproxyVersion} from '../../parse/host-info.js';
import {failureLine} from '../../transport/failure.js';

/** The installed HAProxy's version. */
export default defineCollector({
	fact: 'haproxy.version',
	title: 'HAProxy version',
	requires: {commands: ['haproxy']},
	appliesTo: host => host.entry === undefined || host.entry.roles.includes('haproxy'),
	async collect({run, host}) {
		const r = await run(['haproxy', '-v'], {timeoutMs: 5000});
		const raw = `${r.stdout}${r.stderr}`;
		const version = parseHaproxyVersion(raw);
		if (!version) return {unavailable: `\`haproxy -v\` printed no version on ${host.name}: ${failureLine(r)}`, evidence: [r.id]};
		return {value: {version, raw: raw.split('\n')[0].trim()}, evidence: [r.id]};
	},
});
