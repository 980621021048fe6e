import {parseArgs} from 'node:util';
import {formatTopologyDiagnostic, TopologyError} from '../model/diagnostics.js';
import {formatPlan, planSetup, UnknownHostError, writeRenderedFiles} from '../generate/setup-plan.js';
import {defineCommand, UsageError, type CommandIo} from './command.js';

const help = `Usage: lbwiz setup --answers lbwiz.yaml [--out DIR] [--host NAME]... [--apply [--yes]]
       lbwiz setup [--plain] [--answers lbwiz.yaml]   (the interactive wizard)

Render (and with --apply, apply) a load-balancer setup from lbwiz.yaml.

On a terminal, --answers alone resumes that file in the wizard at its review. Otherwise,
without --out, prints the plan only: per host the files (mode, size, path, purpose) and the
commands that would run. With --out, also writes every host's files to DIR/<host>/<absolute path>,
e.g. DIR/lb1/etc/keepalived/keepalived.conf, for review or your own tooling.

Options:
  --answers FILE   The topology (lbwiz.yaml). Validated first: errors name file:line:col.
  --out DIR        Write the rendered files under DIR (created if missing).
  --host NAME      Only this host (repeatable).
  --plain          Wizard with line-by-line prompts (serial consoles, screen readers);
                   with --answers, resumes that file in the wizard.
  --no-redact      Show secrets in the wizard's review and in --apply diffs.
  --apply          Compare every host with the plan and show the changes (unified diffs,
                   commands); on a terminal, ask before applying them. See docs/apply.md.
  --yes            Apply without asking (with --apply). Without --yes and without a
                   terminal, --apply is a dry run: nothing is changed.
  --install-packages  With --apply: install keepalived / haproxy where missing (apt-get, dnf, yum).
  -h, --help       Show this help.

Exit status: 0 planned/written (with --apply: applied and healthy, or nothing to change),
1 the topology has errors (with --apply: nothing applied, or a host failed and was rolled back),
2 usage error, 3 applied but the doctor finds the cluster unhealthy.

Examples:
  lbwiz setup --answers lbwiz.yaml                      Show what would be installed where
  lbwiz setup --answers lbwiz.yaml --out out/           Render every host's files into out/
  lbwiz setup --answers lbwiz.yaml --host lb1 --out out/   Only lb1's files
  lbwiz setup --answers lbwiz.yaml --apply               Show each host's changes, ask, apply
  lbwiz setup --answers lbwiz.yaml --apply --yes         Apply without asking (then: lbwiz rollback)
`;

/** The interactive wizard (src/ui/wizard), loaded only when used: it pulls in Ink and React. */
async function runWizard(io: CommandIo, options: {answersFile?: string; outDir?: string; plain?: boolean; noRedact?: boolean}): Promise<number> {
	let wizard: typeof import('../ui/wizard/run-wizard.js');
	try {
		wizard = await import('../ui/wizard/run-wizard.js');
	} catch (error) {
		io.stderr.write(`lbwiz setup: interactive wizard not available (${(error as Error).message.split('\n')[0]}); use --answers lbwiz.yaml\n`);
		return 2;
	}
	return wizard.runWizard({io, ...options});
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
				'install-packages': {type: 'boolean'},
				plain: {type: 'boolean'},
				'no-redact': {type: 'boolean'},
			},
			allowPositionals: true,
			strict: true,
		});
		if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (the topology is given with --answers FILE)`);
		if (values.yes && !values.apply) throw new UsageError('--yes only makes sense with --apply');
		if (values['install-packages'] && !values.apply) throw new UsageError('--install-packages only makes sense with --apply');
		const wizardOptions = {answersFile: values.answers, outDir: values.out, plain: values.plain, noRedact: values['no-redact']};
		if (!values.answers) {
			if (io.stdin.isTTY || values.plain) return runWizard(io, wizardOptions);
			throw new UsageError('no --answers FILE, and stdin is not a terminal for the wizard; give the topology with --answers lbwiz.yaml (or --plain for line-by-line prompts)');
		}
		// `lbwiz setup --answers lbwiz.yaml` on a terminal resumes the wizard at its review (which shows
		// the same plan with diffs); with --out/--apply, or without a terminal, it stays non-interactive.
		const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY && io.env.TERM !== 'dumb');
		if (!values.out && !values.apply && (values.plain || interactive)) return runWizard(io, wizardOptions);

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
			// the apply service (src/apply) reads each host through its transport and changes it
			const {runSetupApply} = await import('../apply/run-apply.js');
			return runSetupApply(io, {setup: plan, yes: values.yes, installPackages: values['install-packages'], noRedact: values['no-redact']});
		}
		io.stdout.write(formatPlan(plan));
		if (values.out) {
			const written = await writeRenderedFiles(plan, values.out);
			io.stdout.write(`\nWrote ${written.length} file${written.length === 1 ? '' : 's'} under ${values.out}/<host>/ (e.g. ${written[0] ? `${values.out}/${written[0].host}${written[0].path}` : 'nothing to write'}).\n`);
		}
		return 0;
	},
});
