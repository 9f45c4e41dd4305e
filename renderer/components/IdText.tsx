// Order ids and waybill numbers: monospace, optionally shortened (3712…4567) with the full value
// on hover, copied on click with a "已复制" toast. In the lists a copy button shows on hover
// (`copyButton`), for clerks who reach for the button rather than the id.
import type { KeyboardEvent, MouseEvent } from 'react';
import { CopyOutlined } from '@ant-design/icons';
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
  copyButton = false,
  testId,
}: {
  value: string | null | undefined;
  short?: boolean;
  /** A copy button beside the id, shown while the pointer is over the row or the id. */
  copyButton?: boolean;
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

  const id = (
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
  if (!copyButton) return id;
  return (
    <span className="id-with-copy">
      {id}
      <button type="button" className="id-copy" aria-label={label('common.copy')} title={label('common.copy')} data-testid="id-copy" onClick={copy}>
        <CopyOutlined />
      </button>
    </span>
  );
}
