import {defineCheck} from '../../src/doctor/define-check.js';
import type {EvidenceRef, Fix} from '../../src/doctor/report-model.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';

/**
keepalived refuses, or silently disables, scripts it considers unsafe: a tracked check that is missing,
not executable or writable by others is disabled, and the VIP no longer follows the service it was meant
to watch. Without enable_script_security every script runs as root and keepalived -t fails (exit 6).
*/
export default defineCheck({
	meta: {
		id: 'script.security',
		title: 'Tracked or notify scripts are missing, unsafe or run without script security',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['keepalived.scripts', 'keepalived.log', 'config.validation'],
		explains: ['vrrp.track-weight-ineffective', 'vip.unexpected-holder', 'vip.not-held'],
		messages: {
			noSecurity: '{{host}} runs {{count}} script(s) ({{scripts}}) without enable_script_security in global_defs: they run as root and keepalived -t reports a SECURITY VIOLATION',
			disabled: 'keepalived on {{host}} disabled script {{script}}: {{reason}}',
			user: 'keepalived on {{host}} cannot use the script user: {{line}}',
			file: '{{script}} ({{usedBy}}) on {{host}} {{problem}}: {{consequence}}',
		},
		explanation:
			'With enable_script_security keepalived runs scripts as script_user (default keepalived_script, else root) and refuses any script whose file, or a directory on its path, is writable by a non-root user ("Unsafe permissions found for script … - disabling"). A script that is missing or not executable is disabled too. A disabled track_script no longer changes the priority, so the VIP stays where the dead service is. Scripts should be owned by root, mode 0755, in a root-owned directory.',
	},
	evaluate({facts, host, report}) {
		const view = facts.keepalived(host!)!;
		const tracked = new Set(view.instances.flatMap(i => i.trackScripts.map(t => t.name)));
		const scripts = [
			...view.scripts.filter(s => tracked.has(s.name) && s.script).map(s => ({name: s.name, path: s.script!, pos: s.keywords.script ?? s.pos})),
			...view.instances.flatMap(i => i.notify.map(n => ({name: n.keyword, path: n.script, pos: n.pos}))),
			...view.notify.map(n => ({name: n.keyword, path: n.script, pos: n.pos})),
		];
		if (scripts.length === 0) return;
		const reload = keepalivedReloadCommands(facts, host!);
		const lines = [...facts.logSinceStart(host!), ...(facts.get(host!, 'config.validation') ?? []).filter(v => v.tool === 'keepalived').flatMap(v => v.output.split('\n'))];
		const logEvidence = (re: RegExp): EvidenceRef[] => {
			const ref = facts.logRef(host!, re);
			if (ref) return [ref];
			return facts.refs(host!, 'config.validation', line => re.test(line), {max: 3}).filter(r => r.excerpt);
		};
		const reported = new Set<string>();
		const patterns: Array<{re: RegExp; reason: (m: RegExpExecArray) => string; fix: (path: string) => Fix}> = [
			{re: /Unsafe permissions found for script '([^']+)'/, reason: () => 'unsafe permissions (the file or a directory on its path is writable by a non-root user)', fix: path => ({host: host!, description: `make ${path} owned by root and not writable by others, then reload keepalived`, commands: [['chown', 'root:root', path], ['chmod', 'go-w', path], ...reload], safe: true})},
			{re: /Disabling track script (\S+) since not found|check_script_secure could not find script '([^']+)'/, reason: () => 'the script was not found', fix: path => ({host: host!, description: `install the script at ${path} (or correct the path in keepalived.conf), then reload keepalived`})},
			{re: /script '([^']+)' is not executable/, reason: () => 'the script is not executable', fix: path => ({host: host!, description: `make ${path} executable, then reload keepalived`, commands: [['chmod', '0755', path], ...reload], safe: true})},
			{re: /Please add a #! shebang to script (\S+)/, reason: () => 'the script has no #! line', fix: path => ({host: host!, description: `add a #!/bin/sh line at the top of ${path}, then reload keepalived`})},
			{re: /Disabling track script (\S+) due to insecure/, reason: () => 'the script is insecure (see the Unsafe permissions line)', fix: path => ({host: host!, description: `fix the permissions of ${path}, then reload keepalived`, commands: [['chmod', 'go-w', path], ...reload], safe: true})},
		];
		for (const line of lines) {
			for (const pattern of patterns) {
				const m = pattern.re.exec(line);
				if (!m) continue;
				const named = m[1] ?? m[2];
				const script = scripts.find(s => s.path.split(/\s+/)[0] === named || s.name === named) ?? {name: named, path: named, pos: undefined};
				if (reported.has(script.path)) continue;
				reported.add(script.path);
				report({
					messageId: 'disabled',
					severity: tracked.has(script.name) ? 'critical' : 'warning',
					data: {host: host!, script: script.path, reason: pattern.reason(m)},
					evidence: [...logEvidence(pattern.re), ...(script.pos ? [facts.configRef(host!, script.pos)] : [])],
					fix: [pattern.fix(script.path.split(/\s+/)[0])],
				});
			}
			const user = /Script user '([^']+)' does not exist|default user '([^']+)' for script execution does not exist|Unable to set default user/.exec(line);
			if (user && !reported.has('user')) {
				reported.add('user');
				report({messageId: 'user', data: {host: host!, line: line.trim()}, evidence: logEvidence(/Script user|default user/), fix: [configFix(host!, view.globalDefsPos, 'script_user root (or create the keepalived_script user)', 'give keepalived an existing user to run scripts as', reload)]});
			}
		}
		for (const stat of facts.get(host!, 'keepalived.scripts') ?? []) {
			if (reported.has(stat.path) || reported.has(stat.command)) continue;
			const trackedScript = view.scripts.some(s => tracked.has(s.name) && s.script?.split(/\s+/)[0] === stat.path);
			const writable = (mode?: string) => mode !== undefined && (parseInt(mode, 8) & 0o022) !== 0 && (parseInt(mode, 8) & 0o1000) === 0;
			const unsafe = [stat.file, ...stat.parents].filter(f => f.exists && ((f.uid !== undefined && f.uid !== 0) || writable(f.mode)));
			const problem = !stat.file.exists
				? 'does not exist'
				: stat.executable === false
					? `is not executable (mode ${stat.file.mode ?? '?'})`
					: unsafe.length > 0
						? `is unsafe: ${unsafe.map(f => `${f.path} (owner uid ${f.uid ?? '?'}, mode ${f.mode ?? '?'})`).join(', ')} writable by or owned by a non-root user`
						: undefined;
			if (!problem) continue;
			reported.add(stat.path);
			const securityOn = view.scriptSecurity;
			const fix: Fix = !stat.file.exists
				? {host: host!, description: `install ${stat.path} (or correct the path in keepalived.conf), then reload keepalived`}
				: stat.executable === false
					? {host: host!, description: `make ${stat.path} executable, then reload keepalived`, commands: [['chmod', '0755', stat.path], ...reload], safe: true}
					: {host: host!, description: `give ${unsafe.map(f => f.path).join(', ')} to root and remove group/other write, then reload keepalived`, commands: [...unsafe.map(f => ['chown', 'root:root', f.path]), ...unsafe.map(f => ['chmod', 'go-w', f.path]), ...reload], safe: true};
			report({
				messageId: 'file',
				severity: trackedScript && (securityOn || !stat.file.exists || stat.executable === false) ? 'critical' : 'warning',
				data: {script: stat.path, usedBy: stat.usedBy, host: host!, problem, consequence: !stat.file.exists || stat.executable === false ? 'keepalived disables it, so it never changes the priority' : securityOn ? 'with enable_script_security keepalived disables it' : 'anyone who can write it runs code as root through keepalived'},
				evidence: [...facts.refs(host!, 'keepalived.scripts', stat.path, {max: 4, lines: line => line.includes(stat.path)}), ...logEvidence(new RegExp(stat.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))],
				fix: [fix],
			});
		}
		if (!view.scriptSecurity) {
			report({
				messageId: 'noSecurity',
				data: {host: host!, count: scripts.length, scripts: scripts.map(s => s.path.split(/\s+/)[0]).join(', ')},
				evidence: [facts.configRef(host!, view.globalDefsPos ?? scripts[0].pos, 'global_defs without enable_script_security'), ...logEvidence(/SECURITY VIOLATION/)],
				fix: [configFix(host!, view.globalDefsPos, 'add `enable_script_security` and `script_user root` (or a dedicated user) to global_defs', 'enable script security, make each script root-owned and not writable by others, then reload keepalived', reload)],
			});
		}
	},
});
