import {defineCheck} from '../../src/doctor/define-check.js';
import {CODES_OWNED_ELSEWHERE, isDeprecationCode} from '../../src/doctor/lint-adapter.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {haproxyReloadCommands} from '../../src/doctor/haproxy-commands.js';

/**
keepalived silently skips what it does not understand: `priorty 90` leaves the default priority 100,
`virtual_server192.168.10.30 80 {` drops a whole service, `state Master` starts as BACKUP. The linter
(lbwiz lint) finds these in the collected files with file and line; `keepalived -t` / `haproxy -c` output
collected on the host confirms them.
*/
export default defineCheck({
	meta: {
		id: 'config.syntax',
		title: 'Configuration errors and typos',
		severity: 'critical',
		scope: 'host',
		appliesTo: ['director', 'haproxy'],
		needs: [],
		uses: ['keepalived.config', 'haproxy.config', 'config.validation', 'keepalived.log'],
		explains: ['vrrp.priority-order', 'vip.not-held', 'vip.split-brain', 'vip.unexpected-holder', 'vrrp.vrid-mismatch', 'vrrp.vip-list-mismatch', 'vrrp.advert-int-mismatch', 'vrrp.auth-mismatch', 'vrrp.interface-mismatch', 'vrrp.track-weight-ineffective', 'service.keepalived-down', 'service.haproxy-down', 'lvs.realserver-missing', 'haproxy.backend-down'],
		messages: {
			lint: '{{file}}:{{line}}: {{message}}{{suggestion}}',
			validator: '{{tool}} rejects the configuration on {{host}} (exit {{exitCode}}): {{first}}',
		},
		explanation:
			'keepalived logs "Unknown keyword" and carries on with defaults, so a typo changes behaviour without stopping the daemon: a misspelt priority becomes 100, a missing space before `{` drops a block, an unknown `state` becomes BACKUP. HAProxy refuses to start on most errors. Each line here comes from lbwiz\'s linter on the exact files the daemon reads (or from `keepalived -t` / `haproxy -c` run on the host).',
	},
	evaluate({facts, host, report, skip}) {
		const haproxyReload = (path: string) => haproxyReloadCommands(facts, host!, path);
		const haveConfig = facts.get(host!, 'keepalived.config') || facts.get(host!, 'haproxy.config');
		if (!haveConfig) {
			skip(`no configuration collected: ${facts.missingReason(host!, 'keepalived.config')}; ${facts.missingReason(host!, 'haproxy.config')}`);
			return;
		}
		const diagnostics = facts.lint(host!).filter(d => !isDeprecationCode(d.code) && !CODES_OWNED_ELSEWHERE[d.code] && d.severity !== 'info');
		const groupMembers = facts.vrrpGroups().filter(g => g.members.some(m => m.host === host)).flatMap(g => g.members.map(m => m.host));
		const instances = facts.keepalived(host!)?.instances ?? [];
		const lines = new Set<string>();
		for (const d of diagnostics.slice(0, 20)) {
			lines.add(`${d.file}:${d.line}`);
			const inInstance = d.tool === 'keepalived' && instances.some(i => i.pos.file === d.file && d.line >= i.pos.line && (i.endLine === undefined || d.line <= i.endLine));
			const evidence = [facts.configRef(host!, {file: d.file, line: d.line}, `${d.code}`)];
			if (d.tool === 'keepalived') {
				const word = /'([^']+)'/.exec(d.message)?.[1];
				const log = word ? facts.logRef(host!, new RegExp(`Unknown keyword '${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`), 'keepalived reported it when it read the file') : undefined;
				if (log) evidence.push(log);
			}
			report({
				messageId: 'lint',
				severity: d.severity === 'error' ? 'critical' : 'warning',
				...(inInstance ? {explainsHosts: [...new Set([host!, ...groupMembers])]} : {explainsHosts: [host!], explainsKeys: [`config:${host}`]}),
				data: {file: d.file, line: d.line, message: d.message, suggestion: d.suggestion ? ` (did you mean '${d.suggestion}'?)` : ''},
				evidence,
				fix: [configFix(host!, {file: d.file, line: d.line}, d.suggestion ? `replace with '${d.suggestion}'` : d.message, `correct ${d.file}:${d.line}, validate, then reload ${d.tool}`, d.tool === 'keepalived' ? keepalivedReloadCommands(facts, host!) : haproxyReload(facts.get(host!, 'haproxy.config')?.mainPath ?? d.file))],
			});
		}
		for (const validation of facts.get(host!, 'config.validation') ?? []) {
			if (validation.exitCode === 0 || validation.exitCode === undefined) continue;
			const relevant = validation.output
				.split('\n')
				.map(l => l.trim())
				.filter(l => l && !/Truncating auth_pass|SECURITY VIOLATION|Unsafe permissions|not executable|Configuration file .* is valid|strict mode|must match being address owner/i.test(l))
				.filter(l => {
					const m = /\(Line (\d+)\)|\[([^\]:]+):(\d+)\]/.exec(l);
					return !m || ![...lines].some(key => key.endsWith(`:${m[1] ?? m[3]}`));
				});
			if (relevant.length === 0 || (diagnostics.length > 0 && relevant.every(l => !/error|alert|fatal/i.test(l)))) continue;
			const lineNumbers = relevant.map(l => Number(/Line (\d+)\)/.exec(l)?.[1] ?? /:(\d+)\]/.exec(l)?.[1] ?? 0)).filter(n => n > 0);
			const inInstance = validation.tool === 'keepalived' && instances.some(i => lineNumbers.some(n => n >= i.pos.line && (i.endLine === undefined || n <= i.endLine)));
			report({
				messageId: 'validator',
				severity: /alert|fatal|error|unknown keyword|missing|invalid|not valid|unexpected/i.test(relevant.join('\n')) ? 'critical' : 'warning',
				explainsHosts: inInstance ? [...new Set([host!, ...groupMembers])] : [host!],
				data: {tool: validation.tool === 'keepalived' ? 'keepalived -t' : 'haproxy -c', host: host!, exitCode: validation.exitCode, first: relevant[0]},
				evidence: [...facts.refs(host!, 'config.validation', l => relevant.includes(l.trim()), {max: 6})],
				fix: [{host: host!, description: `correct what ${validation.tool} reports, validate again, then reload ${validation.tool}`, commands: validation.tool === 'keepalived' ? keepalivedReloadCommands(facts, host!) : haproxyReload(validation.path)}],
			});
		}
	},
});
