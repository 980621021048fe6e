import {defineCollector} from '../define-collector.js';
import {parseClockSync} from '../../parse/host-info.js';
import {systemdUnavailable} from '../../parse/systemctl.js';

/** Whether the clock is synchronised (timedatectl, chronyc or ntpstat): log timelines across hosts depend on it. */
export default defineCollector({
	fact: 'clock.sync',
	title: 'Clock synchronisation',
	requires: {anyOf: ['timedatectl', 'chronyc', 'ntpstat']},
	async collect({run, tools, systemd, host}) {
		const evidence: string[] = [];
		if (tools.timedatectl && systemd) {
			const r = await run(['timedatectl', 'show'], {timeoutMs: 5000});
			evidence.push(r.id);
			if (r.exitCode === 0 && !systemdUnavailable(r.stdout + r.stderr)) {
				const synchronized = parseClockSync(r.stdout, 'timedatectl');
				return {value: {...(synchronized !== undefined ? {synchronized} : {}), source: 'timedatectl', raw: r.stdout.trim()}, evidence};
			}
		}
		if (tools.chronyc) {
			const r = await run(['chronyc', '-n', 'tracking'], {timeoutMs: 5000});
			evidence.push(r.id);
			if (r.exitCode === 0) {
				const synchronized = parseClockSync(r.stdout, 'chronyc');
				return {value: {...(synchronized !== undefined ? {synchronized} : {}), source: 'chronyc', raw: r.stdout.trim()}, evidence};
			}
		}
		if (tools.ntpstat) {
			const r = await run(['ntpstat'], {timeoutMs: 5000});
			evidence.push(r.id);
			const synchronized = parseClockSync(r.stdout, 'ntpstat');
			return {value: {...(synchronized !== undefined ? {synchronized} : {}), source: 'ntpstat', raw: r.stdout.trim()}, evidence};
		}
		return {unavailable: `no clock synchronisation service answered on ${host.name} (timedatectl needs systemd; chronyc needs chronyd running)`, evidence};
	},
});
