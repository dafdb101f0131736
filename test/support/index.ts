/** Every shared e2e helper, so a spec needs one import: `import { … } from '../support'`. */
export * from './client';
export * from './clients';
export * from './frames';
export * from './patterns';
export * from './poll';
export * from './rooms';
export * from './server';
export * from './setup';
export * from './tokens';
export * from './redis';
export * from './instances';
export * from './cluster';
export * from './sdk';
