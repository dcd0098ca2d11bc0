// Starts the worker, sends it the client's options once it is ready, and shows what it posts back.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const done = (result) => {
  document.querySelector('#status').textContent = result.error ?? `${result.names.length} sources, listed in a worker`;
  document.documentElement.dataset.result = JSON.stringify(result);
  document.documentElement.dataset.done = '';
};
worker.addEventListener('error', (event) => done({ error: `worker error: ${event.message}` }));
worker.addEventListener('message', ({ data }) => {
  if (data.ready) {
    worker.postMessage({ baseUrl: '/api/v1' }); // same origin: the backend adds the token
    return;
  }
  const list = document.querySelector('#sources');
  for (const name of data.names ?? []) list.append(Object.assign(document.createElement('li'), { textContent: name }));
  done(data);
});
