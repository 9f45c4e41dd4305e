// The renderer's only door to the core: window.tracker (Electron preload), or the HTTP client
// for the browser mode, created on first use.
import type { MethodInput, MethodName, MethodOutput, TrackerApi } from '../../shared/contract';
import { createHttpTracker } from './httpTracker';
import { toContractError } from './errors';

type TrackerWindow = { tracker?: TrackerApi; __trackerHttp?: boolean };

export function getTracker(): TrackerApi {
  const w = window as unknown as TrackerWindow;
  if (!w.tracker) {
    w.tracker = createHttpTracker();
    w.__trackerHttp = true;
  }
  return w.tracker;
}

/** True when the renderer runs in a plain browser against the local server. */
export function isBrowserMode(): boolean {
  return (window as unknown as TrackerWindow).__trackerHttp === true;
}

/** invoke, with every rejection normalised to a ContractError. */
export async function call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
  try {
    return await getTracker().invoke(method, input);
  } catch (e) {
    throw toContractError(e);
  }
}
