import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';

/**
A VIP written without prefix or device is added as /32 on the instance's interface. Outside that
interface's subnet no neighbour will ARP for it and nothing routes to it: the VIP is "up" and unreachable.
*/
export default defineCheck({
	meta: {
		id: 'vip.subnet',
		title: 'A VIP lies outside its interface\'s subnet',
		severity: 'warning',
		scope: 'host',
		appliesTo: ['director'],
		needs: ['keepalived.config', 'net.addresses'],
		explains: ['vip.unreachable'],
		messages: {
			outside: '{{vip}} (vrrp_instance {{instance}}) has no prefix or device and is outside the subnets of {{interface}} ({{subnets}}): neighbours will not reach it',
		},
		explanation:
			'keepalived adds `virtual_ipaddress` entries without a prefix as /32 on the instance\'s interface. Clients and routers on that segment only ARP for addresses in their own subnet, so a VIP from another subnet is reachable only if a router has a route to it via this director. Usually it is a typo or a VIP meant for another interface: write it as ADDRESS/PREFIX dev IFACE.',
	},
	evaluate({facts, host, report}) {
		for (const instance of facts.keepalived(host!)?.instances ?? []) {
			if (!instance.interface) continue;
			const own = facts.addresses(host!).filter(a => a.ifname === instance.interface && !facts.allVips().includes(a.address) && a.prefix < 32);
			if (own.length === 0) continue;
			for (const vip of instance.vips) {
				if (vip.prefix !== undefined || vip.dev) continue;
				if (facts.inInterfaceSubnet(host!, instance.interface, vip.address)) continue;
				report({
					messageId: 'outside',
					key: `vip:${vip.address}`,
					data: {vip: vip.address, instance: instance.name, interface: instance.interface, subnets: own.map(a => `${a.address}/${a.prefix}`).join(', ')},
					evidence: [facts.configRef(host!, vip.pos), facts.addressRef(host!, undefined, i => i.ifname === instance.interface)],
					fix: [configFix(host!, vip.pos, `${vip.address}/${own[0].prefix} dev ${instance.interface} (if it belongs to this segment), or the right VIP`, 'write the VIP with its prefix and device', keepalivedReloadCommands(facts, host!))],
				});
			}
		}
	},
});
