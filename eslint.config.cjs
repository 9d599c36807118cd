// Type-aware lint for promises and exhaustiveness, plus real Nx module boundaries:
// an app never imports another app, a service never reaches into another's internals.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

module.exports = [
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.nx/**',
      'tmp/**',
      '.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Lazy loading is a browser-bundle concern; the tools' and harnesses' runtime require()s of
          // @sms/* (after registering the aliases) are not, and must not forbid static imports elsewhere.
          checkDynamicDependenciesExceptions: ['@sms/*'],
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data'] },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:util', 'type:data'],
            },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:util'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...[
              'identity',
              'wallet',
              'messaging',
              'reporting',
              'billing',
              'notifications',
              'gateway',
              'smsc-simulator',
              'console',
            ].map((svc) => ({
              sourceTag: `scope:${svc}`,
              onlyDependOnLibsWithTags: ['scope:shared', `scope:${svc}`],
            })),
          ],
        },
      ],
    },
  },
  // Test code inside an app (its specs and src/testing harnesses) may use the shared test
  // harness (@sms/testing, e.g. the SMTP catcher); production code of an app still may not.
  {
    files: ['apps/*/src/**/*.spec.ts', 'apps/*/src/**/*.int-spec.ts', 'apps/*/src/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Lazy loading is a browser-bundle concern; the tools' and harnesses' runtime require()s of
          // @sms/* (after registering the aliases) are not, and must not forbid static imports elsewhere.
          checkDynamicDependenciesExceptions: ['@sms/*'],
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data', 'type:testing'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications', 'gateway', 'console'].map(
              (svc) => ({
                sourceTag: `scope:${svc}`,
                onlyDependOnLibsWithTags: ['scope:shared', `scope:${svc}`],
              }),
            ),
          ],
        },
      ],
    },
  },
];
