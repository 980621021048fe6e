import {readFile, stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {formatDiagnostic} from '../lint/diagnostic.js';
import {lintFiles, type ConfigKind, type LintInput} from '../lint/index.js';
import {listLocalDir, readLocalFile} from '../parse/keepalived/index.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const help = `lbwiz lint — check keepalived.conf / haproxy.cfg files offline

Usage:
  lbwiz lint FILE... [--json] [--kind keepalived|haproxy] [--config-id ID]

Reads each file (and the files its 'include' lines pull in) and prints one line per finding:
  FILE:LINE:COL: SEVERITY CODE MESSAGE (did you mean '…'?)
then a summary line. keepalived files are checked against keepalived 2.2.7's own keyword table:
typos and glued words ('virtual_server192.168.10.30'), keywords in the wrong block, deprecated
keywords (nb_get_retry → retry), unbalanced braces, values keepalived rejects (VRID, priority,
auth_pass over 8 characters, invalid IPs, 'PASS;'), vrrp_strict side effects, script security.
Give the keepalived.conf of every node of a cluster together to also check that the MASTER's
priority is above its peers', that tracked-script weights can move the VIP, and that peers agree
on authentication, advert_int and VIPs. The kind of each file is guessed from its name (*.cfg,
haproxy*) and content (global/frontend/backend vs vrrp_instance/global_defs); --kind forces it.

Options:
  --json              Print {diagnostics, summary, kinds} as JSON instead of lines.
  --kind KIND         Lint every file as 'keepalived' or 'haproxy'.
  --config-id ID      keepalived's -i: which '@ID' conditional lines apply (default: none).
  -h, --help          Show this help.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error (e.g. a missing file).

Examples:
  lbwiz lint /etc/keepalived/keepalived.conf
  lbwiz lint lb1/keepalived.conf lb2/keepalived.conf     # two nodes: priorities, weights, auth
  lbwiz lint /etc/haproxy/haproxy.cfg --json
  ssh lb1 cat /etc/keepalived/keepalived.conf | lbwiz lint -
`;

async function readInput(io: CommandIo, file: string): Promise<LintInput> {
	if (file === '-') {
		const chunks: Buffer[] = [];
		for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
		return {path: '<stdin>', text: Buffer.concat(chunks).toString('utf8')};
	}
	const full = resolve(io.cwd, file);
	try {
		const info = await stat(full);
		if (info.isDirectory()) throw new UsageError(`${file} is a directory; give the config file(s) inside it`);
		return {path: file, text: await readFile(full, 'utf8')};
	} catch (error) {
		if (error instanceof UsageError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (try sudo)' : (error as Error).message}`);
	}
}

export default defineCommand({
	name: 'lint',
	summary: 'Check keepalived.conf / haproxy.cfg files offline (file:line:col diagnostics)',
	help,
	async run(argv, io) {
		const {values, positionals} = parseArgs({
			args: argv,
			options: {json: {type: 'boolean'}, kind: {type: 'string'}, 'config-id': {type: 'string'}},
			allowPositionals: true,
			strict: true,
		});
		if (positionals.length === 0) throw new UsageError('give at least one file to lint, e.g. lbwiz lint /etc/keepalived/keepalived.conf');
		if (values.kind !== undefined && values.kind !== 'keepalived' && values.kind !== 'haproxy') throw new UsageError(`--kind ${values.kind}: expected 'keepalived' or 'haproxy'`);
		if (positionals.filter(p => p === '-').length > 1) throw new UsageError("'-' (standard input) can be given once");
		const inputs: LintInput[] = [];
		for (const file of positionals) inputs.push(await readInput(io, file));
		const result = lintFiles(inputs, {
			...(values.kind ? {kind: values.kind as ConfigKind} : {}),
			...(values['config-id'] !== undefined ? {configId: values['config-id']} : {}),
			readFile: path => readLocalFile(resolve(io.cwd, path)),
			listDir: dir => listLocalDir(resolve(io.cwd, dir)),
		});
		if (values.json) {
			io.stdout.write(`${JSON.stringify({diagnostics: result.diagnostics, summary: result.summary, kinds: result.kinds}, null, 2)}\n`);
		} else {
			for (const d of result.diagnostics) io.stdout.write(`${formatDiagnostic(d)}\n`);
			const {errors, warnings, infos, files} = result.summary;
			const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
			io.stdout.write(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'note')} in ${plural(files, 'file')}\n`);
		}
		return result.summary.errors > 0 ? 1 : 0;
	},
});
