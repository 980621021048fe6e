import {defineCheck} from '../../src/doctor/define-check.js';
import type {IpvsService} from '../../src/collect/types.js';

/**
A real server configured in keepalived.conf but absent from the kernel's IPVS table gets no traffic.
keepalived removes servers whose health check fails (then the real server is the problem); a whole
virtual service missing means keepalived could not program IPVS.
*/
export default defineCheck({
	meta: {
		id: 'lvs.realserver-missing',
		title: 'A configured real server is absent from the IPVS table',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config', 'ipvs.table'],
		uses: ['keepalived.log'],
		messages: {
			removed: 'real server {{real}} of {{vs}} is not in the IPVS table on {{host}}: keepalived removed it after its health check failed',
			missing: 'real server {{real}} of {{vs}} is configured but not in the IPVS table on {{host}}',
			service: 'virtual server {{vs}} is configured but absent from the IPVS table on {{host}}: it forwards nothing',
		},
		explanation:
			'keepalived creates one IPVS service per virtual_server and adds each real_server whose checker succeeds ("Adding service [IP]:PORT to VS"); a failing check removes it ("Removing service … from VS"). A missing real server with such a log line is a health problem of that server; without one, or with a whole service missing, keepalived failed to program IPVS (log: "IPVS cmd … error"), or the table was changed by hand.',
	},
	evaluate({facts, host, report}) {
		const table = facts.get(host!, 'ipvs.table')!;
		if (!table.available || facts.keepalivedVrrpOnly(host!)) return;
		const find = (address: string | undefined, port: number | undefined, fwmark: number | undefined): IpvsService | undefined =>
			table.services.find(s => (fwmark !== undefined ? s.protocol === 'FWM' && s.address === String(fwmark) : s.address === address && s.port === port));
		for (const vs of facts.keepalived(host!)!.virtualServers) {
			if (vs.group) continue;
			const name = vs.fwmark !== undefined ? `fwmark ${vs.fwmark}` : `${vs.address}:${vs.port}`;
			const service = find(vs.address, vs.port, vs.fwmark);
			if (!service) {
				report({messageId: 'service', severity: 'critical', data: {vs: name, host: host!}, evidence: [facts.configRef(host!, vs.pos), ...facts.refs(host!, 'ipvs.table', undefined, {max: 6}), ...[facts.logRef(host!, /IPVS cmd|IPVS:/)].filter(r => r !== undefined)], fix: [{host: host!, description: 'restart keepalived so it programs IPVS again, and read its log for the IPVS error', commands: [['ipvsadm', '-Ln']]}]});
				continue;
			}
			for (const real of vs.reals) {
				const port = vs.lbKind === 'NAT' ? (real.port ?? vs.port) : vs.port;
				if (service.reals.some(r => r.address === real.address && (port === undefined || port === 0 || r.port === port || r.port === real.port))) continue;
				const removedLine = facts.logRef(host!, new RegExp(`Removing service \\[${real.address.replaceAll('.', '\\.')}\\]`), 'keepalived removed it');
				report({
					messageId: removedLine ? 'removed' : 'missing',
					key: `server:${real.address}`,
					data: {real: `${real.address}:${real.port ?? port ?? ''}`, vs: name, host: host!},
					evidence: [facts.configRef(host!, real.pos), ...facts.refs(host!, 'ipvs.table', line => line.includes(vs.address ?? '') || line.includes('->'), {max: 6}), ...(removedLine ? [removedLine] : [])],
					fix: [{host: host!, description: removedLine ? `the checker failed: see whether ${real.address} answers on its port (realserver.unreachable)` : 'restart keepalived so it re-adds the real server, then check its log', commands: [['ipvsadm', '-Ln', '-t', `${vs.address}:${vs.port}`]]}],
				});
			}
		}
	},
});
