import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import type { ViteUserConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Build setup shared by the test runs (vitest.config.ts and vitest.browser.config.ts). */
export const sharedConfig: Pick<ViteUserConfig, 'plugins' | 'resolve'> = {
  // swc, not esbuild: type-graphql and MikroORM need decorator metadata, which esbuild does not emit.
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2023',
      },
    }),
  ],
  resolve: {
    // One copy of graphql-js: Vite would pick its ESM build (index.mjs) for our sources while type-graphql,
    // loaded by Node, gets the CommonJS one, and then a GraphQLScalarType of ours is not one of theirs.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
};
