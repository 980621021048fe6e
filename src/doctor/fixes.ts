/**
Builders for the fixes checks propose, so every check words and shapes them the same way: starting a
daemon through the host's init system (or, without one, from its defaults file), setting sysctls at runtime (safe) and persistently, and config
edits at file:line (never automatic: the operator reviews them).
*/
import type {ProcessInfo, ServiceDefaults} from '../collect/types.js';
import {splitShellWords} from '../parse/keepalived-log-sources.js';
import type {Facts} from './facts.js';
import type {Fix} from './report-model.js';
import type {Pos} from './config-view.js';

/** Commands that start (or restart) a daemon with the host's init system; undefined without one. */
export function serviceCommands(facts: Facts, host: string, name: 'keepalived' | 'haproxy', action: 'start' | 'restart' | 'reload'): string[][] | undefined {
	const init = facts.init(host, name);
	if (init === 'systemd') return [['systemctl', action, name]];
	if (init === 'sysv') return [['service', name, action]];
	return undefined;
}

/** The validation command for a daemon's config on its host. */
export function validateCommand(name: 'keepalived' | 'haproxy', configPath: string | undefined): string[] {
	return name === 'keepalived' ? ['keepalived', '-t', '-f', configPath ?? '/etc/keepalived/keepalived.conf'] : ['haproxy', '-c', '-f', configPath ?? '/etc/haproxy/haproxy.cfg'];
}

/** How a host without an init system runs a daemon, read from its defaults file (see `daemonRecipe`). */
export type DaemonRecipe = {
	name: 'keepalived' | 'haproxy';
	/** the defaults file it came from */
	path: string;
	/** the daemon's own options (keepalived: DAEMON_ARGS without -n; haproxy: -f CONFIG EXTRAOPTS) */
	args: string[];
	/** the other assignments, passed in the environment (systemd's EnvironmentFile= does the same) */
	env: Array<[string, string]>;
	/** where its console output goes (LBWIZ_KEEPALIVED_LOG / LBWIZ_HAPROXY_LOG) */
	output?: string;
	/** the pid file that tells whether it already runs */
	pidFile: string;
	configPath?: string;
};

/** lbwiz's variable for the file a daemon's output goes to on a host without an init system. */
export const OUTPUT_VARIABLE = {keepalived: 'LBWIZ_KEEPALIVED_LOG', haproxy: 'LBWIZ_HAPROXY_LOG'} as const;

const CONSUMED = new Set(['DAEMON_ARGS', 'KEEPALIVED_OPTIONS', 'CONFIG', 'PIDFILE', 'EXTRAOPTS', ...Object.values(OUTPUT_VARIABLE)]);

/** The value of a keepalived option in argv (`-p FILE`, `-pFILE`, `--pid=FILE`, `--pid FILE`). */
function optionValue(args: readonly string[], short: string, long: string): string | undefined {
	let value: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === `-${short}` || arg === `--${long}`) value = args[++i];
		else if (arg.startsWith(`--${long}=`)) value = arg.slice(long.length + 3);
		else if (arg.startsWith(`-${short}`) && !arg.startsWith('--')) value = arg.slice(2);
	}
	return value;
}

/**
A daemon's start recipe from its defaults file: keepalived's DAEMON_ARGS (or Red Hat's KEEPALIVED_OPTIONS)
without `-n`, haproxy's CONFIG, PIDFILE and EXTRAOPTS (Debian's unit runs `haproxy -f $CONFIG -p $PIDFILE
$EXTRAOPTS`), the other assignments as environment. A `problem` when the file needs a shell to be read.
*/
export function daemonRecipe(file: ServiceDefaults): DaemonRecipe | {problem: string} {
	if (file.unparsed?.length) return {problem: `${file.path} has lines lbwiz does not run without a shell (line ${file.unparsed.map(u => u.line).join(', ')}: ${file.unparsed[0].text})`};
	const words = (value: string | undefined) => splitShellWords(value ?? '');
	const env = Object.entries(file.vars).filter(([key]) => !CONSUMED.has(key));
	const output = file.vars[OUTPUT_VARIABLE[file.name]] || undefined;
	if (file.name === 'keepalived') {
		const args = words(file.vars.DAEMON_ARGS ?? file.vars.KEEPALIVED_OPTIONS).filter(a => a !== '-n' && a !== '--dont-fork');
		const configPath = optionValue(args, 'f', 'use-file');
		return {name: 'keepalived', path: file.path, args, env, ...(output ? {output} : {}), pidFile: optionValue(args, 'p', 'pid') ?? '/run/keepalived.pid', ...(configPath ? {configPath} : {})};
	}
	const configPath = file.vars.CONFIG || '/etc/haproxy/haproxy.cfg';
	return {name: 'haproxy', path: file.path, args: ['-f', configPath, ...words(file.vars.EXTRAOPTS)], env, ...(output ? {output} : {}), pidFile: file.vars.PIDFILE || '/run/haproxy.pid', configPath};
}

/** The daemon in the foreground (keepalived -n, haproxy -db): what a supervisor (or the lab) runs. */
export function foregroundArgv(recipe: DaemonRecipe): [string, ...string[]] {
	return recipe.name === 'keepalived' ? ['keepalived', '-n', ...recipe.args] : ['haproxy', '-db', ...recipe.args];
}

/**
HAProxy's options for the foreground: `-db` (no background) and `-d` (debug, foreground too). Left out
where HAProxy forks by itself (`-D`: no start-stop-daemon to detach it, and `-sf` reloads). HAProxy
1.8 to 3.x already let a command-line `-D` override them (haproxy.c: "command line daemon mode inhibits
foreground and debug modes"; 2.6.12 here returns at once from `haproxy -D -f CFG -db`), so this does not
change what runs today; it keeps the argv saying what happens, and a version that let `-db` win would
otherwise leave the fix's command in the foreground until its timeout killed it and the new HAProxy
with it. The other `-d…` options (`-de`, `-dV`, `-dr`…) only tune how it runs and are kept.
*/
const HAPROXY_FOREGROUND = new Set(['-d', '-db']);

/**
The command that starts a recipe's daemon in the background: with an output file and a
`start-stop-daemon` that has `--output`, the foreground daemon detached with its output in that
file; otherwise the daemon forks by itself (keepalived without -n, haproxy -D without -d/-db) and its
console output is lost. start-stop-daemon decides whether it already runs from the pid file AND the
program: `--exec PATH` (the process in the pid file must run that file; `program` is where the probe
found it, and the daemon is started from that same path) or, when that is not known, `--name` (its
process name). The pid file alone is not enough: a stale one whose pid now belongs to another program
makes start-stop-daemon start nothing. A program name alone would match any host's daemon, since
network namespaces share the PID namespace. `/usr/bin/env` sets the environment (and, without a
path, finds the program on PATH, which `--startas` does not).
*/
export function backgroundArgv(recipe: DaemonRecipe, options: {startStopDaemon?: boolean; program?: string}): string[] {
	const env = recipe.env.map(([key, value]) => `${key}=${value}`);
	if (recipe.output && options.startStopDaemon) {
		const program = options.program?.startsWith('/') ? options.program : undefined;
		const [name, ...args] = foregroundArgv(recipe);
		const match = program ? ['--exec', program] : ['--name', name];
		return ['start-stop-daemon', '--start', '--background', '--output', recipe.output, '--pidfile', recipe.pidFile, ...(recipe.name === 'haproxy' ? ['--make-pidfile'] : []), ...match, '--startas', '/usr/bin/env', '--', ...env, program ?? name, ...args];
	}
	const prefix = env.length > 0 ? ['env', ...env] : [];
	return recipe.name === 'keepalived' ? [...prefix, 'keepalived', ...recipe.args] : [...prefix, 'haproxy', '-D', '-p', recipe.pidFile, ...recipe.args.filter(arg => !HAPROXY_FOREGROUND.has(arg))];
}

/**
Removes a daemon's pid files that name no live process of that daemon (`sh -c SCRIPT lbwiz-pidfiles
NAME FILE…`, names as positional parameters): a file whose pid is gone, unreadable, or now another
program's (compared by /proc/PID/comm, which a replaced binary keeps). keepalived refuses to start
("daemon is already running") while any of its pid files names a live pid, whatever runs there: a
stale file whose pid was reused would keep it stopped while start-stop-daemon, which only starts it,
reports success.
*/
export const STALE_PIDFILES_SCRIPT = 'name=$1; shift; for f; do [ -f "$f" ] || continue; pid=; read -r pid 2>/dev/null < "$f"; comm=; case $pid in ""|*[!0-9]*) ;; *) read -r comm 2>/dev/null < "/proc/$pid/comm";; esac; [ "$comm" = "$name" ] && continue; rm -f -- "$f" && echo "removed $f: pid ${pid:-none} is not $name${comm:+ (it is $comm)}"; done; exit 0';

/**
keepalived's pid files, which it reads before starting: the parent's, and its VRRP, checkers and BFD
children's (`-r`/`--vrrp_pid`, `-c`/`--checkers_pid`, `-b`/`--bfd_pid`, else /run/vrrp.pid,
/run/checkers.pid, /run/bfd.pid as keepalived 2.x names them).
*/
export function keepalivedPidFiles(recipe: DaemonRecipe): string[] {
	const child = (short: string, long: string, file: string) => optionValue(recipe.args, short, long) ?? `/run/${file}`;
	return [recipe.pidFile, child('r', 'vrrp_pid', 'vrrp.pid'), child('c', 'checkers_pid', 'checkers.pid'), child('b', 'bfd_pid', 'bfd.pid')];
}

/**
Starts a stopped daemon: validate its config, then start it through systemd / SysV (safe). Without an
init system, the host's defaults file (/etc/default/NAME, /etc/sysconfig/NAME) says how it runs: the
daemon is started from it (safe; keepalived's stale pid files removed first, see `STALE_PIDFILES_SCRIPT`).
Without one the fix says how, but is not applied automatically. Whether it runs afterwards is not
taken from the commands' exit status (start-stop-daemon --background cannot see the daemon fail):
`doctor --fix` re-reads the host's processes and re-runs the check.
*/
export function startServiceFix(facts: Facts, host: string, name: 'keepalived' | 'haproxy'): Fix {
	const configPath = facts.get(host, name === 'keepalived' ? 'keepalived.config' : 'haproxy.config')?.mainPath;
	const start = serviceCommands(facts, host, name, 'start');
	if (start) {
		return {host, description: `check ${name}'s configuration, then start ${name}`, commands: [validateCommand(name, configPath), ...start], safe: true};
	}
	const defaults = facts.get(host, 'service.defaults');
	const file = facts.init(host, name) === 'none' ? defaults?.files.find(f => f.name === name) : undefined;
	const recipe = file ? daemonRecipe(file) : undefined;
	if (recipe && !('problem' in recipe)) {
		const logged = recipe.output && defaults?.startStopDaemon ? `, output to ${recipe.output}` : recipe.output ? ` (no start-stop-daemon with --output here: its console output, meant for ${recipe.output}, is lost)` : '';
		return {
			host,
			description: `no init system manages ${name} on ${host}: check the configuration, then start ${name} as ${recipe.path} describes${logged}`,
			commands: [
				validateCommand(name, recipe.configPath ?? configPath),
				...(recipe.name === 'keepalived' ? [['sh', '-c', STALE_PIDFILES_SCRIPT, 'lbwiz-pidfiles', 'keepalived', ...keepalivedPidFiles(recipe)]] : []),
				backgroundArgv(recipe, {startStopDaemon: defaults?.startStopDaemon, program: facts.programPath(host, name)}),
			],
			safe: true,
		};
	}
	const direct = name === 'keepalived' ? ['keepalived', '-f', configPath ?? '/etc/keepalived/keepalived.conf'] : ['haproxy', '-D', '-f', configPath ?? '/etc/haproxy/haproxy.cfg'];
	const why = recipe && 'problem' in recipe ? recipe.problem : `no /etc/default/${name} or /etc/sysconfig/${name} says how this host runs it`;
	return {
		host,
		description: `no init system manages ${name} on ${host} and ${why}: check the configuration, then start ${name} the way this host normally starts it (for example as below)`,
		commands: [validateCommand(name, configPath), direct],
		safe: false,
	};
}

/** The sysctl key for an interface (`eth0.100` → `eth0/100`, as sysctl spells it). */
export const sysctlInterface = (ifname: string): string => ifname.replaceAll('.', '/');

/**
Sets sysctls now (`sysctl -w`: safe, `--fix` applies it) and proposes the persistent drop-in under
/etc/sysctl.d/ (one file per purpose, so fixes never overwrite each other) as a second fix that is not
applied automatically: writing /etc is left to the operator (and, in a lab namespace, /etc may be the
host's own).
*/
export function sysctlFixes(host: string, settings: Array<[key: string, value: string]>, dropIn: string, description: string): Fix[] {
	return [
		{host, description, commands: settings.map(([key, value]) => ['sysctl', '-w', `${key}=${value}`]), safe: true},
		{
			host,
			description: `keep it after a reboot: write /etc/sysctl.d/${dropIn}`,
			writes: [{path: `/etc/sysctl.d/${dropIn}`, content: `# written by lbwiz doctor: ${description}\n${settings.map(([key, value]) => `${key} = ${value}`).join('\n')}\n`, mode: 0o644}],
		},
	];
}

/** A config edit at a position (reviewed by the operator, never applied by --fix). */
export function configFix(host: string, pos: Pos | undefined, change: string, description: string, commands?: string[][]): Fix {
	return {host, description, ...(pos ? {file: pos.file, line: pos.line} : {}), change, ...(commands ? {commands} : {})};
}

/**
A daemon's live processes on a host (its own network namespace), the parent (keepalived's, HAProxy's
master) first: the process list comes in /proc's glob order, where pid 10001 sorts before 9990.
*/
export function daemonProcesses(facts: Facts, host: string, comm: 'keepalived' | 'haproxy'): ProcessInfo[] {
	const live = facts.get(host, 'process.list')?.filter(p => p.comm === comm && p.state !== 'Z') ?? [];
	const pids = new Set(live.map(p => p.pid));
	const isChild = (p: ProcessInfo) => p.ppid !== undefined && pids.has(p.ppid);
	return [...live.filter(p => !isChild(p)), ...live.filter(isChild)];
}

/** After a keepalived.conf edit: validate, then reload: SIGHUP to the parent, which reloads its children (commands only; the edit itself is manual). */
export function keepalivedReloadCommands(facts: Facts, host: string): string[][] {
	const configPath = facts.get(host, 'keepalived.config')?.mainPath;
	const pid = daemonProcesses(facts, host, 'keepalived')[0]?.pid;
	return [validateCommand('keepalived', configPath), ...(serviceCommands(facts, host, 'keepalived', 'reload') ?? (pid ? [['kill', '-HUP', String(pid)]] : []))];
}
