/**
Times one stage of `lbwiz lint` on one keepalived.conf in a fresh process: `parse` (reader, tree
and model) or `lint` (parse + every lint rule: what `lbwiz lint` does after reading the file). The benchmark bundles this file with
the production build options and runs it with plain node, one process per measurement, so the
figures are the shipped code's, without the CLI's start-up or another run's garbage.

Usage: node lint-stages.mjs FILE parse|lint  → prints {stage, readMs, ms, cpuMs, lines, diagnostics, heapUsedMb}
(`cpuMs`: the process's user + system CPU time during the stage, garbage-collector threads included)
*/
import {readFileSync} from 'node:fs';
import {lintFiles} from '../../src/lint/index.js';
import {parseKeepalived} from '../../src/parse/keepalived/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: lint-stages FILE');
let t = performance.now();
const text = readFileSync(file, 'utf8');
const readMs = performance.now() - t;
const stage = process.argv[3] === 'parse' ? 'parse' : 'lint';
t = performance.now();
const cpu = process.cpuUsage();
const diagnostics = stage === 'parse' ? parseKeepalived(text, {file}).diagnostics.length : lintFiles([{path: file, text}], {kind: 'keepalived'}).diagnostics.length;
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
process.stdout.write(`${JSON.stringify({stage, readMs, ms, cpuMs, lines: text.split('\n').length, diagnostics, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20})}\n`);
