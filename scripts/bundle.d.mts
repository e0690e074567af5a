// Types of scripts/bundle.mjs, a plain ES module that scripts/start.mjs and the bench also load.
import type { BuildOptions } from 'esbuild';

export const projectRoot: string;
export const serverBundle: string;
export const externalPackages: string[];
export function bundleOptions(entry: string, outfile: string): BuildOptions;
export function bundle(entry: string, outfile: string): Promise<string>;
export function serverBundleIsStale(): boolean;
