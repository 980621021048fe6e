import {defineCollector} from '../define-collector.js';
import {parseIpRoute} from '../../parse/ip-json.js';
import {failureLine} from '../../transport/failure.js';

/** The main routing table (`ip -j route`): default route, the real servers' way back. */
export default defineCollector({
	fact: 'net.routes',
	title: 'Routes',
	requires: {commands: ['ip']},
	async collect({run, host}) {
		const r = await run(['ip', '-j', 'route', 'show'], {timeoutMs: 5000});
		if (r.exitCode !== 0) return {unavailable: `\`ip -j route\` failed on ${host.name}: ${failureLine(r)}`, evidence: [r.id]};
		return {value: parseIpRoute(r.stdout), evidence: [r.id]};
	},
});
