// The orders table: a virtualised grid (only the visible rows exist in the DOM), paged from the
// server as the clerk scrolls. Stays smooth with 100,000 orders.
//
// A fast flick mounts ~25 rows per frame, so a row must be cheap: no hook of its own beyond the
// shared contexts (useT: the app's one react-i18next subscription; useNow: the one clock), rows
// memoised with stable props, and the header a memoised component of its own so a scroll frame
// re-renders neither.
import { memo, useCallback, useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { elementScroll, observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { CaretDownOutlined, CaretUpOutlined, WarningFilled } from '@ant-design/icons';
import type { OrderSortField, OrderSummary } from '../../shared/contract';
import { useT } from '../i18n/useT';
import { IdText } from '../components/IdText';
import { ListStatusTag, TagColorStyles, useTagClass, type TagClassOf } from '../components/StatusTag';
import { RelTime } from '../components/RelTime';
import { afterNextPaint } from '../lib/afterPaint';
import { safeText, safeTextOrDash } from '../lib/safeText';
import { formatAbsolute, formatDate } from '../lib/time';

export const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 30;
/** Ask for the next page when this close to the end of what is loaded. */
const PREFETCH_ROWS = 30;
/** Rows rendered beyond the visible ones, for smooth scrolling; none in the first render (below). */
const OVERSCAN = 12;

type ColumnKey = 'orderId' | 'seller' | 'account' | 'created' | 'carrier' | 'waybill' | 'status' | 'lastEvent' | 'updated';
const COLUMNS: { key: ColumnKey; sort?: OrderSortField }[] = [
  { key: 'orderId', sort: 'orderId' },
  { key: 'seller', sort: 'seller' },
  { key: 'account' },
  { key: 'created', sort: 'createdAt' },
  { key: 'carrier' },
  { key: 'waybill' },
  { key: 'status' },
  { key: 'lastEvent', sort: 'lastEventAt' },
  { key: 'updated', sort: 'updatedAt' },
];

const estimateSize = () => ROW_HEIGHT;
const initialRect = () =>
  typeof window === 'undefined' ? { width: 0, height: 0 } : { width: window.innerWidth, height: window.innerHeight };

/**
 * The scroll box's size from a ResizeObserver only. The virtualiser's own observer also reads
 * clientWidth/clientHeight when it mounts, in the commit's layout effects: that read made the
 * browser lay out the whole freshly committed page inside the commit (the start-up's longest
 * task, bench B4). Until the observer reports, after the browser's own layout of that frame, the
 * rows are those of `initialRect` (the window, at least as tall as the box).
 */
function observeScrollBoxRect(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: { width: number; height: number }) => void) {
  const el = instance.scrollElement;
  const ResizeObserverOfWindow = instance.targetWindow?.ResizeObserver;
  if (!el || !ResizeObserverOfWindow) return observeElementRect(instance, cb);
  const observer = new ResizeObserverOfWindow(() => cb({ width: Math.round(el.clientWidth), height: Math.round(el.clientHeight) }));
  observer.observe(el, { box: 'content-box' });
  return () => observer.disconnect();
}

/** Scroll boxes that have moved or been moved: a box not in it is still at the top. */
const movedBoxes = new WeakSet<Element>();

/**
 * The virtualiser's scrolling, without its write of the offset it starts from when it mounts:
 * that write (scrollTo top 0 on a new box, which is there already) laid out the whole page inside
 * the commit as well.
 */
const scrollBoxTo: typeof elementScroll = (offset, options, instance) => {
  const el = instance.scrollElement;
  if (el && !movedBoxes.has(el) && offset + (options.adjustments ?? 0) === 0) return;
  if (el) movedBoxes.add(el);
  elementScroll(offset, options, instance);
};
const noteMoved = (e: { currentTarget: Element }) => movedBoxes.add(e.currentTarget);

export interface OrdersTableHandle {
  scrollToIndex: (index: number) => void;
  scrollToTop: () => void;
}

export interface OrdersTableProps {
  rows: OrderSummary[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  selectedId: string | null;
  onOpen: (order: OrderSummary, index: number) => void;
  sort: OrderSortField;
  dir: 'asc' | 'desc';
  onSort: (field: OrderSortField) => void;
  handleRef?: Ref<OrdersTableHandle>;
}

export function OrdersTable(props: OrdersTableProps) {
  const { rows, hasMore, loadingMore, loadMore, selectedId, onOpen, sort, dir, onSort, handleRef } = props;
  const { label } = useT();
  const tagClass = useTagClass();
  const scrollRef = useRef<HTMLDivElement>(null);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const count = rows.length + (hasMore ? 1 : 0);
  // The first render has only the rows that fit the window: a third fewer to render, commit and
  // lay out before the first paint. The overscan follows once that frame is painted.
  const [overscan, setOverscan] = useState(0);
  useEffect(() => afterNextPaint(() => setOverscan(OVERSCAN)), []);

  // Stable while the rows are: the virtualiser recomputes every row's position (all of the loaded
  // thousands) whenever getItemKey changes, which a new function each render did on every frame.
  const getItemKey = useCallback((i: number) => rows[i]?.orderId ?? `loader-${i}`, [rows]);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement,
    estimateSize,
    overscan,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    getItemKey,
    useFlushSync: false,
    // Before the table is measured: the window's size, so the first render already has the rows
    // the clerk will see, instead of a few, then the rest once the scroll box has been measured.
    initialRect: initialRect(),
    observeElementRect: observeScrollBoxRect,
    scrollToFn: scrollBoxTo,
  });

  useImperativeHandle(
    handleRef,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      // A box that never moved is at the top: asking the virtualiser would read the page's layout
      // (its scroll height), which on the first commit meant laying the whole page out there.
      scrollToTop: () => {
        if (scrollRef.current && !movedBoxes.has(scrollRef.current)) return;
        virtualizer.scrollToOffset(0);
      },
    }),
    [virtualizer],
  );

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, loadMore]);

  return (
    <div className="orders-table" role="table" data-testid="orders-table" aria-rowcount={count}>
      <div className="orders-scroll" ref={scrollRef} data-virtual-scroll="orders" onScroll={noteMoved}>
        <div className="orders-inner" style={{ height: virtualizer.getTotalSize() }}>
          <OrdersHeader sort={sort} dir={dir} onSort={onSort} />
          <TagColorStyles />
          {items.map((item) => {
            const order = rows[item.index];
            if (!order) {
              return (
                <div
                  key={item.key}
                  className="orders-row orders-loader"
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  {label('orders.loadingMore')}
                </div>
              );
            }
            return (
              <OrderRow
                key={item.key}
                order={order}
                index={item.index}
                start={item.start}
                selected={order.orderId === selectedId}
                onOpen={onOpen}
                tagClass={tagClass}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

const OrdersHeader = memo(function OrdersHeader({
  sort,
  dir,
  onSort,
}: {
  sort: OrderSortField;
  dir: 'asc' | 'desc';
  onSort: (field: OrderSortField) => void;
}) {
  const { t, label } = useT();
  return (
    <div className="orders-header orders-grid" role="row" style={{ height: HEADER_HEIGHT }}>
      {COLUMNS.map((c) => {
        const name = label(`orders.columns.${c.key}`);
        if (!c.sort) {
          return (
            <div key={c.key} role="columnheader" className={`cell cell-${c.key}`}>
              {name}
            </div>
          );
        }
        const active = sort === c.sort;
        const field = c.sort;
        return (
          <div
            key={c.key}
            role="columnheader"
            aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            className={`cell cell-${c.key} sortable${active ? ' sorted' : ''}`}
            title={t('orders.sortBy', { column: name })}
            data-testid={`sort-${field}`}
            onClick={() => onSort(field)}
          >
            {name}
            {active && (dir === 'asc' ? <CaretUpOutlined /> : <CaretDownOutlined />)}
          </div>
        );
      })}
    </div>
  );
});

const OrderRow = memo(function OrderRow({
  order,
  index,
  start,
  selected,
  onOpen,
  tagClass,
}: {
  order: OrderSummary;
  index: number;
  start: number;
  selected: boolean;
  onOpen: (order: OrderSummary, index: number) => void;
  tagClass: TagClassOf;
}) {
  const { counted, label } = useT();
  const received = order.shipments.filter((s) => s.receivedAt).length;
  const carriers = [...new Set(order.shipments.map((s) => safeText(s.carrierName || s.carrierCode)).filter(Boolean))];
  const bills = order.shipments.map((s) => s.billNo).filter((b): b is string => !!b);
  const seller = safeTextOrDash(order.seller ?? order.sellerLoginId);
  const remark = safeText(order.lastRemark);
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      className={`orders-row orders-grid${selected ? ' selected' : ''}`}
      data-testid="order-row"
      data-order-id={order.orderId}
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => onOpen(order, index)}
    >
      <div role="cell" className="cell cell-orderId">
        <IdText value={order.orderId} copyButton testId="row-order-id" />
      </div>
      <div role="cell" className="cell cell-seller" title={seller}>
        {seller}
      </div>
      <div role="cell" className="cell cell-account" data-testid="order-account" title={[order.account?.name, order.purchaser].filter(Boolean).join(' · ')}>
        {order.account ? safeText(order.account.name) : <span className="muted">—</span>}
        {order.purchaser && <span className="muted purchaser"> · {safeText(order.purchaser)}</span>}
      </div>
      <div role="cell" className="cell cell-created" title={formatAbsolute(order.createdAt)}>
        {formatDate(order.createdAt)}
      </div>
      <div role="cell" className="cell cell-carrier" title={carriers.join('、')}>
        {carriers.length > 0 ? carriers.join('、') : <span className="muted">—</span>}
      </div>
      <div role="cell" className="cell cell-waybill" title={bills.join(' ')}>
        {bills.length > 0 ? <IdText value={bills[0]} short copyButton /> : <span className="muted">—</span>}
        {bills.length > 1 && (
          <span className="more" title={counted('orders.moreParcels', bills.length - 1)}>
            +{bills.length - 1}
          </span>
        )}
      </div>
      <div role="cell" className="cell cell-status">
        <ListStatusTag status={order.status} tagClass={tagClass} />
        {received > 0 && (
          <span className="row-received" data-testid="row-received">
            {label('desk.received')}
            {received < order.shipments.length ? ` ${received}/${order.shipments.length}` : ''}
          </span>
        )}
        {order.openAlerts > 0 && (
          <span className="row-alert" title={counted('orders.openAlerts', order.openAlerts)}>
            <WarningFilled />
            {order.openAlerts > 1 ? order.openAlerts : null}
          </span>
        )}
      </div>
      <div role="cell" className="cell cell-lastEvent" title={remark ? `${formatAbsolute(order.lastEventAt)}  ${remark}` : undefined}>
        {order.lastEventAt && <RelTime at={order.lastEventAt} className="muted step-ago" />}
        <span className="remark">{remark || '—'}</span>
      </div>
      <div role="cell" className="cell cell-updated">
        <RelTime at={order.updatedAt} />
      </div>
    </div>
  );
});
