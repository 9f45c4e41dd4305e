import { Drawer } from 'antd';
import { OrderDetailView } from './OrderDetailView';

/** The order detail in a drawer. Esc (antd's keyboard handling) and the mask close it. */
export function OrderDrawer({ orderId, onClose }: { orderId: string | null; onClose: () => void }) {
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
