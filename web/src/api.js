const KEY = 'syria-claims-key';

/** The coder's or editor's key lives in this tab's sessionStorage only: closing the tab forgets it. */
export const session = {
  get key() {
    return sessionStorage.getItem(KEY);
  },
  set key(value) {
    if (value) sessionStorage.setItem(KEY, value);
    else sessionStorage.removeItem(KEY);
  },
};

/** A refusal of the API, with its problem+json body (`errors[].param` names the fields). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = body ?? {};
  }
}

/** Calls the API on this origin; returns the JSON body and the response headers. */
export async function call(path, { method = 'GET', body, headers = {} } = {}) {
  const sent = { accept: 'application/json', ...headers };
  if (session.key) sent.authorization = `Bearer ${session.key}`;
  if (body !== undefined) sent['content-type'] ??= 'application/json';
  const response = await fetch(path, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, answer);
  return { data: answer, headers: response.headers };
}

export async function get(path) {
  return (await call(path)).data;
}

/** Every item of a list, page after page (`meta.next_cursor`). */
export async function everyPage(path) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...page.data);
    cursor = page.meta.next_cursor;
  } while (cursor);
  return items;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A version's ETag as the API's write answers give it (src/write/refusals.ts): PATCH takes it back in If-Match. */
export function recordTag(resource, id, version) {
  return `"${resource}.${id}.v${version}"`;
}
