/**
The registry of doctor checks: an explicit list (ESLint's lib/rules/index.js), so a single-file bundle
needs no file-system discovery. Order is the tie-breaker when findings rank equally: likely causes
first, symptoms last. Ids are permanent; the registry test checks each id against its path and doc page.
*/
import type {Check} from '../src/doctor/define-check.js';
import configSyntax from './config/syntax.js';
import configDeprecated from './config/deprecated.js';
import firewallVrrpBlocked from './firewall/vrrp-blocked.js';
import serviceKeepalivedDown from './service/keepalived-down.js';
import serviceHaproxyDown from './service/haproxy-down.js';
import vrrpAuthMismatch from './vrrp/auth-mismatch.js';
import vrrpVridMismatch from './vrrp/vrid-mismatch.js';
import vrrpVersionMismatch from './vrrp/version-mismatch.js';
import vrrpAdvertIntMismatch from './vrrp/advert-int-mismatch.js';
import vrrpVipListMismatch from './vrrp/vip-list-mismatch.js';
import vrrpInterfaceMismatch from './vrrp/interface-mismatch.js';
import vrrpUnicastPeers from './vrrp/unicast-peers.js';
import vrrpStrictNoAccept from './vrrp/strict-no-accept.js';
import vrrpPriorityOrder from './vrrp/priority-order.js';
import vrrpTrackWeightIneffective from './vrrp/track-weight-ineffective.js';
import vrrpNopreemptIneffective from './vrrp/nopreempt-ineffective.js';
import vrrpAuthPassTruncated from './vrrp/auth-pass-truncated.js';
import vrrpRouterIdDuplicate from './vrrp/router-id-duplicate.js';
import scriptSecurity from './script/security.js';
import haproxyNonlocalBind from './haproxy/nonlocal-bind.js';
import haproxyStatsDefaultCredentials from './haproxy/stats-default-credentials.js';
import realserverUnreachable from './realserver/unreachable.js';
import vipRealserverLoMissing from './vip/realserver-lo-missing.js';
import arpRealserverSysctl from './arp/realserver-sysctl.js';
import lvsIpvsUnavailable from './lvs/ipvs-unavailable.js';
import lvsNatForwarding from './lvs/nat-forwarding.js';
import lvsPortMismatch from './lvs/port-mismatch.js';
import lvsRealserverMissing from './lvs/realserver-missing.js';
import vipSubnet from './vip/subnet.js';
import vrrpNoAdverts from './vrrp/no-adverts.js';
import vrrpPacketErrors from './vrrp/packet-errors.js';
import vrrpForeignVrid from './vrrp/foreign-vrid.js';
import vipSplitBrain from './vip/split-brain.js';
import vipNotHeld from './vip/not-held.js';
import vipUnexpectedHolder from './vip/unexpected-holder.js';
import vipUnreachable from './vip/unreachable.js';
import haproxyBackendDown from './haproxy/backend-down.js';
import vrrpFailoverTime from './vrrp/failover-time.js';
import hostClockUnsynchronized from './host/clock-unsynchronized.js';

/** Every check, in evaluation (and tie-break) order. */
export const checks: readonly Check[] = [
	configSyntax,
	firewallVrrpBlocked,
	serviceKeepalivedDown,
	serviceHaproxyDown,
	vrrpAuthMismatch,
	vrrpVridMismatch,
	vrrpVersionMismatch,
	vrrpAdvertIntMismatch,
	vrrpVipListMismatch,
	vrrpInterfaceMismatch,
	vrrpUnicastPeers,
	vrrpStrictNoAccept,
	vrrpPriorityOrder,
	vrrpTrackWeightIneffective,
	vrrpNopreemptIneffective,
	scriptSecurity,
	haproxyNonlocalBind,
	realserverUnreachable,
	vipRealserverLoMissing,
	arpRealserverSysctl,
	lvsIpvsUnavailable,
	lvsNatForwarding,
	lvsPortMismatch,
	vipSubnet,
	vrrpNoAdverts,
	vrrpPacketErrors,
	vipSplitBrain,
	vipNotHeld,
	vipUnexpectedHolder,
	vipUnreachable,
	haproxyBackendDown,
	lvsRealserverMissing,
	vrrpAuthPassTruncated,
	vrrpRouterIdDuplicate,
	haproxyStatsDefaultCredentials,
	vrrpForeignVrid,
	configDeprecated,
	vrrpFailoverTime,
	hostClockUnsynchronized,
];

/** A check by id. */
export const checkById = (id: string): Check | undefined => checks.find(check => check.meta.id === id);
