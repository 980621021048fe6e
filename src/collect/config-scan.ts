/**
Just enough of keepalived.conf for collection (which files to read, which interfaces to capture
on, which addresses to probe). The full parser with positions is src/parse/keepalived/; this
scanner only needs words and braces and never fails.
*/

/** Words of a keepalived config with comments (`#`, `!`) removed, one array per line. */
export function keepalivedLines(text: string): string[][] {
	return text.split('\n').map(line => {
		const words: string[] = [];
		for (const m of line.matchAll(/"([^"]*)"|(\S+)/g)) {
			const word = m[1] ?? m[2];
			if (m[2] !== undefined && (word.startsWith('#') || word.startsWith('!'))) break;
			words.push(word);
		}
		return words;
	});
}

/** `include` patterns, in order. */
export function keepalivedIncludes(text: string): string[] {
	return keepalivedLines(text)
		.filter(w => w[0] === 'include' && w[1])
		.map(w => w[1]);
}

type Block = {keyword: string; args: string[]; children: Block[]; words: string[][]};

/** A brace tree (blocks with their keyword, arguments and direct word lines). */
export function keepalivedTree(text: string): Block {
	const root: Block = {keyword: '', args: [], children: [], words: []};
	const stack: Block[] = [root];
	for (const words of keepalivedLines(text)) {
		let rest = [...words];
		while (rest.length > 0) {
			const open = rest.indexOf('{');
			const close = rest.indexOf('}');
			if (open >= 0 && (close < 0 || open < close)) {
				const head = rest.slice(0, open);
				const block: Block = {keyword: head[0] ?? '', args: head.slice(1), children: [], words: []};
				stack.at(-1)!.children.push(block);
				stack.push(block);
				rest = rest.slice(open + 1);
			} else if (close >= 0) {
				const head = rest.slice(0, close);
				if (head.length > 0) stack.at(-1)!.words.push(head);
				if (stack.length > 1) stack.pop();
				rest = rest.slice(close + 1);
			} else {
				stack.at(-1)!.words.push(rest);
				rest = [];
			}
		}
	}
	return root;
}

/** What collection needs from keepalived's config. */
export type KeepalivedScan = {
	/** scripts keepalived runs: vrrp_script `script`, notify* lines, MISC_CHECK `misc_path` */
	scripts: Array<{usedBy: string; command: string}>;
	instances: Array<{name: string; interface?: string; vrid?: number; vips: string[]; unicastPeers: string[]; unicastSrc?: string}>;
	virtualServers: Array<{address: string; port?: number; realServers: Array<{address: string; port?: number}>}>;
};

const stripPrefix = (address: string) => address.split('/')[0];

/** Scans one or more config texts (main file and includes). */
export function scanKeepalived(texts: string[]): KeepalivedScan {
	const scan: KeepalivedScan = {scripts: [], instances: [], virtualServers: []};
	const notify = (usedBy: string, block: Block) => {
		for (const w of block.words) if (/^notify(?:_\w+)?$/.test(w[0] ?? '') && w[1]) scan.scripts.push({usedBy: `${usedBy} ${w[0]}`, command: w.slice(1).join(' ')});
	};
	const walkChecks = (usedBy: string, block: Block) => {
		for (const child of block.children) {
			if (child.keyword === 'MISC_CHECK') for (const w of child.words) if (w[0] === 'misc_path' && w[1]) scan.scripts.push({usedBy: `${usedBy} MISC_CHECK`, command: w.slice(1).join(' ')});
			walkChecks(usedBy, child);
		}
	};
	for (const text of texts) {
		for (const block of keepalivedTree(text).children) {
			if (block.keyword === 'vrrp_script') for (const w of block.words) if (w[0] === 'script' && w[1]) scan.scripts.push({usedBy: `vrrp_script ${block.args[0] ?? ''}`.trim(), command: w.slice(1).join(' ')});
			if (block.keyword === 'vrrp_sync_group' || block.keyword === 'global_defs') notify(`${block.keyword}${block.args[0] ? ` ${block.args[0]}` : ''}`, block);
			if (block.keyword === 'virtual_server') walkChecks(`virtual_server ${block.args.join(' ')}`, block);
			if (block.keyword === 'vrrp_instance') {
				notify(`vrrp_instance ${block.args[0] ?? ''}`, block);
				const instance: KeepalivedScan['instances'][number] = {name: block.args[0] ?? '', vips: [], unicastPeers: []};
				for (const w of block.words) {
					if (w[0] === 'interface' && w[1]) instance.interface = w[1];
					if (w[0] === 'virtual_router_id' && /^\d+$/.test(w[1] ?? '')) instance.vrid = Number(w[1]);
					if (w[0] === 'unicast_src_ip' && w[1]) instance.unicastSrc = w[1];
				}
				for (const child of block.children) {
					if (child.keyword === 'virtual_ipaddress' || child.keyword === 'virtual_ipaddress_excluded') for (const w of child.words) if (w[0] && /^[\d.]+(\/\d+)?$/.test(w[0])) instance.vips.push(stripPrefix(w[0]));
					if (child.keyword === 'unicast_peer') for (const w of child.words) if (w[0]) instance.unicastPeers.push(w[0]);
				}
				scan.instances.push(instance);
			}
			if (block.keyword === 'virtual_server' && block.args[0] && block.args[0] !== 'group' && block.args[0] !== 'fwmark') {
				const vs: KeepalivedScan['virtualServers'][number] = {address: block.args[0], ...(/^\d+$/.test(block.args[1] ?? '') ? {port: Number(block.args[1])} : {}), realServers: []};
				for (const child of block.children) {
					if (child.keyword === 'real_server' && child.args[0]) vs.realServers.push({address: child.args[0], ...(/^\d+$/.test(child.args[1] ?? '') ? {port: Number(child.args[1])} : {})});
				}
				scan.virtualServers.push(vs);
			}
		}
	}
	return scan;
}
