// Forwards /media/ingest/* to the stream worker as a request on INGEST_HOST,
// exactly what the production Container's outbound handler does; nothing else.
export default {
  /** @param {Request} request @param {{ STREAM: Fetcher, INGEST_HOST: string }} env */
  fetch(request, env) {
    const url = new URL(request.url);
    // Readiness: answers once the stream worker is reachable through the binding.
    if (url.pathname === '/health') return env.STREAM.fetch(`http://${env.INGEST_HOST}/media/health`);
    if (!url.pathname.startsWith('/media/ingest/')) {
      const error = { status: 404, code: 'route_not_found', message: `No route for ${request.method} ${url.pathname}.` };
      return Response.json({ error }, { status: 404 });
    }
    url.protocol = 'http:';
    url.hostname = env.INGEST_HOST;
    url.port = '';
    return env.STREAM.fetch(new Request(url, request));
  },
};
