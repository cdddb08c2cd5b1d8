// REST calls to the PCE server (/api/v1) with the API key the page asked for (kept in sessionStorage only).
const KEY = 'pce.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (k) => sessionStorage.setItem(KEY, k.trim()),
  clear: () => sessionStorage.removeItem(KEY),
};

/** Calls the API; answers the parsed JSON, or throws ApiError with the RFC 9457 problem. */
export async function api(method, path, body, contentType = 'application/json') {
  const headers = { Accept: 'application/json' };
  const key = apiKey.get();
  if (key) headers['X-API-Key'] = key;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`../api/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { detail: text }; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}
