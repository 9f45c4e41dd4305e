// Runs in: main process / headless Node. The few small HTML pages the browser-mode server writes
// itself (access denied, OAuth result). No scripts: the CSP would block inline ones anyway.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** A complete page; `bodyHtml` must already be escaped. */
export function htmlPage(title: string, bodyHtml: string, headHtml = ''): string {
  return (
    '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title>${headHtml}` +
    '<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:4rem auto;max-width:36rem;padding:0 1rem;color:#1f1f1f}</style>' +
    `</head><body>${bodyHtml}</body></html>\n`
  );
}

export const ACCESS_DENIED_MESSAGE = '访问被拒绝：请使用启动时打印的链接打开';
export const USED_LINK_MESSAGE = '此链接只能打开一次，已被使用：请在已打开的浏览器窗口中继续，或重新运行 tracker serve 获取新链接。(This link works once and was used; restart tracker serve for a new one.)';
export const FORBIDDEN_MESSAGE = '禁止访问：请求来源不受信任。';
export const NOT_FOUND_MESSAGE = '未找到。';
export const INTERNAL_MESSAGE = '内部错误，请重试；若反复出现请联系支持。';
export const OAUTH_DONE_MESSAGE = '已连接 1688 账号，可以关闭此页面。';

export function messagePage(message: string): string {
  return htmlPage('1688 物流跟踪', `<p>${escapeHtml(message)}</p>`);
}

/**
 * The OAuth callback arrives as a cross-site navigation (1688's authorize page redirects here), so
 * the SameSite=Strict token cookie is not sent and fetch metadata says cross-site. This page makes
 * no state change: it only navigates to the same callback from this origin, a same-origin request
 * that carries the cookie and is then authenticated normally.
 */
export function oauthBouncePage(sameOriginUrl: string): string {
  const href = escapeHtml(sameOriginUrl);
  return htmlPage(
    '1688 物流跟踪',
    `<p>正在完成 1688 授权……</p><p><a href="${href}">若页面没有自动跳转，请点击这里继续。</a></p>`,
    `<meta http-equiv="refresh" content="0;url=${href}">`,
  );
}
