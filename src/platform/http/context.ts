import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { Config } from '../config.js';
import type { Translator } from '../i18n/index.js';

/** What every page needs to draw its frame: the language, the visitor and their form token. */
export interface PageContext {
  i18n: Translator;
  actor: Actor;
  csrf: string;
  path: string;
  associationName: string;
  allowed: (action: string) => boolean;
  notice: string | null;
}

export type PageContextBuilder = (request: FastifyRequest) => Promise<PageContext>;

/**
 * What a module's pages are registered with: the services they call (each module names the
 * ones it uses, in its `uses.ts`), how to build a page's context, and the configuration.
 */
export interface PageDeps<S> {
  services: S;
  pageContext: PageContextBuilder;
  config: Config;
}
