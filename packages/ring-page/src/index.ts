export { createRingServer, DEFAULT_PORT, RemoteBindError, type RingServer, type RingServerOptions } from "./server/server.js";
export type { HubOptions, RingSource } from "./server/hub.js";
export type { ConsulStatus, ErrorAnswer, ForgetAnswer, ForgetRequest, Hello, InstanceJson, PageSettings, RingJson, RingStatusJson, RingView, ServerEvents, Snapshot } from "./protocol.js";
export { decodeTokenLayout, type TokenLayout } from "./token-layout.js";
export { ringTracks, type Track } from "./tracks.js";
