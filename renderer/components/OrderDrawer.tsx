import { useState } from 'react';
import { Drawer } from '../lib/antd';
import { OrderDetailView } from './OrderDetailView';

/** The order detail in a drawer. Esc (antd's keyboard handling) and the mask close it. */
export function OrderDrawer({ orderId, onClose }: { orderId: string | null; onClose: () => void }) {
  // The Orders page always renders this; until an order is first opened there is nothing to show,
  // so the antd Drawer (and its styles) is not mounted until then. Once mounted it stays, so it
  // closes with its animation as before.
  const [used, setUsed] = useState(orderId !== null);
  if (orderId !== null && !used) setUsed(true);
  if (!used && orderId === null) return null;
  return (
    <Drawer
      open={orderId !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      keyboard
      className="order-drawer"
    >
      {orderId !== null && (
        <div data-testid="order-drawer" data-order-id={orderId}>
          <OrderDetailView orderId={orderId} />
        </div>
      )}
    </Drawer>
  );
}
