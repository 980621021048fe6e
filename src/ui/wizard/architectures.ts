/**
The five architectures of the operator guides (shared/seeds/README.md), as the wizard offers them:
one line each, and what each one needs asked.
*/

export type ArchitectureId = 'lvs-dr' | 'keepalived-haproxy' | 'lvs-dr-multiport' | 'haproxy-standalone' | 'three-tier';

/** What an architecture is made of; the wizard asks only the steps it needs. */
export type Architecture = {
	id: ArchitectureId;
	title: string;
	/** One line (≤ 60 characters) for the choice list. */
	summary: string;
	/** The guide it comes from. */
	seed: string;
	/** keepalived VRRP pair holding a VIP */
	vrrp: boolean;
	/** IPVS virtual services on the directors */
	lvs: boolean;
	/** where HAProxy runs: nowhere, on the directors, or on separate nodes behind LVS */
	haproxy: 'none' | 'directors' | 'separate';
	/** how many directors by default */
	directors: number;
};

/** The architectures, in the order the wizard lists them. */
export const ARCHITECTURES: readonly Architecture[] = [
	{
		id: 'keepalived-haproxy',
		title: 'keepalived + HAProxy pair',
		summary: 'two HAProxy nodes share a VIP; the VIP follows a live HAProxy',
		seed: '001, 004 part 2',
		vrrp: true,
		lvs: false,
		haproxy: 'directors',
		directors: 2,
	},
	{
		id: 'lvs-dr',
		title: 'LVS-DR pair',
		summary: 'two directors share a VIP; IPVS sends requests to web servers (DR)',
		seed: '000, 002',
		vrrp: true,
		lvs: true,
		haproxy: 'none',
		directors: 2,
	},
	{
		id: 'lvs-dr-multiport',
		title: 'LVS-DR, several ports, persistence',
		summary: 'like LVS-DR, several ports, clients stick to one server',
		seed: '003',
		vrrp: true,
		lvs: true,
		haproxy: 'none',
		directors: 2,
	},
	{
		id: 'haproxy-standalone',
		title: 'Standalone HAProxy',
		summary: 'one HAProxy node: URL routing, cookies, stats page; no VIP',
		seed: '004 part 1',
		vrrp: false,
		lvs: false,
		haproxy: 'directors',
		directors: 1,
	},
	{
		id: 'three-tier',
		title: 'Three tiers: LVS → HAProxy → web',
		summary: 'LVS directors (DR) → two HAProxy nodes → web servers',
		seed: '004 part 3',
		vrrp: true,
		lvs: true,
		haproxy: 'separate',
		directors: 2,
	},
];

/** The architecture with this id (the first one when unknown). */
export function architectureOf(id: ArchitectureId): Architecture {
	return ARCHITECTURES.find(a => a.id === id) ?? ARCHITECTURES[0];
}
