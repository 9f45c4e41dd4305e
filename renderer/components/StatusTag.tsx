import { useCallback, useContext } from 'react';
import { ConfigContext } from 'antd/es/config-provider';
import { useComponentConfig } from 'antd/es/config-provider/context';
import useTagStyle from 'antd/es/tag/style';
import TagPresetStyle from 'antd/es/tag/style/presetCmp';
import TagStatusStyle from 'antd/es/tag/style/statusCmp';
import { Tag } from '../lib/antd';
import { useT } from '../i18n/useT';
import { statusStyle, type StatusKey } from '../lib/statusStyle';

const tagClassName = (struck: boolean) => (struck ? 'status-tag status-struck' : 'status-tag');

export function StatusTag({ status }: { status: StatusKey }) {
  const { label } = useT(); // a context read: tags are rendered once per table row
  const s = statusStyle(status);
  return (
    <Tag color={s.tag} data-status={status} data-tone={s.tone} className={tagClassName(s.struck)}>
      {label(`status.${status}`)}
    </Tag>
  );
}

/** The class names antd's Tag gives a tag of a preset (or status) colour, e.g. "ant-tag ant-tag-filled ant-tag-blue …". */
export type TagClassOf = (color: string, className: string) => string;

/**
 * For long lists (the orders table): StatusTag's markup without an antd Tag per row. An antd Tag
 * runs a dozen hooks per mount (theme token, three style registrations, colour and semantic
 * merges) — the most expensive part of a table row while scrolling. The list calls this once (it
 * registers the Tag styles, as the first Tag would) and renders ListStatusTag with the result;
 * test/component/statusStyle.test.tsx checks that the markup equals StatusTag's for every status.
 */
export function useTagClass(): TagClassOf {
  const { getPrefixCls } = useContext(ConfigContext);
  // The app configures no Tag defaults (ConfigProvider `tag`); if it ever does, the markup test fails.
  const { className: contextClassName, variant: contextVariant } = useComponentConfig('tag');
  const prefixCls = getPrefixCls('tag');
  const [hashId, cssVarCls] = useTagStyle(prefixCls);
  const variant = contextVariant ?? 'filled';
  return useCallback(
    (color, className) =>
      [prefixCls, contextClassName, `${prefixCls}-${variant}`, `${prefixCls}-${color}`, className, hashId, cssVarCls]
        .filter(Boolean)
        .join(' '),
    [prefixCls, contextClassName, variant, hashId, cssVarCls],
  );
}

/** The preset and status colour styles an antd Tag registers; render once next to ListStatusTags. */
export function TagColorStyles() {
  const prefixCls = useContext(ConfigContext).getPrefixCls('tag');
  return (
    <>
      <TagPresetStyle prefixCls={prefixCls} />
      <TagStatusStyle prefixCls={prefixCls} />
    </>
  );
}

/** StatusTag's markup from useTagClass's class names (for table rows). */
export function ListStatusTag({ status, tagClass }: { status: StatusKey; tagClass: TagClassOf }) {
  const { label } = useT();
  const s = statusStyle(status);
  return (
    <span data-status={status} data-tone={s.tone} className={tagClass(s.tag, tagClassName(s.struck))}>
      {label(`status.${status}`)}
    </span>
  );
}

/** A small coloured dot in a status's colour (tabs, legends). */
export function StatusDot({ status }: { status: StatusKey }) {
  const s = statusStyle(status);
  return <span className="status-dot" data-tone={s.tone} style={{ background: s.dot }} aria-hidden />;
}
