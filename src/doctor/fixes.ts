/**
Builders for the fixes checks propose, so every check words and shapes them the same way: starting a
daemon through the host's init system, setting sysctls at runtime (safe) and persistently, and config
edits at file:line (never automatic: the operator reviews them).
*/
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

/**
Starts a stopped daemon: validate its config, then start it through systemd / SysV (safe). Without an
init system the fix says how, but is not applied automatically.
*/
export function startServiceFix(facts: Facts, host: string, name: 'keepalived' | 'haproxy'): Fix {
	const configPath = facts.get(host, name === 'keepalived' ? 'keepalived.config' : 'haproxy.config')?.mainPath;
	const start = serviceCommands(facts, host, name, 'start');
	if (start) {
		return {host, description: `check ${name}'s configuration, then start ${name}`, commands: [validateCommand(name, configPath), ...start], safe: true};
	}
	const direct = name === 'keepalived' ? ['keepalived', '-f', configPath ?? '/etc/keepalived/keepalived.conf'] : ['haproxy', '-D', '-f', configPath ?? '/etc/haproxy/haproxy.cfg'];
	return {
		host,
		description: `no init system manages ${name} on ${host}: check the configuration, then start ${name} the way this host normally starts it (for example as below)`,
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

/** After a keepalived.conf edit: validate, then reload (commands only; the edit itself is manual). */
export function keepalivedReloadCommands(facts: Facts, host: string): string[][] {
	const configPath = facts.get(host, 'keepalived.config')?.mainPath;
	const pid = facts.get(host, 'process.list')?.find(p => p.comm === 'keepalived' && p.state !== 'Z')?.pid;
	return [validateCommand('keepalived', configPath), ...(serviceCommands(facts, host, 'keepalived', 'reload') ?? (pid ? [['kill', '-HUP', String(pid)]] : []))];
}
