// The one mapping from a status (order status, order tab, parcel status or trace stage) to its
// colour (ui.md "Status colours"). Tags, timeline dots and tabs all read it from here.
import type { OrderTab } from '../../shared/contract';
import type { OrderStatus, ShipmentStatus } from '../../shared/domain';

export type StatusKey = OrderStatus | ShipmentStatus | OrderTab;

export type Tone = 'grey' | 'blue' | 'cyan' | 'gold' | 'green' | 'red' | 'magenta' | 'cancelled';

const TONES: Record<StatusKey, Tone> = {
  all: 'grey',
  awaiting_payment: 'grey',
  awaiting_shipment: 'grey',
  not_found: 'grey',
  info_received: 'blue',
  picked_up: 'blue',
  in_transit: 'blue',
  partially_delivered: 'blue',
  out_for_delivery: 'cyan',
  awaiting_pickup: 'gold',
  delivered: 'green',
  completed: 'green',
  failed_attempt: 'red',
  exception: 'red',
  returning: 'magenta',
  returned: 'magenta',
  cancelled: 'cancelled',
};

export interface ToneStyle {
  /** antd Tag `color` (a preset name, or 'default'). */
  tag: string;
  /** A solid colour for dots (timeline, tabs). antd's preset palette, primary shade. */
  dot: string;
  /** Struck through (cancelled). */
  struck: boolean;
}

export const TONE_STYLES: Record<Tone, ToneStyle> = {
  grey: { tag: 'default', dot: '#8c8c8c', struck: false },
  blue: { tag: 'blue', dot: '#1677ff', struck: false },
  cyan: { tag: 'cyan', dot: '#13c2c2', struck: false },
  gold: { tag: 'gold', dot: '#faad14', struck: false },
  green: { tag: 'green', dot: '#52c41a', struck: false },
  red: { tag: 'red', dot: '#ff4d4f', struck: false },
  magenta: { tag: 'magenta', dot: '#eb2f96', struck: false },
  cancelled: { tag: 'default', dot: '#bfbfbf', struck: true },
};

export function toneOf(status: StatusKey): Tone {
  return TONES[status] ?? 'grey';
}

export function statusStyle(status: StatusKey): ToneStyle & { tone: Tone } {
  const tone = toneOf(status);
  return { tone, ...TONE_STYLES[tone] };
}
