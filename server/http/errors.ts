import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../contracts/errors.ts';
import { isAppError, statusOfKind } from '../lib/errors.ts';

type Issue = { instancePath: string; message?: string; keyword?: string; params?: { keys?: string[] } };

function fieldOf(context: string | undefined, issue: Issue | undefined): string | undefined {
  if (!issue) return undefined;
  const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const extra = issue.keyword === 'unrecognized_keys' ? issue.params?.keys?.[0] : undefined;
  const parts = [path, extra].filter((p): p is string => !!p);
  if (parts.length === 0) return context;
  return parts.join('.');
}

// Fastify's own 4xx errors (bad JSON, too large, wrong content type) get stable codes of ours.
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_CONTENT_LENGTH',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function sendError(reply: FastifyReply, status: number, body: ErrorBody['error']): FastifyReply {
  return reply.status(status).type('application/json').send({ error: body });
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0] as Issue | undefined;
    return sendError(reply, 400, {
      code: 'VALIDATION_FAILED',
      message: issue?.message ?? 'The request is not valid.',
      field: fieldOf(error.validationContext, issue),
    });
  }
  if (isAppError(error)) {
    if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    return sendError(reply, statusOfKind[error.kind], {
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = fastifyCodes[error.code] ?? (status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST');
    return sendError(reply, status, {
      code,
      message: status === 429 ? 'Too many requests. Try again shortly.' : error.message,
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendError(reply, 500, {
    code: 'INTERNAL',
    message: 'Something went wrong on our side. Quote the request id to the operator.',
    requestId: String(request.id),
  });
}
