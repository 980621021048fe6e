/** Shared test data for the wizard: a detected host on 203.0.113.0/24 and a reducer driver. */
import type {Detection} from '../../src/ui/wizard/detect.js';
import {currentQuestion, initialState, wizardReducer, type WizardAction, type WizardState} from '../../src/ui/wizard/wizard-reducer.js';

/** This host as detection would see lb1 of the lab. */
export const detection: Detection = {
	interfaces: [{name: 'eth0', up: true, addresses: [{address: '203.0.113.11', prefix: 24}]}],
	primary: {interface: 'eth0', address: '203.0.113.11', prefix: 24},
	versions: {keepalived: '2.2.7', haproxy: '2.6.12'},
	init: 'systemd',
	firewall: ['nftables'],
	existing: {},
	notes: [],
};

/** Applies actions in order. */
export const run = (state: WizardState, ...actions: WizardAction[]): WizardState => actions.reduce(wizardReducer, state);

/** A wizard past detection, at the first question. */
export const atFirstQuestion = (): WizardState => run(initialState(), {type: 'detected', detection}, {type: 'submit'});

/**
Answers every question until the review (or until `stopAt` is current): `answers` maps question ids
to typed text (a choice's value for lists); others keep their default.
*/
export function answerAll(state: WizardState, answers: Record<string, string> = {}, stopAt?: string): WizardState {
	let s = state;
	for (let guard = 0; s.phase === 'ask' && guard < 500; guard++) {
		const q = currentQuestion(s)!;
		if (q.id === stopAt) return s;
		if (q.id in answers) s = wizardReducer(s, {type: 'setInput', text: answers[q.id]});
		const before = s.index;
		s = wizardReducer(s, {type: 'submit'});
		if (s.error && s.index === before) throw new Error(`question ${q.id} rejected its answer: ${s.error}`);
	}
	return s;
}

/** The answers of the keepalived+HAProxy walkthrough (tmux, plain and Ink tests type the same). */
export const KEEPALIVED_HAPROXY: Record<string, string> = {
	architecture: 'keepalived-haproxy',
	name: 'shop-lb',
	'directors.0.address': '203.0.113.11',
	'directors.0.transport': 'local',
	'directors.1.address': '203.0.113.12',
	'vrrp.vips': '203.0.113.100/24',
	'vrrp.vrid': '52',
	'vrrp.authPass': 's3cret',
	'realServers.0.address': '203.0.113.21',
	'realServers.1.address': '203.0.113.22',
	'haproxy.cookie': 'SERVERID',
	'haproxy.stats.enabled': 'yes',
	'haproxy.stats.password': 'Zq8-stats',
};
