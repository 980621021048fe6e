import {appendFileSync} from 'node:fs';

/**
`LBWIZ_DEBUG_EXIT=FILE`: explains a terminal UI whose work is over but whose process does not end.
Call it once the view is gone (Ink unmounted, connections closed): it notes that in FILE, then, once a
second for as long as the process still runs, what is active in Node's event loop
(`process.getActiveResourcesInfo()`: Timeout, ProcessWrap, PipeWrap…; the terminal's own stdout and
stderr show as two TTYWrap and do not hold the process), and last the exit status. Its timer is
unref'd, so it never keeps the process alive itself; without the variable it does nothing.

@example
```
$ LBWIZ_DEBUG_EXIT=/tmp/exit.log lbwiz setup
$ cat /tmp/exit.log
2026-11-23T19:20:01.112Z pid 4242 setup wizard: done (status 0); waiting for the process to end
2026-11-23T19:20:01.140Z pid 4242 setup wizard: process exits with status 0
```
*/
export function watchExit(what: string, code: number, env: NodeJS.ProcessEnv = process.env): void {
	const file = env.LBWIZ_DEBUG_EXIT;
	if (!file) return;
	const started = Date.now();
	const note = (text: string) => {
		try {
			appendFileSync(file, `${new Date().toISOString()} pid ${process.pid} ${what}: ${text}\n`);
		} catch {
			// a debugging aid: an unwritable file must not change how the command ends
		}
	};
	note(`done (status ${code}); waiting for the process to end`);
	const timer = setInterval(() => {
		const alive = process.getActiveResourcesInfo();
		note(`still running ${((Date.now() - started) / 1000).toFixed(1)} s later; active: ${alive.length > 0 ? alive.join(', ') : 'nothing Node reports'}`);
	}, 1000);
	timer.unref();
	process.once('exit', status => note(`process exits with status ${status}`));
}
