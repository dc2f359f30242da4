/** Bundle src/cli.ts and src/scan-worker.ts into `outDir` (see build-cli.mjs). */
export function buildCli(outDir: string): Promise<void>;
