/**
A test host: lbwiz's file commands and shell scripts (stat, stage, commit, backup, restore, the
transports' atomic write, cat, rm, mktemp…) run for real through the local transport, with every
absolute path moved under a temp root; the system-wide state (sysctls, addresses on lo, systemd
units, the validators, the firewall) is simulated in memory and every argv is recorded.
*/
import {existsSync, readFileSync} from 'node:fs';
import {runLocal} from '../../../src/transport/local.js';
import {readFileVia, writeFileVia} from '../../../src/transport/file-ops.js';
import type {RunOptions, RunResult, Transport} from '../../../src/transport/transport.js';
import {FIND_DAEMON_SCRIPT, PROBE_SCRIPT, RC_ENABLED_SCRIPT, SIGNAL_SCRIPT, START_SCRIPT, WAIT_PIDFILE_SCRIPT} from '../../../src/apply/scripts.js';

/** Programs run for real (paths moved under the root). */
const REAL = new Set(['cat', 'test', 'rm', 'mktemp', 'ls', 'mkdir', 'cp', 'mv', 'tail']);
const SIMULATED_SCRIPTS = new Set([PROBE_SCRIPT, FIND_DAEMON_SCRIPT, SIGNAL_SCRIPT, START_SCRIPT, WAIT_PIDFILE_SCRIPT, RC_ENABLED_SCRIPT]);

export type Unit = {running: boolean; enabled: boolean};

export type RootedHostOptions = {
	tools?: string[];
	sysctls?: Record<string, string>;
	units?: Record<string, Unit>;
	/** return a result to make a command fail (or answer differently) */
	override?: (argv: string[]) => Partial<RunResult> | undefined;
	iptablesSave?: string;
};

const result = (argv: readonly string[], r: Partial<RunResult>): RunResult => ({argv: [...argv], exitCode: 0, stdout: '', stderr: '', timedOut: false, failed: (r.exitCode ?? 0) !== 0, durationMs: 1, ...r});

/** A host rooted at `root` (a temp directory). */
export class RootedHost implements Transport {
	readonly spec: string;
	readonly log: string[][] = [];
	readonly tools: string[];
	readonly sysctls: Record<string, string>;
	readonly units: Record<string, Unit>;
	lo: string[] = ['127.0.0.1'];

	constructor(
		readonly root: string,
		private readonly options: RootedHostOptions = {},
		spec = 'ssh://root@fake',
	) {
		this.spec = spec;
		this.tools = options.tools ?? ['keepalived', 'haproxy', 'ip', 'sysctl', 'systemctl', 'iptables-save', 'apt-get', 'setsid'];
		this.sysctls = {...options.sysctls};
		this.units = structuredClone(options.units ?? {});
	}

	/** The path of a host file on this machine. */
	path(hostPath: string): string {
		return `${this.root}${hostPath}`;
	}

	/** A host file's content, undefined when missing. */
	read(hostPath: string): string | undefined {
		return existsSync(this.path(hostPath)) ? readFileSync(this.path(hostPath), 'utf8') : undefined;
	}

	/** Commands run so far, joined with spaces (scripts shown by their $0). */
	commands(): string[] {
		return this.log.map(argv => (argv[0] === 'sh' && argv[1] === '-c' ? [argv[3], ...argv.slice(4)] : argv).join(' '));
	}

	async run(argv: readonly [string, ...string[]], options: RunOptions): Promise<RunResult> {
		this.log.push([...argv]);
		const forced = this.options.override?.([...argv]);
		if (forced) return result(argv, forced);
		const [program, ...args] = argv;
		if (program === 'sh' && args[0] === '-c') {
			if (SIMULATED_SCRIPTS.has(args[1])) return this.script(argv, args[1], args.slice(3));
			return this.real(['sh', '-c', args[1], args[2], ...args.slice(3).map(a => this.mapArg(a))], options);
		}
		if (REAL.has(program)) return this.real([program, ...args.map(a => this.mapArg(a))], options);
		if (!this.tools.includes(program)) return result(argv, {exitCode: 127, spawnError: 'ENOENT', stderr: `${program}: command not found`});
		switch (program) {
			case 'sysctl':
				return this.sysctl(argv, args);
			case 'ip':
				return this.ip(argv, args);
			case 'systemctl':
				return this.systemctl(argv, args);
			case 'keepalived':
			case 'haproxy':
				return this.validate(argv, program, args);
			case 'iptables-save':
				return result(argv, {stdout: this.options.iptablesSave ?? '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n'});
			default:
				return result(argv, {});
		}
	}

	readFile(path: string, options?: {maxBytes?: number; timeoutMs?: number}) {
		return readFileVia(this, path, options);
	}

	writeFile(path: string, data: string, options?: {mode?: number; timeoutMs?: number}) {
		return writeFileVia(this, path, data, options);
	}

	async close(): Promise<void> {}

	private mapArg(arg: string): string {
		return arg.startsWith('/') ? this.path(arg) : arg;
	}

	private async real(argv: [string, ...string[]], options: RunOptions): Promise<RunResult> {
		const r = await runLocal(argv, options);
		const strip = (s: string) => s.split(this.root).join('');
		return {...r, stdout: strip(r.stdout), stderr: strip(r.stderr)};
	}

	private script(argv: readonly string[], text: string, args: string[]): RunResult {
		if (text === PROBE_SCRIPT) {
			const systemd = this.tools.includes('systemctl') ? 'systemd yes\n' : '';
			return result(argv, {stdout: `uid 0\n${systemd}netns net:[4026531840]\n${args.filter(t => this.tools.includes(t)).map(t => `tool ${t} /usr/sbin/${t}`).join('\n')}\n`});
		}
		if (text === RC_ENABLED_SCRIPT) return result(argv, {stdout: 'no\n'});
		return result(argv, {stdout: 'pidfile \n'});
	}

	private sysctl(argv: readonly string[], args: string[]): RunResult {
		if (args[0] === '-w') {
			const [key, value] = args[1].split('=');
			if (!(key in this.sysctls)) return result(argv, {exitCode: 255, stderr: `sysctl: cannot stat /proc/sys/${key.replaceAll('.', '/')}: No such file or directory`});
			this.sysctls[key] = value;
			return result(argv, {stdout: `${key} = ${value}\n`});
		}
		const keys = args.filter(a => !a.startsWith('-'));
		return result(argv, {stdout: keys.filter(k => k in this.sysctls).map(k => `${k} = ${this.sysctls[k]}\n`).join('')});
	}

	private ip(argv: readonly string[], args: string[]): RunResult {
		if (args.join(' ') === '-j addr show dev lo') {
			return result(argv, {stdout: JSON.stringify([{ifname: 'lo', operstate: 'UNKNOWN', flags: ['LOOPBACK', 'UP'], link_type: 'loopback', addr_info: this.lo.map(local => ({family: 'inet', local, prefixlen: local === '127.0.0.1' ? 8 : 32}))}])});
		}
		if (args[0] === 'addr' && (args[1] === 'replace' || args[1] === 'add')) {
			const address = args[2].split('/')[0];
			if (!this.lo.includes(address)) this.lo.push(address);
			return result(argv, {});
		}
		if (args[0] === 'addr' && args[1] === 'del') {
			const address = args[2].split('/')[0];
			if (!this.lo.includes(address)) return result(argv, {exitCode: 2, stderr: 'RTNETLINK answers: Cannot assign requested address'});
			this.lo = this.lo.filter(a => a !== address);
			return result(argv, {});
		}
		return result(argv, {});
	}

	private systemctl(argv: readonly string[], args: string[]): RunResult {
		const [verb, name] = args;
		const unit = name ? (this.units[name] ??= {running: false, enabled: false}) : undefined;
		switch (verb) {
			case 'is-enabled':
				return result(argv, {stdout: unit!.enabled ? 'enabled\n' : 'disabled\n', exitCode: unit!.enabled ? 0 : 1});
			case 'is-active':
				return result(argv, {stdout: unit!.running ? 'active\n' : 'inactive\n', exitCode: unit!.running ? 0 : 3});
			case 'enable':
			case 'disable':
				unit!.enabled = verb === 'enable';
				return result(argv, {});
			case 'start':
			case 'stop':
				unit!.running = verb === 'start';
				return result(argv, {});
			case 'reload':
				return unit!.running ? result(argv, {}) : result(argv, {exitCode: 1, stderr: `${name}.service is not active, cannot reload.`});
			default:
				return result(argv, {});
		}
	}

	/** keepalived -t -f F / haproxy -c -f F: rejects a file containing INVALID; keepalived -t exits 0 on a missing file, as the real one does. */
	private validate(argv: readonly string[], program: string, args: string[]): RunResult {
		const file = args[args.indexOf('-f') + 1];
		const text = existsSync(this.path(file)) ? readFileSync(this.path(file), 'utf8') : undefined;
		if (text === undefined) return program === 'keepalived' ? result(argv, {exitCode: 0, stderr: `Config files missing '${file}'.\n`}) : result(argv, {exitCode: 1, stderr: `[ALERT] Cannot open configuration file/directory ${file} : No such file or directory\n`});
		const line = text.split('\n').findIndex(l => l.includes('INVALID'));
		if (line === -1) return result(argv, {stdout: program === 'haproxy' ? 'Configuration file is valid\n' : ''});
		return program === 'keepalived'
			? result(argv, {exitCode: 5, stderr: `(${file}: Line ${line + 1}) Unknown keyword 'INVALID'\n`})
			: result(argv, {exitCode: 1, stderr: `[ALERT] config : parsing [${file}:${line + 1}] : unknown keyword 'INVALID' in 'global' section\n`});
	}
}
