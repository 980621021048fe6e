import {defineCollector} from '../define-collector.js';
import {parseProcRecords, PROC_SCRIPT} from '../../parse/proc.js';
import {failureLine} from '../../transport/failure.js';
import type {ProcessInfo} from '../types.js';

/**
keepalived and haproxy processes of THIS host, with their arguments. Hosts in network namespaces
share one PID namespace, so a process belongs to this host only when its network namespace is the
one our commands run in; zombies keep their state letter so "running" can ignore them.
*/
export default defineCollector({
	fact: 'process.list',
	title: 'keepalived and haproxy processes',
	async collect({run, host}) {
		const r = await run(['sh', '-c', PROC_SCRIPT, 'lbwiz-proc', 'keepalived', 'haproxy'], {timeoutMs: 10_000});
		if (r.exitCode !== 0 && r.stdout === '') return {unavailable: `cannot list processes on ${host.name}: ${failureLine(r)}`, evidence: [r.id]};
		const {selfNetns, processes} = parseProcRecords(r.stdout);
		if (!selfNetns) return {unavailable: `cannot read /proc/self/ns/net on ${host.name} (not root?): ${failureLine(r)}`, evidence: [r.id]};
		const own = processes
			.filter(p => p.sameNetns)
			.map(({env, sameNetns: _same, ...p}): ProcessInfo => {
				const tmpdir = env.KA_TMP_DIR ?? env.TMPDIR;
				return {...p, ...(tmpdir ? {tmpdir} : {})};
			});
		return {value: own, evidence: [r.id]};
	},
});
