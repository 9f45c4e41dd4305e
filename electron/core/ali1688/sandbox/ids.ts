// Runs in: main process / headless Node. Deterministic, collision-free ids for the sandbox world.
// Each id is an affine bijection of a small index (x = a*j + b mod 10^n, a coprime with 10), so ids
// look scattered, never collide, and map back to their index without any lookup table.

import { hash32 } from './prng';

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error('not invertible');
  return ((oldS % m) + m) % m;
}

/** A bijection between [0, 10^width) and width-digit strings. */
export class Scrambler {
  private readonly mod: bigint;
  private readonly inv: bigint;
  constructor(
    readonly width: number,
    private readonly a: bigint,
    private readonly b: bigint,
  ) {
    this.mod = 10n ** BigInt(width);
    this.inv = modInverse(a, this.mod);
  }
  encode(j: number): string {
    const x = (BigInt(j) * this.a + this.b) % this.mod;
    return x.toString().padStart(this.width, '0');
  }
  decode(s: string): number | null {
    if (s.length !== this.width || !/^\d+$/.test(s)) return null;
    const j = (((BigInt(s) - this.b) % this.mod) + this.mod) % this.mod * this.inv % this.mod;
    return j <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(j) : null;
  }
}

function offset(seed: number, salt: number, width: number): bigint {
  const hi = BigInt(hash32(seed, salt, 1));
  const lo = BigInt(hash32(seed, salt, 2));
  return ((hi << 32n) | lo) % 10n ** BigInt(width);
}

/** Sub-ids per order in the order-id space: index 0 is the order, 1..SUB_SLOTS-1 its product lines. */
export const SUB_SLOTS = 8;
/** Parcel slots per order in the logistics-id space. */
export const PARCEL_SLOTS = 4;

export class IdSpace {
  private readonly order: Scrambler;
  private readonly logistics: Scrambler;
  private readonly bill: Scrambler;
  private readonly product: Scrambler;

  constructor(seed: number) {
    this.order = new Scrambler(17, 73_019_384_562_711_493n, offset(seed, 11, 17));
    this.logistics = new Scrambler(12, 618_033_988_749n, offset(seed, 12, 12));
    this.bill = new Scrambler(11, 31_415_926_537n, offset(seed, 13, 11));
    this.product = new Scrambler(11, 27_182_818_283n, offset(seed, 14, 11));
  }

  /** 19 digits, "37…": above 2^53, below 2^63-1. */
  orderId(i: number): string {
    return '37' + this.order.encode(i * SUB_SLOTS);
  }
  subItemId(i: number, k: number): string {
    return '37' + this.order.encode(i * SUB_SLOTS + 1 + k);
  }
  /** Order index for an order id, or null. */
  orderIndex(orderId: string): number | null {
    if (orderId.length !== 19 || !orderId.startsWith('37')) return null;
    const j = this.order.decode(orderId.slice(2));
    if (j === null || j % SUB_SLOTS !== 0) return null;
    return j / SUB_SLOTS;
  }

  logisticsId(i: number, p: number): string {
    return 'LP00' + this.logistics.encode(i * PARCEL_SLOTS + p);
  }
  /** [order index, parcel index] for a logistics id, or null. */
  parcelIndex(logisticsId: string): [number, number] | null {
    if (!logisticsId.startsWith('LP00')) return null;
    const j = this.logistics.decode(logisticsId.slice(4));
    if (j === null) return null;
    return [Math.floor(j / PARCEL_SLOTS), j % PARCEL_SLOTS];
  }

  /** 11 unique digits for waybill `version` of a parcel. */
  billDigits(i: number, p: number, version: number): string {
    return this.bill.encode((i * PARCEL_SLOTS + p) * 4 + version);
  }

  /** A 12-digit offer (product) id: safe as a JS number. */
  productId(i: number, k: number): number {
    return Number('6' + this.product.encode(i * SUB_SLOTS + k));
  }
}
