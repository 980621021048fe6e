/**
DoctorReport: the one contract between evaluate and present. Formatters (text, JSON, Markdown, HTML)
and the Ink views take this object and nothing else. Versioned: bump `schemaVersion` on breaking changes
and document them in docs/json-schema.md.
*/
import type {VrrpAdvert, VrrpTransition, HaproxyStatRow, IpvsService, Evidence} from '../collect/types.js';

export const REPORT_SCHEMA_VERSION = 1;
export type Severity = 'critical' | 'warning' | 'info';

/** A concrete remedy on one host: commands to run, and/or a config change at file:line. */
export type Fix = {
	host: string;
	description: string;
	commands?: string[][]; // argv arrays; shown shell-quoted
	file?: string;
	line?: number;
	change?: string; // human-readable config change, e.g. 'set auth_pass to the value used on lb1'
	/** safe for `doctor --fix` to apply automatically (after confirmation) */
	safe?: boolean;
	/** files to write (whole content, atomically) when the fix is applied, e.g. a persistent sysctl.d drop-in */
	writes?: Array<{path: string; content: string; mode?: number}>;
};

/** A pointer to what a finding relied on: recorded command output lines or a config position. */
export type EvidenceRef = {evidenceId?: string; host?: string; file?: string; line?: number; excerpt?: string; note?: string};

export type Finding = {
	id: string; // unique within the report, e.g. 'F3'
	check: string; // 'vrrp.auth-mismatch'
	severity: Severity;
	host?: string; // absent for cluster-wide findings
	title: string;
	message: string;
	explanation: string;
	evidence: EvidenceRef[];
	fix: Fix[];
	/** ids of findings that explain this one (root-cause links) */
	caused_by: string[];
	/** convenience inverse of caused_by */
	explains?: string[];
	doc: string; // docs/checks/<id>.md
};

export type HostSummary = {
	name: string;
	spec: string;
	roles: Array<'director' | 'realserver' | 'haproxy' | 'client' | 'unknown'>;
	reachable: boolean;
	/** worst severity of findings on this host, or 'ok' */
	health: Severity | 'ok' | 'unknown';
	vips?: string[];
	vrrpState?: string;
	keepalivedVersion?: string;
	haproxyVersion?: string;
};

export type DoctorReport = {
	schemaVersion: typeof REPORT_SCHEMA_VERSION;
	tool: {name: 'lbwiz'; version: string};
	generatedAt: string;
	cluster: {name: string; vips: string[]};
	source: {kind: 'live' | 'bundle' | 'demo'; bundle?: string; scenario?: string; captureSeconds: number};
	hosts: HostSummary[];
	findings: Finding[]; // root causes first, then symptoms, each by severity
	skipped: Array<{check: string; host?: string; reason: string}>;
	/** evidence cited by findings (redacted unless --no-redact) */
	evidence: Record<string, Evidence>;
	timeline: Array<VrrpTransition & {host: string}>;
	adverts: Array<Omit<VrrpAdvert, 'auth'> & {host: string; authFingerprint?: string}>;
	haproxy: Array<{host: string; rows: HaproxyStatRow[]}>;
	ipvs: Array<{host: string; services: IpvsService[]}>;
	summary: {critical: number; warning: number; info: number; rootCauses: string[]; exitCode: 0 | 1 | 2 | 3};
	/** checks evaluated (after --only/--skip), for "N checks passed" lines */
	checksRun?: string[];
	/** why the doctor could not run or could only partly run (e.g. no host reachable) */
	errors?: string[];
	/** addresses the configs and captures name (peers, real servers, advert sources) that were not collected */
	peers?: Array<{address: string; seenAs: string[]; suggestion: string}>;
};
