import { createRequire } from 'node:module';

/**
 * Fastify compiles a validator (Ajv) and a serializer (fast-json-stringify) for every schema of
 * every route when the app starts: the largest part of a cold start (about 1.5 s of CPU of the
 * server's 2.5 s on a loaded machine, docs/performance.md), for routes most processes never call.
 * These factories compile each schema on its first use instead, and keep what was compiled for the
 * life of the process, keyed by the schema's text, so a second app of the process (the test
 * suite builds one per test) compiles nothing again. What is compiled is a pure function of the
 * schema and the options, which are part of the key. A schema that does not compile fails its
 * route's first request instead of the start; every route is called by the test suite.
 */
const require = createRequire(import.meta.url);
// Fastify's own compilers (its dependencies), created once instead of once per app.
const AjvCompiler = require('@fastify/ajv-compiler') as () => Factory;
const SerializerSelector = require('@fastify/fast-json-stringify-compiler') as () => Factory;

type RouteSchema = { schema: unknown; method?: string; url?: string; httpPart?: string; httpStatus?: string; contentType?: string };
type Compiled = ((this: unknown, data: unknown) => unknown) & { errors?: unknown };
type Compiler = (route: RouteSchema) => Compiled;
type Factory = (externalSchemas: unknown, options: unknown) => Compiler;

function remembering(base: Factory): Factory {
  const compiled = new Map<string, Compiled>();
  return (externalSchemas, options) => {
    let compile: Compiler | undefined;
    const context = JSON.stringify([externalSchemas, options]);
    return (route) => {
      const key = `${context}\u0000${JSON.stringify(route.schema)}`;
      const known = compiled.get(key);
      if (known) return known;
      let fn: Compiled | undefined;
      // Fastify reads a validator's `errors` after a call that returned false: passed on from Ajv's.
      const lazy: Compiled = function (this: unknown, data: unknown) {
        fn ??= (compile ??= base(externalSchemas, options))(route);
        const result = fn.call(this, data);
        lazy.errors = fn.errors;
        return result;
      };
      compiled.set(key, lazy);
      return lazy;
    };
  };
}

export const sharedCompilers = {
  buildValidator: remembering(AjvCompiler()),
  buildSerializer: remembering(SerializerSelector()),
};
