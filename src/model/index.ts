/**
The topology model: lbwiz.yaml's schema, the loader with file:line:col diagnostics, the
cross-field rules and derived views (hosts and roles, HAProxy nodes, VIPs).
*/
export * from './schema.js';
export {loadTopology, parseTopology, type LoadedTopology} from './load-topology.js';
export {validateTopology} from './validate.js';
export {TopologyError, formatTopologyDiagnostic, formatKeyPath, type TopologyDiagnostic, type TopologyIssue, type KeyPath} from './diagnostics.js';
export {topologyHosts, haproxyNodeNames, haproxySocketPath, vipAddresses, effectiveState, preferredMaster, parseBind, frontendPorts, lvsMemberName, type TopologyHost, type HostRole, type BindAddress} from './hosts.js';
