import type { createAssembliesService } from './service.js';

/**
 * The application's services that the assemblies module's routes and pages call. The composition
 * root passes all of them; naming these keeps the module from importing the root.
 */
export interface AssembliesUses {
  assemblies: ReturnType<typeof createAssembliesService>;
}
