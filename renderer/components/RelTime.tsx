// A relative time ("2小时前") with the absolute local time on hover.
import { formatAbsolute, formatRelative } from '../lib/time';
import { useNow } from '../lib/useNow';
import { useTranslation } from 'react-i18next';

export function RelTime({ at, className }: { at: string | null | undefined; className?: string }) {
  const now = useNow();
  useTranslation(); // re-render on language change
  if (!at) return <span className={className ?? 'muted'}>—</span>;
  return (
    <time className={className} dateTime={at} title={formatAbsolute(at)}>
      {formatRelative(at, now)}
    </time>
  );
}
