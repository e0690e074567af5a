import type { SettingCheck } from './config.js';
import type { PolicyRegistry, PolicyTable } from './http/policy.js';
import type { PageDeps } from './http/context.js';
import type { App } from './http/types.js';
import type { ServiceContext } from './services.js';
import type { Subscription } from './events.js';
import type { OutboxTopic, TopicHandlers } from './outbox/topics.js';

type CataloguePair = { fr: Record<string, string>; en: Record<string, string> };

/**
 * The places where a module's pages show what modules above it draw (a person's page shows their
 * teams, drawn by teams). The module that offers a point declares its key and the type of what
 * goes there, by declaration merging:
 *
 *     declare module '../../platform/module.js' {
 *       interface ExtensionPoints {
 *         'people.person': PersonSection;
 *       }
 *     }
 *
 * A module above fills it through its definition's `contributes`; the offering module receives every
 * contribution, in the order of the modules' list, without importing them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ExtensionPoints {}

/** What every extension point received: a list per point, in the modules' order (absent: nothing). */
export type Extensions = { readonly [K in keyof ExtensionPoints]?: readonly ExtensionPoints[K][] };

/** What a module draws on the extension points of the modules below it. */
export type Contributions = { [K in keyof ExtensionPoints]?: ExtensionPoints[K] | ExtensionPoints[K][] };

/** Where a scheduled job writes what went wrong with one of its items (the job goes on). */
export interface JobLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Recurring work: every instance ticks, the one holding the scheduler's lock runs it. Must be idempotent. */
export interface ScheduledJob<S> {
  name: string;
  everyMinutes: number;
  run: (services: S, log: JobLog) => Promise<unknown>;
}

/** What a module's JSON routes are registered with, beyond its services. */
export interface RouteWiring {
  policies: PolicyRegistry;
  /** The address the association's links start with (src/platform/config.ts, publicBaseUrl). */
  publicUrl: string;
}

/**
 * What a module declares of itself to the platform, in one typed value (its `module.ts`): its
 * name, as placed in the domain's order (docs/architecture.md), its strings, its route policies,
 * the checks of the settings whose meaning is its own, its routes and pages, what it draws on the
 * pages of the modules below, its subscriptions to their domain events, its scheduled jobs and
 * its handlers of outbox topics. `S` is the services it calls (its `uses.ts`: the composition
 * root's services must include them, or it does not compile); `H` the outbox topics it delivers. The composition root lists the modules, lowest first (src/modules.ts), and
 * hands each part to the platform's registries (src/app.ts, src/container.ts, src/main.ts): adding
 * a module is adding it to that list.
 */
export interface ModuleParts<S> {
  name: string;
  /** Its catalogues of strings, French first, English complete (the type-check refuses a gap). */
  messages: readonly CataloguePair[];
  /** Its route-level policies, denied by default to whoever they do not name. */
  policies?: PolicyTable;
  /** Checks of the settings it reads, beyond their schema, run when the configuration is read. */
  settingChecks?: readonly SettingCheck[];
  /** Its JSON API (under /api/v1). */
  routes?: (app: App, services: S, wiring: RouteWiring) => void;
  /** Its HTML pages, with what the modules above drew on its extension points. */
  pages?: (app: App, deps: PageDeps<S> & { extensions: Extensions }) => void;
  /** What it draws on the extension points of modules below it. */
  contributes?: (services: S) => Contributions;
  /** Its reactions to the domain events of modules below it, run in the publisher's transaction. */
  subscriptions?: (ctx: ServiceContext) => Subscription[];
  /** Its recurring work. */
  jobs?: readonly ScheduledJob<S>[];
}

/** A module that delivers outbox topics `H` must say how (each topic has exactly one handler). */
export type ModuleDefinition<S = unknown, H extends OutboxTopic = never> = ModuleParts<S> &
  ([H] extends [never] ? { outboxHandlers?: undefined } : { outboxHandlers: (services: S) => TopicHandlers<H> });

export function defineModule<S = unknown, H extends OutboxTopic = never>(definition: ModuleDefinition<S, H>): ModuleDefinition<S, H> {
  return definition;
}

/** Any module, as the composition root wires it with services `S` (what it handles is checked apart: HandledTopics). */
export type WiredModule<S> = ModuleParts<S> & { outboxHandlers?: (services: S) => Partial<TopicHandlers> };

/** The topics the modules of a list deliver, read from their definitions' types. */
export type HandledTopics<M> = M extends { outboxHandlers: (services: never) => TopicHandlers<infer H> } ? H : never;

/** Collects what the modules drew on each extension point, in the list's order. */
export function collectExtensions(contributions: readonly Contributions[]): Extensions {
  const collected: Record<string, unknown[]> = {};
  for (const contribution of contributions) {
    for (const [point, value] of Object.entries(contribution)) {
      (collected[point] ??= []).push(...(Array.isArray(value) ? value : [value]));
    }
  }
  return collected as Extensions;
}
