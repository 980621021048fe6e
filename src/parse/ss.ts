/** `ss -Hltnup` → listening sockets (address, port, process). */
import type {ListeningSocket} from '../collect/types.js';

/** Splits `ADDR:PORT` as ss prints it (`*:80`, `[::]:80`, `0.0.0.0:80`, `10.0.0.1%eth0:80`). */
function splitLocal(text: string): {address: string; port: number} | undefined {
	const m = /^(.*):(\d+|\*)$/.exec(text);
	if (!m || m[2] === '*') return undefined;
	let address = m[1].replace(/^\[(.*)\]$/, '$1').replace(/%\S+$/, '');
	if (address === '*') address = '0.0.0.0';
	return {address, port: Number(m[2])};
}

/** Parses `ss -Hltnup` (Netid State Recv-Q Send-Q Local Peer [users:((…))]). */
export function parseSsListening(text: string): ListeningSocket[] {
	const out: ListeningSocket[] = [];
	for (const line of text.split('\n')) {
		const words = line.trim().split(/\s+/);
		if (words.length < 6 || (words[0] !== 'tcp' && words[0] !== 'udp')) continue;
		const local = splitLocal(words[4]);
		if (!local) continue;
		const users = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
		out.push({proto: words[0], ...local, ...(users ? {process: users[1], pid: Number(users[2])} : {})});
	}
	return out;
}
