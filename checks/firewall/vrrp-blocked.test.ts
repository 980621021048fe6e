import check from './vrrp-blocked.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, pairInputs, toolOutput} from '../../test/helpers/from-configs.js';

const nftDrop = JSON.stringify({nftables: [
	{metainfo: {version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1}},
	{table: {family: 'inet', name: 'lbwiz_fault', handle: 1}},
	{chain: {family: 'inet', table: 'lbwiz_fault', name: 'input', handle: 1, type: 'filter', hook: 'input', prio: -10, policy: 'accept'}},
	{rule: {family: 'inet', table: 'lbwiz_fault', chain: 'input', handle: 2, expr: [{match: {op: '==', left: {payload: {protocol: 'ip', field: 'protocol'}}, right: 'vrrp'}}, {counter: {packets: 4, bytes: 160}}, {drop: null}]}},
]});

checkTester.run(check, {
	valid: ['healthy-keepalived-haproxy', {name: 'no firewall rules', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {nft: toolOutput('nft/empty.json')}}}))}, {name: 'default-drop policy with VRRP allowed', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {nft: toolOutput('nft/policy-drop-vrrp-allowed.json')}}}))}],
	invalid: [
		{name: 'recorded vrrp-blocked', bundle: 'vrrp-blocked', findings: [{messageId: 'dropped', host: 'lb2'}]},
		{name: 'recorded split-brain-firewall', bundle: 'split-brain-firewall', findings: [{messageId: 'dropped', host: 'lb1'}, {messageId: 'dropped', host: 'lb2'}]},
		{name: 'nft drops ip protocol vrrp on lb2 (the lab fault)', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {nft: nftDrop}}})), findings: [{messageId: 'dropped', host: 'lb2', message: /lbwiz_fault.*drop.*4 advert\(s\) from the peers reached the interface/}]},
		{name: 'iptables -A INPUT -p vrrp -j DROP', bundle: () => fromConfigs(pairInputs({hosts: {lb2: {iptables: toolOutput('iptables/vrrp-drop.txt')}}})), findings: [{messageId: 'dropped', host: 'lb2'}]},
	],
});
