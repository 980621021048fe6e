/**
`lbwiz setup`'s interactive entry: picks the Ink wizard on a real terminal and plain mode otherwise
(`--plain`, stdin or stdout not a TTY, TERM=dumb), resumes from `--answers FILE` when given, and
returns the exit status (0 done, 1 writing failed, 2 unusable answers file, 130 cancelled).
Plain mode is chosen before anything is rendered: enquirer never runs while Ink is mounted.
*/
import {resolve} from 'node:path';
import type {CommandIo} from '../../commands/command.js';
import {formatTopologyDiagnostic, TopologyError} from '../../model/diagnostics.js';
import {watchExit} from '../components/exit-watch.js';
import {loadAnswers, type LoadedAnswers} from './save-answers.js';
import {createWizardServices, type WizardServices} from './wizard-services.js';
import {initialState} from './wizard-reducer.js';

export type RunWizardOptions = {
	io: CommandIo;
	/** lbwiz.yaml to resume from (its `# wizard-step:` mark, else the review) and to save to */
	answersFile?: string;
	/** where the files go (default ./lbwiz-out) */
	outDir?: string;
	/** line-by-line prompts instead of the full-screen wizard */
	plain?: boolean;
	/** show secrets in the review (--no-redact) */
	noRedact?: boolean;
	/** replaces the real services (tests) */
	services?: WizardServices;
};

/** Ink's own CI detection (is-in-ci): under CI it draws only the last frame, so a wizard would stay blank. */
export const inCi = (env: NodeJS.ProcessEnv): boolean =>
	env.CI !== '0' && env.CI !== 'false' && ('CI' in env || 'CONTINUOUS_INTEGRATION' in env || Object.keys(env).some(key => key.startsWith('CI_')));

/** Whether the full-screen wizard can run on these streams. */
export function shouldUsePlain(io: CommandIo, plain?: boolean): boolean {
	return Boolean(plain) || !io.stdin.isTTY || !io.stdout.isTTY || io.env.TERM === 'dumb' || inCi(io.env);
}

/**
Runs the setup wizard. Accepts the options object, or (older callers) the CommandIo alone.
*/
export async function runWizard(optionsOrIo: RunWizardOptions | CommandIo): Promise<number> {
	const options: RunWizardOptions = 'io' in optionsOrIo ? optionsOrIo : {io: optionsOrIo};
	const {io} = options;
	const services = options.services ?? createWizardServices({cwd: io.cwd, outDir: options.outDir, answersFile: options.answersFile, resuming: options.answersFile !== undefined});
	let resume: LoadedAnswers | undefined;
	if (options.answersFile) {
		try {
			resume = await loadAnswers(resolve(io.cwd, options.answersFile));
		} catch (error) {
			if (!(error instanceof TopologyError)) throw error;
			for (const d of error.diagnostics) io.stderr.write(`${formatTopologyDiagnostic(d)}\n`);
			io.stderr.write(`lbwiz setup: ${options.answersFile} cannot be resumed; fix the errors above or start the wizard without --answers\n`);
			return 2;
		}
	}
	if (shouldUsePlain(io, options.plain)) {
		const {runPlainSetup} = await import('../plain/plain-setup.js');
		let code = 70;
		try {
			code = await runPlainSetup({io, services, resume, redact: !options.noRedact});
			return code;
		} finally {
			await services.close?.();
			watchExit('setup (plain)', code, io.env);
		}
	}
	const {renderWizard} = await import('./render-wizard.js');
	const initial = resume ? initialState({answers: resume.answers, resumeAt: resume.at, canApply: services.canApply}) : initialState({canApply: services.canApply});
	const result = await renderWizard({io, initial, services, redact: !options.noRedact});
	// The wizard's services are closed here, once, after Ink has restored the terminal (not from the view).
	await services.close?.();
	if (result.message) io.stdout.write(`${result.message}\n`);
	watchExit('setup wizard', result.code, io.env);
	return result.code;
}

export default runWizard;
