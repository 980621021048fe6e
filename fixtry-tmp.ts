import {labUp, labDown, labBreak} from './src/lab/lab.js';
import {main} from './src/cli.js';
const prefix = 'lbtdoc';
const fault = process.argv[2] ?? 'vrrp-blocked';
try {
	const up = await labUp({prefix});
	await labBreak({prefix, fault});
	const io = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd()};
	const code = await main(['doctor', '--topology', up.topologyPath, '--fix', '--yes', '--plain'], io as never);
	console.log('exit', code);
} finally {
	await labDown({prefix});
}
