/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/examples'],
  // The examples import the library by its package name, as a host app does: here that is the sources.
  moduleNameMapper: { '^rusty-socks$': '<rootDir>/src/index.ts', '^rusty-socks/client$': '<rootDir>/src/client/index.ts' },
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // The @nestjs/* 12 packages ship ESM only; jest runs CommonJS, so they are transformed too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs/(?!throttler)|file-type|strtok3|token-types|@tokenizer|uint8array-extras)).+'],
  testTimeout: 20000,
};
