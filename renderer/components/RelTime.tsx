// A relative time ("2小时前") with the absolute local time on hover. Past events by default
// (never "in the future"); `future` for times meant to lie ahead ("10 天内").
// Rendered in every table row: the clock and the language come from the app's shared contexts
// (useNow's ClockProvider, useT's TranslatorProvider), not a subscription per mount.
import { formatAbsolute, formatRelative, formatUntil } from '../lib/time';
import { useNow } from '../lib/useNow';
import { useT } from '../i18n/useT';

export function RelTime({
  at,
  className,
  future = false,
  clock = 'app',
}: {
  at: string | null | undefined;
  className?: string;
  future?: boolean;
  /** 'local' for times the core stamps in real time even in the demo (the ERP outbox). */
  clock?: 'app' | 'local';
}) {
  const now = useNow(clock);
  useT(); // re-render on language change
  if (!at) return <span className={className ?? 'muted'}>—</span>;
  return (
    <time className={className} dateTime={at} title={formatAbsolute(at)}>
      {future ? formatUntil(at, now) : formatRelative(at, now)}
    </time>
  );
}
