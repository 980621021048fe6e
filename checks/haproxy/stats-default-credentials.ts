import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix} from '../../src/doctor/fixes.js';

/**
The stats page shows every backend and, with `stats admin`, can disable servers. Guides ship it with
`stats auth admin:admin`; left like that, anyone who reaches the port can read (or change) the pool.
The password is compared by fingerprint, so a redacted bundle still decides it.
*/
export default defineCheck({
	meta: {
		id: 'haproxy.stats-default-credentials',
		title: 'HAProxy stats page uses well-known credentials',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['haproxy'],
		needs: ['haproxy.config'],
		messages: {
			wellKnown: 'the stats page of {{proxy}} on {{host}} accepts the well-known login {{user}}:<{{hint}}>',
		},
		explanation:
			'`stats auth USER:PASSWORD` protects HAProxy\'s statistics page. Well-known pairs such as admin:admin (seed 004\'s example) are the first thing a scanner tries; the page reveals every backend address and, with `stats admin if …`, lets the visitor drain or disable servers. Use a generated password, and bind the stats page to a management address only.',
	},
	evaluate({facts, host, report}) {
		for (const auth of facts.haproxy(host!)?.statsAuth ?? []) {
			if (!auth.wellKnown) continue;
			report({
				messageId: 'wellKnown',
				data: {proxy: auth.proxy, host: host!, user: auth.user, hint: auth.secret ? `${auth.secret.length} characters, a default password` : 'a default password'},
				evidence: [facts.configRef(host!, auth.pos)],
				fix: [configFix(host!, auth.pos, `stats auth ${auth.user}:<a generated password>`, 'use a strong password for the stats page (e.g. `openssl rand -base64 18`), then reload HAProxy', [['haproxy', '-c', '-f', facts.get(host!, 'haproxy.config')?.mainPath ?? '/etc/haproxy/haproxy.cfg']])],
			});
		}
	},
});
