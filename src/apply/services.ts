/**
Starting, reloading, enabling and stopping daemons under each service manager: systemd
(`systemctl`), SysV (`service`, `chkconfig` or `update-rc.d`, as in seed 003), or none, where lbwiz
starts the daemon itself with per-host pid files, TMPDIR and log (network namespaces, containers).
Reloads never drop the VIP or connections: keepalived re-reads its config on SIGHUP; HAProxy
reloads with `systemctl reload` or, without an init system, a new process taking over with `-sf`.
*/
import {posix} from 'node:path';
import {hostLogDir, hostRunDir} from './paths.js';
import {RC_ENABLED_SCRIPT, script, SIGNAL_SCRIPT, START_SCRIPT} from './scripts.js';
import type {Daemon, DirectDaemon, ServiceManager, ServiceRef} from './types.js';

/** The paths and argv of a daemon lbwiz starts itself on `host`. */
export function directDaemon(host: string, daemon: Daemon, config: string, socket?: string): DirectDaemon {
	const runDir = hostRunDir(host);
	if (daemon === 'keepalived') {
		const logFile = posix.join(hostLogDir(host), 'keepalived.log');
		const pidFile = posix.join(runDir, 'keepalived.pid');
		const extra = [posix.join(runDir, 'keepalived-vrrp.pid'), posix.join(runDir, 'keepalived-checkers.pid')];
		const tmp = posix.join(runDir, 'tmp');
		return {
			daemon,
			config,
			pidFile,
			extraPidFiles: extra,
			runDir,
			logFile,
			dirs: [runDir, tmp],
			// -n: stay in the foreground of its own session; -l -D: detailed log to the redirected stderr;
			// -G: no syslog. TMPDIR/KA_TMP_DIR: SIGUSR1/2 dumps per host.
			argv: ['env', `TMPDIR=${tmp}`, `KA_TMP_DIR=${tmp}`, 'keepalived', '-n', '-l', '-D', '-G', '-f', config, '-p', pidFile, '-r', extra[0], '-c', extra[1]],
		};
	}
	const pidFile = posix.join(runDir, 'haproxy.pid');
	return {
		daemon,
		config,
		pidFile,
		runDir,
		dirs: [runDir, ...(socket ? [posix.dirname(socket)] : [])],
		argv: ['haproxy', '-f', config, '-p', pidFile, '-D'],
	};
}

/** The service name of a daemon under a manager (the Debian/RHEL package names). */
export const serviceName = (daemon: Daemon): string => daemon;

/** Commands that make a service start at boot, and their undo. Empty for `none`. */
export function enableCommands(service: ServiceRef): {argv: string[][]; undo: string[][]} {
	if (service.manager === 'systemd') return {argv: [['systemctl', 'enable', service.name]], undo: [['systemctl', 'disable', service.name]]};
	if (service.manager === 'sysv') {
		if (service.rcTool === 'chkconfig') return {argv: [['chkconfig', '--add', service.name], ['chkconfig', service.name, 'on']], undo: [['chkconfig', service.name, 'off']]};
		return {argv: [['update-rc.d', service.name, 'defaults'], ['update-rc.d', service.name, 'enable']], undo: [['update-rc.d', service.name, 'disable']]};
	}
	return {argv: [], undo: []};
}

/** Commands that start a stopped service. */
export function startCommands(service: ServiceRef): string[][] {
	if (service.manager === 'systemd') return [['systemctl', 'start', service.name]];
	if (service.manager === 'sysv') return [['service', service.name, 'start']];
	const d = service.direct!;
	if (d.daemon === 'haproxy') return [['mkdir', '-p', '--', ...d.dirs], d.argv];
	return [script(START_SCRIPT, 'lbwiz-start', d.logFile ?? '/dev/null', d.runDir, ...d.argv)];
}

/** Commands that reload a running service without dropping VIPs or connections (`pid`: the running main process, manager none). */
export function reloadCommands(service: ServiceRef, pid?: number): string[][] {
	if (service.manager === 'systemd') return [['systemctl', 'reload', service.name]];
	if (service.manager === 'sysv') return [['service', service.name, 'reload']];
	const d = service.direct!;
	const target = pid === undefined ? 'PID' : String(pid);
	if (d.daemon === 'keepalived') return [script(SIGNAL_SCRIPT, 'lbwiz-signal', 'HUP', target, 'keepalived')];
	return [['mkdir', '-p', '--', ...d.dirs], [...d.argv, '-sf', target]];
}

/** Commands that stop a service (`pid`: the process lbwiz started, manager none). */
export function stopCommands(service: ServiceRef, pid?: number): string[][] {
	if (service.manager === 'systemd') return [['systemctl', 'stop', service.name]];
	if (service.manager === 'sysv') return [['service', service.name, 'stop']];
	return [script(SIGNAL_SCRIPT, 'lbwiz-signal', 'TERM', pid === undefined ? 'PID' : String(pid), service.direct?.daemon ?? service.name)];
}

/** argv that says whether a SysV service is enabled (`yes`/`no`). */
export const rcEnabledArgv = (name: string) => script(RC_ENABLED_SCRIPT, 'lbwiz-rc-enabled', name);

/** A short label: `systemd`, `SysV init`, `no init system`. */
export const managerLabel = (manager: ServiceManager): string => (manager === 'systemd' ? 'systemd' : manager === 'sysv' ? 'SysV init' : 'no init system');
