/**
The ssh transport: the system OpenSSH client with BatchMode (never prompts), a connect timeout and
connection multiplexing (ControlMaster=auto, a ControlPath in a private temp dir, ControlPersist),
so dozens of commands reuse one connection. The remote side runs the command through the login
shell, so the argv is POSIX-quoted (sh-quote.ts); `sudo -n` is prepended when the login is not root.
*/
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {classifyFailure} from './failure.js';
import {readFileVia, writeFileVia} from './file-ops.js';
import {LocalTransport} from './local.js';
import {shJoin} from './sh-quote.js';
import type {RunOptions, RunResult, Transport} from './transport.js';

/** Where and how to connect. */
export type SshTarget = {host: string; user?: string; port?: number};

/** Knobs of the ssh client; all optional. */
export type SshOptions = {
	connectTimeoutSeconds?: number;
	/** seconds the master connection stays after the last command */
	controlPersistSeconds?: number;
	/** a directory for the control socket (default: a fresh private temp dir, removed on close) */
	controlDir?: string;
	identityFile?: string;
	/** extra `-o KEY=VALUE` options (e.g. `UserKnownHostsFile=…`) */
	options?: string[];
	/** false: never prepend `sudo -n`; true: always; default: when the login is not root */
	sudo?: boolean;
	/** the transport that runs `ssh` itself (default: local) */
	via?: Transport;
	ssh?: string;
};

const rejectDash = (what: string, value: string) => {
	if (value.startsWith('-')) throw new Error(`invalid ssh ${what} '${value}': must not start with '-'`);
};

/** `ssh://[user@]host[:port]` */
export function sshSpec(target: SshTarget): string {
	const host = target.host.includes(':') ? `[${target.host}]` : target.host;
	return `ssh://${target.user ? `${target.user}@` : ''}${host}${target.port ? `:${target.port}` : ''}`;
}

/** The remote command line: `[sudo -n] env LC_ALL=C [K=V…] argv…`, POSIX-quoted. */
export function remoteCommand(argv: readonly string[], options: {sudo: boolean; env?: Record<string, string>}): string {
	const env = Object.entries({LC_ALL: 'C', ...options.env}).map(([k, v]) => {
		if (!/^[A-Za-z_]\w*$/.test(k)) throw new Error(`invalid environment variable name '${k}'`);
		return `${k}=${v}`;
	});
	return shJoin([...(options.sudo ? ['sudo', '-n'] : []), 'env', ...env, ...argv]);
}

/** The full local argv that runs `remote` on the target through ssh. */
export function sshArgv(target: SshTarget, controlPath: string, remote: string, options: SshOptions = {}): [string, ...string[]] {
	rejectDash('host', target.host);
	if (target.user !== undefined) rejectDash('user', target.user);
	const argv: [string, ...string[]] = [
		options.ssh ?? 'ssh',
		'-o', 'BatchMode=yes',
		'-o', `ConnectTimeout=${options.connectTimeoutSeconds ?? 10}`,
		'-o', 'ControlMaster=auto',
		'-o', `ControlPath=${controlPath}`,
		'-o', `ControlPersist=${options.controlPersistSeconds ?? 60}`,
		'-o', 'ServerAliveInterval=15',
		'-o', 'LogLevel=ERROR',
	];
	if (options.identityFile) argv.push('-i', options.identityFile, '-o', 'IdentitiesOnly=yes');
	for (const option of options.options ?? []) argv.push('-o', option);
	if (target.port !== undefined) argv.push('-p', String(target.port));
	if (target.user !== undefined) argv.push('-l', target.user);
	argv.push('--', target.host, remote);
	return argv;
}

/** `ssh://[user@]host[:port]` */
export class SshTransport implements Transport {
	readonly spec: string;
	private controlDir?: string;
	private readonly ownsControlDir: boolean;
	private readonly via: Transport;
	private loginIsRoot?: Promise<boolean>;

	constructor(
		readonly target: SshTarget,
		private readonly options: SshOptions = {},
	) {
		rejectDash('host', target.host);
		if (target.user !== undefined) rejectDash('user', target.user);
		this.spec = sshSpec(target);
		this.ownsControlDir = options.controlDir === undefined;
		this.controlDir = options.controlDir;
		this.via = options.via ?? new LocalTransport();
	}

	/** The control socket path (`%C` is a hash of host, port and user: short enough for a socket); the private dir is made on first use. */
	get controlPath(): string {
		this.controlDir ??= mkdtempSync(join(tmpdir(), 'lbwiz-ssh-'));
		return join(this.controlDir, '%C');
	}

	private async needsSudo(options: RunOptions): Promise<boolean> {
		if (options.sudo === false || this.options.sudo === false) return false;
		return !(await this.isRoot());
	}

	/** Whether the login is root (from the spec's user; asked once with `id -u` when no user is given). */
	isRoot(): Promise<boolean> {
		if (this.target.user !== undefined) return Promise.resolve(this.target.user === 'root');
		this.loginIsRoot ??= this.rawRun(['id', '-u'], {timeoutMs: (this.options.connectTimeoutSeconds ?? 10) * 1000 + 5000}, false).then(r => r.exitCode === 0 && r.stdout.trim() === '0');
		return this.loginIsRoot;
	}

	private async rawRun(argv: readonly string[], options: RunOptions, sudo: boolean): Promise<RunResult> {
		const remote = remoteCommand(argv, {sudo, env: options.env});
		const result = await this.via.run(sshArgv(this.target, this.controlPath, remote, this.options), {...options, env: undefined, sudo: undefined});
		return classifyFailure({...result, argv: [...argv]}, 'ssh');
	}

	async run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult> {
		return this.rawRun(argv, options, await this.needsSudo(options));
	}

	readFile(path: string, options?: {maxBytes?: number; timeoutMs?: number}) {
		return readFileVia(this, path, options);
	}

	writeFile(path: string, data: string, options?: {mode?: number; timeoutMs?: number}) {
		return writeFileVia(this, path, data, options);
	}

	/** Stops the master connection and removes the private control directory. */
	async close(): Promise<void> {
		if (this.controlDir === undefined) return;
		const argv: [string, ...string[]] = [this.options.ssh ?? 'ssh', '-o', `ControlPath=${this.controlPath}`, '-O', 'exit'];
		if (this.target.port !== undefined) argv.push('-p', String(this.target.port));
		if (this.target.user !== undefined) argv.push('-l', this.target.user);
		argv.push('--', this.target.host);
		await this.via.run(argv, {timeoutMs: 5000});
		if (this.ownsControlDir) rmSync(this.controlDir, {recursive: true, force: true});
		this.controlDir = this.ownsControlDir ? undefined : this.controlDir;
	}
}
