import {defineCheck} from '../../src/doctor/define-check.js';

/**
The doctor merges every director's keepalived log into one timeline by timestamp. A host whose clock is
not synchronized shifts its events: "who became MASTER first" may read backwards. (keepalived ≥ 2.4's
HMAC authentication also rejects adverts beyond a clock-skew window.)
*/
export default defineCheck({
	meta: {
		id: 'host.clock-unsynchronized',
		title: 'A host\'s clock is not synchronized',
		severity: 'info',
		scope: 'host',
		appliesTo: ['director', 'haproxy'],
		needs: ['clock.sync'],
		messages: {
			unsynchronized: '{{host}}\'s clock is not synchronized ({{source}}): its log times may be off, read the merged timeline with care',
		},
		explanation:
			'Incident timelines compare timestamps from several hosts. Without NTP (chrony, systemd-timesyncd, ntpd) clocks drift by seconds per day, enough to misorder a failover. keepalived 2.4+ with HMAC authentication also rejects adverts whose timestamp is outside its skew window ("stale authentication trailer … clock skew").',
	},
	evaluate({facts, host, report}) {
		const sync = facts.get(host!, 'clock.sync')!;
		if (sync.synchronized !== false) return;
		report({messageId: 'unsynchronized', data: {host: host!, source: sync.source}, evidence: facts.refs(host!, 'clock.sync', /synchronized|Leap|System clock|NTP/i, {max: 3}), fix: [{host: host!, description: 'enable time synchronization (chrony or systemd-timesyncd)', commands: [['timedatectl', 'set-ntp', 'true']]}]});
	},
});
