/**
Every question the setup wizard asks, shared by the Ink wizard and plain mode: label, one-line help,
the current value (the default until answered), how an answer is parsed, and the key paths of
lbwiz.yaml it sets. Answers are checked with lbwiz.yaml's own rules (schema + validate.ts, through
parseTopology), so the wizard can never accept what `lbwiz setup --answers` would reject.
*/
import {stringify} from 'yaml';
import {parseTopology} from '../../model/load-topology.js';
import {TopologyError, type KeyPath, type TopologyDiagnostic} from '../../model/diagnostics.js';
import {splitCidr} from '../../model/ipv4.js';
import {ARCHITECTURES, architectureOf, type ArchitectureId} from './architectures.js';
import {
	answersToTopology,
	backendNames,
	checkOfBackend,
	defaultDirector,
	defaultHaproxyNode,
	defaultRealServer,
	parseRoute,
	resize,
	serversOfBackend,
	subnetOf,
	withArchitecture,
	type CheckType,
	type HostAnswer,
	type WizardAnswers,
} from './answers.js';
import type {Detection} from './detect.js';

export type StepId = 'architecture' | 'directors' | 'vrrp' | 'servers' | 'checks' | 'haproxy';

/** Steps in order, with their titles (the review, apply and next-steps screens follow them). */
export const STEPS: ReadonlyArray<{id: StepId; title: string}> = [
	{id: 'architecture', title: 'Architecture'},
	{id: 'directors', title: 'Directors and their roles'},
	{id: 'vrrp', title: 'Virtual IP (VRRP)'},
	{id: 'servers', title: 'Services and servers'},
	{id: 'checks', title: 'Health checks'},
	{id: 'haproxy', title: 'HAProxy routes, persistence and stats'},
];

export type Choice = {value: string; label: string; hint?: string};

export type Question = {
	/** stable id, e.g. `directors.1.address` */
	id: string;
	step: StepId;
	label: string;
	/** one line: what it is and what is allowed */
	help: string;
	kind: 'text' | 'number' | 'select' | 'confirm' | 'secret';
	choices?: Choice[];
	/** the current answer as text: the input's initial content */
	value: (a: WizardAnswers) => string;
	/** parses the text into the answers, or says what is allowed */
	apply: (a: WizardAnswers, raw: string) => {answers: WizardAnswers} | {error: string};
	/**
	lbwiz.yaml keys this question sets (`*` = any list index; a last element `$` = exactly this key, not
	below it): their errors stop the answer at once.
	*/
	paths: ReadonlyArray<ReadonlyArray<string | number>>;
	/** keys of cross-field rules this question is the place to fix: checked when the step ends */
	related?: ReadonlyArray<ReadonlyArray<string | number>>;
	/** advice on the current answers that does not block (guides' warnings) */
	note?: (a: WizardAnswers) => string | undefined;
};

/** What the questions depend on besides the answers. */
export type QuestionContext = {detection?: Detection};

const YES = ['y', 'yes', 'true', 'on', '1'];
const NO = ['n', 'no', 'false', 'off', '0'];

/** `yes`/`no` (and y/n, true/false) → boolean; undefined otherwise. */
export function parseYesNo(raw: string): boolean | undefined {
	const t = raw.trim().toLowerCase();
	if (YES.includes(t)) return true;
	if (NO.includes(t)) return false;
	return undefined;
}

/** Splits `a, b c` into items. */
export const splitList = (raw: string): string[] => raw.split(/[\s,]+/).filter(Boolean);

const numberOf = (raw: string): number | undefined => {
	const t = raw.trim();
	if (!/^-?\d+(?:\.\d+)?$/.test(t)) return undefined;
	return Number(t);
};

function textQ(q: Omit<Question, 'kind' | 'apply'> & {set: (a: WizardAnswers, v: string) => WizardAnswers; optional?: boolean; kind?: 'text' | 'secret'}): Question {
	return {
		...q,
		kind: q.kind ?? 'text',
		apply(a, raw) {
			const v = raw.trim();
			if (v === '' && !q.optional) return {error: 'an answer is needed here'};
			return {answers: q.set(a, v)};
		},
	};
}

function numberQ(q: Omit<Question, 'kind' | 'apply'> & {set: (a: WizardAnswers, v: number) => WizardAnswers; integer?: boolean; min?: number; max?: number}): Question {
	return {
		...q,
		kind: 'number',
		apply(a, raw) {
			const n = numberOf(raw);
			const range = q.min !== undefined && q.max !== undefined ? ` from ${q.min} to ${q.max}` : q.min !== undefined ? ` of at least ${q.min}` : '';
			const what = `${q.integer === false ? 'a number' : 'a whole number'}${range}`;
			if (n === undefined) return {error: `${JSON.stringify(raw.trim())} is not a number; allowed: ${what}`};
			if (q.integer !== false && !Number.isInteger(n)) return {error: `${n} is not allowed; allowed: ${what}`};
			if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) return {error: `${n} is not allowed; allowed: ${what}`};
			return {answers: q.set(a, n)};
		},
	};
}

function selectQ(q: Omit<Question, 'kind' | 'apply'> & {choices: Choice[]; set: (a: WizardAnswers, v: string) => WizardAnswers}): Question {
	return {
		...q,
		kind: 'select',
		apply(a, raw) {
			const t = raw.trim();
			const byNumber = /^\d+$/.test(t) ? q.choices[Number(t) - 1] : undefined;
			const choice = byNumber ?? q.choices.find(c => c.value.toLowerCase() === t.toLowerCase());
			if (!choice) return {error: `${JSON.stringify(t)} is not one of the choices; allowed: ${q.choices.map(c => c.value).join(', ')}`};
			return {answers: q.set(a, choice.value)};
		},
	};
}

function confirmQ(q: Omit<Question, 'kind' | 'apply' | 'value'> & {get: (a: WizardAnswers) => boolean; set: (a: WizardAnswers, v: boolean) => WizardAnswers}): Question {
	return {
		...q,
		kind: 'confirm',
		choices: [
			{value: 'yes', label: 'yes'},
			{value: 'no', label: 'no'},
		],
		value: a => (q.get(a) ? 'yes' : 'no'),
		apply(a, raw) {
			const v = parseYesNo(raw);
			if (v === undefined) return {error: `${JSON.stringify(raw.trim())} is not allowed; allowed: yes or no`};
			return {answers: q.set(a, v)};
		},
	};
}

const setDirector = (a: WizardAnswers, i: number, patch: Partial<WizardAnswers['directors'][number]>): WizardAnswers => ({
	...a,
	directors: a.directors.map((d, j) => (j === i ? {...d, ...patch} : d)),
});

/** When the address changes and the transport was derived from it, the transport follows. */
function withAddress<T extends HostAnswer>(h: T, address: string): T {
	const followed = h.transport === `ssh://root@${h.address}` ? `ssh://root@${address}` : h.transport;
	return {...h, address, transport: followed};
}

function hostQuestions(
	step: StepId,
	prefix: string,
	path: KeyPath,
	what: string,
	get: (a: WizardAnswers) => HostAnswer,
	set: (a: WizardAnswers, h: HostAnswer) => WizardAnswers,
	options: {interface?: boolean; transportHelp?: string} = {},
): Question[] {
	const questions: Question[] = [
		textQ({
			id: `${prefix}.name`,
			step,
			label: `Name of ${what}`,
			help: 'Short host name: letters, digits, "-", "_", "." (max 63); used in file names and reports',
			value: a => get(a).name,
			set: (a, v) => set(a, {...get(a), name: v}),
			paths: [[...path, 'name']],
		}),
		textQ({
			id: `${prefix}.address`,
			step,
			label: `IPv4 address of ${what}`,
			help: 'Its own (not the virtual) IPv4 address, e.g. 203.0.113.11',
			value: a => get(a).address,
			set: (a, v) => set(a, withAddress(get(a), v)),
			paths: [[...path, 'address']],
		}),
	];
	if (options.interface) {
		questions.push(
			textQ({
				id: `${prefix}.interface`,
				step,
				label: `Network interface of ${what}`,
				help: 'The interface on the VIP\'s network (e.g. eth0, ens192); VRRP adverts go out there',
				value: a => get(a).interface,
				set: (a, v) => set(a, {...get(a), interface: v}),
				paths: [[...path, 'interface']],
			}),
		);
	}
	questions.push(
		textQ({
			id: `${prefix}.transport`,
			step,
			label: `How lbwiz reaches ${what}`,
			help: options.transportHelp ?? 'local (this host), ssh://[user@]host[:port], or netns:NAME',
			value: a => get(a).transport,
			set: (a, v) => set(a, {...get(a), transport: v}),
			paths: [[...path, 'transport']],
		}),
	);
	return questions;
}

/** A count question that resizes a list of hosts. */
function countQ(id: string, step: StepId, label: string, help: string, min: number, max: number, get: (a: WizardAnswers) => number, set: (a: WizardAnswers, n: number) => WizardAnswers, paths: KeyPath[]): Question {
	return numberQ({id, step, label, help, min, max, value: a => String(get(a)), set, paths});
}

/** The failover time a config implies (FIELD-NOTES §2.2): a BACKUP waits 3 × advert_int + skew. */
export function failoverSeconds(advertInt: number, backupPriority: number): number {
	return 3 * advertInt + (256 - backupPriority) / 256;
}

function architectureQuestions(ctx: QuestionContext): Question[] {
	return [
		selectQ({
			id: 'architecture',
			step: 'architecture',
			label: 'Which architecture do you want to build?',
			help: 'From the operator guides; each one fits a common setup',
			choices: ARCHITECTURES.map(a => ({value: a.id, label: a.title, hint: a.summary})),
			value: a => a.architecture,
			set: (a, v) => withArchitecture(a, v as ArchitectureId, ctx.detection),
			paths: [],
		}),
		textQ({
			id: 'name',
			step: 'architecture',
			label: 'Cluster name',
			help: 'Names the cluster in generated files and reports: letters, digits, "-", "_", "."',
			value: a => a.name,
			set: (a, v) => ({...a, name: v}),
			paths: [['name']],
		}),
	];
}

function directorQuestions(a: WizardAnswers, ctx: QuestionContext): Question[] {
	const arch = architectureOf(a.architecture);
	const subnet = subnetOf(ctx.detection);
	const noun = arch.vrrp ? 'director' : 'HAProxy node';
	const questions: Question[] = [];
	if (arch.vrrp) {
		questions.push(
			countQ('directors.count', 'directors', 'How many directors share the VIP?', 'Usually 2: one MASTER holds the VIP, the BACKUPs take over when it fails', 2, 8, x => x.directors.length, (x, n) => ({...x, directors: resize(x.directors, n, i => defaultDirector(i, subnet, ctx.detection))}), []),
		);
	}
	a.directors.forEach((d, i) => {
		const what = d.name || `${noun} ${i + 1}`;
		const get = (x: WizardAnswers) => x.directors[i];
		const setHost = (x: WizardAnswers, h: HostAnswer) => setDirector(x, i, h);
		questions.push(
			...hostQuestions('directors', `directors.${i}`, ['directors', i], what, get, setHost, {
				interface: arch.vrrp,
				transportHelp: i === 0 ? 'local if this is that host; else ssh://[user@]host[:port] or netns:NAME' : undefined,
			}),
		);
		if (arch.vrrp) {
			questions.push(
				selectQ({
					id: `directors.${i}.state`,
					step: 'directors',
					label: `Role of ${what}`,
					help: 'MASTER holds the VIP while healthy; exactly one MASTER, the others BACKUP',
					choices: [
						{value: 'MASTER', label: 'MASTER', hint: 'holds the VIP'},
						{value: 'BACKUP', label: 'BACKUP', hint: 'takes over when the MASTER fails'},
					],
					value: x => x.directors[i].state,
					set: (x, v) => setDirector(x, i, {state: v as 'MASTER' | 'BACKUP', priority: x.directors[i].priority}),
					paths: [['directors', i, 'state']],
					related: [['directors', '$']],
				}),
				numberQ({
					id: `directors.${i}.priority`,
					step: 'directors',
					label: `VRRP priority of ${what}`,
					help: 'Highest wins the VIP: MASTER above every BACKUP (e.g. 100 and 90); 1–254',
					min: 1,
					max: 255,
					value: x => String(x.directors[i].priority),
					set: (x, v) => setDirector(x, i, {priority: v}),
					paths: [['directors', i, 'priority']],
					related: [['directors', '$']],
					note: x => (x.directors[i].priority === 255 ? '255 means "owns the VIP address": only when the VIP is this host\'s own address' : undefined),
				}),
			);
		}
	});
	return questions;
}

function vrrpQuestions(a: WizardAnswers): Question[] {
	const arch = architectureOf(a.architecture);
	if (!arch.vrrp) return [];
	const questions: Question[] = [
		textQ({
			id: 'vrrp.vips',
			step: 'vrrp',
			label: 'Virtual IP address(es) clients connect to',
			help: 'IPv4 with prefix, comma-separated, e.g. 203.0.113.100/24; not a host\'s own address',
			value: x => x.vrrp.vips.join(', '),
			set: (x, v) => ({...x, vrrp: {...x.vrrp, vips: splitList(v)}}),
			paths: [['vrrp', 'vips'], ['lvs', '*', 'vip']],
			note: x => (x.vrrp.vips.some(v => !v.includes('/')) ? 'without /prefix keepalived adds the VIP as /32; give the subnet\'s prefix (e.g. /24)' : undefined),
		}),
		numberQ({
			id: 'vrrp.vrid',
			step: 'vrrp',
			label: 'Virtual router ID (VRID)',
			help: '1–255, the same on every director; unique per cluster on this network segment',
			min: 1,
			max: 255,
			value: x => String(x.vrrp.vrid),
			set: (x, v) => ({...x, vrrp: {...x.vrrp, vrid: v}}),
			paths: [['vrrp', 'virtual_router_id']],
			note: x => (x.vrrp.vrid === 51 ? '51 is every guide\'s example: if another cluster on this LAN uses it, pick another' : undefined),
		}),
		numberQ({
			id: 'vrrp.advertInt',
			step: 'vrrp',
			label: 'Advertisement interval (seconds)',
			help: 'How often the MASTER says "alive"; whole seconds 1–255 (VRRPv2). Default 1',
			min: 1,
			max: 255,
			value: x => String(x.vrrp.advertInt),
			set: (x, v) => ({...x, vrrp: {...x.vrrp, advertInt: v}}),
			paths: [['vrrp', 'advert_int']],
			note: x => {
				const backups = x.directors.filter(d => d.state === 'BACKUP').map(d => d.priority);
				const best = backups.length > 0 ? Math.max(...backups) : 90;
				return `failover takes about ${failoverSeconds(x.vrrp.advertInt, best).toFixed(1)} s (3 × advert_int + skew), not sub-second`;
			},
		}),
		textQ({
			id: 'vrrp.authPass',
			step: 'vrrp',
			kind: 'secret',
			label: 'VRRP password (empty: none)',
			help: 'At most 8 characters (VRRPv2 cuts longer ones); identical on every director',
			optional: true,
			value: x => x.vrrp.authPass,
			set: (x, v) => ({...x, vrrp: {...x.vrrp, authPass: v}}),
			paths: [['vrrp', 'auth_pass']],
		}),
		confirmQ({
			id: 'vrrp.unicast',
			step: 'vrrp',
			label: 'Send VRRP by unicast to the other directors?',
			help: 'yes where multicast is filtered (clouds, some switches); no: multicast 224.0.0.18',
			get: x => x.vrrp.unicast,
			set: (x, v) => ({...x, vrrp: {...x.vrrp, unicast: v}}),
			paths: [['vrrp', 'unicast']],
		}),
		confirmQ({
			id: 'vrrp.preempt',
			step: 'vrrp',
			label: 'Move the VIP back to the MASTER when it recovers?',
			help: 'yes (preempt): back to the MASTER; no (nopreempt): stay put, fewer moves',
			get: x => x.vrrp.preempt,
			set: (x, v) => ({...x, vrrp: {...x.vrrp, preempt: v}}),
			paths: [['vrrp', 'nopreempt']],
			note: x => (x.vrrp.preempt ? undefined : 'nopreempt: every director is rendered state BACKUP (keepalived ignores nopreempt on a MASTER)'),
		}),
	];
	if (arch.haproxy === 'directors') {
		questions.push(
			confirmQ({
				id: 'vrrp.trackHaproxy',
				step: 'vrrp',
				label: 'Move the VIP when HAProxy dies on its holder?',
				help: 'yes: a tracked check lowers the priority while HAProxy is down (seed 001)',
				get: x => x.vrrp.trackHaproxy,
				set: (x, v) => ({...x, vrrp: {...x.vrrp, trackHaproxy: v}}),
				paths: [['vrrp', 'track_haproxy']],
				note: x => (x.vrrp.trackHaproxy ? undefined : 'without it keepalived only fails over when the whole host dies'),
			}),
		);
		if (a.vrrp.trackHaproxy) {
			questions.push(
				numberQ({
					id: 'vrrp.trackWeight',
					step: 'vrrp',
					label: 'Priority change while HAProxy is down',
					help: 'Negative: subtracted on failure; MASTER priority + weight must drop below BACKUP\'s',
					min: -253,
					max: 253,
					value: x => String(x.vrrp.trackWeight),
					set: (x, v) => ({...x, vrrp: {...x.vrrp, trackWeight: v}}),
					paths: [['vrrp', 'track_haproxy']],
					note: x => {
						const master = x.directors.find(d => d.state === 'MASTER');
						const backups = x.directors.filter(d => d !== master);
						if (!master || backups.length === 0 || x.vrrp.trackWeight >= 0) return undefined;
						const best = Math.max(...backups.map(d => d.priority));
						const failed = Math.max(1, master.priority + x.vrrp.trackWeight);
						return `HAProxy down on ${master.name}: ${master.priority} ${x.vrrp.trackWeight} = ${failed}, ${failed < best ? 'below' : 'NOT below'} the BACKUP's ${best}`;
					},
				}),
			);
		}
	}
	return questions;
}

const SCHEDULERS: Choice[] = [
	{value: 'wlc', label: 'wlc', hint: 'weighted least-connection (default)'},
	{value: 'rr', label: 'rr', hint: 'round robin'},
	{value: 'wrr', label: 'wrr', hint: 'weighted round robin'},
	{value: 'lc', label: 'lc', hint: 'least connections'},
	{value: 'sh', label: 'sh', hint: 'source hashing: a client sticks to one server'},
	{value: 'dh', label: 'dh', hint: 'destination hashing'},
	{value: 'sed', label: 'sed', hint: 'shortest expected delay'},
	{value: 'nq', label: 'nq', hint: 'never queue'},
];

function serverQuestions(a: WizardAnswers, ctx: QuestionContext): Question[] {
	const arch = architectureOf(a.architecture);
	const subnet = subnetOf(ctx.detection);
	const questions: Question[] = [];
	if (arch.lvs) {
		questions.push(
			textQ({
				id: 'lvs.ports',
				step: 'servers',
				label: 'Port(s) the VIP serves',
				help: 'One LVS virtual service per port, comma-separated, e.g. 80 or 10010,10020,10030',
				value: x => x.lvs.ports.join(', '),
				set: (x, v) => ({...x, lvs: {...x.lvs, ports: splitList(v).map(Number)}}),
				paths: [['lvs', '*', 'port']],
				related: [['lvs', '*', '$']],
			}),
			selectQ({
				id: 'lvs.protocol',
				step: 'servers',
				label: 'Protocol',
				help: 'TCP for web services; UDP for DNS, syslog …',
				choices: [
					{value: 'TCP', label: 'TCP'},
					{value: 'UDP', label: 'UDP'},
				],
				value: x => x.lvs.protocol,
				set: (x, v) => ({...x, lvs: {...x.lvs, protocol: v as 'TCP' | 'UDP'}}),
				paths: [['lvs', '*', 'protocol']],
			}),
			selectQ({
				id: 'lvs.forwarding',
				step: 'servers',
				label: 'Forwarding method',
				help: 'DR: servers answer clients directly (they get the VIP on lo and ARP sysctls)',
				choices: [
					{value: 'DR', label: 'DR', hint: 'direct routing: fastest; same L2 network'},
					{value: 'NAT', label: 'NAT', hint: 'servers route back through the directors'},
					{value: 'TUN', label: 'TUN', hint: 'IP-in-IP tunnel to servers elsewhere'},
				],
				value: x => x.lvs.forwarding,
				set: (x, v) => ({...x, lvs: {...x.lvs, forwarding: v as 'DR' | 'NAT' | 'TUN'}}),
				paths: [['lvs', '*', 'forwarding']],
			}),
			selectQ({
				id: 'lvs.scheduler',
				step: 'servers',
				label: 'Scheduler',
				help: 'How IPVS picks a server for a new connection',
				choices: SCHEDULERS,
				value: x => x.lvs.scheduler,
				set: (x, v) => ({...x, lvs: {...x.lvs, scheduler: v}}),
				paths: [['lvs', '*', 'scheduler']],
			}),
			numberQ({
				id: 'lvs.persistence',
				step: 'servers',
				label: 'Persistence timeout (seconds, 0 = off)',
				help: 'Keeps a client on the same server for this long (seed 003 uses 50)',
				min: 0,
				value: x => String(x.lvs.persistence),
				set: (x, v) => ({...x, lvs: {...x.lvs, persistence: v}}),
				paths: [['lvs', '*', 'persistence_timeout']],
			}),
		);
	}
	if (arch.haproxy === 'separate') {
		questions.push(
			countQ('haproxyNodes.count', 'servers', 'How many HAProxy nodes behind LVS?', 'They are the LVS real servers; each runs HAProxy in front of the web servers', 1, 16, x => x.haproxyNodes.length, (x, n) => ({...x, haproxyNodes: resize(x.haproxyNodes, n, i => defaultHaproxyNode(i, subnet))}), [['haproxy', 'nodes']]),
		);
		a.haproxyNodes.forEach((h, i) => {
			questions.push(
				...hostQuestions(
					'servers',
					`haproxyNodes.${i}`,
					['real_servers', i],
					h.name || `HAProxy node ${i + 1}`,
					x => x.haproxyNodes[i],
					(x, v) => ({...x, haproxyNodes: x.haproxyNodes.map((old, j) => (j === i ? v : old))}),
				),
			);
		});
	}
	const webOffset = arch.haproxy === 'separate' ? a.haproxyNodes.length : 0;
	const noun = arch.lvs && arch.haproxy !== 'separate' ? 'real server' : 'web server';
	questions.push(
		countQ('realServers.count', 'servers', `How many ${noun}s?`, arch.haproxy === 'none' ? 'The servers IPVS spreads the requests over' : 'The servers HAProxy spreads the requests over', 1, 64, x => x.realServers.length, (x, n) => ({...x, realServers: resize(x.realServers, n, i => defaultRealServer(i, subnet))}), [['real_servers', '$']]),
	);
	a.realServers.forEach((s, i) => {
		const what = s.name || `${noun} ${i + 1}`;
		const get = (x: WizardAnswers) => x.realServers[i];
		const setHost = (x: WizardAnswers, h: HostAnswer) => ({...x, realServers: x.realServers.map((old, j) => (j === i ? {...old, ...h} : old))});
		const [name, address, transport] = hostQuestions('servers', `realServers.${i}`, ['real_servers', webOffset + i], what, get, setHost);
		questions.push(name, address);
		const dr = arch.lvs && arch.haproxy === 'none' && a.lvs.forwarding !== 'NAT';
		if (!dr) {
			questions.push(
				numberQ({
					id: `realServers.${i}.port`,
					step: 'servers',
					label: `Port ${what} serves on`,
					help: 'The port of the web service on that server, 1–65535',
					min: 1,
					max: 65535,
					value: x => String(x.realServers[i].port),
					set: (x, v) => ({...x, realServers: x.realServers.map((old, j) => (j === i ? {...old, port: v} : old))}),
					paths: [['real_servers', webOffset + i, 'port']],
				}),
			);
		}
		questions.push(transport);
	});
	return questions;
}

const CHECK_TYPES: Choice[] = [
	{value: 'TCP_CHECK', label: 'TCP_CHECK', hint: 'the port accepts a connection (default)'},
	{value: 'HTTP_GET', label: 'HTTP_GET', hint: 'a URL answers with the expected status'},
	{value: 'SSL_GET', label: 'SSL_GET', hint: 'the same over HTTPS'},
	{value: 'MISC_CHECK', label: 'MISC_CHECK', hint: 'your script exits 0'},
];

function checkQuestions(a: WizardAnswers): Question[] {
	if (!architectureOf(a.architecture).lvs) return [];
	const hc = ['lvs', '*', 'health_check'];
	const set = (x: WizardAnswers, patch: Partial<WizardAnswers['check']>) => ({...x, check: {...x.check, ...patch}});
	const questions: Question[] = [
		selectQ({
			id: 'check.type',
			step: 'checks',
			label: 'How the directors check each real server',
			help: 'A server failing its check leaves IPVS until it passes again',
			choices: CHECK_TYPES,
			value: x => x.check.type,
			set: (x, v) => set(x, {type: v as CheckType}),
			paths: [[...hc, 'type']],
			related: [[...hc, '$']],
		}),
	];
	if (a.check.type === 'HTTP_GET' || a.check.type === 'SSL_GET') {
		questions.push(
			textQ({id: 'check.path', step: 'checks', label: 'URL path to request', help: 'Starts with /, e.g. /index.html or /health', value: x => x.check.path, set: (x, v) => set(x, {path: v}), paths: [[...hc, 'path']]}),
			numberQ({id: 'check.statusCode', step: 'checks', label: 'Expected HTTP status', help: '100–599, usually 200', min: 100, max: 599, value: x => String(x.check.statusCode), set: (x, v) => set(x, {statusCode: v}), paths: [[...hc, 'status_code']]}),
		);
	}
	if (a.check.type === 'MISC_CHECK') {
		questions.push(
			textQ({id: 'check.script', step: 'checks', label: 'Check command', help: 'Absolute path and arguments; exit 0 = healthy (runs as keepalived_script)', value: x => x.check.script, set: (x, v) => set(x, {script: v}), paths: [[...hc, 'script']]}),
		);
	}
	questions.push(
		numberQ({id: 'check.connectPort', step: 'checks', label: 'Port to check (0 = the service port)', help: 'Set it when the health port differs from the service port (connect_port)', min: 0, max: 65535, value: x => String(x.check.connectPort), set: (x, v) => set(x, {connectPort: v}), paths: [[...hc, 'connect_port']]}),
		numberQ({id: 'check.connectTimeout', step: 'checks', label: 'Connect timeout (seconds)', help: 'A check slower than this fails; default 3', min: 1, integer: false, value: x => String(x.check.connectTimeout), set: (x, v) => set(x, {connectTimeout: v}), paths: [[...hc, 'connect_timeout']]}),
		numberQ({id: 'check.retry', step: 'checks', label: 'Retries before a server is removed', help: 'Failed checks in a row before the server leaves IPVS; default 3', min: 0, value: x => String(x.check.retry), set: (x, v) => set(x, {retry: v}), paths: [[...hc, 'retry']]}),
		numberQ({id: 'check.delayBeforeRetry', step: 'checks', label: 'Seconds between retries', help: 'delay_before_retry; default 3', min: 0, integer: false, value: x => String(x.check.delayBeforeRetry), set: (x, v) => set(x, {delayBeforeRetry: v}), paths: [[...hc, 'delay_before_retry']]}),
		numberQ({id: 'check.delayLoop', step: 'checks', label: 'Seconds between checks', help: 'delay_loop: how often each server is checked; default 6', min: 1, integer: false, value: x => String(x.check.delayLoop), set: (x, v) => set(x, {delayLoop: v}), paths: [[...hc, 'delay_loop']]}),
	);
	return questions;
}

const BALANCE: Choice[] = [
	{value: 'roundrobin', label: 'roundrobin', hint: 'in turn, by weight (default)'},
	{value: 'leastconn', label: 'leastconn', hint: 'fewest connections: long sessions'},
	{value: 'source', label: 'source', hint: 'hash of the client address'},
	{value: 'uri', label: 'uri', hint: 'hash of the URI: caches'},
	{value: 'static-rr', label: 'static-rr', hint: 'round robin, fixed weights'},
	{value: 'first', label: 'first', hint: 'fill the first server first'},
];

function haproxyQuestions(a: WizardAnswers): Question[] {
	const arch = architectureOf(a.architecture);
	if (arch.haproxy === 'none') return [];
	const h = (x: WizardAnswers, patch: Partial<WizardAnswers['haproxy']>) => ({...x, haproxy: {...x.haproxy, ...patch}});
	const stats = (x: WizardAnswers, patch: Partial<WizardAnswers['haproxy']['stats']>) => h(x, {stats: {...x.haproxy.stats, ...patch}});
	const http = a.haproxy.mode === 'http';
	const questions: Question[] = [
		numberQ({
			id: 'haproxy.port',
			step: 'haproxy',
			label: 'Port HAProxy listens on',
			help: arch.haproxy === 'separate' ? 'The LVS service port: HAProxy nodes take it on the VIP (DR)' : 'Clients connect to VIP:port; HAProxy binds *:port on every node',
			min: 1,
			max: 65535,
			value: x => String(x.haproxy.port),
			set: (x, v) => h(x, {port: v}),
			paths: [['haproxy', 'frontends', 0, 'bind']],
		}),
		selectQ({
			id: 'haproxy.mode',
			step: 'haproxy',
			label: 'Traffic type',
			help: 'http: routing by URL, cookies, HTTP checks; tcp: any protocol, passed through',
			choices: [
				{value: 'http', label: 'http', hint: 'layer 7'},
				{value: 'tcp', label: 'tcp', hint: 'layer 4'},
			],
			value: x => x.haproxy.mode,
			set: (x, v) => h(x, {mode: v as 'http' | 'tcp'}),
			paths: [['haproxy', 'frontends', 0, 'mode'], ['haproxy', 'backends', '*', 'mode']],
		}),
		selectQ({
			id: 'haproxy.balance',
			step: 'haproxy',
			label: 'Balancing algorithm',
			help: 'How HAProxy picks a server',
			choices: BALANCE,
			value: x => x.haproxy.balance,
			set: (x, v) => h(x, {balance: v}),
			paths: [['haproxy', 'backends', '*', 'balance']],
		}),
		textQ({
			id: 'haproxy.defaultBackend',
			step: 'haproxy',
			label: 'Name of the (default) server group',
			help: 'HAProxy backend name: letters, digits, "_", ".", ":", "-"',
			value: x => x.haproxy.defaultBackend,
			set: (x, v) => h(x, {defaultBackend: v}),
			paths: [['haproxy', 'frontends', 0, 'default_backend'], ['haproxy', 'backends', 0, 'name']],
		}),
	];
	if (http) {
		questions.push(
			{
				id: 'haproxy.routes',
				step: 'haproxy',
				kind: 'text',
				label: 'URL routes to other groups (empty: none)',
				help: 'MATCH=GROUP, comma-separated: .php=dynamic, /api/=api, ~\\.html$=static, host:x=y',
				value: x => x.haproxy.routes.map(r => `${r.match}=${r.backend}`).join(', '),
				apply(x, raw) {
					const routes = [];
					for (const item of raw.split(',').map(part => part.trim()).filter(Boolean)) {
						const eq = item.lastIndexOf('=');
						const match = eq > 0 ? item.slice(0, eq).trim() : '';
						const backend = eq > 0 ? item.slice(eq + 1).trim() : '';
						if (!match || !backend || !parseRoute(match)) {
							return {error: `${JSON.stringify(item)} is not a route; allowed: MATCH=GROUP where MATCH is .ext, /prefix, ~regex or host:NAME`};
						}
						const kept = x.haproxy.routes.find(r => r.match === match && r.backend === backend)?.acl;
						routes.push({match, backend, ...(kept ? {acl: kept} : {})});
					}
					return {answers: h(x, {routes})};
				},
				paths: [['haproxy', 'frontends', 0, 'routes']],
			},
			textQ({
				id: 'haproxy.cookie',
				step: 'haproxy',
				label: 'Sticky-session cookie name (empty: none)',
				help: 'e.g. SERVERID: HAProxy sets it so a client keeps its server (persistence)',
				optional: true,
				value: x => x.haproxy.cookie,
				set: (x, v) => h(x, {cookie: v}),
				paths: [['haproxy', 'backends', '*', 'cookie']],
			}),
		);
		const groups = backendNames(a);
		if (groups.length === 1) {
			questions.push(
				textQ({
					id: 'haproxy.httpCheck',
					step: 'haproxy',
					label: 'HTTP health check (empty: TCP connect)',
					help: '"METHOD /path", e.g. GET /index.html; a server failing it gets no traffic',
					optional: true,
					value: x => checkOfBackend(x, groups[0]),
					set: (x, v) => h(x, {httpCheck: v, backendChecks: {}}),
					paths: [['haproxy', 'backends', '*', 'check']],
				}),
			);
		}
		if (groups.length > 1) {
			groups.forEach((group, index) => {
				questions.push(
					{
						id: `haproxy.servers.${group}`,
						step: 'haproxy',
						kind: 'text',
						label: `Servers in group ${group}`,
						help: `Names of web servers, comma-separated: ${a.realServers.map(s => s.name).join(', ')}`,
						value: x => serversOfBackend(x, group).join(', '),
						apply(x, raw) {
							const names = splitList(raw);
							const known = x.realServers.map(s => s.name);
							const unknown = names.find(n => !known.includes(n));
							if (names.length === 0) return {error: 'a group needs at least one server'};
							if (unknown) return {error: `${JSON.stringify(unknown)} is not a web server; allowed: ${known.join(', ')}`};
							return {answers: h(x, {backendServers: {...x.haproxy.backendServers, [group]: names}})};
						},
						paths: [['haproxy', 'backends', index, 'servers']],
					},
					textQ({
						id: `haproxy.check.${group}`,
						step: 'haproxy',
						label: `HTTP health check of group ${group} (empty: TCP)`,
						help: '"METHOD /path", e.g. GET /index.php; a server failing it gets no traffic',
						optional: true,
						value: x => checkOfBackend(x, group),
						set: (x, v) => h(x, {backendChecks: {...x.haproxy.backendChecks, [group]: v}}),
						paths: [['haproxy', 'backends', index, 'check']],
					}),
				);
			});
		}
	}
	questions.push(
		confirmQ({
			id: 'haproxy.stats.enabled',
			step: 'haproxy',
			label: 'Serve the HAProxy statistics page?',
			help: 'A web page with every server\'s state; protect it with a user and password',
			get: x => x.haproxy.stats.enabled,
			set: (x, v) => stats(x, {enabled: v}),
			paths: [],
		}),
	);
	if (a.haproxy.stats.enabled) {
		questions.push(
			numberQ({id: 'haproxy.stats.port', step: 'haproxy', label: 'Statistics page port', help: 'Not the service port; e.g. 8404', min: 1, max: 65535, value: x => String(x.haproxy.stats.port), set: (x, v) => stats(x, {port: v}), paths: [['haproxy', 'stats', 'port'], ['haproxy', 'stats', 'bind']]}),
			textQ({id: 'haproxy.stats.uri', step: 'haproxy', label: 'Statistics page path', help: 'Starts with /, e.g. /haproxy?stats', value: x => x.haproxy.stats.uri, set: (x, v) => stats(x, {uri: v}), paths: [['haproxy', 'stats', 'uri']]}),
			textQ({id: 'haproxy.stats.user', step: 'haproxy', label: 'Statistics user (empty: no login)', help: 'With a password below; empty leaves the page open to anyone who reaches it', optional: true, value: x => x.haproxy.stats.user, set: (x, v) => stats(x, {user: v}), paths: [['haproxy', 'stats', 'user']], related: [['haproxy', 'stats', '$']]}),
		);
		if (a.haproxy.stats.user !== '') {
			questions.push(
				textQ({id: 'haproxy.stats.password', step: 'haproxy', kind: 'secret', label: 'Statistics password', help: 'Not admin/admin or another default (seed 004 ships admin:admin)', value: x => x.haproxy.stats.password, set: (x, v) => stats(x, {password: v}), paths: [['haproxy', 'stats', 'password']], related: [['haproxy', 'stats', '$']]}),
			);
		}
	}
	return questions;
}

/**
Every question for these answers, in order. The list depends on earlier answers only (the architecture,
counts, the check type, …), so answering question i never changes questions 0..i.
*/
export function questionsFor(a: WizardAnswers, ctx: QuestionContext = {}): Question[] {
	return [...architectureQuestions(ctx), ...directorQuestions(a, ctx), ...vrrpQuestions(a), ...serverQuestions(a, ctx), ...checkQuestions(a), ...haproxyQuestions(a)];
}

/** The step's title. */
export const stepTitle = (step: StepId): string => STEPS.find(s => s.id === step)?.title ?? step;

/** The steps this architecture asks, in order. */
export function stepsFor(a: WizardAnswers, ctx: QuestionContext = {}): StepId[] {
	return [...new Set(questionsFor(a, ctx).map(q => q.step))];
}

/** The YAML lbwiz would save for these answers. */
export function answersYaml(a: WizardAnswers): string {
	return stringify(answersToTopology(a), {lineWidth: 0});
}

/**
lbwiz.yaml's own verdict on the answers (schema, then validate.ts), as diagnostics with key paths
(`directors[1].priority`). Empty when everything is fine.
*/
export function checkAnswers(a: WizardAnswers): TopologyDiagnostic[] {
	try {
		return parseTopology(answersYaml(a), 'lbwiz.yaml').warnings;
	} catch (error) {
		if (error instanceof TopologyError) return error.diagnostics;
		return [{file: 'lbwiz.yaml', line: 1, column: 1, severity: 'error', code: 'topology/invalid', path: '(top level)', message: (error as Error).message}];
	}
}

const patternOf = (path: ReadonlyArray<string | number>): RegExp => {
	let source = '';
	const exact = path[path.length - 1] === '$';
	for (const part of exact ? path.slice(0, -1) : path) {
		if (part === '*') source += '\\[\\d+\\]';
		else if (typeof part === 'number') source += `\\[${part}\\]`;
		else source += `${source === '' ? '' : '\\.'}${part.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
	}
	return new RegExp(exact ? `^${source}$` : `^${source}(?:$|[.[])`);
};

/** Whether a diagnostic's key path (`lvs[0].port`) is one of the keys the question sets. */
export function ownsPath(q: Question, diagnosticPath: string): boolean {
	return q.paths.some(p => patternOf(p).test(diagnosticPath));
}

/** Whether a diagnostic's key path is a cross-field rule the question is the place to fix. */
export const relatesTo = (q: Question, diagnosticPath: string): boolean => (q.related ?? []).some(p => patternOf(p).test(diagnosticPath));

/** The message without the `path: ` prefix parseTopology puts in front. */
export const diagnosticText = (d: TopologyDiagnostic): string => (d.message.startsWith(`${d.path}: `) ? d.message.slice(d.path.length + 2) : d.message);

/** Diagnostics of the questions in `questions` (the first owner wins), errors first. */
export function diagnosticsFor(questions: readonly Question[], diagnostics: readonly TopologyDiagnostic[]): Array<{question: Question; diagnostic: TopologyDiagnostic}> {
	const out: Array<{question: Question; diagnostic: TopologyDiagnostic}> = [];
	for (const diagnostic of diagnostics) {
		const question = questions.find(q => ownsPath(q, diagnostic.path)) ?? questions.find(q => relatesTo(q, diagnostic.path));
		if (question) out.push({question, diagnostic});
	}
	return out.sort((x, y) => (x.diagnostic.severity === y.diagnostic.severity ? 0 : x.diagnostic.severity === 'error' ? -1 : 1));
}

/**
Answers one question: parse, store, then lbwiz.yaml's rules for this question's keys. Returns the new
answers, or the error that says what is allowed; `warning` carries a non-blocking diagnostic.
*/
export function answerQuestion(q: Question, a: WizardAnswers, raw: string): {answers: WizardAnswers; warning?: string} | {error: string} {
	const parsed = q.apply(a, raw);
	if ('error' in parsed) return parsed;
	const diagnostics = checkAnswers(parsed.answers);
	const error = diagnostics.find(d => d.severity === 'error' && ownsPath(q, d.path));
	if (error) return {error: diagnosticText(error)};
	const warning = diagnostics.find(d => d.severity === 'warning' && (ownsPath(q, d.path) || relatesTo(q, d.path)));
	return warning ? {answers: parsed.answers, warning: diagnosticText(warning)} : {answers: parsed.answers};
}

/**
The first error among the questions of one step (cross-field rules seen once the whole step is answered),
as the question to return to and its message.
*/
export function stepError(step: StepId, a: WizardAnswers, ctx: QuestionContext = {}): {question: Question; message: string} | undefined {
	const questions = questionsFor(a, ctx).filter(q => q.step === step);
	const hit = diagnosticsFor(questions, checkAnswers(a)).find(x => x.diagnostic.severity === 'error');
	return hit ? {question: hit.question, message: diagnosticText(hit.diagnostic)} : undefined;
}

/** Shows an answer in summaries: secrets as dots, empty as "(none)". */
export function displayValue(q: Question, a: WizardAnswers): string {
	const v = q.value(a);
	if (v === '') return '(none)';
	if (q.kind === 'secret') return '•'.repeat(Math.min(8, v.length));
	if (q.kind === 'select') return q.choices?.find(c => c.value === v)?.label ?? v;
	return v;
}

/** The VIP addresses without prefix (for messages). */
export const vipList = (a: WizardAnswers): string => a.vrrp.vips.map(v => splitCidr(v).address).join(', ');
