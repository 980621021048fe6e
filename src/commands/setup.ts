import {parseArgs} from 'node:util';
import {formatTopologyDiagnostic, TopologyError} from '../model/diagnostics.js';
import {formatPlan, planSetup, UnknownHostError, writeRenderedFiles} from '../generate/setup-plan.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const help = `lbwiz setup — render (and later apply) a load-balancer setup from lbwiz.yaml

Usage:
  lbwiz setup --answers lbwiz.yaml [--out DIR] [--host NAME]...
  lbwiz setup                      (on a terminal: the interactive wizard)

Without --out, prints the plan only: per host the files (mode, size, path, purpose) and the
commands that would run. With --out, also writes every host's files to DIR/<host>/<absolute path>,
e.g. DIR/lb1/etc/keepalived/keepalived.conf, for review or your own tooling.

Options:
  --answers FILE   The topology (lbwiz.yaml). Validated first: errors name file:line:col.
  --out DIR        Write the rendered files under DIR (created if missing).
  --host NAME      Only this host (repeatable).
  --apply          Apply the plan to the hosts (not implemented yet; exits 2).
  --yes            Do not ask before applying (with --apply).
  -h, --help       Show this help.

Exit status: 0 planned/written, 1 the topology has errors, 2 usage error.

Examples:
  lbwiz setup --answers lbwiz.yaml                      Show what would be installed where
  lbwiz setup --answers lbwiz.yaml --out out/           Render every host's files into out/
  lbwiz setup --answers lbwiz.yaml --host lb1 --out out/   Only lb1's files
`;

/** The wizard module is another area's; it may not exist yet in this build. */
const WIZARD_MODULE = '../ui/wizard/run-wizard.js';

async function runWizard(io: CommandIo): Promise<number> {
	let wizard: {runWizard?: (io: CommandIo) => Promise<number>; default?: (io: CommandIo) => Promise<number>};
	try {
		wizard = (await import(WIZARD_MODULE)) as typeof wizard;
	} catch {
		io.stderr.write('lbwiz setup: interactive wizard not available; use --answers lbwiz.yaml\n');
		return 2;
	}
	const run = wizard.runWizard ?? wizard.default;
	if (!run) {
		io.stderr.write('lbwiz setup: interactive wizard not available; use --answers lbwiz.yaml\n');
		return 2;
	}
	return run(io);
}

export default defineCommand({
	name: 'setup',
	summary: 'Plan, render and (with --apply) apply a load-balancer setup from lbwiz.yaml or a wizard',
	help,
	async run(argv, io) {
		const {values, positionals} = parseArgs({
			args: argv,
			options: {
				answers: {type: 'string'},
				out: {type: 'string'},
				host: {type: 'string', multiple: true},
				apply: {type: 'boolean'},
				yes: {type: 'boolean'},
			},
			allowPositionals: true,
			strict: true,
		});
		if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (the topology is given with --answers FILE)`);
		if (values.yes && !values.apply) throw new UsageError('--yes only makes sense with --apply');
		if (!values.answers) {
			if (io.stdin.isTTY && io.stdout.isTTY) return runWizard(io);
			throw new UsageError('no --answers FILE, and stdin is not a terminal for the wizard; give the topology with --answers lbwiz.yaml');
		}

		let plan;
		try {
			plan = await planSetup({answers: values.answers, hosts: values.host});
		} catch (error) {
			if (error instanceof TopologyError) {
				for (const d of error.diagnostics) io.stderr.write(`${formatTopologyDiagnostic(d)}\n`);
				const errors = error.diagnostics.filter(d => d.severity === 'error').length;
				io.stderr.write(`lbwiz setup: ${errors} error${errors === 1 ? '' : 's'} in ${values.answers}; nothing rendered\n`);
				return 1;
			}
			if (error instanceof UnknownHostError) throw new UsageError(error.message);
			throw error;
		}
		for (const w of plan.warnings) io.stderr.write(`${formatTopologyDiagnostic(w)}\n`);
		if (values.apply) {
			io.stdout.write(formatPlan(plan));
			io.stderr.write('lbwiz setup: --apply is not implemented yet; the plan above was not applied. Use --out DIR and copy the files.\n');
			return 2;
		}
		io.stdout.write(formatPlan(plan));
		if (values.out) {
			const written = await writeRenderedFiles(plan, values.out);
			io.stdout.write(`\nWrote ${written.length} file${written.length === 1 ? '' : 's'} under ${values.out}/<host>/ (e.g. ${written[0] ? `${values.out}/${written[0].host}${written[0].path}` : 'nothing to write'}).\n`);
		}
		return 0;
	},
});
