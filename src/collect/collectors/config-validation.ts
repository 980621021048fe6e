import {defineCollector} from '../define-collector.js';
import {keepalivedConfigMissing} from '../../parse/host-info.js';
import type {FactValues} from '../types.js';

/**
The daemons' own verdict on the live configs, run on the host itself (in its namespace, so the
paths resolve as the daemon sees them): `keepalived -t -f PATH` and `haproxy -c -f PATH…`.
keepalived -t exits 0 when the file is missing (FIELD-NOTES §4): the output says so.
*/
export default defineCollector({
	fact: 'config.validation',
	title: 'keepalived -t / haproxy -c on the live configs',
	requires: {anyOf: ['keepalived', 'haproxy']},
	appliesTo: host => host.entry === undefined || host.entry.kind === 'director',
	async collect(context) {
		const {run, tools, host} = context;
		const results: FactValues['config.validation'] = [];
		const evidence: string[] = [];
		const reasons: string[] = [];
		if (tools.keepalived) {
			const config = await context.fact('keepalived.config');
			evidence.push(...config.evidence);
			if (config.status === 'ok') {
				const r = await run(['keepalived', '-t', '-f', config.value.mainPath], {timeoutMs: 20_000});
				evidence.push(r.id);
				const output = `${r.stdout}${r.stderr}`.trim();
				results.push({tool: 'keepalived', path: config.value.mainPath, ...(r.exitCode !== undefined ? {exitCode: r.exitCode} : {}), output: keepalivedConfigMissing(output) ? `${output}\n(keepalived -t exits 0 for a missing file)` : output});
			} else reasons.push(`keepalived: ${config.reason}`);
		}
		if (tools.haproxy) {
			const config = await context.fact('haproxy.config');
			evidence.push(...config.evidence);
			if (config.status === 'ok') {
				const args = config.value.files.flatMap(f => ['-f', f.path]);
				const r = await run(['haproxy', '-c', ...args], {timeoutMs: 20_000});
				evidence.push(r.id);
				results.push({tool: 'haproxy', path: config.value.mainPath, ...(r.exitCode !== undefined ? {exitCode: r.exitCode} : {}), output: `${r.stdout}${r.stderr}`.trim()});
			} else reasons.push(`haproxy: ${config.reason}`);
		}
		if (results.length === 0) return {unavailable: `no live config to validate on ${host.name}: ${reasons.join('; ')}`, evidence};
		return {value: results, evidence};
	},
});
