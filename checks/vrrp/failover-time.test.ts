import check from './failover-time.js';
import {checkTester} from '../../test/helpers/check-tester.js';
import {fromConfigs, keepalivedConf, pairInputs, tcpdumpAdverts} from '../../test/helpers/from-configs.js';

checkTester.run(check, {
	valid: [{name: 'a single director has no failover', bundle: () => fromConfigs({lb1: pairInputs().lb1})}],
	invalid: [
		{name: 'recorded healthy pair', bundle: 'healthy-keepalived-haproxy', findings: [{messageId: 'time', severity: 'info'}]},
		{name: 'advert_int 1, backup priority 90', bundle: () => fromConfigs(pairInputs()), findings: [{messageId: 'time', message: /about 3\.65 s \(3 × advert_int 1 s \+ skew 0\.65 s\), not sub-second/}]},
	],
});
