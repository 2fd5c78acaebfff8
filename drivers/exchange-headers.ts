/** The response headers a logout audit looks at (see HttpExchange.responseHeaders), for every backend's network view. */
export const EXCHANGE_HEADERS: readonly string[] = ['location', 'cache-control', 'clear-site-data', 'content-type', 'pragma', 'expires'];
