// Order ids and waybill numbers: monospace, optionally shortened (3712…4567) with the full value
// on hover, copied on click with a "已复制" toast.
import type { KeyboardEvent, MouseEvent } from 'react';
import { App } from '../lib/antd';
import { useT } from '../i18n/useT';
import { copyText } from '../lib/clipboard';
import { safeText } from '../lib/safeText';

export function shortenId(value: string): string {
  return value.length > 10 ? `${value.slice(0, 4)}…${value.slice(-4)}` : value;
}

export function IdText({
  value,
  short = false,
  testId,
}: {
  value: string | null | undefined;
  short?: boolean;
  testId?: string;
}) {
  const { label } = useT(); // a context read: ids are rendered in every table row
  const { message } = App.useApp();
  const text = safeText(value);
  if (!text) return <span className="muted">—</span>;

  const copy = async (e: MouseEvent | KeyboardEvent) => {
    e.stopPropagation();
    e.preventDefault();
    if (await copyText(text)) void message.success({ content: label('common.copied'), duration: 1.2 });
    else void message.error(label('common.copyFailed'));
  };

  return (
    <span
      className="mono id-text"
      title={`${text} · ${label('common.clickToCopy')}`}
      role="button"
      tabIndex={-1}
      data-testid={testId}
      onClick={copy}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') void copy(e);
      }}
    >
      {short ? shortenId(text) : text}
    </span>
  );
}
