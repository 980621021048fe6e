import {labUp, labDown, labBreak, labHeal} from './src/lab/lab.js';
import {FAULTS} from './src/lab/faults.js';
import {topologyHosts} from './src/model/hosts.js';
import {collectBundle} from './src/collect/collect-hosts.js';
import {mkdirSync, writeFileSync} from 'node:fs';
const prefix = 'lbtdoc';
mkdirSync('/tmp/bundles', {recursive: true});
const only = process.argv.slice(2);
try {
	const up = await labUp({prefix});
	const hosts = topologyHosts(up.topology).map(h => ({name: h.name, spec: h.transport}));
	const runs: Array<[string, string, string[] | undefined]> = FAULTS.map(f => [f.name, f.name, undefined]);
	runs.push(['keepalived-stopped-both', 'keepalived-stopped', ['lb1', 'lb2']]);
	for (const [name, fault, faultHosts] of runs) {
		if (only.length && !only.includes(name)) continue;
		try {
			await labBreak({prefix, fault, ...(faultHosts ? {hosts: faultHosts} : {})});
			const bundle = await collectBundle({hosts, captureSeconds: 4, redact: true, topology: up.topology});
			bundle.scenario = name;
			writeFileSync(`/tmp/bundles/${name}.json`, JSON.stringify(bundle));
			console.error('recorded', name);
		} catch (e) { console.error('FAILED', name, (e as Error).message); }
		await labHeal({prefix});
	}
} finally {
	await labDown({prefix});
}
