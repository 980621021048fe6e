import {defineCollector} from '../define-collector.js';
import {diffKeepalivedStats, parseKeepalivedStats} from '../../parse/keepalived-dump.js';
import {keepalivedDump} from './shared.js';

/**
keepalived's own VRRP counters over the capture window: a SIGUSR2 dump when the window opens and
one when it closes, and their difference — keepalived ≥ 2.3.3 logs each packet error only once, so
the counters, not the log, say whether auth failures or address-list errors are still happening.
*/
export default defineCollector({
	fact: 'keepalived.stats',
	title: 'keepalived.stats (SIGUSR2) over the capture window',
	requires: {commands: ['kill', 'stat'], root: true},
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		await context.window.opened;
		const from = context.now().toISOString();
		const start = await keepalivedDump(context, 'stats');
		if (start.content === undefined) return {unavailable: start.reason ?? 'no keepalived.stats', evidence: start.evidence};
		await context.window.closed;
		const to = context.now().toISOString();
		const end = await keepalivedDump(context, 'stats');
		const evidence = [...start.evidence, ...end.evidence.filter(id => !start.evidence.includes(id))];
		if (end.content === undefined) return {unavailable: end.reason ?? 'no second keepalived.stats dump', evidence};
		const diff = diffKeepalivedStats(parseKeepalivedStats(start.content), parseKeepalivedStats(end.content));
		return {value: {...diff, window: {from, to}}, evidence};
	},
});
