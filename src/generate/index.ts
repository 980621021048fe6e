/**
The generator API: `renderTopology(topology, {source})` gives every host's files and commands.
The single-file renderers are exported for callers that need one piece (the lab, import's round trip).
*/
export {renderTopology, type RenderOptions, type ServiceManager} from './render-topology.js';
export type {HostRender, PlannedCommand, RenderedFile} from './types.js';
export {renderKeepalivedConf, usesScripts, KEEPALIVED_CONF_PATH, CHECK_SCRIPT_PATH, CHECK_SCRIPT_NAME} from './keepalived-conf.js';
export {renderCheckScript, checkedPorts} from './check-script.js';
export {renderHaproxyCfg, HAPROXY_CFG_PATH} from './haproxy-cfg.js';
export {renderSysctl, sysctlSettings, realServerVips, SYSCTL_PATH, type SysctlSetting} from './sysctl-d.js';
export {renderLoVipUnit, renderIfcfgLo, renderInitScript, LO_VIP_UNIT, LO_VIP_UNIT_PATH, INIT_SCRIPT_PATH, ifcfgPath} from './lo-vip.js';
export {generatedHeader, renderContext, type RenderContext} from './header.js';
