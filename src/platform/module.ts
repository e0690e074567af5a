import type { SettingCheck } from './config.js';
import type { PolicyTable } from './http/policy.js';

type CataloguePair = { fr: Record<string, string>; en: Record<string, string> };

/**
 * What a module declares of itself to the platform, in one typed value (its `module.ts`): its
 * name, as placed in the domain's order (docs/architecture.md), its strings, its route policies
 * and the checks of the settings whose meaning is its own. The composition root (src/modules.ts)
 * lists the modules, lowest first, and hands these to the platform's registries; it also wires
 * each module's services (src/container.ts), subscriptions to domain events, routes and pages
 * with their extension points (src/app.ts).
 */
export interface ModuleDefinition {
  name: string;
  /** Its catalogues of strings, French first, English complete (the type-check refuses a gap). */
  messages: readonly CataloguePair[];
  /** Its route-level policies, denied by default to whoever they do not name. */
  policies?: PolicyTable;
  /** Checks of the settings it reads, beyond their schema, run when the configuration is read. */
  settingChecks?: readonly SettingCheck[];
}

export function defineModule<const M extends ModuleDefinition>(definition: M): M {
  return definition;
}
