// The app's Ant Design configuration, shared by the app (App.tsx) and the build-time extraction
// of antd's component styles (lib/antdStaticCss.tsx): the extracted CSS is only right for the
// theme it was generated with, and its class hash is derived from that theme's tokens.
import type { ConfigProviderProps } from 'antd/es/config-provider';
import theme from 'antd/es/theme';

export const antdTheme = {
  algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm],
  token: { borderRadius: 4 },
} satisfies ConfigProviderProps['theme'];

/** Small, compact, no space inserted between two Chinese characters on buttons. */
export const antdConfig = {
  componentSize: 'small',
  button: { autoInsertSpace: false },
} satisfies ConfigProviderProps;
