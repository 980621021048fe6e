import {defineCollector} from '../define-collector.js';
import {parseSystemctlShow, systemdUnavailable} from '../../parse/systemctl.js';
import type {ServiceState} from '../types.js';
import {alive, processes} from './shared.js';

const SERVICES = ['keepalived', 'haproxy'] as const;

/** keepalived and HAProxy as the init system sees them (systemd, SysV or none) and as /proc does. */
export default defineCollector({
	fact: 'service.state',
	title: 'Service state (systemd / SysV / none) and live processes',
	async collect(context) {
		const {run, systemd, tools} = context;
		const evidence: string[] = [];
		const list = await context.fact('process.list');
		evidence.push(...list.evidence);
		const procs = list.status === 'ok' ? list.value : await processes(context);
		const states: ServiceState[] = SERVICES.map(name => {
			const pids = procs.filter(p => p.comm === name && alive(p)).map(p => p.pid);
			return {name, init: 'none', running: pids.length > 0, pids};
		});
		// A network namespace shares the machine's init system, whose services are the machine's, not
		// this host's: only its own processes say anything about it (FIELD-NOTES §4).
		if (context.host.spec.startsWith('netns:')) return {value: states, evidence};
		if (systemd && tools.systemctl) {
			const r = await run(['systemctl', 'show', '--no-pager', '-p', 'Id,LoadState,ActiveState,SubState,UnitFileState,MainPID', ...SERVICES.map(s => `${s}.service`)], {timeoutMs: 10_000});
			evidence.push(r.id);
			if (!systemdUnavailable(r.stdout + r.stderr)) {
				const blocks = r.stdout.split(/\n\s*\n/).map(parseSystemctlShow);
				for (const state of states) {
					const block = blocks.find(b => b.Id === `${state.name}.service`);
					if (!block) continue;
					state.init = 'systemd';
					if (block.LoadState === 'not-found') {
						state.active = 'not-found';
						continue;
					}
					state.active = block.SubState ? `${block.ActiveState} (${block.SubState})` : block.ActiveState;
					if (block.UnitFileState) state.enabled = block.UnitFileState;
				}
				return {value: states, evidence};
			}
		}
		for (const state of states) {
			const script = `/etc/init.d/${state.name}`;
			const exists = await run(['test', '-x', script], {timeoutMs: 3000});
			evidence.push(exists.id);
			if (exists.exitCode !== 0) continue;
			state.init = 'sysv';
			const status = await run(tools.service ? ['service', state.name, 'status'] : [script, 'status'], {timeoutMs: 10_000});
			evidence.push(status.id);
			state.active = status.exitCode === 0 ? 'running' : status.exitCode === 3 ? 'stopped' : `status exit ${status.exitCode ?? 'unknown'}`;
		}
		return {value: states, evidence};
	},
});
