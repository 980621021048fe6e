import {defineCheck} from '../../src/doctor/define-check.js';

/**
In LVS DR and TUN modes the director forwards packets still addressed to the VIP; a real server accepts
them only if the VIP is one of its own addresses — on `lo` (DR) or the tunnel device (TUN), where it
does not answer ARP. Without it the real server drops every request it is sent.
*/
export default defineCheck({
	meta: {
		id: 'vip.realserver-lo-missing',
		title: 'A DR/TUN real server lacks the VIP on lo',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['realserver'],
		needs: ['net.addresses'],
		uses: ['keepalived.config'],
		explains: ['realserver.unreachable', 'lvs.realserver-missing', 'vip.unreachable'],
		messages: {
			missing: '{{host}} ({{address}}) is an LVS-{{kind}} real server of {{vip}} but does not have {{vip}} on lo: it drops the requests the director forwards',
			inconsistent: '{{host}} ({{address}}) lacks {{vip}} on lo while {{witness}}, another real server, carries it: set up as an LVS-DR real server like {{witness}}, {{host}} drops what the director forwards to the VIP',
		},
		explanation:
			'With direct routing the director only rewrites the destination MAC: the packet still says "to VIP". The real server must own the VIP — conventionally as VIP/32 on lo, where it is never announced by ARP (with arp_ignore/arp_announce set, see arp.realserver-sysctl) — or its kernel discards the packet. Seed guides do this with `ifconfig lo:0 VIP netmask 255.255.255.255 up` or an lvs-realsvr script; it is lost on reboot unless made persistent.',
	},
	evaluate({facts, report, skip}) {
		const checked = new Set<string>();
		for (const rs of facts.directRealServers()) {
			if (!rs.host) {
				skip(`real server ${rs.address} of ${rs.vip} is not among the collected hosts`);
				continue;
			}
			if (checked.has(`${rs.host}|${rs.vip}`)) continue;
			checked.add(`${rs.host}|${rs.vip}`);
			const reason = facts.missingReason(rs.host, 'net.addresses');
			if (reason) {
				skip(reason, rs.host);
				continue;
			}
			const vip = rs.vip.split('/')[0];
			if (facts.vipOnLoopback(rs.host, vip) || facts.addresses(rs.host).some(a => a.address === vip && /^(tunl|dummy|gre|ipip)/.test(a.ifname))) continue;
			report({
				messageId: rs.inferred === 'sibling' ? 'inconsistent' : 'missing',
				...(rs.inferred === 'sibling' ? {severity: 'warning' as const} : {}),
				host: rs.host,
				key: `server:${rs.address}`,
				explainsKeys: [`server:${rs.address}`, `vip:${vip}`],
				data: {host: rs.host, address: rs.address, kind: rs.kind, vip, witness: rs.witness ?? ''},
				evidence: [
					facts.addressRef(rs.host, `no ${vip} on lo`, iface => iface.ifname === 'lo' || iface.addresses.some(a => a.startsWith(`${rs.address}/`))),
					...(rs.director && rs.pos ? [facts.configRef(rs.director, rs.pos, `${rs.director} forwards ${vip} to ${rs.address} (${rs.kind})`)] : []),
					...(rs.witness ? [facts.addressRef(rs.witness, `${rs.witness} carries ${vip} on lo`, iface => iface.ifname === 'lo')] : []),
				],
				fix: [
					{host: rs.host, description: `add ${vip}/32 to lo now`, commands: [['ip', 'addr', 'add', `${vip}/32`, 'dev', 'lo']], safe: true},
					{host: rs.host, description: 'make it persistent (lbwiz setup renders a systemd unit for it)', change: `bind ${vip}/32 on lo at boot (e.g. the lbwiz-lo-vip unit or ifcfg-lo:0)`},
				],
			});
		}
	},
});
