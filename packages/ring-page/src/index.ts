export { createRingServer, DEFAULT_PORT, RemoteBindError, type RingServer, type RingServerOptions } from "./server/server.js";
export type { HubOptions, RingSource } from "./server/hub.js";
export type { ConsulStatus, ErrorAnswer, ForgetAnswer, ForgetRequest, InstanceJson, PageSettings, RingJson, RingView, ServerEvents } from "./protocol.js";
export { decodeTracks, type Track } from "./tracks-codec.js";
