import {defineCollector} from '../define-collector.js';
import {parseKeepalivedData} from '../../parse/keepalived-dump.js';
import {keepalivedDump} from './shared.js';

/** Each VRRP instance's live state, effective priority and master router (SIGUSR1 → keepalived.data; password redacted). */
export default defineCollector({
	fact: 'keepalived.data',
	title: 'keepalived.data (SIGUSR1 dump)',
	requires: {commands: ['kill', 'stat'], root: true},
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		const dump = await keepalivedDump(context, 'data');
		if (dump.content === undefined) return {unavailable: dump.reason ?? 'no keepalived.data', evidence: dump.evidence};
		const parsed = parseKeepalivedData(dump.content);
		if (parsed.instances.length === 0) return {unavailable: `${dump.path} on ${context.host.name} lists no VRRP instance`, evidence: dump.evidence};
		return {value: parsed, evidence: dump.evidence};
	},
});
