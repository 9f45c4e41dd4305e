// Build time only (vite.config.mts runs this under Node through tsx; the app never imports it):
// antd's component styles for the app's theme, as one style sheet. The built app then runs antd
// with `theme.zeroRuntime` (App.tsx), so antd no longer generates and inserts these styles while
// the first screen renders — about a third of its first render. Only the theme's CSS variables
// (tokens) are still set at runtime, as before.
//
// The sheet is what antd's own style hooks produce (the same code, the same theme, so the same
// class hash): every component the app uses, and those antd renders inside them, is rendered here
// once into a style cache, and the cache's component styles are extracted. Toasts and confirm
// dialogs (App.useApp()'s notification, message and modal) render outside the tree when called,
// so their panels are rendered here directly. Anything of antd the renderer uses — a component,
// or a static method or hook, however imported — must produce its styles below:
// test/unit/antdStaticCss.test.ts reads every renderer source and fails for one that does not.
import { renderToString } from 'react-dom/server';
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import type { ReactNode } from 'react';
import Dropdown from 'antd/es/dropdown';
import message from 'antd/es/message';
import notification from 'antd/es/notification';
import Pagination from 'antd/es/pagination';
import Popover from 'antd/es/popover';
import Steps from 'antd/es/steps';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  ConfigProvider,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Layout,
  Menu,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Result,
  Select,
  Skeleton,
  Space,
  Spin,
  Switch,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
  Upload,
} from './antdPages';
import { antdConfig, antdTheme } from './antdTheme';

/**
 * One of each of what the first screen shows (lib/antd.ts: the frame, the Orders page, the order
 * drawer, the toasts), roughly in the order it shows them.
 */
function FirstScreen(): ReactNode {
  return (
    <App>
      <Layout>
        <Layout.Sider>
          <Menu items={[{ key: 'a', label: 'a' }]} selectedKeys={['a']} mode="inline" />
        </Layout.Sider>
        <Layout>
          <Layout.Header>
            <Input.Search allowClear />
            <Input allowClear prefix="x" />
            <Button type="primary">b</Button>
            <Button type="text" icon={<span />} />
            <Badge count={1} />
            <Badge status="processing" text="s" />
            <Tooltip._InternalPanelDoNotUseOrYouWillBeFired title="t" />
            <Tag color="red">t</Tag>
            {['success', 'processing', 'error', 'warning', 'default'].map((c) => (
              <Tag key={c} color={c}>
                t
              </Tag>
            ))}
            <Progress percent={50} size="small" />
          </Layout.Header>
          <Layout.Content>
            <Alert type="warning" title="a" showIcon />
            <Tabs items={[{ key: 'a', label: 'a' }]} />
            <Typography.Text type="secondary">t</Typography.Text>
            <Typography.Paragraph>p</Typography.Paragraph>
            <Typography.Title level={5}>t</Typography.Title>
            <Typography.Link>l</Typography.Link>
            <Space>
              <span>s</span>
            </Space>
            <Space.Compact>
              <Input />
              <Button>b</Button>
            </Space.Compact>
            <Skeleton active />
            <Skeleton.Button />
            <Empty />
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            <Spin />
            {/* Portals render nothing on the server: what they hold is rendered in place, through
                antd's own panels (the toasts of App.useApp(): notification and message; the
                confirm dialog of modal.confirm / Modal.confirm), or closed (the drawer). */}
            <Drawer open={false} title="d" />
            <Modal open={false} title="m" />
            {(['info', 'success', 'warning', 'error'] as const).map((type) => (
              <notification._InternalPanelDoNotUseOrYouWillBeFired key={type} type={type} title="n" description="d" actions={<Button size="small">b</Button>} />
            ))}
            {(['info', 'success', 'warning', 'error', 'loading'] as const).map((type) => (
              <message._InternalPanelDoNotUseOrYouWillBeFired key={type} type={type} content="m" />
            ))}
            <Card title="c" size="small">
              <Descriptions items={[{ key: 'a', label: 'a', children: 'a' }]} bordered />
              <Descriptions items={[{ key: 'a', label: 'a', children: 'a' }]} />
            </Card>
            <Timeline items={[{ content: 'a' }]} />
            <Input.TextArea />
          </Layout.Content>
        </Layout>
      </Layout>
    </App>
  );
}

/** One of each of what only the pages loaded on demand use (lib/antdPages.ts). */
function OnDemand(): ReactNode {
  return (
    <>
      <Result status="404" title="r" />
      <Modal._InternalPanelDoNotUseOrYouWillBeFired type="confirm" title="m" />
      <Form layout="vertical">
        <Form.Item label="f" name="f" help="h" validateStatus="error" required>
          <Input.Password />
        </Form.Item>
        <Form.Item label="g" name="g">
          <InputNumber />
        </Form.Item>
        <Form.Item label="h" name="h">
          <Select options={[{ value: 'a', label: 'a' }]} />
        </Form.Item>
        <Form.Item label="i" name="i">
          <DatePicker.RangePicker />
        </Form.Item>
      </Form>
      <Select._InternalPanelDoNotUseOrYouWillBeFired options={[{ value: 'a', label: 'a' }]} />
      <DatePicker._InternalRangePanelDoNotUseOrYouWillBeFired />
      <Checkbox>c</Checkbox>
      <Radio.Group options={['a', 'b']} />
      <Radio.Group options={['a', 'b']} optionType="button" />
      <Switch />
      <Popconfirm._InternalPanelDoNotUseOrYouWillBeFired title="p" />
      <Popover._InternalPanelDoNotUseOrYouWillBeFired content="p" />
      <Dropdown._InternalPanelDoNotUseOrYouWillBeFired menu={{ items: [{ key: 'a', label: 'a' }] }}>
        <span>d</span>
      </Dropdown._InternalPanelDoNotUseOrYouWillBeFired>
      <Table
        rowKey="a"
        columns={[{ title: 'a', dataIndex: 'a', sorter: true, filters: [{ text: 'a', value: 'a' }], ellipsis: true }]}
        dataSource={[{ a: 'a' }]}
        rowSelection={{}}
        pagination={{ pageSize: 1, total: 3 }}
      />
      <Pagination total={100} />
      <Upload.Dragger>u</Upload.Dragger>
      <Upload defaultFileList={[{ uid: '1', name: 'f', status: 'done' }]} />
      <Steps items={[{ title: 's' }]} />
    </>
  );
}

function Everything(): ReactNode {
  return (
    <>
      <FirstScreen />
      <OnDemand />
    </>
  );
}

function extract(node: ReactNode): string {
  const cache = createCache();
  renderToString(
    <StyleProvider cache={cache}>
      <ConfigProvider {...antdConfig} theme={antdTheme}>
        {node}
      </ConfigProvider>
    </StyleProvider>,
  );
  return extractStyle(cache, { plain: true, types: ['style'] });
}

/** antd's component styles, as the app's theme makes them (not its token variables: set at runtime). */
export function antdStaticCss(): string {
  return extract(<Everything />);
}

/** A style sheet's top-level blocks (rules, @media, @keyframes …), in order. */
export function cssBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      blocks.push(css.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  return blocks;
}

/**
 * The same styles in two sheets: what the first screen needs (linked by index.html, parsed before
 * the first paint), and the rest (only the pages loaded on demand use it: loaded without blocking
 * the first paint, and applied before those pages show; main.tsx). Together they hold exactly the
 * blocks of antdStaticCss(), each once, in its order.
 */
export function antdStaticCssSplit(): { firstScreen: string; onDemand: string } {
  const all = cssBlocks(antdStaticCss());
  const first = new Set(cssBlocks(extract(<FirstScreen />)));
  return { firstScreen: all.filter((b) => first.has(b)).join('\n'), onDemand: all.filter((b) => !first.has(b)).join('\n') };
}
