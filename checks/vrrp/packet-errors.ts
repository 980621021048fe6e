import {defineCheck} from '../../src/doctor/define-check.js';
import type {EvidenceRef} from '../../src/doctor/report-model.js';

/**
keepalived counts every advert it rejects (SIGUSR2 keepalived.stats) but, from 2.3.3, logs each kind only
once per instance. Counters that grew during the capture window prove adverts are being dropped right
now; the log lines say why (TTL, checksum, version, unicast source, …).
*/
export default defineCheck({
	meta: {
		id: 'vrrp.packet-errors',
		title: 'keepalived is rejecting VRRP adverts',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: [],
		uses: ['keepalived.stats', 'keepalived.log'],
		messages: {
			counters: '{{instance}} on {{host}} rejected adverts during the {{seconds}} s window: {{counters}}',
			logged: '{{host}} logs rejected adverts since keepalived started: {{kinds}}',
		},
		explanation:
			'Every advert keepalived rejects is counted in keepalived.stats (Packet Errors: Length, TTL, Invalid Type, Advertisement Interval, Address List; Authentication Errors: Invalid Type, Type Mismatch, Failure). Rejected adverts are as good as lost: the receiver behaves as if the sender were silent. From 2.3.3 each kind is logged once per instance, so silence in the log does not mean the problem stopped — the counters do.',
	},
	evaluate({facts, host, report, skip}) {
		const stats = facts.get(host!, 'keepalived.stats');
		const log = facts.get(host!, 'keepalived.log');
		if (!stats && !log) {
			skip(`${facts.missingReason(host!, 'keepalived.stats')}; ${facts.missingReason(host!, 'keepalived.log')}`);
			return;
		}
		const errorCounter = /error|fail|mismatch|invalid|length|ttl|address list|interval/i;
		let reported = false;
		for (const [instance, counters] of Object.entries(stats?.instances ?? {})) {
			const bad = Object.entries(counters).filter(([name, value]) => errorCounter.test(name) && !/^(became|released|priority zero)/i.test(name) && value > 0);
			if (bad.length === 0) continue;
			reported = true;
			report({
				messageId: 'counters',
				data: {instance, host: host!, seconds: facts.captureSeconds(host), counters: bad.map(([name, value]) => `${name} +${value}`).join(', ')},
				evidence: facts.refs(host!, 'keepalived.stats', line => bad.some(([name]) => line.trim().toLowerCase().startsWith(`${name.split('.').pop()!.trim().toLowerCase()}:`)), {max: 6}),
				fix: [{host: host!, description: 'the log and a capture show which peer sends the rejected adverts', commands: [['tcpdump', '-nn', '-v', '-c', '10', 'ip', 'proto', '112']]}],
			});
		}
		// counters over the window are authoritative: log lines may describe a problem fixed since
		if (reported || stats) return;
		// a stopped keepalived rejects nothing: its log describes its last run, not the adverts sent now
		if (facts.processRunning(host!, 'keepalived') === false) return;
		const kinds: Array<[RegExp, string]> = [
			[/invalid TTL|TTL\/HL/, 'TTL'],
			[/Invalid VRRPv3 checksum|bad vrrp cksum/i, 'checksum (mixed keepalived versions with unicast VRRPv3: old_unicast_checksum)'],
			[/wrong VRRP version/, 'VRRP version'],
			[/Expected \w+icast packet/, 'unicast/multicast mismatch'],
			[/not a unicast peer/, 'source not in unicast_peer'],
			[/advertisement interval mismatch/, 'advert interval'],
			[/invalid passwd|auth from|Invalid auth type|AH header/, 'authentication'],
			[/not present in|expected \d+ VIPs|unexpected ip number count/, 'VIP list'],
		];
		const found = kinds.filter(([re]) => facts.logLines(host!, re).length > 0);
		if (found.length === 0) return;
		report({
			messageId: 'logged',
			data: {host: host!, kinds: found.map(([, name]) => name).join(', ')},
			evidence: found.map(([re, name]) => facts.logRef(host!, re, name)).filter((r): r is EvidenceRef => r !== undefined),
			fix: [{host: host!, description: 'compare the peers\' VRRP settings (version, interval, VIPs, unicast peers); a capture shows the offending source', commands: [['tcpdump', '-nn', '-v', '-c', '10', 'ip', 'proto', '112']]}],
		});
	},
});
