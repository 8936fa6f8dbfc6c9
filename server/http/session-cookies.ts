import type { FastifyReply, FastifyRequest } from 'fastify';
import { newSecret } from '../lib/tokens.ts';

export const SESSION_COOKIE = 'mutual_session';
export const CSRF_COOKIE = 'mutual_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return { path: '/', sameSite: 'lax' as const, secure, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

export function setSessionCookie(reply: FastifyReply, secret: string, secure: boolean, days: number): void {
  reply.setCookie(SESSION_COOKIE, secret, { ...cookieOptions(secure, days * 86_400), httpOnly: true });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { ...cookieOptions(secure), httpOnly: true });
}

/**
 * Double-submit token: a readable cookie the page copies into a header. Another site can make the
 * browser send the cookie but cannot read it, so it cannot forge the header.
 */
export function ensureCsrfToken(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{20,100}$/.test(existing)) return existing;
  const token = newSecret(24);
  reply.setCookie(CSRF_COOKIE, token, cookieOptions(secure, 365 * 86_400));
  return token;
}
