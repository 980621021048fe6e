/**
lbwiz's entry point. Never imports React/Ink: each command is loaded lazily by name, so
`--version`, `--help`, `lint` and `doctor --json` start fast.
*/
import {VERSION} from './version.js';
import type {Command, CommandIo} from './commands/command.js';

/** Explicit registry (bundle-friendly: no readdir at run time). */
export const commands: Record<string, {summary: string; load: () => Promise<{default: Command}>}> = {
	setup: {summary: 'Plan, render and (with --apply) apply a load-balancer setup from lbwiz.yaml or a wizard', load: () => import('./commands/setup.js')},
	doctor: {summary: 'Diagnose a keepalived / LVS / HAProxy cluster: root cause first, with evidence and fixes', load: () => import('./commands/doctor.js')},
	collect: {summary: 'Collect facts from every host into one JSON bundle (secrets redacted)', load: () => import('./commands/collect.js')},
	report: {summary: 'Write an incident report (Markdown, HTML, JSON) from a collected bundle', load: () => import('./commands/report.js')},
	lint: {summary: 'Check keepalived.conf / haproxy.cfg files offline (file:line:col diagnostics)', load: () => import('./commands/lint.js')},
	import: {summary: 'Write the lbwiz.yaml that describes existing keepalived.conf / haproxy.cfg files', load: () => import('./commands/import.js')},
	lab: {summary: 'Build a real test cluster in network namespaces; break and heal it (root only)', load: () => import('./commands/lab.js')},
	rollback: {summary: 'Restore the files and state a previous `setup --apply` replaced', load: () => import('./commands/rollback.js')},
};

export const mainHelp = () => `lbwiz ${VERSION} — set up and diagnose keepalived / LVS / HAProxy load balancers

Usage: lbwiz <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}

Options:
  -h, --help     Show help (also: lbwiz <command> --help)
  -V, --version  Print the version

Examples:
  lbwiz doctor --demo                          Diagnose a recorded incident (no cluster needed)
  lbwiz doctor                                 Diagnose this host and the peers it finds
  lbwiz doctor --topology lbwiz.yaml --json    Diagnose every host of a topology, as JSON
  lbwiz lint /etc/keepalived/keepalived.conf   Find typos, deprecated keywords and VRRP mistakes
  lbwiz setup --answers lbwiz.yaml --out out/  Render every host's files for review
  sudo lbwiz lab up                            Build a practice cluster in network namespaces
`;

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
	const [first, ...rest] = argv;
	if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
		if (first === 'help' && rest[0] && commands[rest[0]]) return main([rest[0], '--help'], io);
		io.stdout.write(mainHelp());
		return first === undefined ? 2 : 0;
	}
	if (first === '-V' || first === '--version' || first === 'version') {
		io.stdout.write(`${VERSION}\n`);
		return 0;
	}
	const entry = commands[first];
	if (!entry) {
		const near = Object.keys(commands).find(name => name.startsWith(first.slice(0, 2)));
		io.stderr.write(`lbwiz: unknown command '${first}'${near ? `; did you mean '${near}'?` : ''}\nRun 'lbwiz --help' for the list of commands.\n`);
		return 2;
	}
	const command = (await entry.load()).default;
	if (rest.includes('--help') || rest.includes('-h')) {
		io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
		return 0;
	}
	try {
		return await command.run(rest, io);
	} catch (error) {
		// loaded here, not at start-up: the command's module has already loaded it (the same instance)
		const {UsageError} = await import('./commands/command.js');
		if (error instanceof UsageError || (error as {code?: string}).code?.startsWith?.('ERR_PARSE_ARGS')) {
			io.stderr.write(`lbwiz ${first}: ${(error as Error).message}\nRun 'lbwiz ${first} --help' for usage.\n`);
			return error instanceof UsageError ? error.exitCode : 2;
		}
		io.stderr.write(`lbwiz ${first}: internal error: ${(error as Error).message}\n`);
		if (io.env.LBWIZ_DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
		return 70;
	}
}

const isEntry = process.argv[1] && /(?:cli\.ts|lbwiz(?:\.m?js)?)$/.test(process.argv[1]);
if (isEntry) {
	// `lbwiz doctor --demo | head`: end quietly when the reader goes away, like other Unix tools.
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
			throw error;
		});
	}
	const io: CommandIo = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd()};
	main(process.argv.slice(2), io).then(code => {
		process.exitCode = code;
	});
}
