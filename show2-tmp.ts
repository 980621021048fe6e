import {readBundleFile} from './src/doctor/run-doctor.js';
import {evaluateBundle} from './src/doctor/evaluate.js';
import {formatText} from './src/report/format-text.js';
const b = readBundleFile(process.argv[2]);
const r = evaluateBundle(b);
process.stdout.write(formatText(r, {verbose: process.argv[3] === 'v'}));
