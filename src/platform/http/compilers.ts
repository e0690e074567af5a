import { createRequire } from 'node:module';

/**
 * Fastify compiles a validator (Ajv) and a serializer (fast-json-stringify) for every schema of
 * every route, in each app it builds: about 200 ms for our routes. A server builds one app; the
 * test suite builds one per test, for a fresh database each time. These factories keep what was
 * compiled for the life of the process, keyed by the schema's text, so the second app of a
 * process compiles nothing. What is compiled is a pure function of the schema and the options,
 * which are part of the key.
 */
const require = createRequire(import.meta.url);
// Fastify's own compilers (its dependencies), created once instead of once per app.
const AjvCompiler = require('@fastify/ajv-compiler') as () => Factory;
const SerializerSelector = require('@fastify/fast-json-stringify-compiler') as () => Factory;

type RouteSchema = { schema: unknown; method?: string; url?: string; httpPart?: string; httpStatus?: string; contentType?: string };
type Compiler = (route: RouteSchema) => unknown;
type Factory = (externalSchemas: unknown, options: unknown) => Compiler;

function remembering(base: Factory): Factory {
  const compiled = new Map<string, unknown>();
  return (externalSchemas, options) => {
    const compile = base(externalSchemas, options);
    const context = JSON.stringify([externalSchemas, options]);
    return (route) => {
      const key = `${context}\u0000${JSON.stringify(route.schema)}`;
      let fn = compiled.get(key);
      if (fn === undefined) {
        fn = compile(route);
        compiled.set(key, fn);
      }
      return fn;
    };
  };
}

export const sharedCompilers = {
  buildValidator: remembering(AjvCompiler()),
  buildSerializer: remembering(SerializerSelector()),
};
