import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/.angular', 'tmp/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      // the client may import only the shared contracts; the server never imports the client
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^(\\.\\./)+migrations$'],
          depConstraints: [
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  prettier,
];
