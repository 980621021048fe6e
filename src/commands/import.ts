import {existsSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import {resolve} from 'node:path';
import {parseArgs} from 'node:util';
import {importTopology} from '../import/import-topology.js';
import {readKeepalivedSource} from '../import/keepalived-adapter.js';
import type {ImportSource} from '../import/types.js';
import {formatDiagnostic} from '../lint/diagnostic.js';
import {formatTopologyDiagnostic} from '../model/diagnostics.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const help = `Usage: lbwiz import KEEPALIVED.CONF... [--haproxy HAPROXY.CFG]... [--out lbwiz.yaml]

Write the lbwiz.yaml that describes existing keepalived / HAProxy configs.

Give one keepalived.conf per director (MASTER first reads best) and, optionally, one haproxy.cfg
per HAProxy node. Files named *.cfg or starting like an haproxy.cfg are taken as HAProxy files even
without --haproxy. Values the files leave to keepalived's / HAProxy's defaults are written out, so
'lbwiz setup' renders configs that behave like the originals. Everything lbwiz.yaml cannot express
(extra instances, fwmark services, TLS binds, complex ACLs, unknown keywords…) is listed as a
warning with file:line:col; typos such as 'virtual_server192.168.10.30 80' are recovered and said.

Options:
  --haproxy FILE       An haproxy.cfg (repeatable).
  --out FILE           Write lbwiz.yaml there (default: print it). Refuses to overwrite unless --force.
  --force              Overwrite --out.
  --name NAME          The topology's name (default: from router_id).
  --address NAME=IP    A director's own address when the config does not hold it (repeatable).
  -h, --help           Show this help.

Exit status: 0 written (warnings allowed), 1 written but lbwiz.yaml needs editing before
'lbwiz setup' (its errors are listed), 2 usage error or unreadable file.

Examples:
  lbwiz import lb1/keepalived.conf lb2/keepalived.conf --out lbwiz.yaml
  lbwiz import ka1.conf ka2.conf --haproxy ha1/haproxy.cfg --haproxy ha2/haproxy.cfg
  lbwiz import master.conf backup.conf --address master=192.168.10.31 --address backup=192.168.10.32
`;

const looksLikeHaproxy = (file: string, text: string) =>
	/\.cfg$/.test(file) || /^\s*(?:global|defaults|frontend|backend|listen)\b(?!_)/m.test(text.split('\n').find(line => line.trim() !== '' && !line.trim().startsWith('#')) ?? '');

async function readSource(io: CommandIo, file: string): Promise<ImportSource> {
	try {
		return {file, text: await readFile(resolve(io.cwd, file), 'utf8')};
	} catch (error) {
		throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
}

export default defineCommand({
	name: 'import',
	summary: 'Write the lbwiz.yaml that describes existing keepalived.conf / haproxy.cfg files',
	help,
	async run(argv, io) {
		const {values, positionals} = parseArgs({
			args: argv,
			options: {
				haproxy: {type: 'string', multiple: true},
				out: {type: 'string'},
				force: {type: 'boolean'},
				name: {type: 'string'},
				address: {type: 'string', multiple: true},
			},
			allowPositionals: true,
			strict: true,
		});
		if (positionals.length === 0 && !values.haproxy?.length) throw new UsageError('give at least one keepalived.conf (or --haproxy haproxy.cfg)');
		if (values.out && existsSync(resolve(io.cwd, values.out)) && !values.force) throw new UsageError(`${values.out} exists; use --force to overwrite it`);
		if (values.name !== undefined && !/^[A-Za-z0-9_.-]+$/.test(values.name)) throw new UsageError(`--name ${values.name}: letters, digits, "-", "_" and "." only`);
		const addresses: Record<string, string> = {};
		for (const entry of values.address ?? []) {
			const match = /^([^=]+)=(\d+\.\d+\.\d+\.\d+)$/.exec(entry);
			if (!match) throw new UsageError(`--address ${entry}: expected NAME=IPV4, e.g. lb1=203.0.113.11`);
			addresses[match[1]] = match[2];
		}

		const keepalived: ImportSource[] = [];
		const haproxy: ImportSource[] = [];
		for (const file of positionals) {
			const source = await readSource(io, file);
			(looksLikeHaproxy(file, source.text) ? haproxy : keepalived).push(source);
		}
		for (const file of values.haproxy ?? []) haproxy.push(await readSource(io, file));

		const result = importTopology({
			keepalived: keepalived.map(source => readKeepalivedSource(source, {fs: true})),
			haproxy,
			...(values.name ? {name: values.name} : {}),
			addresses,
		});
		for (const w of result.warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
		if (values.out) {
			await writeFile(resolve(io.cwd, values.out), result.yaml, {mode: 0o600});
			io.stderr.write(`lbwiz import: wrote ${values.out} (${result.warnings.filter(w => w.severity === 'warning').length} warning(s) above)\n`);
		} else {
			io.stdout.write(result.yaml);
		}
		if (!result.valid) {
			for (const d of result.validation) io.stderr.write(`${formatTopologyDiagnostic({...d, file: values.out ?? d.file})}\n`);
			io.stderr.write('lbwiz import: the imported lbwiz.yaml has errors (above); edit it before `lbwiz setup`\n');
			return 1;
		}
		for (const d of result.validation) io.stderr.write(`${formatTopologyDiagnostic({...d, file: values.out ?? d.file})}\n`);
		return 0;
	},
});
