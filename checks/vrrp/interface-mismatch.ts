import {defineCheck} from '../../src/doctor/define-check.js';
import {configFix, keepalivedReloadCommands} from '../../src/doctor/fixes.js';
import {sameSubnet} from '../../src/model/ipv4.js';
import {memberName, referenceMember} from '../../src/doctor/vrrp.js';

/**
Each director's instance must run on the interface that faces its peers and carries the VIP's subnet.
A name copied from another host (`ens33` on a host with `eth0`), a down link, or an interface on another
subnet means adverts go nowhere (FAULT or a lonely MASTER).
*/
export default defineCheck({
	meta: {
		id: 'vrrp.interface-mismatch',
		title: 'A VRRP instance uses a missing, down or wrong interface',
		severity: 'critical',
		scope: 'cluster',
		appliesTo: ['director'],
		needs: ['keepalived.config'],
		uses: ['net.addresses', 'keepalived.log'],
		explains: ['vip.not-held', 'vip.split-brain', 'vrrp.no-adverts'],
		messages: {
			missing: '{{member}} uses interface {{interface}}, which does not exist on {{host}} (interfaces: {{interfaces}})',
			down: '{{member}} uses interface {{interface}}, which is {{state}} on {{host}}: the instance is in FAULT',
			subnet: '{{member}} uses interface {{interface}} ({{addresses}}), not on the subnet of its peer {{peer}} ({{peerAddress}}): adverts do not reach each other',
			namesDiffer: '{{member}} uses interface {{interface}} but {{peer}} uses {{peerInterface}}; addresses were not collected, so lbwiz cannot tell whether both face the same segment',
		},
		explanation:
			'keepalived sends and listens for adverts on the instance\'s `interface`. If it does not exist keepalived logs "Configuration specifies interface … which doesn\'t currently exist" and the instance waits in FAULT; if it is down the instance enters FAULT and releases the VIP; if it is on another segment than the peers, adverts never meet and each director is MASTER alone. Interface names may differ between hosts, but each must carry the same subnet.',
	},
	evaluate({facts, report}) {
		for (const group of facts.vrrpGroups()) {
			const ref = referenceMember(group);
			for (const member of group.members) {
				if (!member.interface) continue;
				const addrs = facts.get(member.host, 'net.addresses');
				const pos = member.keywords.interface ?? member.pos;
				const fix = (change: string, description: string) => [configFix(member.host, pos, change, description, keepalivedReloadCommands(facts, member.host))];
				if (!addrs) {
					const peer = group.members.find(m => m.host !== member.host && m.interface && m.interface !== member.interface);
					if (peer && member.host !== ref.host && facts.get(peer.host, 'net.addresses') === undefined) {
						report({messageId: 'namesDiffer', host: member.host, severity: 'info', data: {member: memberName(member), interface: member.interface, peer: memberName(peer), peerInterface: peer.interface ?? '?'}, evidence: [facts.configRef(member.host, pos), facts.configRef(peer.host, peer.keywords.interface ?? peer.pos)], fix: [{host: member.host, description: 'check that both interfaces are on the same segment', commands: [['ip', '-br', 'addr', 'show', 'dev', member.interface]]}]});
					}
					continue;
				}
				const iface = addrs.find(i => i.ifname === member.interface);
				if (!iface) {
					report({messageId: 'missing', host: member.host, data: {member: memberName(member), interface: member.interface, host: member.host, interfaces: addrs.map(i => i.ifname).filter(n => n !== 'lo').join(', ') || '(none)'}, evidence: [facts.configRef(member.host, pos), facts.addressRef(member.host, 'interfaces present'), ...[facts.logRef(member.host, /doesn't currently exist|FAULT/)].filter(r => r !== undefined)], fix: fix(`interface ${addrs.find(i => i.ifname !== 'lo' && i.addresses.some(a => a.family === 'inet'))?.ifname ?? 'IFACE'}`, `name an interface that exists on ${member.host}, then reload keepalived`)});
					continue;
				}
				if (iface.operstate.toUpperCase() === 'DOWN') {
					report({messageId: 'down', host: member.host, data: {member: memberName(member), interface: member.interface, host: member.host, state: iface.operstate}, evidence: [facts.addressRef(member.host, `${member.interface} state`, i => i.ifname === member.interface)], fix: [{host: member.host, description: `bring ${member.interface} up (check cabling / the switch port if it stays down)`, commands: [['ip', 'link', 'set', 'dev', member.interface, 'up']]}]});
					continue;
				}
				const own = facts.addresses(member.host).filter(a => a.ifname === member.interface && !facts.allVips().includes(a.address));
				for (const peer of member.host === ref.host ? [] : [ref]) {
					if (peer.host === member.host || !peer.sourceAddress || own.length === 0) continue;
					if (!facts.get(peer.host, 'net.addresses')) continue;
					if (own.some(a => sameSubnet(a.address, peer.sourceAddress!, a.prefix))) continue;
					if (member.unicast) continue;
					report({messageId: 'subnet', host: member.host, data: {member: memberName(member), interface: member.interface, addresses: own.map(a => `${a.address}/${a.prefix}`).join(', '), peer: memberName(peer), peerAddress: peer.sourceAddress}, evidence: [facts.configRef(member.host, pos), facts.addressRef(member.host, undefined, i => i.ifname === member.interface), facts.addressRef(peer.host, undefined, i => i.addresses.some(a => a.startsWith(`${peer.sourceAddress}/`)))], fix: fix(`interface <the interface on ${peer.sourceAddress}'s subnet>`, `run the instance on the interface that faces ${peer.host}`)});
					break;
				}
			}
		}
	},
});
