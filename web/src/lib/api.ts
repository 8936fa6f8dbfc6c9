import type { z } from 'zod';
import { type AccountView, accountView, type SessionView, sessionView } from '../../../contracts/accounts.ts';
import { type CoopSummary, coopList } from '../../../contracts/coops.ts';
import { errorBody } from '../../../contracts/errors.ts';

/** An answer from the API that is not a success, or no answer at all (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { field?: string; requestId?: string } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.requestId = options.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const CSRF_HEADER = 'x-csrf-token';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

// One token per page load: GET /api/session sets the cookie and returns the same value, which every
// write must echo in a header. Sign-in and sign-up answers carry it too and refresh it here.
let csrfToken: string | null = null;
let csrfPending: Promise<string> | null = null;

async function ensureCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  csrfPending ??= getSession()
    .then((session) => session.csrfToken)
    .finally(() => {
      csrfPending = null;
    });
  return csrfPending;
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (WRITES.has(method)) headers[CSRF_HEADER] = await ensureCsrfToken();
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached.');
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const parsed = errorBody.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    return new ApiError(response.status, 'UNEXPECTED_RESPONSE', `The server answered ${response.status}.`);
  }
  const { code, message, field, requestId } = parsed.data.error;
  return new ApiError(response.status, code, message, {
    ...(field ? { field } : {}),
    ...(requestId ? { requestId } : {}),
  });
}

/** Sends a request; a write refused for its CSRF token fetches a fresh token and is retried once. */
export async function request(method: Method, path: string, body?: unknown): Promise<Response> {
  let response = await send(method, path, body);
  if (!response.ok && WRITES.has(method) && response.status === 403) {
    const error = await toApiError(response.clone());
    if (error.code === 'CSRF_TOKEN_INVALID') {
      csrfToken = null;
      response = await send(method, path, body);
    }
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** The body of a successful answer, checked against its contract. */
export async function parseBody<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', 'The server answered in an unexpected shape.');
  }
  return parsed.data;
}

async function sessionFrom(response: Response): Promise<SessionView> {
  const session = await parseBody(response, sessionView);
  csrfToken = session.csrfToken;
  return session;
}

export type { AccountView, CoopSummary, SessionView };

export type SignUpFields = { email: string; displayName: string; password: string };
export type SignInFields = { email: string; password: string };

export async function getSession(): Promise<SessionView> {
  return sessionFrom(await request('GET', '/api/session'));
}

export async function getMe(): Promise<AccountView> {
  return parseBody(await request('GET', '/api/me'), accountView);
}

export async function signUp(input: SignUpFields): Promise<SessionView> {
  return sessionFrom(await request('POST', '/api/auth/sign-up', input));
}

export async function signIn(input: SignInFields): Promise<SessionView> {
  return sessionFrom(await request('POST', '/api/auth/sign-in', input));
}

export async function signOut(): Promise<void> {
  await request('POST', '/api/auth/sign-out');
}

export async function requestPasswordReset(input: { email: string }): Promise<void> {
  await request('POST', '/api/auth/password-reset', input);
}

export async function confirmPasswordReset(input: { token: string; password: string }): Promise<void> {
  await request('POST', '/api/auth/password-reset/confirm', input);
}

export async function listCoops(): Promise<CoopSummary[]> {
  return (await parseBody(await request('GET', '/api/coops'), coopList)).coops;
}
