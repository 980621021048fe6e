import {defineCheck} from '../../src/doctor/define-check.js';
import {isDeprecationCode} from '../../src/doctor/lint-adapter.js';
import {configFix} from '../../src/doctor/fixes.js';

/**
Deprecated keywords still work today (keepalived: `nb_get_retry`, `vrrp_track_file`, `lvs_process_name`…;
HAProxy: keywords slated for removal) but will stop working on an upgrade — and the guides copied into
production are full of them.
*/
export default defineCheck({
	meta: {
		id: 'config.deprecated',
		title: 'Deprecated configuration keywords',
		severity: 'info',
		scope: 'host',
		appliesTo: ['director', 'haproxy'],
		needs: [],
		uses: ['keepalived.config', 'haproxy.config'],
		messages: {
			deprecated: '{{count}} deprecated keyword(s) in {{host}}\'s {{tool}} configuration, first {{file}}:{{line}}: {{message}}',
		},
		explanation:
			'keepalived and HAProxy keep accepting deprecated keywords with a warning and remove them in later releases: `nb_get_retry` became `retry` (and is an unknown keyword inside TCP_CHECK), `vrrp_track_file` became `track_file`, `lvs_process_name` became `checker_process_name`, route `gw` became `via`. Replace them before the next upgrade turns a warning into a broken config.',
	},
	evaluate({facts, host, report, skip}) {
		if (!facts.get(host!, 'keepalived.config') && !facts.get(host!, 'haproxy.config')) {
			skip(`no configuration collected: ${facts.missingReason(host!, 'keepalived.config')}`);
			return;
		}
		for (const tool of ['keepalived', 'haproxy'] as const) {
			const found = facts.lint(host!).filter(d => d.tool === tool && isDeprecationCode(d.code));
			if (found.length === 0) continue;
			const [first] = found;
			report({
				messageId: 'deprecated',
				data: {count: found.length, host: host!, tool, file: first.file, line: first.line, message: first.message},
				evidence: found.slice(0, 8).map(d => facts.configRef(host!, {file: d.file, line: d.line}, d.message)),
				fix: found.slice(0, 8).map(d => configFix(host!, {file: d.file, line: d.line}, d.suggestion ? `use '${d.suggestion}'` : d.message, `replace the deprecated keyword at ${d.file}:${d.line}`)),
			});
		}
	},
});
