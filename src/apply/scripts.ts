/**
The few shell scripts `setup --apply` runs on hosts. Each is constant text run as
`sh -c SCRIPT NAME ARG…`: paths, modes, pids and names are positional parameters, never spliced
into the script, so no value from a topology is ever parsed by a shell. They use only POSIX sh
and coreutils/busybox commands.
*/

/** argv for one script with its positional arguments (`$0` is the name shown in `ps`). */
export const script = (text: string, name: string, ...args: string[]): [string, ...string[]] => ['sh', '-c', text, name, ...args];

/**
What a host is: uid, init system, its network namespace, and which tools exist. `$@` = tools to look for.
Prints `uid N`, `systemd yes`, `netns net:[…]`, `initd NAME`, `tool NAME PATH` lines.
*/
export const PROBE_SCRIPT = [
	'echo "uid $(id -u)"',
	'[ -d /run/systemd/system ] && echo "systemd yes"',
	'echo "netns $(readlink /proc/self/ns/net 2>/dev/null)"',
	'for f in /etc/init.d/keepalived /etc/init.d/haproxy /etc/rc.d/init.d/keepalived /etc/rc.d/init.d/haproxy; do [ -x "$f" ] && echo "initd ${f##*/}"; done',
	'for c; do p=$(command -v "$c" 2>/dev/null) && echo "tool $c $p"; done',
	'exit 0',
].join('\n');

/** For each path in `$@`: `file MODE UID GID PATH` or `missing PATH`. */
export const STAT_SCRIPT = [
	'for f; do',
	'  if [ -f "$f" ]; then echo "file $(stat -c "%a %u %g" -- "$f") $f"',
	'  elif [ -e "$f" ]; then echo "other $f"',
	'  else echo "missing $f"; fi',
	'done',
].join('\n');

/** `$1` → `$2` with mode, owner and times (`cp -p`), the backup directory created 0700. */
export const BACKUP_SCRIPT = [
	'set -eu',
	'src=$1; dst=$2',
	'dir=$(dirname -- "$dst")',
	'(umask 077; mkdir -p -- "$dir")',
	'cp -p -- "$src" "$dst"',
	'cmp -s -- "$src" "$dst"',
].join('\n');

/**
Writes stdin to a new temp file beside `$1` (same filesystem, so the later rename is atomic) with
mode `$2` and, when `$1` exists, its owner. Creates the directory when missing (`mkdir-created DIR`).
Prints `staged TMP`.
*/
export const STAGE_SCRIPT = [
	'set -eu',
	'target=$1; mode=$2',
	'dir=$(dirname -- "$target")',
	'if [ ! -d "$dir" ]; then mkdir -p -- "$dir"; echo "mkdir-created $dir"; fi',
	'tmp=$(mktemp "$dir/.lbwiz-new.XXXXXX")',
	'cat > "$tmp" || { rm -f -- "$tmp"; exit 1; }',
	'if [ -e "$target" ]; then chown -- "$(stat -c %u:%g -- "$target")" "$tmp" 2>/dev/null || :; fi',
	'chmod -- "$mode" "$tmp"',
	'echo "staged $tmp"',
].join('\n');

/**
Moves the staged `$1` over `$2` (atomic rename). A target that is a mount point (a bind-mounted
config, an /etc/netns file overlay) cannot be renamed over: it is then written in place, and said so.
*/
export const COMMIT_SCRIPT = [
	'set -eu',
	'tmp=$1; target=$2',
	'if mv -f -- "$tmp" "$target" 2>/dev/null; then exit 0; fi',
	'echo "lbwiz: $target cannot be replaced by rename (mount point?); written in place" >&2',
	'cat -- "$tmp" > "$target"',
	'rm -f -- "$tmp"',
].join('\n');

/** Puts backup `$1` back at `$2`: copied beside the target first (mode and owner kept), then renamed over it. */
export const RESTORE_SCRIPT = [
	'set -eu',
	'backup=$1; target=$2',
	'dir=$(dirname -- "$target")',
	'mkdir -p -- "$dir"',
	'tmp=$(mktemp "$dir/.lbwiz-restore.XXXXXX")',
	"trap 'rm -f -- \"$tmp\"' EXIT",
	'cp -p -- "$backup" "$tmp"',
	'if ! mv -f -- "$tmp" "$target" 2>/dev/null; then cat -- "$tmp" > "$target"; fi',
	'trap - EXIT',
].join('\n');

/**
A daemon's processes in this network namespace (the PID namespace may be shared with other hosts:
`pidof` would see theirs). `$1` = pid file, `$2` = command name. Prints `proc PID PPID ARGS…` for
each live process named `$2` whose /proc/PID/ns/net is ours, then `pidfile CONTENT`.
*/
export const FIND_DAEMON_SCRIPT = [
	'pf=$1; comm=$2',
	'self=$(readlink /proc/self/ns/net)',
	'for d in /proc/[0-9]*; do',
	'  [ "$(cat "$d/comm" 2>/dev/null)" = "$comm" ] || continue',
	'  [ "$(readlink "$d/ns/net" 2>/dev/null)" = "$self" ] || continue',
	'  st=$(cat "$d/stat" 2>/dev/null) || continue',
	'  set -- ${st##*) }',
	'  [ "$1" = Z ] && continue',
	'  echo "proc ${d#/proc/} $2 $(tr "\\000" " " < "$d/cmdline" 2>/dev/null)"',
	'done',
	'own=',
	'[ -r "$pf" ] && own=$(head -n 1 -- "$pf" 2>/dev/null)',
	'echo "pidfile $own"',
	'exit 0',
].join('\n');

/**
Starts a daemon in the background in its own session, stdin from /dev/null, stdout and stderr
appended to `$1`; `$2` is its runtime directory (created with a `tmp` inside for keepalived's
dumps); the rest is the daemon's argv. Prints `started PID`.
*/
export const START_SCRIPT = [
	'set -eu',
	'log=$1; dir=$2; shift 2',
	'mkdir -p -- "$dir/tmp" "$(dirname -- "$log")"',
	'if command -v setsid >/dev/null 2>&1; then setsid "$@" >>"$log" 2>&1 </dev/null &',
	'else "$@" >>"$log" 2>&1 </dev/null &',
	'fi',
	'echo "started $!"',
].join('\n');

/**
Sends signal `$1` to pid `$2` only if it is still `$3` (comm) in this network namespace; with
`$1` = TERM it then waits up to 5 s and sends KILL. Exit 3: not that process any more.
*/
export const SIGNAL_SCRIPT = [
	'sig=$1; pid=$2; comm=$3',
	'same() { [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ] && [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" = "$(readlink /proc/self/ns/net)" ] && ! grep -q "^[^)]*) Z" "/proc/$pid/stat" 2>/dev/null; }',
	'same || { echo "pid $pid is not $comm in this network namespace (already gone?)" >&2; exit 3; }',
	'kill -s "$sig" "$pid"',
	'[ "$sig" = TERM ] || exit 0',
	'i=0',
	'while same && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
	'same && kill -s KILL "$pid"',
	'exit 0',
].join('\n');

/** `yes` when a SysV start link `S??$1` exists in a runlevel 2-5 directory (Debian and RHEL layouts), else `no`. */
export const RC_ENABLED_SCRIPT = [
	'for l in /etc/rc[2345].d/S* /etc/rc.d/rc[2345].d/S*; do',
	'  case "${l##*/}" in S[0-9][0-9]"$1") echo yes; exit 0;; esac',
	'done',
	'echo no',
].join('\n');

/** Waits (≤ `$1` tenths of a second) until pid file `$2` names a live process called `$3` in this network namespace; prints its pid. */
export const WAIT_PIDFILE_SCRIPT = [
	'tenths=$1; pf=$2; comm=$3',
	'self=$(readlink /proc/self/ns/net)',
	'i=0',
	'while [ $i -lt "$tenths" ]; do',
	'  pid=$(head -n 1 -- "$pf" 2>/dev/null || :)',
	'  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ] && [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" = "$self" ]; then echo "$pid"; exit 0; fi',
	'  sleep 0.1; i=$((i+1))',
	'done',
	'echo "no live $comm in pid file $pf" >&2',
	'exit 1',
].join('\n');
