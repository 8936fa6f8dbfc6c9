/**
 * Where to go after signing in or up: the `next` address if it is a path on this site, else home.
 * Anything else ("//evil.example", "https://…", "/\evil") is refused so the link cannot send people away.
 */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** `/sign-in?next=/c/x/join`: an address that comes back to `path` afterwards. */
export function withNext(target: '/sign-in' | '/sign-up', path: string): string {
  return path === '/' ? target : `${target}?next=${encodeURIComponent(path)}`;
}
