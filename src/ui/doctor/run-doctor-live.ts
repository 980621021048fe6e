/**
Entry of the doctor's live view (lbwiz doctor on a terminal): mounts DoctorLive, wires the fix service
(src/doctor/fix-apply.ts through each host's transport) and the report writer (src/report), and returns
the doctor's exit status (130 when stopped before the report, 3 when the doctor could not run).
*/
import React from 'react';
import {render} from 'ink';
import {join} from 'node:path';
import type {CommandIo} from '../../commands/command.js';
import type {DoctorEvent} from '../../doctor/run-doctor.js';
import type {DoctorReport, Finding} from '../../doctor/report-model.js';
import {applyFix, safeFixCandidates} from '../../doctor/fix-apply.js';
import {createTransport} from '../../transport/spec.js';
import {watchExit} from '../components/exit-watch.js';
import {assumeScreenSize} from '../components/screen-size.js';
import {themeFromEnv} from '../components/theme.js';
import DoctorLive, {type LiveServices} from './DoctorLive.js';

export type RunDoctorLiveOptions = {
	io: CommandIo;
	/** host names, shown as rows at once */
	hosts: string[];
	/** the VRRP capture window (the countdown comes from capture:tick events) */
	captureSeconds: number;
	start: (onEvent: (event: DoctorEvent) => void, signal: AbortSignal) => Promise<DoctorReport>;
	/** replaces the default fix service (one finding's safe fixes through its host's transport) */
	fix?: LiveServices['fix'];
	/** replaces the default export (Markdown and HTML next to the working directory) */
	exportReport?: LiveServices['exportReport'];
	/** keep secrets in exported reports */
	noRedact?: boolean;
};

/** Applies one finding's safe fixes through the transports of the report's hosts. */
export async function fixFinding(finding: Finding, report: DoctorReport): Promise<{ok: boolean; text: string}> {
	const candidates = safeFixCandidates(report).filter(c => c.finding.id === finding.id);
	if (candidates.length === 0) return {ok: false, text: `${finding.id} has no safe fix.`};
	const done: string[] = [];
	for (const {fix} of candidates) {
		const spec = report.hosts.find(h => h.name === fix.host)?.spec ?? 'local';
		const transport = createTransport(spec);
		try {
			const result = await applyFix(fix, transport);
			const failed = result.steps.find(step => !step.ok);
			if (failed) return {ok: false, text: `${finding.id} on ${fix.host}: "${failed.what}" failed: ${failed.output.split('\n')[0]}; nothing after it ran.`};
			done.push(`${fix.host} (${result.steps.length} step${result.steps.length === 1 ? '' : 's'})`);
		} finally {
			await transport.close();
		}
	}
	// every step exited 0, which is not proof: only a new diagnosis shows whether the cluster recovered
	return {ok: true, text: `${finding.id}: fix applied on ${done.join(', ')}, not re-checked yet. Run lbwiz doctor again (doctor --fix re-checks after VRRP settles).`};
}

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Writes the report as Markdown and HTML in `dir`; returns where. */
export async function exportReportFiles(report: DoctorReport, dir: string, noRedact = false): Promise<string> {
	const {writeReport} = await import('../../report/index.js');
	const base = join(dir, `lbwiz-report-${stamp(new Date())}`);
	await writeReport(report, `${base}.md`, {noRedact});
	await writeReport(report, `${base}.html`, {noRedact});
	return `Report written: ${base}.md and ${base}.html${noRedact ? ' (secrets NOT redacted)' : ''}`;
}

/** Runs the live view until the user quits; resolves with the exit status. */
export async function runDoctorLive(options: RunDoctorLiveOptions): Promise<number> {
	const {io} = options;
	let code = 130;
	let report: DoctorReport | undefined;
	let failed: string | undefined;
	const services: LiveServices = {
		start: options.start,
		fix: options.fix ?? fixFinding,
		exportReport: options.exportReport ?? (r => exportReportFiles(r, io.cwd, options.noRedact)),
	};
	const restoreSize = assumeScreenSize(io.stdout);
	const instance = render(
		React.createElement(DoctorLive, {
			hosts: options.hosts,
			captureSeconds: options.captureSeconds,
			services,
			theme: themeFromEnv(io.env),
			onExit(exitCode, state) {
				code = exitCode;
				report = state.report;
				failed = state.error;
			},
		}),
		{stdout: io.stdout as NodeJS.WriteStream, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: false},
	);
	try {
		await instance.waitUntilExit();
	} finally {
		instance.cleanup();
		restoreSize();
	}
	if (failed) {
		io.stderr.write(`lbwiz doctor: ${failed}\n`);
		code = 3;
	} else if (!report) io.stdout.write('Stopped before the diagnosis: nothing was changed on the hosts.\n');
	watchExit('doctor live view', code, io.env);
	return code;
}

export default runDoctorLive;
