import check from './realserver-sysctl.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

const good = {'net.ipv4.conf.all.arp_ignore': 1, 'net.ipv4.conf.all.arp_announce': 2, 'net.ipv4.conf.eth0.arp_ignore': 0, 'net.ipv4.conf.eth0.arp_announce': 0};
const bad = {'net.ipv4.conf.all.arp_ignore': 0, 'net.ipv4.conf.all.arp_announce': 0, 'net.ipv4.conf.eth0.arp_ignore': 0, 'net.ipv4.conf.eth0.arp_announce': 0};
const web = (sysctl: Record<string, number>, lo = ['203.0.113.100/32']) => ({addresses: {lo: ['127.0.0.1/8', ...lo], eth0: ['203.0.113.21/24']}, sysctl});
const haproxy = 'frontend f\n\tbind 203.0.113.100:80\n\tdefault_backend web\nbackend web\n\tserver web1 203.0.113.21:80 check\n';

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'all.arp_ignore=1, all.arp_announce=2 (the kernel takes the maximum)', bundle: () => fromConfigs({...pairInputs({hosts: {lb1: {haproxy}}}), web1: web(good)})}, {name: 'a plain HAProxy backend (no VIP on lo) may answer ARP', bundle: () => fromConfigs({...pairInputs({hosts: {lb1: {haproxy}}}), web1: web(bad, [])})}],
	invalid: [
		{name: 'recorded arp-sysctl', bundle: 'arp-sysctl', findings: [{messageId: 'wrong', host: 'web1'}]},
		{name: 'VIP on lo, ARP not suppressed', bundle: () => fromConfigs({...pairInputs({hosts: {lb1: {haproxy}}}), web1: web(bad)}), findings: [{messageId: 'wrong', host: 'web1', message: /arp_ignore is 0 \(needs 1\) and arp_announce is 0 \(needs 2\)/}]},
	],
});
