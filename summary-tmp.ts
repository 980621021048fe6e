import {readBundleFile} from './src/doctor/run-doctor.js';
import {evaluateBundle} from './src/doctor/evaluate.js';
import {readdirSync} from 'node:fs';
for (const f of readdirSync('/tmp/bundles').sort()) {
	const r = evaluateBundle(readBundleFile(`/tmp/bundles/${f}`));
	const roots = r.summary.rootCauses.map(id => r.findings.find(x => x.id === id)!).map(x => `${x.check}${x.host ? '@' + x.host : ''}[${x.severity[0]}]`);
	const others = r.findings.filter(x => !r.summary.rootCauses.includes(x.id)).map(x => `${x.check}${x.host ? '@' + x.host : ''}[${x.severity[0]}]${x.caused_by.length ? '<' + x.caused_by.join(',') : ''}`);
	console.log(`${f.padEnd(30)} exit ${r.summary.exitCode} ROOTS ${roots.join(' ')} | ${others.join(' ')}`);
}
