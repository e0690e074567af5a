import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { architecture } from './scripts/architecture.mjs';

/**
 * The dependency rules of docs/architecture.md, checked on every `npm run check`:
 * - the platform (src/platform, src/integrations) knows no module and not the composition root;
 * - a module imports only the modules below it in the domain's order (architecture.modules), and
 *   never the composition root (src/app.ts, src/container.ts, src/modules.ts, src/main.ts);
 * - no import cycle between files (type-only imports are checked by test/architecture.test.ts,
 *   which import-x's no-cycle skips).
 * An error names the importing file, the import and the rule it breaks.
 */
const composition = ['src/app.ts', 'src/container.ts', 'src/modules.ts', 'src/main.ts', 'src/demo.ts'];

const layerZones = [
  {
    target: ['src/platform', 'src/integrations'],
    from: ['src/modules', ...composition],
    message: 'The platform knows no module and not the composition root: take what modules give through a registry or a port (docs/architecture.md, "Layers").',
  },
  {
    target: 'src/modules',
    from: composition,
    message: 'A module never imports the composition root: declare what it needs (its uses.ts) and let src/app.ts pass it (docs/architecture.md, "Layers").',
  },
];

const moduleZones = architecture.modules.flatMap((name, i) => {
  const above = architecture.modules.slice(i + 1).filter((higher) => !architecture.pendingUpwardEdges.some(([from, to]) => from === name && to === higher));
  return above.length === 0
    ? []
    : [
        {
          target: `src/modules/${name}`,
          from: above.map((higher) => `src/modules/${higher}`),
          message: `${name} sits below these modules in the domain's order: react to their domain events or take a port from the composition root instead of importing them (docs/architecture.md, "Modules").`,
        },
      ];
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/results.json', 'bench/_scratch/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', URLSearchParams: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...moduleZones] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Thin routes with typed inputs: a route or page declares its params, query and body schemas and
    // Fastify's TypeBox provider types them; a cast would skip that check.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx', ...architecture.pendingCastFiles],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "TSAsExpression > MemberExpression.expression[object.name='request'][property.name=/^(params|query|body)$/]",
          message: 'Declare the schema of the route or page (params, querystring, body) instead of casting request input.',
        },
      ],
    },
  },
);
