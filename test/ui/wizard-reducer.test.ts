import {describe, expect, it} from 'vitest';
import {ARCHITECTURES} from '../../src/ui/wizard/architectures.js';
import {answersToTopology, defaultAnswers, topologyToAnswers} from '../../src/ui/wizard/answers.js';
import {checkAnswers, questionsFor, stepsFor} from '../../src/ui/wizard/questions.js';
import {topologySchema} from '../../src/model/schema.js';
import {choiceIndex, currentQuestion, initialState, questionsOf, wizardReducer} from '../../src/ui/wizard/wizard-reducer.js';
import {answerAll, atFirstQuestion, detection, KEEPALIVED_HAPROXY, run} from './wizard-fixtures.js';

const goTo = (id: string) => answerAll(atFirstQuestion(), {}, id);

describe('wizardReducer: detection and defaults', () => {
	it('starts detecting, then takes defaults from this host', () => {
		// Given
		const start = initialState();
		expect(start.phase).toBe('detect');
		expect(start.detecting).toBe(true);
		// When
		const detected = wizardReducer(start, {type: 'detected', detection});
		// Then
		expect(detected.detecting).toBe(false);
		expect(detected.answers.directors[0]).toMatchObject({name: 'lb1', address: '203.0.113.11', interface: 'eth0', transport: 'local', state: 'MASTER', priority: 100});
		expect(detected.answers.directors[1]).toMatchObject({name: 'lb2', address: '203.0.113.12', transport: 'ssh://root@203.0.113.12', state: 'BACKUP', priority: 90});
		expect(detected.answers.vrrp).toMatchObject({vips: ['203.0.113.100/24'], vrid: 51, advertInt: 1});
		expect(detected.answers.lvs).toMatchObject({scheduler: 'wlc', forwarding: 'DR'});
		expect(detected.answers.check.type).toBe('TCP_CHECK');
	});

	it('ignores Enter while detection runs', () => {
		expect(wizardReducer(initialState(), {type: 'submit'}).phase).toBe('detect');
	});

	it('offers a found lbwiz.yaml and resumes at review when chosen', () => {
		const found = {path: 'lbwiz.yaml', answers: {...defaultAnswers(detection), name: 'from-file'}, problems: []};
		const state = run(initialState(), {type: 'detected', detection, found}, {type: 'submit'});
		expect(state.phase).toBe('review');
		expect(state.answers.name).toBe('from-file');
		const fresh = run(initialState(), {type: 'detected', detection, found}, {type: 'highlight', delta: 1}, {type: 'submit'});
		expect(fresh.phase).toBe('ask');
		expect(fresh.answers.name).toBe('web-lb');
	});
});

describe('wizardReducer: typing and validation', () => {
	it('edits the input with the cursor', () => {
		let s = goTo('name');
		expect(s.input).toBe('web-lb');
		s = run(s, {type: 'clear'}, {type: 'insert', text: 'shp'}, {type: 'cursor', to: 'left'}, {type: 'insert', text: 'o'}, {type: 'cursor', to: 'end'}, {type: 'insert', text: 'X'}, {type: 'backspace'});
		expect(s.input).toBe('shop');
		s = run(s, {type: 'cursor', to: 'home'}, {type: 'delete'});
		expect(s.input).toBe('hop');
	});

	it('rejects a VRID out of range and says what is allowed', () => {
		const s = run(goTo('vrrp.vrid'), {type: 'setInput', text: '300'}, {type: 'submit'});
		expect(currentQuestion(s)?.id).toBe('vrrp.vrid');
		expect(s.error).toMatch(/300 is not allowed; allowed: a whole number from 1 to 255/);
	});

	it('rejects text where a number is needed', () => {
		const s = run(goTo('vrrp.advertInt'), {type: 'setInput', text: 'fast'}, {type: 'submit'});
		expect(s.error).toMatch(/"fast" is not a number/);
	});

	it('applies lbwiz.yaml\'s own rules: an address, a too long auth_pass, a VIP that is a host address', () => {
		const bad = run(goTo('directors.0.address'), {type: 'setInput', text: '203.0.113.300'}, {type: 'submit'});
		expect(bad.error).toMatch(/an IPv4 address such as/);
		const long = run(goTo('vrrp.authPass'), {type: 'setInput', text: '123456789'}, {type: 'submit'});
		expect(long.error).toMatch(/at most 8 characters/);
		const vip = run(goTo('vrrp.vips'), {type: 'setInput', text: '203.0.113.12/24'}, {type: 'submit'});
		expect(vip.error).toMatch(/also the address of director lb2/);
	});

	it('checks cross-field rules when a step ends, and returns to the question concerned', () => {
		// Given a BACKUP priority above the MASTER's
		const s = run(goTo('directors.1.priority'), {type: 'setInput', text: '120'}, {type: 'submit'});
		// Then the wizard stays in Directors, at the MASTER's priority, with validate.ts's message
		expect(currentQuestion(s)?.id).toBe('directors.0.priority');
		expect(s.error).toMatch(/MASTER lb1 has priority 100, not above BACKUP lb2's 120/);
	});

	it('refuses a track weight that cannot move the VIP (seed 001 arithmetic)', () => {
		const s = run(goTo('vrrp.trackWeight'), {type: 'setInput', text: '-5'}, {type: 'submit'});
		expect(currentQuestion(s)?.id).toBe('vrrp.trackWeight');
		expect(s.error).toMatch(/weight -5 cannot move the VIP: .* 100 -5 = 95, not below lb2's 90/);
	});

	it('explains the failover time and the track arithmetic in notes', () => {
		const s = goTo('vrrp.advertInt');
		const q = currentQuestion(s)!;
		expect(q.note?.(s.answers)).toMatch(/failover takes about 3\.6 s/);
		const w = goTo('vrrp.trackWeight');
		expect(currentQuestion(w)!.note?.(w.answers)).toBe('HAProxy down on lb1: 100 -20 = 80, below the BACKUP\'s 90');
	});

	it('keeps a warning as a notice without blocking (well-known stats credentials)', () => {
		const s = answerAll(atFirstQuestion(), {'haproxy.stats.enabled': 'yes', 'haproxy.stats.user': 'admin'}, 'haproxy.stats.password');
		const after = run(s, {type: 'setInput', text: 'admin'}, {type: 'submit'});
		expect(after.phase).toBe('review');
		expect(after.notice?.kind).toBe('warning');
		expect(after.notice?.text).toMatch(/well-known credentials/);
	});
});

describe('wizardReducer: navigation', () => {
	it('goes back and forward keeping answers', () => {
		let s = run(goTo('name'), {type: 'setInput', text: 'edge'}, {type: 'submit'});
		expect(currentQuestion(s)?.id).toBe('directors.count');
		s = run(s, {type: 'back'});
		expect(currentQuestion(s)?.id).toBe('name');
		expect(s.input).toBe('edge');
		s = run(s, {type: 'back'});
		expect(currentQuestion(s)?.id).toBe('architecture');
		expect(s.highlight).toBe(0);
		s = run(s, {type: 'back'});
		expect(s.phase).toBe('detect');
		s = run(s, {type: 'submit'}, {type: 'submit'});
		expect(s.input).toBe('edge');
	});

	it('jumps a step back with PgUp and forward with PgDn only as far as reached', () => {
		let s = goTo('vrrp.vrid');
		s = run(s, {type: 'previousStep'});
		expect(currentQuestion(s)?.id).toBe('vrrp.vips');
		s = run(s, {type: 'previousStep'});
		expect(currentQuestion(s)?.id).toBe('directors.count');
		s = run(s, {type: 'nextStep'});
		expect(currentQuestion(s)?.id).toBe('vrrp.vips');
		s = run(s, {type: 'nextStep'});
		expect(currentQuestion(s)?.id).toBe('vrrp.vips');
	});

	it('chooses from a list with arrows, digits and letters', () => {
		let s = atFirstQuestion();
		s = run(s, {type: 'highlight', delta: 1});
		expect(questionsOf(s)[0].choices![s.highlight].value).toBe('lvs-dr');
		s = run(s, {type: 'highlight', delta: -2});
		expect(s.highlight).toBe(ARCHITECTURES.length - 1);
		s = run(s, {type: 'insert', text: '4'});
		expect(questionsOf(s)[0].choices![s.highlight].value).toBe('haproxy-standalone');
		const q = questionsOf(s)[0];
		expect(choiceIndex(q, 'three')).toBe(4);
		expect(choiceIndex(q, 'lvs')).toBe(-1);
		const yesNo = questionsOf(goTo('vrrp.unicast'))[goTo('vrrp.unicast').index];
		expect(choiceIndex(yesNo, 'y')).toBe(0);
		expect(choiceIndex(yesNo, 'N')).toBe(1);
	});

	it('asks only what the architecture needs', () => {
		const standalone = run(atFirstQuestion(), {type: 'setInput', text: 'haproxy-standalone'}, {type: 'submit'});
		expect(stepsFor(standalone.answers)).toEqual(['architecture', 'directors', 'servers', 'haproxy']);
		expect(standalone.answers.directors).toHaveLength(1);
		const lvs = run(atFirstQuestion(), {type: 'setInput', text: 'lvs-dr'}, {type: 'submit'});
		expect(stepsFor(lvs.answers)).toEqual(['architecture', 'directors', 'vrrp', 'servers', 'checks']);
		expect(questionsFor(lvs.answers).some(q => q.id === 'vrrp.trackHaproxy')).toBe(false);
	});

	it('reaches the review, moves between hosts, and Esc returns to the last question', () => {
		const s = answerAll(atFirstQuestion(), KEEPALIVED_HAPROXY);
		expect(s.phase).toBe('review');
		expect(s.review.status).toBe('loading');
		const back = run(s, {type: 'back'});
		expect(back.phase).toBe('ask');
		expect(back.index).toBe(questionsOf(back).length - 1);
	});

	it('cancels with exit status 130 and a message that nothing changed', () => {
		const s = run(goTo('vrrp.vrid'), {type: 'cancel'});
		expect(s.exit).toEqual({code: 130, message: 'Cancelled: nothing was written and no host was changed.'});
		expect(run(s, {type: 'submit'})).toBe(s);
	});

	it('records apply progress and finishes', () => {
		let s = answerAll(atFirstQuestion(), KEEPALIVED_HAPROXY);
		s = run(s, {type: 'applyStart'}, {type: 'applyProgress', item: {key: 'a', host: 'lb1', label: 'write x', status: 'running'}}, {type: 'applyProgress', item: {key: 'a', host: 'lb1', label: 'write x', status: 'done'}});
		expect(s.apply.items).toEqual([{key: 'a', host: 'lb1', label: 'write x', status: 'done'}]);
		s = run(s, {type: 'applyDone', ok: true, lines: ['next']}, {type: 'submit'});
		expect(s.phase).toBe('done');
		expect(s.exit).toEqual({code: 0, message: ''});
	});
});

describe('answers ↔ lbwiz.yaml', () => {
	it('every architecture\'s defaults are a valid lbwiz.yaml (the standalone stats page needs its password)', () => {
		for (const a of ARCHITECTURES) {
			const answers = defaultAnswers(detection, a.id);
			if (answers.haproxy.stats.enabled) answers.haproxy.stats.password = 'Zq8-stats';
			expect(checkAnswers(answers).filter(d => d.severity === 'error'), a.id).toEqual([]);
		}
	});

	it('the keepalived+HAProxy walkthrough gives the expected topology', () => {
		const s = answerAll(atFirstQuestion(), KEEPALIVED_HAPROXY);
		const t = topologySchema.parse(answersToTopology(s.answers));
		expect(t.name).toBe('shop-lb');
		expect(t.vrrp).toMatchObject({virtual_router_id: 52, auth_pass: 's3cret', vips: ['203.0.113.100/24'], track_haproxy: {weight: -20}});
		expect(t.haproxy?.backends[0]).toMatchObject({name: 'web', cookie: 'SERVERID', check: {http: 'GET /'}});
		expect(t.haproxy?.stats).toMatchObject({port: 8404, user: 'admin', password: 'Zq8-stats'});
		expect(t.real_servers.map(r => r.address)).toEqual(['203.0.113.21', '203.0.113.22']);
		expect(t.lvs).toBeUndefined();
	});

	it('three tiers: the HAProxy nodes are the LVS real servers, the web servers their backends', () => {
		const s = answerAll(atFirstQuestion(), {architecture: 'three-tier'});
		const t = topologySchema.parse(answersToTopology(s.answers));
		expect(t.haproxy?.nodes).toEqual(['hap1', 'hap2']);
		expect(t.lvs?.[0].real_servers).toEqual(['hap1', 'hap2']);
		expect(t.haproxy?.backends[0].servers.map(x => x.server)).toEqual(['web1', 'web2']);
	});

	it('multi-port LVS with persistence (seed 003) and routes with groups (seed 004)', () => {
		const lvs = answerAll(atFirstQuestion(), {architecture: 'lvs-dr-multiport', 'lvs.scheduler': 'rr'});
		const t = topologySchema.parse(answersToTopology(lvs.answers));
		expect(t.lvs?.map(x => [x.port, x.persistence_timeout, x.scheduler])).toEqual([[10010, 50, 'rr'], [10020, 50, 'rr'], [10030, 50, 'rr']]);
		const routed = answerAll(atFirstQuestion(), {architecture: 'haproxy-standalone', 'haproxy.defaultBackend': 'static', 'haproxy.routes': '.php=dynamic', 'haproxy.servers.static': 'web1', 'haproxy.servers.dynamic': 'web2', 'haproxy.check.dynamic': 'GET /index.php', 'haproxy.stats.password': 'Zq8-stats'});
		const h = topologySchema.parse(answersToTopology(routed.answers)).haproxy!;
		expect(h.frontends[0].routes).toEqual([{acl: 'dynamic', path_end: '.php', backend: 'dynamic'}]);
		expect(h.backends.map(b => [b.name, b.servers.map(x => x.server), b.check?.http])).toEqual([['static', ['web1'], 'GET /'], ['dynamic', ['web2'], 'GET /index.php']]);
	});

	it('resumes a topology with its unasked settings kept', () => {
		const input = {
			name: 'kept',
			directors: [{name: 'a', address: '198.51.100.1', priority: 100, state: 'MASTER', router_id: 'RID_A'}, {name: 'b', address: '198.51.100.2', priority: 50, state: 'BACKUP'}],
			vrrp: {virtual_router_id: 9, vips: ['198.51.100.10/24'], instance: 'VI_WEB', version: 2, notification_email: ['ops@example.org']},
			lvs: [{vip: '198.51.100.10', port: 443, real_servers: ['w1']}],
			real_servers: [{name: 'w1', address: '198.51.100.21', port: 443, vip_setup: 'ifcfg'}],
		};
		const t = topologySchema.parse(input);
		const answers = topologyToAnswers(t, input as never);
		expect(answers.architecture).toBe('lvs-dr');
		const again = topologySchema.parse(answersToTopology(answers));
		expect(again).toEqual(t);
		const state = initialState({answers});
		expect(state.phase).toBe('review');
		const at = initialState({answers, resumeAt: 'vrrp.vrid'});
		expect(currentQuestion(at)?.id).toBe('vrrp.vrid');
		expect(at.input).toBe('9');
	});

	it('resumes at the first error of a file that breaks a rule', () => {
		const answers = {...defaultAnswers(detection), directors: defaultAnswers(detection).directors.map((d, i) => (i === 1 ? {...d, priority: 150} : d))};
		const s = initialState({answers});
		expect(s.phase).toBe('ask');
		expect(currentQuestion(s)?.id).toBe('directors.0.priority');
		expect(s.error).toMatch(/not above BACKUP lb2's 150/);
	});
});
