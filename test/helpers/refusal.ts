// The CoreError a core method refuses with (the test fails when it does not refuse).
import { expect } from 'vitest';
import { CoreError } from '../../electron/core/api/types';

export async function refusal(p: Promise<unknown>): Promise<CoreError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    return e as CoreError;
  }
  throw new Error('expected a refusal');
}
