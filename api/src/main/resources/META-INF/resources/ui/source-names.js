// The sources a page shows names of (jobs, filters, documents). Each page view makes its own list, so names are read
// at most once per view and never outlive it: a page opened later reads them afresh.

import { api } from './api.js';

/** A page view's source list: {@code all(refresh)} loads it once (again with refresh); {@code name(id)} looks one up. */
export function sourceList() {
  let cached = null;
  const all = async (refresh = false) => {
    if (!cached || refresh) {
      const list = await api('GET', '/api/v1/sources?limit=1000');
      cached = list.sources;
    }
    return cached;
  };
  /** A source created after the list was read is found by reading it again; a deleted one says so. */
  const name = async id => {
    const s = (await all()).find(x => x.id === id);
    if (s) return s.name;
    return (await all(true)).find(x => x.id === id)?.name ?? 'deleted source';
  };
  return { all, name };
}
