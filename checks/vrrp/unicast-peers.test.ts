import check from './unicast-peers.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts, toolOutput} from '../../test/helpers/from-configs.js';

const unicast = (src: string, peers: string[]) => [`unicast_src_ip ${src}`, 'unicast_peer {', ...peers.map(p => `    ${p}`), '}'];

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'multicast on both', bundle: () => fromConfigs(pairInputs())}, {name: 'unicast on both, each lists the other', bundle: () => fromConfigs(pairInputs({lb1: {extra: unicast('203.0.113.11', ['203.0.113.12'])}, lb2: {extra: unicast('203.0.113.12', ['203.0.113.11'])}}))}],
	invalid: [
		{name: 'unicast on lb1 only', bundle: () => fromConfigs(pairInputs({lb1: {extra: unicast('203.0.113.11', ['203.0.113.12'])}})), findings: [{messageId: 'mixed', host: 'lb2'}]},
		{name: "lb1's peer list lacks lb2", bundle: () => fromConfigs(pairInputs({lb1: {extra: unicast('203.0.113.11', ['203.0.113.13'])}, lb2: {extra: unicast('203.0.113.12', ['203.0.113.11'])}})), findings: [{messageId: 'missingPeer', host: 'lb1', message: /lacks lb2's address 203\.0\.113\.12/}]},
		{name: 'unicast_src_ip not on the host', bundle: () => fromConfigs(pairInputs({lb1: {extra: unicast('203.0.113.99', ['203.0.113.12'])}, lb2: {extra: unicast('203.0.113.12', ['203.0.113.11'])}})), findings: [{messageId: 'srcNotLocal', host: 'lb1'}]},
		{name: 'unicast with vrrp_strict', bundle: () => fromConfigs(pairInputs({lb1: {globals: ['vrrp_strict'], extra: unicast('203.0.113.11', ['203.0.113.12'])}, lb2: {globals: ['vrrp_strict'], extra: unicast('203.0.113.12', ['203.0.113.11'])}})), findings: [{messageId: 'strict', host: 'lb1'}, {messageId: 'strict', host: 'lb2'}]},
	],
});
