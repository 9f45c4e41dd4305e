// The antd components of the first screen (the frame, the Orders page, the order drawer), each
// from its own module. `import { … } from 'antd'` loads antd's index, which initialises every
// antd component the app uses anywhere — the tables, forms, uploads and date pickers of pages that
// are only loaded when opened — before the first render. Those pages import lib/antdPages.ts.
// Keep this list to what the first screen renders: everything here is initialised at start.
export { default as Alert } from 'antd/es/alert';
export { default as App } from 'antd/es/app';
export { default as Badge } from 'antd/es/badge';
export { default as Button } from 'antd/es/button';
export { default as Card } from 'antd/es/card';
export { default as ConfigProvider } from 'antd/es/config-provider';
export { default as Descriptions } from 'antd/es/descriptions';
export { default as Drawer } from 'antd/es/drawer';
export { default as Empty } from 'antd/es/empty';
export { default as Input } from 'antd/es/input';
export type { InputRef } from 'antd/es/input';
export { default as Layout } from 'antd/es/layout';
export { default as Menu } from 'antd/es/menu';
export { default as Modal } from 'antd/es/modal';
export { default as Progress } from 'antd/es/progress';
export { default as Skeleton } from 'antd/es/skeleton';
export { default as Space } from 'antd/es/space';
export { default as Spin } from 'antd/es/spin';
export { default as Tabs } from 'antd/es/tabs';
export { default as Tag } from 'antd/es/tag';
export { default as Timeline } from 'antd/es/timeline';
export { default as Tooltip } from 'antd/es/tooltip';
export { default as Typography } from 'antd/es/typography';
export { default as theme } from 'antd/es/theme';
