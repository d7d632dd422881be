/**
 * The gateway as the other parts use it (bench, the cross-part tests, scripts): the app and its options,
 * the configuration, the service layer, lookup codes, the node:crypto hash and the development province.
 * The ledger module is `@hocba/gateway/ledger` (the typed chaincode calls, the embedded adapter), the Fabric
 * adapter `@hocba/gateway/fabric` (it loads gRPC): importers take only what they run.
 */
export { type AppOptions, type AuthOptions, buildApp } from './app.ts';
// A verifier client's secret as the database keeps it (the verify benchmark seeds one for POST /v1/verify/bulk).
export { hashSecret } from './auth/passwords.ts';
export {
  DEV_DISTRICTS,
  DEV_PROVINCE,
  type DevProvince,
  type DevProvinceOptions,
  type DevSchool,
  startEmbeddedProvince,
  startFabricProvince,
} from './dev-province.ts';
export { type Env, loadEnv } from './env.ts';
export {
  formatLookupCode,
  isLookupCode,
  LookupCodeError,
  newLookupCode,
  normalizeLookupCode,
} from './lookup/code.ts';
export { NODE_HASH } from './node-hash.ts';
export {
  FIXTURE_PROVINCE_ID,
  type FixtureSchool,
  lockAndSignFixture,
  seedFixturePlaces,
  seedFixtureVersions,
} from './seed/fixture.ts';
// The demo province as `npm start` seeds it (the school benchmark starts from it) and its demo password.
export { DEMO_PASSWORD, seedDevProvince } from './seed/index.ts';
export * from './services/index.ts';
