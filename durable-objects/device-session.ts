import { DurableObject } from 'cloudflare:workers';

/** One per listener: their connected devices and the player state they share. */
export class DeviceSession extends DurableObject<Env> {}
