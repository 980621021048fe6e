/**
The data of `lbwiz setup --apply`: the plan (steps per host, each with its undo), the journal a
host keeps of what was applied, and the results. Everything here is plain JSON: the plan is
printed and handed to the wizard, the journal is written on the host and read back by
`lbwiz rollback` without the topology.
*/

/** What a step does. */
export type StepKind = 'install-packages' | 'write-file' | 'sysctl' | 'lo-vip' | 'firewall' | 'service-enable' | 'service-reload' | 'service-start';

/** How a daemon is managed on a host: systemd units, SysV init scripts, or started directly by lbwiz with a pid file. */
export type ServiceManager = 'systemd' | 'sysv' | 'none';

/** The daemons lbwiz starts and reloads. */
export type Daemon = 'keepalived' | 'haproxy';

/** Which validator checks a file before it replaces anything. */
export type Validator = 'keepalived' | 'haproxy';

/** Paths a daemon started without an init system uses on its host (per host: hosts may share /run, /tmp, /var/log). */
export type DirectDaemon = {
	daemon: Daemon;
	config: string;
	pidFile: string;
	/** keepalived's VRRP and checker children (`-r`, `-c`) */
	extraPidFiles?: string[];
	runDir: string;
	/** keepalived's redirected console log (HAProxy logs through its `log` lines) */
	logFile?: string;
	/** directories the daemon needs (HAProxy's stats socket directory, keepalived's TMPDIR) */
	dirs: string[];
	/** the full argv that starts it (printed in the plan and the journal) */
	argv: string[];
};

/** A daemon and how it is managed, as recorded for reloads and rollbacks. */
export type ServiceRef = {
	name: string;
	manager: ServiceManager;
	daemon?: Daemon;
	/** the daemon's config (reloads after a rollback only when it still exists) */
	config?: string;
	/** SysV: how start links are made (RHEL chkconfig, Debian update-rc.d) */
	rcTool?: 'chkconfig' | 'update-rc.d';
	direct?: DirectDaemon;
};

/** One firewall rule lbwiz adds so VRRP from a peer is accepted. */
export type FirewallChange =
	| {backend: 'nftables'; family: string; table: string; chain: string; peer: string; dst: string; /** filled in when applied */ handle?: number}
	| {backend: 'iptables'; command: 'iptables' | 'iptables-legacy'; table: string; chain: string; peer: string; dst: string}
	| {backend: 'firewalld'; zone?: string; rule: string; runtime: boolean; permanent: boolean};

/** How to revert one applied step; kept in the journal. */
export type Undo =
	| {kind: 'restore-file'; path: string; backup: string}
	| {kind: 'remove-file'; path: string}
	| {kind: 'sysctl'; key: string; value: string}
	| {kind: 'remove-address'; address: string; dev: string}
	| {kind: 'firewall'; change: FirewallChange}
	| {kind: 'service-stop'; service: ServiceRef; /** the pid lbwiz started (manager none) */ pid?: number}
	| {kind: 'service-disable'; service: ServiceRef}
	/** reload after the files are restored, if the daemon still runs */
	| {kind: 'service-reload'; service: ServiceRef}
	| {kind: 'none'; reason: string};

type StepBase = {
	/** `<host>#<n>`, stable within a plan */
	id: string;
	host: string;
	description: string;
	/** the commands, as an operator would type them (argv arrays) */
	argv: string[][];
	undo: Undo;
};

/** A file to write, validated first when it is a daemon config. */
export type WriteFileStep = StepBase & {
	kind: 'write-file';
	path: string;
	content: string;
	/** mode of the new file (an existing file keeps its mode, plus execute bits the rendered file needs) */
	mode: number;
	existed: boolean;
	previousMode?: number;
	validate?: Validator;
	/** unified diff lines (old → new), secrets not yet redacted */
	diff: string[];
	/** where the old file is copied before it is replaced */
	backup?: string;
};

export type SysctlStep = StepBase & {kind: 'sysctl'; key: string; value: string; previous?: string};
export type LoVipStep = StepBase & {kind: 'lo-vip'; address: string; label: string; /** TUN: ipip module and tunl0 up first */ tunnel: boolean};
export type FirewallStep = StepBase & {kind: 'firewall'; change: FirewallChange};
export type ServiceStep = StepBase & {kind: 'service-enable' | 'service-start' | 'service-reload'; service: ServiceRef; /** the main pid when running (manager none) */ pid?: number};
export type InstallStep = StepBase & {kind: 'install-packages'; packageManager: 'apt-get' | 'dnf' | 'yum'; packages: string[]};

/** One change on one host. */
export type PlanStep = WriteFileStep | SysctlStep | LoVipStep | FirewallStep | ServiceStep | InstallStep;

/** Where a host stands in the apply order. */
export type HostRole = 'real-server' | 'backup' | 'master' | 'director' | 'other';

/** Everything lbwiz will do on one host, in order. */
export type HostPlan = {
	host: string;
	transport: string;
	role: HostRole;
	/** e.g. `BACKUP, priority 90` */
	roleLabel: string;
	steps: PlanStep[];
	/** things the operator should know (not blocking) */
	notes: string[];
	/** what prevents applying to this host (unreachable, not root, tool missing…) */
	problems: string[];
	/** how each daemon is managed here */
	managers: Partial<Record<Daemon, ServiceManager>>;
};

/** The whole plan, hosts in apply order (real servers, BACKUPs, MASTER last). */
export type ApplyPlan = {
	runId: string;
	cluster: string;
	/** the topology file */
	file: string;
	createdAt: string;
	hosts: HostPlan[];
};

/** Status of a step in a journal. */
export type StepStatus = 'done' | 'failed' | 'undone' | 'undo-failed';

/** One journal entry: the step as applied. */
export type JournalStep = {
	id: string;
	kind: StepKind;
	description: string;
	argv: string[][];
	undo: Undo;
	status: StepStatus;
	at: string;
	/** output of a failed step or undo */
	error?: string;
};

/** What a host keeps in /var/lib/lbwiz/journal/<host>/<run-id>.json. */
export type Journal = {
	schemaVersion: 1;
	tool: {name: 'lbwiz'; version: string};
	runId: string;
	host: string;
	cluster: string;
	file: string;
	role: HostRole;
	startedAt: string;
	finishedAt?: string;
	status: 'in-progress' | 'applied' | 'failed' | 'rolled-back';
	rolledBackAt?: string;
	steps: JournalStep[];
	/** packages lbwiz installed (never removed by rollback) */
	installed?: string[];
};

/** A failed command, with what it printed. */
export type StepFailure = {step: string; description: string; argv?: string[]; exitCode?: number; output: string};

/** What happened on one host. */
export type HostResult = {
	host: string;
	status: 'unchanged' | 'applied' | 'failed' | 'skipped';
	steps: Array<{id: string; description: string; status: StepStatus | 'skipped'}>;
	journal?: string;
	failure?: StepFailure;
	/** undo steps that failed while rolling the host back */
	undoFailures?: StepFailure[];
	durationMs: number;
};

/** Progress of an apply or a rollback, for the CLI, the wizard and logs. */
export type ApplyEvent =
	| {type: 'preflight:start'; host: string}
	| {type: 'preflight:done'; host: string; ok: boolean; detail?: string}
	| {type: 'host:start'; host: string; steps: number}
	| {type: 'step:start'; host: string; step: string; description: string}
	| {type: 'step:done'; host: string; step: string; description: string; status: StepStatus; detail?: string}
	| {type: 'undo:start'; host: string; step: string; description: string}
	| {type: 'undo:done'; host: string; step: string; ok: boolean; detail?: string}
	| {type: 'host:done'; host: string; status: HostResult['status']};
