/**
The doctor's question to the firewall evaluator (src/parse/firewall.ts): is VRRP from these peers
accepted on this interface? Multicast (224.0.0.18) and every unicast destination are asked separately;
the worst answer wins, with the rule that decided it.
*/
import type {FirewallFacts, FirewallRule} from '../collect/types.js';
import {evaluateVrrpInput, type FirewallVerdict} from '../parse/firewall.js';

/** One answer per packet asked about, and the overall one. */
export type VrrpVerdict = {
	accepted: boolean | 'unknown';
	/** the deciding drop rule (or policy pseudo-rule), when dropped */
	rule?: FirewallRule;
	explanation: string;
	verdicts: Array<{dst: string; src?: string; verdict: FirewallVerdict}>;
};

/** Evaluates VRRP input for each (source, destination) pair; `dst` defaults to the multicast group. */
export function evaluateVrrp(ruleset: FirewallFacts, options: {interface?: string; peers?: string[]; unicastTo?: string} = {}): VrrpVerdict {
	const dst = options.unicastTo ?? '224.0.0.18';
	const sources = options.peers && options.peers.length > 0 ? options.peers : [undefined];
	const verdicts = sources.map(src => ({dst, ...(src ? {src} : {}), verdict: evaluateVrrpInput(ruleset, {dst, src, iif: options.interface})}));
	const dropped = verdicts.find(v => v.verdict.verdict === 'drop' || v.verdict.firewalld?.verdict === 'drop');
	if (dropped) {
		const rule = dropped.verdict.verdict === 'drop' ? dropped.verdict.deciding.at(-1) : undefined;
		return {accepted: false, ...(rule ? {rule} : {}), explanation: dropped.verdict.verdict === 'drop' ? dropped.verdict.explanation : `firewalld: ${dropped.verdict.firewalld!.reason}`, verdicts};
	}
	const maybe = verdicts.find(v => v.verdict.verdict === 'maybe' || v.verdict.firewalld?.verdict === 'maybe');
	if (maybe) return {accepted: 'unknown', explanation: maybe.verdict.explanation, verdicts};
	return {accepted: true, explanation: verdicts[0].verdict.explanation, verdicts};
}
