/** What to install for a missing tool, in the words an operator types (apt / dnf). */

const PACKAGES: Record<string, {apt: string; dnf: string}> = {
	tcpdump: {apt: 'tcpdump', dnf: 'tcpdump'},
	nft: {apt: 'nftables', dnf: 'nftables'},
	'iptables-save': {apt: 'iptables', dnf: 'iptables'},
	'iptables-legacy-save': {apt: 'iptables', dnf: 'iptables-legacy'},
	'firewall-cmd': {apt: 'firewalld', dnf: 'firewalld'},
	ipvsadm: {apt: 'ipvsadm', dnf: 'ipvsadm'},
	curl: {apt: 'curl', dnf: 'curl'},
	ip: {apt: 'iproute2', dnf: 'iproute'},
	ss: {apt: 'iproute2', dnf: 'iproute'},
	sysctl: {apt: 'procps', dnf: 'procps-ng'},
	keepalived: {apt: 'keepalived', dnf: 'keepalived'},
	haproxy: {apt: 'haproxy', dnf: 'haproxy'},
	socat: {apt: 'socat', dnf: 'socat'},
	journalctl: {apt: 'systemd', dnf: 'systemd'},
	timedatectl: {apt: 'systemd', dnf: 'systemd'},
	chronyc: {apt: 'chrony', dnf: 'chrony'},
	timeout: {apt: 'coreutils', dnf: 'coreutils'},
	tail: {apt: 'coreutils', dnf: 'coreutils'},
	python3: {apt: 'python3', dnf: 'python3'},
};

/** `apt-get install tcpdump` / `dnf install tcpdump` for one tool. */
export function installHint(tool: string): string {
	const p = PACKAGES[tool] ?? {apt: tool, dnf: tool};
	return `install it with \`apt-get install ${p.apt}\` / \`dnf install ${p.dnf}\``;
}

/** "tcpdump is not installed on lb2; install it with `apt-get install tcpdump` / `dnf install tcpdump`" */
export function notInstalled(tool: string, host: string): string {
	return `${tool} is not installed on ${host}; ${installHint(tool)}`;
}
