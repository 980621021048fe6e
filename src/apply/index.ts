/**
`lbwiz setup --apply` and `lbwiz rollback` as a service: plan (desired vs current state per host),
apply (preflight validation, backups, atomic writes, journal, per-host rollback on failure),
verify (the doctor on the cluster), roll back from the journal.
*/
export {planApply, planHostSteps, undoCommands, TransportPool, type PlanApplyOptions, type PlanContext} from './plan.js';
export {applyPlan, applyHost, preflightHost, executeStep, executeUndo, undoAll, validateFile, StepError, type ApplyOptions, type ApplyResult, type ValidationResult} from './apply.js';
export {desiredHosts, orderForApply, VRRP_GROUP, type DesiredHost, type DesiredFile} from './desired.js';
export {readCurrent, serviceManagerFor, type CurrentHost, type CurrentFile, type CurrentService} from './current.js';
export {planFirewall, firewalldRules, RULE_COMMENT, type FirewallDecision, type FirewalldState} from './firewall.js';
export {findRollback, rollbackHosts, rollbackOrder, type RollbackCandidate, type RollbackResult, type RollbackTarget} from './rollback.js';
export {verifyCluster, vipHolders, waitForVipHolders, type Verification, type VerifyOptions} from './verify.js';
export {listJournals, readJournal, writeJournal, journalHosts, JournalError} from './journal.js';
export {formatApplyPlan, formatApplyResult, formatEvent, formatHostPlan, formatRollbackPlan, formatRollbackResult, displayCommand} from './format.js';
export {journalPath, backupPath, hostRunDir, hostLogDir, newRunId, STATE_ROOT, RUN_ROOT, LOG_ROOT} from './paths.js';
export type * from './types.js';
