import {execFileSync} from 'node:child_process';

/** Whether this process may create network namespaces (root). */
export const canUseNetns = process.getuid?.() === 0 && (() => {
	try {
		execFileSync('ip', ['netns', 'list'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

/** A unique namespace name with this area's prefix (`lbwc-`). */
export function nsName(tag: string): string {
	return `lbwc-${tag}-${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.slice(0, 15);
}

/** Runs a command, throwing with its stderr on failure (test setup only). */
export function sh(argv: string[], input?: string): string {
	return execFileSync(argv[0], argv.slice(1), {encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe']});
}

/** Deletes namespaces and /etc/netns dirs, ignoring what is already gone. */
export function removeNamespaces(names: string[]): void {
	for (const name of names) {
		try {
			execFileSync('ip', ['netns', 'del', name], {stdio: 'ignore'});
		} catch {}
		try {
			execFileSync('rm', ['-rf', '--', `/etc/netns/${name}`], {stdio: 'ignore'});
		} catch {}
	}
}
