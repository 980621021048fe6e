/**
The collector registry, explicit (ESLint's lib/rules/index.js) so bundles need no readdir. The
VRRP capture comes first: its window is opened before anything else and overlaps the rest.
*/
import type {Collector} from '../define-collector.js';
import type {FactKey} from '../types.js';
import vrrpAdverts from './vrrp-adverts.js';
import hostInfo from './host-info.js';
import netAddresses from './net-addresses.js';
import netRoutes from './net-routes.js';
import netSysctl from './net-sysctl.js';
import netListening from './net-listening.js';
import firewallRuleset from './firewall-ruleset.js';
import processList from './process-list.js';
import serviceState from './service-state.js';
import serviceDefaults from './service-defaults.js';
import keepalivedVersion from './keepalived-version.js';
import haproxyVersion from './haproxy-version.js';
import keepalivedConfig from './keepalived-config.js';
import haproxyConfig from './haproxy-config.js';
import keepalivedLog from './keepalived-log.js';
import keepalivedScripts from './keepalived-scripts.js';
import keepalivedData from './keepalived-data.js';
import keepalivedStats from './keepalived-stats.js';
import ipvsTable from './ipvs-table.js';
import haproxyStats from './haproxy-stats.js';
import httpProbes from './http-probes.js';
import clockSync from './clock-sync.js';
import configValidation from './config-validation.js';

/** Every collector, one per fact key. */
export const COLLECTORS: ReadonlyArray<Collector<FactKey>> = [
	vrrpAdverts,
	hostInfo,
	netAddresses,
	netRoutes,
	netSysctl,
	netListening,
	firewallRuleset,
	processList,
	serviceState,
	serviceDefaults,
	keepalivedVersion,
	haproxyVersion,
	keepalivedConfig,
	haproxyConfig,
	keepalivedLog,
	keepalivedScripts,
	keepalivedData,
	keepalivedStats,
	ipvsTable,
	haproxyStats,
	httpProbes,
	clockSync,
	configValidation,
] as ReadonlyArray<Collector<FactKey>>;
