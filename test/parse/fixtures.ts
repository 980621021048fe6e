import {readFileSync} from 'node:fs';
import {join} from 'node:path';

/** Root of the recorded tool outputs. */
export const OUTPUTS = join(import.meta.dirname, '..', '..', 'fixtures', 'outputs');

/** A recorded output, as text. */
export const output = (path: string) => readFileSync(join(OUTPUTS, path), 'utf8');
