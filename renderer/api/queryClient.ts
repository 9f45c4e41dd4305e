// The app's query cache and its defaults.
import { QueryClient } from '@tanstack/react-query';
import { toContractError } from './errors';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Events keep the cache fresh; nothing polls.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Only a dropped connection to the local service is worth retrying.
        retry: (count, error) => toContractError(error).code === 'offline' && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
