/**
 * Reading the `Cookie` header of a web-standard request, for the cookies
 * twofold writes itself (the remember cookie, the pre-session CSRF cookie).
 */

/** The cookies of a request, name to value (the first of duplicate names wins, as browsers send the most specific first). */
export function requestCookies(request: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (name !== '' && !cookies.has(name)) cookies.set(name, part.slice(index + 1).trim());
  }
  return cookies;
}
