// The antd components of the pages loaded on demand (settings, ERP, add orders, alerts, export),
// each from its own module like lib/antd.ts (which this includes). Nothing in the renderer imports
// 'antd' itself: its index initialises every component at once, and in the component tests 'antd'
// and 'antd/es/…' are two copies of antd (contexts such as App.useApp's would not match).
export * from './antd';
export { default as Checkbox } from 'antd/es/checkbox';
export { default as DatePicker } from 'antd/es/date-picker';
export { default as Form } from 'antd/es/form';
export type { FormInstance } from 'antd/es/form';
export { default as InputNumber } from 'antd/es/input-number';
export { default as Popconfirm } from 'antd/es/popconfirm';
export { default as Radio } from 'antd/es/radio';
// The unknown-address page only (its illustrations are ~100 kB).
export { default as Result } from 'antd/es/result';
export { default as Select } from 'antd/es/select';
export { default as Switch } from 'antd/es/switch';
export { default as Table } from 'antd/es/table';
export { default as Upload } from 'antd/es/upload';
