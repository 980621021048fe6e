/**
What the operator does after the wizard: put the files in place, test failover the way the guides do,
and run the doctor. Text only, per architecture; lines indented by 5 spaces are commands. Pure.
*/
import {splitCidr} from '../../model/ipv4.js';
import {parseTransportSpec} from '../../transport/spec.js';
import {architectureOf} from './architectures.js';
import type {WizardAnswers} from './answers.js';
import type {Review} from './review.js';

/** `root@lb2` (and ` -P port`) for an ssh transport; undefined for local; the address otherwise. */
function scpTarget(transport: string, address: string): {target?: string; port?: number} {
	try {
		const spec = parseTransportSpec(transport);
		if (spec.kind === 'ssh') return {target: `${spec.user ? `${spec.user}@` : ''}${spec.host}`, port: spec.port};
		if (spec.kind === 'local') return {};
	} catch {}
	return {target: `root@${address}`};
}

/** The lines of the last screen. */
export function nextSteps(answers: WizardAnswers, review: Review, options: {outDir: string; saved: string; fileCount: number; applied?: {hosts: string[]; verification?: string}}): string[] {
	const arch = architectureOf(answers.architecture);
	const lines: string[] = [];
	if (options.applied) {
		lines.push(`Applied to ${options.applied.hosts.join(', ') || 'no host (nothing to change)'}; saved ${options.saved}.`);
		if (options.applied.verification) lines.push(`Cluster ${options.applied.verification}`);
		lines.push('', '1. Undo this run on every host if needed:', '     lbwiz rollback');
	} else {
		lines.push(`Wrote ${options.fileCount} files under ${options.outDir}/ (a folder per host, paths as on the host) and saved ${options.saved}.`, '');
		const withFiles = review.hosts.filter(h => h.files.length > 0);
		const hosts = [...answers.directors, ...answers.realServers, ...answers.haproxyNodes];
		lines.push('1. As root, copy each host\'s files, then run the commands the review listed:');
		for (const host of withFiles.slice(0, 3)) {
			const {target, port} = scpTarget(host.transport, hosts.find(h => h.name === host.host)?.address ?? host.host);
			lines.push(target ? `     scp -rp${port ? ` -P ${port}` : ''} ${options.outDir}/${host.host}/etc ${target}:/` : `     cp -r --preserve=mode ${options.outDir}/${host.host}/etc /`);
		}
		if (withFiles.length > 3) lines.push(`   (the same for ${withFiles.slice(3).map(h => h.host).join(', ')})`);
	}
	const vip = splitCidr(answers.vrrp.vips[0] ?? '').address;
	const master = answers.directors.find(d => d.state === 'MASTER') ?? answers.directors[0];
	const backup = answers.directors.find(d => d !== master);
	const port = arch.lvs ? answers.lvs.ports[0] : answers.haproxy.port;
	if (arch.vrrp && backup) {
		const haproxyFirst = arch.haproxy === 'directors' && answers.vrrp.trackHaproxy;
		lines.push(`2. Test failover: curl -s http://${vip}:${port}/ from a client, then on ${master.name} stop ${haproxyFirst ? 'haproxy (or keepalived)' : 'keepalived'}: ${vip} moves to ${backup.name}, curl keeps answering${answers.vrrp.preempt ? `; start it again and ${vip} comes back` : ''}.`);
		lines.push(`     systemctl stop ${haproxyFirst ? 'haproxy' : 'keepalived'}`);
		lines.push(`     ip -br addr show ${backup.interface}`);
	} else {
		const node = answers.directors[0];
		lines.push(`2. Test it from a client${answers.haproxy.stats.enabled ? `; the stats page is at http://${node.address}:${answers.haproxy.stats.port}${answers.haproxy.stats.uri}` : ''}:`);
		lines.push(`     curl -s http://${node.address}:${answers.haproxy.port}/`);
	}
	lines.push('3. Diagnose the cluster any time (root cause first, with the fix):');
	lines.push(`     lbwiz doctor --topology ${options.saved}`);
	return lines;
}
