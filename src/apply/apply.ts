/**
Applies a plan safely. First a preflight on every host (before anything changes anywhere): each
daemon config is written to a scratch directory on its host and checked with the real validator
(`keepalived -t -f`, `haproxy -c -f`). Then hosts are changed one at a time in plan order (real
servers, BACKUPs, the MASTER last), each journaled on the host. A file is backed up, staged beside
its target, validated again there, then renamed over it. When a step fails, the host's completed
steps are undone in reverse and the run stops with the failing command and its output.
*/
import {posix} from 'node:path';
import {failureLine, SPAWN_ERROR} from '../transport/failure.js';
import type {RunResult, Transport} from '../transport/transport.js';
import {mainProcess, parseDaemonOutput} from './current.js';
import {addCommands, parseNftHandle, RULE_COMMENT, iptablesRuleSpec} from './firewall.js';
import {newJournal, writeJournal} from './journal.js';
import type {TransportPool} from './plan.js';
import {BACKUP_SCRIPT, COMMIT_SCRIPT, FIND_DAEMON_SCRIPT, RESTORE_SCRIPT, script, SIGNAL_SCRIPT, STAGE_SCRIPT, WAIT_PIDFILE_SCRIPT} from './scripts.js';
import {enableCommands, reloadCommands, startCommands, stopCommands} from './services.js';
import type {ApplyEvent, ApplyPlan, HostPlan, HostResult, Journal, JournalStep, PlanStep, ServiceRef, StepFailure, Undo, Validator, WriteFileStep} from './types.js';

const TIMEOUT = 30_000;
const INSTALL_TIMEOUT = 600_000;

/** A step or undo that failed: the command and what it printed. */
export class StepError extends Error {
	constructor(
		message: string,
		readonly argv?: string[],
		readonly exitCode?: number,
		readonly output = '',
	) {
		super(message);
		this.name = 'StepError';
	}
}

type Exec = (argv: readonly [string, ...string[]], options?: {timeoutMs?: number; input?: string; env?: Record<string, string>}) => Promise<RunResult>;

const execOn = (transport: Transport): Exec => (argv, options = {}) => transport.run(argv, {timeoutMs: options.timeoutMs ?? TIMEOUT, sudo: true, ...(options.input !== undefined ? {input: options.input} : {}), ...(options.env ? {env: options.env} : {})});

const outputOf = (r: RunResult) => [r.stdout.trimEnd(), r.stderr.trimEnd()].filter(Boolean).join('\n') || failureLine(r);

/** Runs argv and throws a StepError unless it exits 0. */
async function must(exec: Exec, argv: readonly [string, ...string[]], what: string, options?: Parameters<Exec>[1]): Promise<RunResult> {
	const result = await exec(argv, options);
	if (result.exitCode !== 0 || result.spawnError || result.timedOut) {
		const why = result.timedOut ? 'timed out' : result.spawnError === SPAWN_ERROR.notFound ? `${argv[0]} is not installed` : `exit status ${result.exitCode ?? '?'}`;
		throw new StepError(`${what}: ${why}`, [...argv], result.exitCode, outputOf(result));
	}
	return result;
}

const asArgv = (argv: string[]) => argv as [string, ...string[]];

/** What a validator said about a file. */
export type ValidationResult = {ok: boolean; argv: string[]; exitCode?: number; output: string};

/**
Validates `path` on the host with the real validator. keepalived -t exits 0 when the file is
missing ("Config files missing"), so the file's presence and that message are checked too.
`shownAs` replaces the temp path in the output.
*/
export async function validateFile(exec: Exec, validator: Validator, path: string, shownAs = path): Promise<ValidationResult> {
	const argv = validator === 'keepalived' ? ['keepalived', '-t', '-f', path] : ['haproxy', '-c', '-f', path];
	const present = await exec(['test', '-s', path]);
	const result = await exec(asArgv(argv));
	const output = outputOf(result).split(path).join(shownAs);
	const missing = /Config files missing|Unable to find configuration file|No such file or directory/.test(result.stderr + result.stdout);
	const ok = present.exitCode === 0 && result.exitCode === 0 && !result.spawnError && !result.timedOut && !missing;
	return {ok, argv: validator === 'keepalived' ? ['keepalived', '-t', '-f', shownAs] : ['haproxy', '-c', '-f', shownAs], ...(result.exitCode !== undefined ? {exitCode: result.exitCode} : {}), output: present.exitCode === 0 ? output : `${shownAs}: the file to check is missing or empty\n${output}`};
}

/**
Checks every config a host plan writes, in a scratch directory on that host, before any host is
changed. Scripts a keepalived.conf names (the tracked check) are staged beside it and the copy's
paths point at them, so keepalived -t sees the new script, not a missing one.
*/
export async function preflightHost(transport: Transport, host: HostPlan): Promise<StepFailure[]> {
	const exec = execOn(transport);
	const configs = host.steps.filter((s): s is WriteFileStep => s.kind === 'write-file' && s.validate !== undefined);
	if (configs.length === 0) return [];
	const installing = host.steps.some(s => s.kind === 'install-packages');
	const mk = await exec(['mktemp', '-d', '/tmp/lbwiz-validate.XXXXXX']);
	if (mk.exitCode !== 0) return [{step: `${host.host}#preflight`, description: 'create a scratch directory for validation', argv: ['mktemp', '-d', '/tmp/lbwiz-validate.XXXXXX'], ...(mk.exitCode !== undefined ? {exitCode: mk.exitCode} : {}), output: outputOf(mk)}];
	const dir = mk.stdout.trim();
	const failures: StepFailure[] = [];
	try {
		const written = host.steps.filter((s): s is WriteFileStep => s.kind === 'write-file' && s.validate === undefined);
		for (const config of configs) {
			// a validator about to be installed by this run checks the file in its step instead
			if (installing && (await exec(['sh', '-c', 'command -v "$1"', 'lbwiz-has', config.validate!])).exitCode !== 0) continue;
			let content = config.content;
			for (const other of written) {
				if (!content.includes(other.path)) continue;
				const staged = posix.join(dir, posix.basename(other.path));
				const w = await transport.writeFile(staged, other.content, {mode: other.mode, timeoutMs: TIMEOUT});
				if (w.exitCode !== 0) throw new StepError(`cannot stage ${other.path} for validation`, undefined, w.exitCode, outputOf(w));
				content = content.split(other.path).join(staged);
			}
			const staged = posix.join(dir, posix.basename(config.path));
			const w = await transport.writeFile(staged, content, {mode: 0o600, timeoutMs: TIMEOUT});
			if (w.exitCode !== 0) throw new StepError(`cannot stage ${config.path} for validation`, undefined, w.exitCode, outputOf(w));
			let result = await validateFile(exec, config.validate!, staged, config.path);
			for (const other of written) result = {...result, output: result.output.split(posix.join(dir, posix.basename(other.path))).join(other.path)};
			if (!result.ok) failures.push({step: config.id, description: `${config.path} on ${host.host} is rejected by ${config.validate === 'keepalived' ? 'keepalived -t' : 'haproxy -c'}`, argv: result.argv, ...(result.exitCode !== undefined ? {exitCode: result.exitCode} : {}), output: result.output});
		}
	} catch (error) {
		const e = error as StepError;
		failures.push({step: `${host.host}#preflight`, description: e.message, output: e.output ?? ''});
	} finally {
		await exec(['rm', '-rf', '--', dir]);
	}
	return failures;
}

/** Finds a directly started daemon's main pid now (the pid may have changed since planning). */
async function findPid(exec: Exec, service: ServiceRef): Promise<number | undefined> {
	const d = service.direct;
	if (!d) return undefined;
	const found = await exec(script(FIND_DAEMON_SCRIPT, 'lbwiz-find', d.pidFile, d.daemon));
	return mainProcess(parseDaemonOutput(found.stdout))?.pid;
}

/** Waits until the daemon's pid file names a live process of ours (≤ `seconds`), other than `not`. */
async function waitPidFile(exec: Exec, service: ServiceRef, seconds: number, not?: number): Promise<number> {
	const d = service.direct!;
	const deadline = Date.now() + seconds * 1000;
	for (;;) {
		const r = await exec(script(WAIT_PIDFILE_SCRIPT, 'lbwiz-wait', '10', d.pidFile, d.daemon), {timeoutMs: 10_000});
		const pid = Number(r.stdout.trim());
		if (r.exitCode === 0 && Number.isInteger(pid) && pid > 0 && pid !== not) return pid;
		if (Date.now() > deadline) {
			const tail = d.logFile ? await exec(['tail', '-n', '20', '--', d.logFile]) : undefined;
			throw new StepError(`${d.daemon} did not come up: no live ${d.daemon} in ${d.pidFile}${not ? ` other than pid ${not}` : ''} after ${seconds} s`, d.argv, undefined, tail?.stdout.trimEnd() ?? '');
		}
	}
}

/** Reloads a running service (re-finding the pid when lbwiz manages it directly). */
async function reloadService(exec: Exec, service: ServiceRef): Promise<string> {
	if (service.manager !== 'none') {
		for (const argv of reloadCommands(service)) await must(exec, asArgv(argv), `reload ${service.name}`);
		return `reloaded ${service.name}`;
	}
	const pid = await findPid(exec, service);
	if (pid === undefined) return `${service.name} is not running: nothing to reload`;
	for (const argv of reloadCommands(service, pid)) await must(exec, asArgv(argv), `reload ${service.name} (pid ${pid})`);
	if (service.daemon === 'haproxy') {
		const next = await waitPidFile(exec, service, 10, pid);
		return `haproxy reloaded: pid ${next} took over from ${pid}`;
	}
	return `sent SIGHUP to keepalived pid ${pid}`;
}

/** Stops a service; for a directly started daemon only the recorded (or pid-file) process, checked to be that daemon in this namespace. */
async function stopService(exec: Exec, service: ServiceRef, pid?: number): Promise<string> {
	if (service.manager !== 'none') {
		for (const argv of stopCommands(service)) await must(exec, asArgv(argv), `stop ${service.name}`);
		return `stopped ${service.name}`;
	}
	// The pid lbwiz started may have been replaced since (HAProxy's -sf reload starts a new process):
	// then stop the one lbwiz's own pid file names now — never a daemon lbwiz did not start.
	const candidates = [...new Set([pid, await findOwnPid(exec, service)].filter((p): p is number => p !== undefined))];
	if (candidates.length === 0) return `${service.name} is not running`;
	const stopped: number[] = [];
	for (const target of candidates) {
		const result = await exec(script(SIGNAL_SCRIPT, 'lbwiz-signal', 'TERM', String(target), service.direct?.daemon ?? service.name));
		if (result.exitCode === 3) continue;
		if (result.exitCode !== 0) throw new StepError(`stop ${service.name} (pid ${target})`, stopCommands(service, target)[0], result.exitCode, outputOf(result));
		stopped.push(target);
	}
	return stopped.length > 0 ? `stopped ${service.name} (pid ${stopped.join(', ')})` : `${service.name} (pid ${candidates.join(', ')}) already gone`;
}

/** The live process lbwiz's pid file names for a directly started daemon (undefined when none or not ours). */
async function findOwnPid(exec: Exec, service: ServiceRef): Promise<number | undefined> {
	const d = service.direct;
	if (!d) return undefined;
	const found = parseDaemonOutput((await exec(script(FIND_DAEMON_SCRIPT, 'lbwiz-find', d.pidFile, d.daemon))).stdout);
	return found.pidFile !== undefined && found.processes.some(p => p.pid === found.pidFile) ? found.pidFile : undefined;
}

/** Executes one step; returns the undo to journal (with what was learnt: nft handle, pid) and a detail line. */
export async function executeStep(transport: Transport, step: PlanStep): Promise<{undo: Undo; detail?: string}> {
	const exec = execOn(transport);
	switch (step.kind) {
		case 'install-packages': {
			for (const argv of step.argv) await must(exec, asArgv(argv), `install ${step.packages.join(' ')}`, {timeoutMs: INSTALL_TIMEOUT, env: {DEBIAN_FRONTEND: 'noninteractive'}});
			return {undo: step.undo, detail: `installed ${step.packages.join(', ')}`};
		}
		case 'write-file':
			return {undo: step.undo, detail: await writeFileStep(exec, step)};
		case 'sysctl':
			await must(exec, ['sysctl', '-w', `${step.key}=${step.value}`], `set ${step.key}`);
			return {undo: step.undo};
		case 'lo-vip':
			for (const argv of step.argv) await must(exec, asArgv(argv), `put ${step.address} on lo`);
			return {undo: step.undo};
		case 'firewall': {
			let handle: number | undefined;
			for (const argv of addCommands(step.change)) {
				const result = await must(exec, asArgv(argv), 'add the VRRP accept rule');
				if (step.change.backend === 'nftables') handle = parseNftHandle(result.stdout);
			}
			if (step.change.backend === 'nftables') {
				if (handle === undefined) throw new StepError('nft did not report the new rule\'s handle (needed to remove it on rollback)', addCommands(step.change)[0]);
				return {undo: {kind: 'firewall', change: {...step.change, handle}}, detail: `nft rule handle ${handle}`};
			}
			return {undo: step.undo};
		}
		case 'service-enable':
			for (const argv of step.argv) await must(exec, asArgv(argv), step.description);
			return {undo: step.undo};
		case 'service-start': {
			const service = step.service;
			if (service.manager !== 'none') {
				for (const argv of startCommands(service)) await must(exec, asArgv(argv), `start ${service.name}`);
				if (service.manager === 'systemd') {
					const active = await exec(['systemctl', 'is-active', service.name]);
					if (active.stdout.trim() !== 'active') throw new StepError(`${service.name} is ${active.stdout.trim() || 'not active'} after start`, ['systemctl', 'is-active', service.name], active.exitCode, outputOf(await exec(['systemctl', 'status', '--no-pager', '-n', '20', service.name])));
				}
				return {undo: step.undo};
			}
			for (const argv of startCommands(service)) await must(exec, asArgv(argv), `start ${service.name}`);
			const pid = await waitPidFile(exec, service, 10);
			if (service.daemon === 'keepalived') {
				// keepalived exits soon after start on a fatal problem (e.g. no interface, bad pid dir): look again.
				await new Promise(resolve => setTimeout(resolve, 700));
				const again = await findPid(exec, service);
				if (again !== pid) {
					const tail = service.direct?.logFile ? await exec(['tail', '-n', '20', '--', service.direct.logFile]) : undefined;
					throw new StepError(`keepalived (pid ${pid}) exited right after start`, service.direct?.argv, undefined, tail?.stdout.trimEnd() ?? '');
				}
			}
			return {undo: {kind: 'service-stop', service, pid}, detail: `pid ${pid}`};
		}
		case 'service-reload':
			return {undo: step.undo, detail: await reloadService(exec, step.service)};
	}
}

/** Backs up, stages, validates and renames one file into place. */
async function writeFileStep(exec: Exec, step: WriteFileStep): Promise<string> {
	if (step.backup) await must(exec, script(BACKUP_SCRIPT, 'lbwiz-backup', step.path, step.backup), `back up ${step.path} to ${step.backup}`);
	const staged = await must(exec, script(STAGE_SCRIPT, 'lbwiz-stage', step.path, step.mode.toString(8)), `write the new ${step.path} beside it`, {input: step.content});
	const tmp = /^staged (.+)$/m.exec(staged.stdout)?.[1];
	if (!tmp) throw new StepError(`could not stage ${step.path}`, undefined, staged.exitCode, outputOf(staged));
	if (step.validate) {
		const result = await validateFile(exec, step.validate, tmp, step.path);
		if (!result.ok) {
			await exec(['rm', '-f', '--', tmp]);
			throw new StepError(`${step.path} is rejected by ${step.validate === 'keepalived' ? 'keepalived -t' : 'haproxy -c'}; the old file is untouched`, result.argv, result.exitCode, result.output);
		}
	}
	const commit = await exec(script(COMMIT_SCRIPT, 'lbwiz-commit', tmp, step.path));
	if (commit.exitCode !== 0) {
		await exec(['rm', '-f', '--', tmp]);
		throw new StepError(`could not move the new ${step.path} into place`, ['mv', '-f', '--', tmp, step.path], commit.exitCode, outputOf(commit));
	}
	return step.backup ? `backup ${step.backup}` : 'created';
}

/** Reverts one undo (reloads are handled by `undoAll`, after every file is back). */
export async function executeUndo(transport: Transport, undo: Undo): Promise<string> {
	const exec = execOn(transport);
	switch (undo.kind) {
		case 'restore-file':
			await must(exec, script(RESTORE_SCRIPT, 'lbwiz-restore', undo.backup, undo.path), `restore ${undo.path} from ${undo.backup}`);
			return `restored ${undo.path}`;
		case 'remove-file':
			await must(exec, ['rm', '-f', '--', undo.path], `remove ${undo.path}`);
			return `removed ${undo.path}`;
		case 'sysctl':
			await must(exec, ['sysctl', '-w', `${undo.key}=${undo.value}`], `set ${undo.key} back`);
			return `${undo.key} = ${undo.value}`;
		case 'remove-address': {
			const result = await exec(['ip', 'addr', 'del', `${undo.address}/32`, 'dev', undo.dev]);
			if (result.exitCode !== 0 && !/Cannot assign requested address/.test(result.stderr)) throw new StepError(`remove ${undo.address} from ${undo.dev}`, result.argv, result.exitCode, outputOf(result));
			return `removed ${undo.address} from ${undo.dev}`;
		}
		case 'firewall':
			return removeFirewallChange(exec, undo.change);
		case 'service-stop':
			return stopService(exec, undo.service, undo.pid);
		case 'service-disable':
			for (const argv of enableCommands(undo.service).undo) await must(exec, asArgv(argv), `disable ${undo.service.name}`);
			return `disabled ${undo.service.name}`;
		case 'service-reload': {
			if (undo.service.config && (await exec(['test', '-e', undo.service.config])).exitCode !== 0) return `${undo.service.name}: ${undo.service.config} no longer exists; not reloaded`;
			if (undo.service.manager === 'systemd') {
				const active = await exec(['systemctl', 'is-active', undo.service.name]);
				if (active.stdout.trim() !== 'active') return `${undo.service.name} is not running; not reloaded`;
			}
			return reloadService(exec, undo.service);
		}
		case 'none':
			return undo.reason;
	}
}

async function removeFirewallChange(exec: Exec, change: Extract<Undo, {kind: 'firewall'}>['change']): Promise<string> {
	if (change.backend === 'nftables') {
		if (change.handle === undefined) return 'no nft handle recorded: nothing to remove';
		const listing = await exec(['nft', '-j', '-a', 'list', 'chain', change.family, change.table, change.chain]);
		let present = false;
		try {
			const doc = JSON.parse(listing.stdout) as {nftables?: Array<{rule?: {handle?: number; comment?: string}}>};
			present = (doc.nftables ?? []).some(item => item.rule?.handle === change.handle && item.rule?.comment === RULE_COMMENT);
		} catch {}
		if (!present) return `nft rule handle ${change.handle} (comment ${RULE_COMMENT}) is no longer in ${change.family} ${change.table} ${change.chain}`;
		await must(exec, ['nft', 'delete', 'rule', change.family, change.table, change.chain, 'handle', String(change.handle)], 'remove the VRRP accept rule');
		return `removed nft rule handle ${change.handle} from ${change.family} ${change.table} ${change.chain}`;
	}
	if (change.backend === 'iptables') {
		const check = await exec([change.command, '-t', change.table, '-C', change.chain, ...iptablesRuleSpec(change)]);
		if (check.exitCode !== 0) return `the lbwiz VRRP rule is no longer in ${change.command} -t ${change.table} ${change.chain}`;
		await must(exec, [change.command, '-t', change.table, '-D', change.chain, ...iptablesRuleSpec(change)], 'remove the VRRP accept rule');
		return `removed the VRRP accept rule from ${change.command} -t ${change.table} ${change.chain}`;
	}
	const zone = change.zone ? [`--zone=${change.zone}`] : [];
	if (change.runtime) await must(exec, ['firewall-cmd', ...zone, `--remove-rich-rule=${change.rule}`], 'remove the firewalld rich rule');
	if (change.permanent) await must(exec, ['firewall-cmd', '--permanent', ...zone, `--remove-rich-rule=${change.rule}`], 'remove the permanent firewalld rich rule');
	return `removed firewalld rich rule '${change.rule}'`;
}

/**
Undoes journaled steps (status `done`) in reverse; reloads last, once per service, after every file
is restored. Keeps going past failures (each is reported); updates the steps' status in place.
*/
export async function undoAll(transport: Transport, host: string, steps: JournalStep[], onEvent?: (e: ApplyEvent) => void): Promise<StepFailure[]> {
	const failures: StepFailure[] = [];
	const done = steps.filter(s => s.status === 'done' || s.status === 'undo-failed').reverse();
	const reloads = new Map<string, JournalStep>();
	const run = async (step: JournalStep, undo: Undo) => {
		onEvent?.({type: 'undo:start', host, step: step.id, description: step.description});
		try {
			const detail = await executeUndo(transport, undo);
			step.status = 'undone';
			onEvent?.({type: 'undo:done', host, step: step.id, ok: true, detail});
		} catch (error) {
			const e = error as StepError;
			step.status = 'undo-failed';
			step.error = `${e.message}${e.output ? `\n${e.output}` : ''}`;
			failures.push({step: step.id, description: `undo ${step.description}: ${e.message}`, ...(e.argv ? {argv: e.argv} : {}), ...(e.exitCode !== undefined ? {exitCode: e.exitCode} : {}), output: e.output});
			onEvent?.({type: 'undo:done', host, step: step.id, ok: false, detail: e.message});
		}
	};
	for (const step of done) {
		if (step.undo.kind === 'service-reload') {
			const key = step.undo.service.name;
			if (!reloads.has(key)) reloads.set(key, step);
			else step.status = 'undone';
			continue;
		}
		await run(step, step.undo);
	}
	for (const step of reloads.values()) await run(step, step.undo);
	return failures;
}

export type ApplyOptions = {
	transports: TransportPool;
	onEvent?: (event: ApplyEvent) => void;
	now?: () => Date;
};

/** The outcome of an apply. */
export type ApplyResult = {ok: boolean; preflight: StepFailure[]; hosts: HostResult[]; changedHosts: string[]};

/**
Applies a plan: preflight on every host, then host by host in plan order. Hosts with problems make
the whole apply refuse before anything changes (the caller shows them); a failed host is rolled back
and the run stops there.
*/
export async function applyPlan(plan: ApplyPlan, options: ApplyOptions): Promise<ApplyResult> {
	const now = options.now ?? (() => new Date());
	const emit = options.onEvent ?? (() => {});
	const problems = plan.hosts.flatMap(h => h.problems.map(p => ({step: `${h.host}#plan`, description: p, output: ''})));
	if (problems.length > 0) return {ok: false, preflight: problems, hosts: plan.hosts.map(h => skipped(h)), changedHosts: []};

	const preflight: StepFailure[] = [];
	for (const host of plan.hosts) {
		if (!host.steps.some(s => s.kind === 'write-file' && s.validate)) continue;
		emit({type: 'preflight:start', host: host.host});
		const failures = await preflightHost(options.transports.get(host.transport), host);
		emit({type: 'preflight:done', host: host.host, ok: failures.length === 0, ...(failures[0] ? {detail: failures[0].description} : {})});
		preflight.push(...failures);
	}
	if (preflight.length > 0) return {ok: false, preflight, hosts: plan.hosts.map(h => skipped(h)), changedHosts: []};

	const results: HostResult[] = [];
	let stopped = false;
	for (const host of plan.hosts) {
		if (stopped) {
			results.push(skipped(host));
			continue;
		}
		const result = await applyHost(plan, host, options.transports.get(host.transport), now, emit);
		results.push(result);
		if (result.status === 'failed') stopped = true;
	}
	return {ok: !stopped, preflight: [], hosts: results, changedHosts: results.filter(r => r.status === 'applied').map(r => r.host)};
}

const skipped = (host: HostPlan): HostResult => ({host: host.host, status: host.steps.length === 0 ? 'unchanged' : 'skipped', steps: host.steps.map(s => ({id: s.id, description: s.description, status: 'skipped' as const})), durationMs: 0});

/** Applies one host's steps with its journal; on failure undoes what was done. */
export async function applyHost(plan: ApplyPlan, host: HostPlan, transport: Transport, now: () => Date, emit: (e: ApplyEvent) => void): Promise<HostResult> {
	const started = Date.now();
	if (host.steps.length === 0) {
		emit({type: 'host:done', host: host.host, status: 'unchanged'});
		return {host: host.host, status: 'unchanged', steps: [], durationMs: 0};
	}
	emit({type: 'host:start', host: host.host, steps: host.steps.length});
	const journal: Journal = newJournal(plan, host, now());
	let journalPath: string;
	try {
		journalPath = await writeJournal(transport, journal);
	} catch (error) {
		const failure: StepFailure = {step: `${host.host}#journal`, description: (error as Error).message, output: ''};
		emit({type: 'host:done', host: host.host, status: 'failed'});
		return {host: host.host, status: 'failed', steps: host.steps.map(s => ({id: s.id, description: s.description, status: 'skipped'})), failure, durationMs: Date.now() - started};
	}
	const save = async () => {
		try {
			await writeJournal(transport, journal);
		} catch {
			// the journal is best effort after the first write; the result still says what happened
		}
	};
	for (const step of host.steps) {
		emit({type: 'step:start', host: host.host, step: step.id, description: step.description});
		try {
			const {undo, detail} = await executeStep(transport, step);
			journal.steps.push({id: step.id, kind: step.kind, description: step.description, argv: step.argv, undo, status: 'done', at: now().toISOString()});
			if (step.kind === 'install-packages') journal.installed = [...(journal.installed ?? []), ...step.packages];
			await save();
			emit({type: 'step:done', host: host.host, step: step.id, description: step.description, status: 'done', ...(detail ? {detail} : {})});
		} catch (error) {
			const e = error instanceof StepError ? error : new StepError((error as Error).message);
			const failure: StepFailure = {step: step.id, description: `${step.description}: ${e.message}`, ...(e.argv ? {argv: e.argv} : {}), ...(e.exitCode !== undefined ? {exitCode: e.exitCode} : {}), output: e.output};
			journal.steps.push({id: step.id, kind: step.kind, description: step.description, argv: step.argv, undo: step.undo, status: 'failed', at: now().toISOString(), error: `${e.message}${e.output ? `\n${e.output}` : ''}`});
			emit({type: 'step:done', host: host.host, step: step.id, description: step.description, status: 'failed', detail: e.message});
			await save();
			const undoFailures = await undoAll(transport, host.host, journal.steps, emit);
			journal.status = undoFailures.length === 0 ? 'rolled-back' : 'failed';
			journal.finishedAt = now().toISOString();
			if (undoFailures.length === 0) journal.rolledBackAt = journal.finishedAt;
			await save();
			emit({type: 'host:done', host: host.host, status: 'failed'});
			const byId = new Map(journal.steps.map(s => [s.id, s.status]));
			return {
				host: host.host,
				status: 'failed',
				steps: host.steps.map(s => ({id: s.id, description: s.description, status: byId.get(s.id) ?? 'skipped'})),
				journal: journalPath,
				failure,
				...(undoFailures.length > 0 ? {undoFailures} : {}),
				durationMs: Date.now() - started,
			};
		}
	}
	journal.status = 'applied';
	journal.finishedAt = now().toISOString();
	await save();
	emit({type: 'host:done', host: host.host, status: 'applied'});
	return {host: host.host, status: 'applied', steps: host.steps.map(s => ({id: s.id, description: s.description, status: 'done'})), journal: journalPath, durationMs: Date.now() - started};
}
