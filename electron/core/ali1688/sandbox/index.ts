// Runs in: main process / headless Node. The sandbox 1688 gateway: a local HTTP server that speaks
// the buyer-side 1688 Open API protocol (shared docs: 1688-open-api.md) over a seeded world of
// orders, parcels and carrier journeys that advance with a world clock. Used by the integration
// tests, the benchmarks and the demo mode.
//
//   const gw = await startSandboxGateway({ seed: 1688, orders: 200, now: () => clock });
//   gw.url            → http://127.0.0.1:PORT/openapi   (POST param2/1/{ns}/{api}/{appKey}, signed)
//   gw.credentials    → appKey, appSecret, the initial accessToken and refreshToken
//   gw.world          → truth accessors: truthAt(t), orderTruthAt(id, t), journeyKindOf(lp), finishedAt()
//   gw.log            → every request (real arrival time, api, HTTP status, error code, token validity)
//   gw.setFaults(...) / gw.expireAccessToken() / gw.maxArrivalsInAnyWindow(ms) / gw.close()
//
// The authorize page for the OAuth flow is served at GET {origin}/oauth/authorize.
export { startSandboxGateway } from './server';
export type { SandboxGateway, SandboxOptions, SandboxRequestLog } from './server';
export type { SandboxFaults } from './faults';
export type { SandboxPushControl, SandboxPushFaults, SandboxPushOptions } from './pushServer';
export { createSandboxWorld } from './world';
export type { SandboxWorld, SandboxWorldOptions, OrderTruth, ParcelTruth, TruthStep, OrderStatus1688 } from './world';
export { JOURNEY_KINDS, JOURNEY_SHARES, NON_TERMINAL_JOURNEY_KINDS, WITNESS_JOURNEY_KINDS } from './journeys';
export type { JourneyKind, ParcelStatus1688 } from './journeys';
export { BigNum, bigNum, stringifyBig } from './bigJson';
export { CARRIERS } from './catalog';
export type { CarrierCode } from './catalog';
