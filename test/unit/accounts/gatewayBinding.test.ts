// A data folder belongs to the gateway its data came from (real SQLite files, the real core).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataDirForGateway, gatewayIdentity } from '../../../electron/core/accounts/gatewayBinding';
import { createTrackerCore } from '../../../electron/core/api/createCore';
import { CoreError } from '../../../electron/core/api/types';
import { memorySecretStore } from '../../../electron/core/ports';
import { openStore } from '../../../electron/core/store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-gateway-binding-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = (gatewayUrl: string) =>
  createTrackerCore({ dataDir: dir, secrets: memorySecretStore(), notifier: { notify: () => undefined }, gatewayUrl });

describe('a database belongs to its gateway', () => {
  it('names 1688, the local sandbox (any port) and other gateways apart', () => {
    expect(gatewayIdentity('https://gw.open.1688.com/openapi')).toBe('1688');
    expect(gatewayIdentity('http://127.0.0.1:8688/openapi')).toBe('local-sandbox');
    expect(gatewayIdentity('http://localhost:40123/openapi')).toBe('local-sandbox');
    expect(gatewayIdentity('https://gw.example.test/openapi/')).toBe('https://gw.example.test/openapi');
  });

  it('a folder filled from 1688 is refused to the sandbox, with a message saying what to do, and is left as it was', async () => {
    const real = await open('https://gw.open.1688.com/openapi');
    await real.handle('orders.add', { ids: ['3712345678901234567'] });
    await real.stop();

    const err = await open('http://127.0.0.1:8688/openapi').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('storage');
    expect((err as CoreError).message).toMatch(/1688 开放平台.*本地沙箱网关.*TRACKER_DATA_DIR/s);

    // Still 1688's: its order is there, and the real gateway opens it again.
    const store = openStore(dir);
    expect(store.orders.count()).toBe(1);
    expect(store.syncState.get('gateway.identity')).toBe('1688');
    store.close();
    const again = await open('https://gw.open.1688.com/openapi');
    expect(((await again.handle('orders.list', {})) as { total: number }).total).toBe(1);
    await again.stop();
  });

  it('the sandbox on another port is the same world (the demo folder reopens)', async () => {
    await (await open('http://127.0.0.1:41001/openapi')).stop();
    await (await open('http://127.0.0.1:41002/openapi')).stop();
  });

  it('without a chosen folder, another gateway gets a folder of its own', () => {
    expect(dataDirForGateway('/d', undefined)).toBe('/d');
    expect(dataDirForGateway('/d', 'https://gw.open.1688.com/openapi')).toBe('/d');
    expect(dataDirForGateway('/d', 'http://127.0.0.1:8688/openapi')).toBe(path.join('/d', 'gateways', 'local-sandbox'));
    expect(dataDirForGateway('/d', 'https://gw.example.test/openapi')).toBe(path.join('/d', 'gateways', 'gw.example.test_openapi'));
  });
});
