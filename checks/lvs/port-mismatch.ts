import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';

/**
DR and TUN forward packets without rewriting the port, so a real server port different from the virtual
port cannot work: keepalived logs "virtual server … and real server … ports don't match - resetting" and
uses the virtual port — the real service on the other port never sees traffic.
*/
export default defineCheck({
	meta: {
		id: 'lvs.port-mismatch',
		title: 'DR/TUN virtual and real ports differ',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['keepalived.log'],
		messages: {
			differs: 'virtual_server {{vip}}:{{vport}} (lb_kind {{kind}}) sends to real_server {{real}}:{{rport}}: {{kind}} cannot change ports, keepalived resets it to {{vport}}',
		},
		explanation:
			'Only NAT rewrites destination ports. With DR and TUN the real server receives the packet exactly as the client sent it, so it must listen on the virtual port; keepalived resets the real server\'s port to the virtual one and logs a warning. Either make the service listen on the virtual port, or use NAT.',
	},
	evaluate({facts, host, report}) {
		for (const vs of facts.keepalived(host!)!.virtualServers) {
			if ((vs.lbKind !== 'DR' && vs.lbKind !== 'TUN') || !vs.port) continue;
			for (const real of vs.reals) {
				if (real.port === undefined || real.port === 0 || real.port === vs.port) continue;
				report({
					messageId: 'differs',
					data: {vip: vs.address ?? '?', vport: vs.port, kind: vs.lbKind, real: real.address, rport: real.port},
					evidence: [facts.configRef(host!, vs.pos), facts.configRef(host!, real.pos), ...[facts.logRef(host!, /ports don't match/)].filter(r => r !== undefined)],
					fix: [configFix(host!, real.pos, `real_server ${real.address} ${vs.port}`, `use port ${vs.port} for the real server (and make it listen there), or switch to lb_kind NAT`, keepalivedReloadCommands(facts, host!))],
				});
			}
		}
	},
});
