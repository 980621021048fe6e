import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}', 'checks/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		// Lab tests share one machine's network namespaces and processes: never run files in parallel
		// with them; unit files are cheap enough to run in a single fork too.
		fileParallelism: false,
		pool: 'forks',
	},
});
