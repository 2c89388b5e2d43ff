import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the api's printed schema (the repository's schema.gql): a
// contract change that breaks a screen breaks `npm run build`, not the user.
const config: CodegenConfig = {
  schema: '../../schema.gql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', Date: 'string', Decimal: 'string', JSON: 'unknown' },
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};
export default config;
