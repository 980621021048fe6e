/**
What `lbwiz setup --apply` does once the topology is loaded: plan against every host, print the
plan with diffs, ask (or take `--yes`), apply, print the result, verify with the doctor. Without
`--yes` and without a terminal to ask on, it stops after the plan: nothing changes unless the
operator said so.
*/
import type {CommandIo} from '../commands/command.js';
import type {SetupPlan} from '../generate/setup-plan.js';
import {applyPlan} from './apply.js';
import {formatApplyPlan, formatApplyResult, formatEvent} from './format.js';
import {planApply, TransportPool} from './plan.js';
import {verifyCluster} from './verify.js';

export type SetupApplyOptions = {
	/** the loaded topology and rendered files (setup's planSetup) */
	setup: SetupPlan;
	yes?: boolean;
	installPackages?: boolean;
	noRedact?: boolean;
	/** verification after applying (default on) */
	verify?: boolean;
	/** tests inject transports */
	transports?: TransportPool;
};

/** Exit status of `setup --apply`: 0 applied and healthy (or nothing to do, or a dry run), 1 not applied or failed, 3 applied but the doctor is not satisfied. */
export async function runSetupApply(io: CommandIo, options: SetupApplyOptions): Promise<number> {
	const transports = options.transports ?? new TransportPool();
	const out = (text: string) => io.stdout.write(text);
	try {
		const {plan} = await planApply({answers: options.setup.file, setup: options.setup, installPackages: options.installPackages, transports});
		out(formatApplyPlan(plan, {redact: !options.noRedact, dryRun: !options.yes}));
		if (plan.hosts.some(h => h.problems.length > 0)) {
			io.stderr.write('lbwiz setup: nothing was applied; fix the problems above first\n');
			return 1;
		}
		if (plan.hosts.every(h => h.steps.length === 0)) return 0;
		if (!options.yes) {
			if (!io.stdin.isTTY) {
				out('\nDry run: nothing was changed. Run again with --yes to apply.\n');
				return 0;
			}
			if (!(await confirm(io, `\nApply these ${plan.hosts.reduce((n, h) => n + h.steps.length, 0)} steps now? [y/N] `))) {
				out('Nothing was changed.\n');
				return 0;
			}
		}
		out('\nApplying (configs are validated on every host first):\n');
		const result = await applyPlan(plan, {transports, onEvent: event => {
			const line = formatEvent(event);
			if (line) out(`${line}\n`);
		}});
		out(`\n${formatApplyResult(result, plan)}`);
		if (!result.ok) return 1;
		if (options.verify === false || result.changedHosts.length === 0) return 0;
		out('\nVerifying with the doctor (waiting for the VIPs to settle, then a short capture)…\n');
		const verification = await verifyCluster({topology: options.setup.topology, transports, changedHosts: result.changedHosts});
		out(`Cluster ${verification.summary}\n`);
		return verification.healthy ? 0 : 3;
	} finally {
		if (!options.transports) await transports.close();
	}
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(io: CommandIo, question: string): Promise<boolean> {
	io.stdout.write(question);
	const answer = await new Promise<string>(resolve => {
		let buffer = '';
		const onData = (chunk: Buffer | string) => {
			buffer += String(chunk);
			if (buffer.includes('\n')) finish();
		};
		const finish = () => {
			io.stdin.off('data', onData);
			io.stdin.off('end', finish);
			(io.stdin as NodeJS.ReadableStream & {pause?: () => void}).pause?.();
			resolve(buffer.split('\n')[0].trim());
		};
		io.stdin.on('data', onData);
		io.stdin.on('end', finish);
		io.stdin.resume();
	});
	return /^y(es)?$/i.test(answer);
}
