/**
 * How a secret is shown when a value has to be echoed (an invalid setting, a log line): never its
 * characters, only its length, so an operator can still tell an empty or truncated value from a
 * whole one. Pure string work, so it lives with the other shared helpers.
 */

/** "(hidden, 12 characters)" for a 12-character secret. */
export function hiddenText(secret: string): string {
  const n = [...secret].length;
  return `(hidden, ${n} character${n === 1 ? '' : 's'})`;
}

/** Query parameters that carry a password in PostgreSQL and Redis connection strings. */
const SECRET_QUERY_KEYS = /^(password|pass|pwd|passwd|sslpassword|token|secret|auth)$/i;

/**
 * A connection URL with its credentials hidden: the password of `user:password@`, the whole
 * user-info when it has no colon (Redis URLs may carry a bare token there), and password-like
 * query parameters. Works on text that is not a valid URL too: the invalid ones are exactly those
 * that get echoed, in an error message.
 */
export function withoutUrlSecrets(raw: string): string {
  let text = raw;
  const schemeEnd = text.indexOf('://');
  const authorityStart = schemeEnd >= 0 ? schemeEnd + 3 : 0;
  // The user-info ends at the last "@" before the path: a password may itself contain "@" or "/".
  const at = text.lastIndexOf('@');
  if (at >= authorityStart) {
    const userInfo = text.slice(authorityStart, at);
    const colon = userInfo.indexOf(':');
    const shown = colon >= 0 ? `${userInfo.slice(0, colon)}:${hiddenText(userInfo.slice(colon + 1))}` : hiddenText(userInfo);
    text = `${text.slice(0, authorityStart)}${shown}${text.slice(at)}`;
  }
  const query = text.indexOf('?');
  if (query < 0) return text;
  const params = text
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || !SECRET_QUERY_KEYS.test(pair.slice(0, eq))) return pair;
      return `${pair.slice(0, eq)}=${hiddenText(pair.slice(eq + 1))}`;
    });
  return `${text.slice(0, query)}?${params.join('&')}`;
}
