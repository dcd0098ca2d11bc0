// Real response bodies from the local Census, for the benchmarks that replay them: one page of
// 100 sources as served, and a body of 1,000+ sources (~1 MB) built from consecutive pages.
export async function sourceBodies(url, token, { largeBytes = 1_000_000 } = {}) {
  const get = async (path) => {
    const res = await fetch(`${url}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return res.text();
  };
  const page100 = await get('/sources?per_page=100&page=1');
  const first = JSON.parse(page100);
  const data = [...first.data];
  let size = page100.length;
  for (let page = 2; size < largeBytes || data.length < 1000; page += 1) {
    const next = JSON.parse(await get(`/sources?per_page=100&page=${page}`));
    if (next.data.length === 0) throw new Error(`the local Census ran out of sources at ${data.length}; start it with a larger --seed`);
    data.push(...next.data);
    size += JSON.stringify(next.data).length;
  }
  const large = JSON.stringify({
    status: 'success',
    data,
    pagination: { total_records: data.length, per_page: data.length, prev_page: null, page: 1, next_page: null, last_page: 1 },
  });
  const sourceBody = await get(`/sources/${first.data[0].id}`);
  return { page100, large, ids: first.data.map((s) => s.id), sourceBody };
}
