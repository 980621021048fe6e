/**
A check is shaped like an ESLint rule: `meta` plus one pure `evaluate` over facts. No I/O, no clock.
*/
import type {FactKey} from '../collect/types.js';
import type {EvidenceRef, Fix, Severity} from './report-model.js';
import type {Facts} from './facts.js';

export type CheckMeta = {
	id: string; // 'area.kebab-name', equal to its path under checks/
	title: string;
	severity: Severity;
	/** 'host' checks are called once per host with `host` set; 'cluster' once. */
	scope: 'host' | 'cluster';
	/** facts without which the check cannot decide: missing → skipped with the collector's reason */
	needs: FactKey[];
	/** optional extra evidence */
	uses?: FactKey[];
	/** check ids this check's findings can explain (root-cause links) */
	explains?: string[];
	messages: Record<string, string>; // '{{placeholder}}' templates
	/** one-paragraph explanation shown with each finding */
	explanation: string;
	deprecated?: {replacedBy: string};
	/**
	Host roles the check is about (optional; default: every host). A host-scope check runs only on hosts with
	one of these roles, and `needs` are looked up only on them, so a real server without keepalived is not
	reported as "skipped: no keepalived.config".
	*/
	appliesTo?: CheckRole[];
};

/** Roles the doctor infers for a host (see Facts.roles). */
export type CheckRole = 'director' | 'realserver' | 'haproxy' | 'client';

export type ReportInput = {
	messageId: string;
	data?: Record<string, string | number>;
	host?: string;
	/** overrides meta.severity for this finding (e.g. split brain in one case is warning) */
	severity?: Severity;
	evidence: EvidenceRef[];
	fix: Fix[];
	/** finer linking: this finding explains findings of these checks on these hosts only */
	explainsHosts?: string[];
	/** what the finding is about, for key-based linking (e.g. 'server:203.0.113.21:80', 'vip:203.0.113.100') */
	key?: string;
	/** finest linking: explains only symptoms whose `key` is listed (symptoms without a key fall back to hosts) */
	explainsKeys?: string[];
};

export type CheckContext = {
	facts: Facts;
	host?: string; // for scope 'host'
	report(input: ReportInput): void;
	/** the check could not decide for a reason of its own (beyond missing `needs`); `host` for one host of a cluster check */
	skip(reason: string, host?: string): void;
};

export type Check = {meta: CheckMeta; evaluate(context: CheckContext): void};

/** Identity function that types a check module. */
export const defineCheck = (check: Check): Check => check;
