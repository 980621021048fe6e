import {defineCollector} from '../define-collector.js';
import {buildFirewallFacts, type FirewallOutputs} from '../../parse/firewall.js';
import {failureLine} from '../../transport/failure.js';

/**
The packet filter as the kernel has it: `nft -j list ruleset`, `iptables-save` (and legacy
iptables when present), firewalld's zones — merged into one model the evaluator can ask "is VRRP
accepted on this interface?".
*/
export default defineCollector({
	fact: 'firewall.ruleset',
	title: 'nftables / iptables / firewalld rules',
	requires: {anyOf: ['nft', 'iptables-save', 'firewall-cmd'], root: true},
	async collect({run, tools, host}) {
		const outputs: FirewallOutputs = {};
		const evidence: string[] = [];
		const notes: string[] = [];
		if (tools.nft) {
			const r = await run(['nft', '-j', 'list', 'ruleset'], {timeoutMs: 10_000});
			evidence.push(r.id);
			if (r.exitCode === 0) outputs.nftJson = r.stdout.trim() === '' ? '{"nftables":[]}' : r.stdout;
			else notes.push(`nft -j list ruleset failed: ${failureLine(r)}`);
		} else notes.push('nft is not installed');
		if (tools['iptables-save']) {
			const r = await run(['iptables-save'], {timeoutMs: 10_000});
			evidence.push(r.id);
			if (r.exitCode === 0) outputs.iptablesSave = r.stdout;
			else notes.push(`iptables-save failed: ${failureLine(r)}`);
		}
		if (tools['iptables-legacy-save']) {
			const r = await run(['iptables-legacy-save'], {timeoutMs: 10_000});
			evidence.push(r.id);
			if (r.exitCode === 0 && r.stdout.trim() !== '') outputs.iptablesLegacySave = r.stdout;
		}
		if (tools['firewall-cmd']) {
			const state = await run(['firewall-cmd', '--state'], {timeoutMs: 10_000});
			evidence.push(state.id);
			outputs.firewalldState = state.stdout.trim() || state.stderr.trim();
			if (state.stdout.trim() === 'running') {
				const zones = await run(['firewall-cmd', '--list-all-zones'], {timeoutMs: 15_000});
				evidence.push(zones.id);
				if (zones.exitCode === 0) outputs.firewalldListAll = zones.stdout;
			}
		}
		if (outputs.nftJson === undefined && outputs.iptablesSave === undefined && outputs.firewalldListAll === undefined) {
			return {unavailable: `no firewall listing could be read on ${host.name}: ${notes.join('; ') || 'no tool answered'}`, evidence};
		}
		try {
			const facts = buildFirewallFacts(outputs);
			if (notes.length > 0) facts.notes = [...(facts.notes ?? []), ...notes];
			return {value: facts, evidence};
		} catch (error) {
			return {unavailable: `cannot read the firewall listing of ${host.name}: ${(error as Error).message}`, evidence};
		}
	},
});
