import {defineCollector} from '../define-collector.js';
import {parseSsListening} from '../../parse/ss.js';
import {failureLine} from '../../transport/failure.js';

/** What listens on which address and port (`ss -Hltnup`): "nothing listens on :80" vs a firewall or route problem. */
export default defineCollector({
	fact: 'net.listening',
	title: 'Listening sockets',
	requires: {commands: ['ss']},
	async collect({run, host}) {
		const r = await run(['ss', '-Hltnup'], {timeoutMs: 5000});
		if (r.exitCode !== 0) return {unavailable: `\`ss -Hltnup\` failed on ${host.name}: ${failureLine(r)}`, evidence: [r.id]};
		return {value: parseSsListening(r.stdout), evidence: [r.id]};
	},
});
