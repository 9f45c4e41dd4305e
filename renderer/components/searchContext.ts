import { createContext, useContext } from 'react';

export interface SearchState {
  search: string;
  setSearch: (s: string) => void;
}

export const SearchContext = createContext<SearchState>({ search: '', setSearch: () => {} });

export function useSearch(): SearchState {
  return useContext(SearchContext);
}
