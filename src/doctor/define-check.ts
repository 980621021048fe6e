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
};

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
};

export type CheckContext = {
	facts: Facts;
	host?: string; // for scope 'host'
	report(input: ReportInput): void;
	/** the check could not decide for a reason of its own (beyond missing `needs`) */
	skip(reason: string): void;
};

export type Check = {meta: CheckMeta; evaluate(context: CheckContext): void};

/** Identity function that types a check module. */
export const defineCheck = (check: Check): Check => check;
