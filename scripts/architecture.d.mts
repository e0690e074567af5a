// Types of scripts/architecture.mjs, a plain ES module that eslint.config.js also loads.
export const architecture: {
  modules: string[];
  purposes: Record<string, string>;
  pendingUpwardEdges: [string, string][];
  pendingCycles: string[][];
  pendingCastFiles: string[];
  longFiles: Record<string, string>;
};
export const projectRoot: string;
export function sourceFiles(root?: string, options?: { tests?: boolean }): string[];
/** Every code file of the project: src/, test/, bench/ and scripts/ (`.ts`, `.tsx`, `.mjs`), tests included. */
export function codeFiles(root?: string): string[];
export function unitOf(file: string, root?: string): string;
export function fileGraph(root?: string): Map<string, Set<string>>;
export function moduleGraph(files: Map<string, Set<string>>, root?: string): Map<string, string[]>;
export function fileCycles(files: Map<string, Set<string>>, skip?: (from: string, to: string) => boolean): string[][];
export function mermaidOf(modules: Map<string, string[]>): string;
export interface DomainEventInfo {
  name: string;
  publisher: string;
  summary: string;
  listeners: string[];
}
export function domainEvents(root?: string): DomainEventInfo[];
export function eventsTableOf(events: DomainEventInfo[]): string;
export function tableRows(table: string | null): string[][];
export function withMap(text: string, map: string): string;
export function committedMap(text: string): string | null;
export function withEvents(text: string, table: string): string;
export function committedEvents(text: string): string[][];
