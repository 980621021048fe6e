/**
Commands that act on a host's running HAProxy, built from the collected facts (process list, service
state, config, defaults file) as argv: never a shell substitution like `$(cat PIDFILE)`.
*/
import {parseHaproxy} from '../parse/haproxy/index.js';
import type {Facts} from './facts.js';
import {backgroundArgv, daemonProcesses, daemonRecipe, serviceCommands, validateCommand} from './fixes.js';

/** The value of a short option in argv (`-p FILE` or `-pFILE`), last one wins. */
function shortOption(args: readonly string[], option: string): string | undefined {
	let value: string | undefined;
	for (let i = 1; i < args.length; i++) {
		if (args[i] === option) value = args[++i];
		else if (args[i].startsWith(option) && args[i].length > option.length && !args[i].startsWith('--')) value = args[i].slice(option.length);
	}
	return value;
}

/** The global section of the host's main haproxy.cfg, when collected. */
function haproxyGlobal(facts: Facts, host: string) {
	const config = facts.get(host, 'haproxy.config');
	const main = config?.files.find(f => f.path === config.mainPath);
	return main ? parseHaproxy(main.content, {file: main.path}).config.global : undefined;
}

/**
After an haproxy.cfg edit: validate it, then reload HAProxy. With systemd or SysV, their reload. Without
an init system: a master-worker HAProxy (`-W`/`-Ws` in its argv, or `master-worker` in global) reloads
on SIGUSR2 to its master; otherwise a new daemon takes over from the running processes
(`haproxy -D -f CFG -p PIDFILE -sf PID…`), the pids read from the collected process list. With a
defaults file for that config, it runs as the file says (its PIDFILE and EXTRAOPTS without the
foreground options `-d`/`-db`, see `backgroundArgv`; not through
start-stop-daemon, which refuses to start while the old HAProxy holds that pid file). Without one, the
pid file is the one the running HAProxy was started with, else the config's `pidfile`; `-p` is left
out when none is known (a made-up path may be another host's in a network namespace, where /run is
shared). Only validation when HAProxy is not running: starting it is service.haproxy-down's fix.
*/
export function haproxyReloadCommands(facts: Facts, host: string, configPath: string | undefined): string[][] {
	const validate = validateCommand('haproxy', configPath);
	const reload = serviceCommands(facts, host, 'haproxy', 'reload');
	if (reload) return [validate, ...reload];
	const processes = daemonProcesses(facts, host, 'haproxy');
	const pids = processes.length > 0 ? processes.map(p => p.pid) : (facts.get(host, 'service.state')?.find(s => s.name === 'haproxy')?.pids ?? []);
	if (pids.length === 0) return [validate];
	const global = haproxyGlobal(facts, host);
	const master = processes[0];
	if (master && (master.args.some(arg => arg === '-W' || arg === '-Ws') || global?.masterWorker)) return [validate, ['kill', '-USR2', String(master.pid)]];
	const file = facts.init(host, 'haproxy') === 'none' ? facts.get(host, 'service.defaults')?.files.find(f => f.name === 'haproxy') : undefined;
	const recipe = file ? daemonRecipe(file) : undefined;
	const takeOver = ['-sf', ...pids.map(String)];
	if (recipe && !('problem' in recipe) && (configPath === undefined || recipe.configPath === configPath)) return [validate, [...backgroundArgv(recipe, {}), ...takeOver]];
	const pidFile = (master ? shortOption(master.args, '-p') : undefined) ?? global?.pidfile?.value;
	return [validate, ['haproxy', '-D', '-f', configPath ?? '/etc/haproxy/haproxy.cfg', ...(pidFile ? ['-p', pidFile] : []), ...takeOver]];
}
