import {defineCollector} from '../define-collector.js';
import {parseIpAddr} from '../../parse/ip-json.js';
import {failureLine} from '../../transport/failure.js';

/** Interfaces, their state and addresses (`ip -j addr`): who holds the VIP, is it on lo. */
export default defineCollector({
	fact: 'net.addresses',
	title: 'Interfaces and addresses',
	requires: {commands: ['ip']},
	async collect({run, host}) {
		const r = await run(['ip', '-j', 'addr', 'show'], {timeoutMs: 5000});
		if (r.exitCode !== 0) return {unavailable: `\`ip -j addr\` failed on ${host.name}: ${failureLine(r)}`, evidence: [r.id]};
		return {value: parseIpAddr(r.stdout), evidence: [r.id]};
	},
});
