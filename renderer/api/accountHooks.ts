// The 1688 accounts (设置 → 1688 账号): the list, and the methods that change it. Every change
// refreshes the account status too (the frame's banners read it) and the orders (their account
// column), since `qk.accounts` sits under `qk.account`.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContractError, MethodInput, MethodOutput } from '../../shared/contract';
import { call } from './tracker';
import { qk } from './queryKeys';

export function useAccounts() {
  return useQuery<MethodOutput<'accounts.list'>, ContractError>({
    queryKey: qk.accounts,
    queryFn: () => call('accounts.list', {}),
  });
}

type AccountMethod = 'accounts.add' | 'accounts.rename' | 'accounts.pause' | 'accounts.remove' | 'accounts.renew';

export function useAccountsMutation<M extends AccountMethod>(method: M) {
  const qc = useQueryClient();
  return useMutation<MethodOutput<M>, ContractError, MethodInput<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: qk.account }),
        qc.invalidateQueries({ queryKey: qk.syncStatus }),
        qc.invalidateQueries({ queryKey: qk.orders }),
      ]);
    },
  });
}
