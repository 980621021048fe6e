/**
readFile / writeFile built on `run` only, so they behave the same through every transport
(local, netns, ssh, and any nesting of them).
*/
import type {RunResult, Transport} from './transport.js';

const DEFAULT_READ_TIMEOUT_MS = 10_000;
/** Files larger than this are cut (configs and logs are read with their own limits). */
export const DEFAULT_MAX_READ_BYTES = 8 * 1024 * 1024;

/** Reads a file with `cat` (argv only). `content` is set when the read succeeded. */
export async function readFileVia(
	transport: Pick<Transport, 'run'>,
	path: string,
	options: {maxBytes?: number; timeoutMs?: number} = {},
): Promise<RunResult & {content?: string}> {
	const result = await transport.run(['cat', '--', path], {
		timeoutMs: options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
		maxBuffer: options.maxBytes ?? DEFAULT_MAX_READ_BYTES,
	});
	const readOk = result.exitCode === 0 || (result.truncated === true && !result.spawnError && result.stderr === '');
	return readOk ? {...result, content: result.stdout} : result;
}

/**
The atomic write, run as `sh -c SCRIPT lbwiz-write PATH MODE` with the data on stdin: a temp file
beside the target (same filesystem), the old file's mode and owner kept unless a mode is given
(0644 for a new file), then `mv -f` (in-place write when the target is a mount point). Path and mode are positional parameters, never spliced in.
*/
export const WRITE_SCRIPT = [
	'set -eu',
	'target=$1; mode=$2',
	'dir=$(dirname -- "$target")',
	'tmp=$(mktemp "$dir/.lbwiz-write.XXXXXX")',
	"trap 'rm -f -- \"$tmp\"' EXIT",
	'cat > "$tmp"',
	'if [ -e "$target" ]; then',
	'  owner=$(stat -c %u:%g -- "$target") && chown -- "$owner" "$tmp" 2>/dev/null || :',
	'  if [ -z "$mode" ]; then mode=$(stat -c %a -- "$target"); fi',
	'fi',
	'if [ -z "$mode" ]; then mode=644; fi',
	'chmod -- "$mode" "$tmp"',
	// A target that is itself a mount point (an /etc/netns file overlay, a bind-mounted config)
	// cannot be renamed over (EBUSY): write it in place then, and say so.
	'if ! mv -f -- "$tmp" "$target" 2>/dev/null; then',
	'  echo "lbwiz: $target cannot be replaced by rename (mount point?); written in place" >&2',
	'  cat -- "$tmp" > "$target"',
	'fi',
	'trap - EXIT',
].join('\n');

/** Writes a file atomically through `transport.run` (see WRITE_SCRIPT). */
export async function writeFileVia(
	transport: Pick<Transport, 'run'>,
	path: string,
	data: string,
	options: {mode?: number; timeoutMs?: number} = {},
): Promise<RunResult> {
	if (!path.startsWith('/')) throw new Error(`writeFile needs an absolute path, got '${path}'`);
	const mode = options.mode === undefined ? '' : options.mode.toString(8);
	return transport.run(['sh', '-c', WRITE_SCRIPT, 'lbwiz-write', path, mode], {
		timeoutMs: options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
		input: data,
	});
}
