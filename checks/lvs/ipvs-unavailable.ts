import {defineCheck} from '../../src/doctor/define-check.js';
import type {EvidenceRef} from '../../src/doctor/report-model.js';
import {serviceCommands} from '../../src/doctor/fixes.js';

/**
keepalived's virtual_server blocks need the kernel's IPVS (ip_vs module). Without it — a container, an
LXC guest, a kernel without the module — keepalived logs "IPVS: Can't initialize ipvs" and the VIP
forwards nothing, however healthy VRRP looks.
*/
export default defineCheck({
	meta: {
		id: 'lvs.ipvs-unavailable',
		title: 'IPVS is not available on an LVS director',
		severity: 'critical',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config', 'ipvs.table'],
		uses: ['keepalived.log', 'process.list'],
		explains: ['lvs.realserver-missing', 'vip.unreachable'],
		messages: {
			unavailable: '{{host}} has {{count}} virtual_server block(s) but IPVS is not available ({{reason}}): the VIP forwards nothing',
			vrrpOnly: '{{host}} has {{count}} virtual_server block(s) but keepalived runs VRRP only (-P) and IPVS is not available ({{reason}}): the virtual servers are not in use',
		},
		explanation:
			'LVS load balancing happens in the kernel (IPVS); keepalived only programs it. When ip_vs cannot be loaded — containers and LXC guests usually cannot, some kernels lack it, SELinux may block it — keepalived\'s checker process logs "IPVS: Can\'t initialize ipvs: Protocol not available" and no virtual service exists. Load the module on the host (or run the director on a host/VM that has it).',
	},
	evaluate({facts, host, report}) {
		const view = facts.keepalived(host!)!;
		if (view.virtualServers.length === 0) return;
		const table = facts.get(host!, 'ipvs.table')!;
		if (table.available) return;
		const vrrpOnly = facts.keepalivedVrrpOnly(host!);
		const evidence: EvidenceRef[] = [...facts.refs(host!, 'ipvs.table', undefined, {max: 3, note: table.reason ?? 'IPVS not available'})];
		const log = facts.logRef(host!, /IPVS|ip_vs/i);
		if (log) evidence.push(log);
		report({
			messageId: vrrpOnly ? 'vrrpOnly' : 'unavailable',
			severity: vrrpOnly ? 'info' : 'critical',
			explainsHosts: [host!],
			data: {host: host!, count: view.virtualServers.length, reason: table.reason ?? 'ip_vs not loaded'},
			evidence,
			fix: vrrpOnly
				? []
				: [{host: host!, description: 'load the IPVS module, then restart keepalived so it creates the virtual services (containers: load it on the host)', commands: [['modprobe', 'ip_vs'], ...(serviceCommands(facts, host!, 'keepalived', 'restart') ?? [])], safe: Boolean(serviceCommands(facts, host!, 'keepalived', 'restart'))}],
		});
	},
});
