// ESLint for the page's sources (web/src) and its tests: the recommended rules, browser globals
// for src/, node globals for the tests and the build script. Run by tests/lint/eslint.sh.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  {
    files: ['src/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules: { 'no-unused-vars': ['error', { args: 'none' }] },
  },
  {
    files: ['test/**/*.mjs', 'build.mjs', 'eslint.config.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-unused-vars': ['error', { args: 'none' }] },
  },
];
