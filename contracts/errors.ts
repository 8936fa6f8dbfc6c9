import { z } from 'zod';

// Every error the API returns has this shape, whatever the status.
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Machine-readable code, e.g. VALIDATION_FAILED, EMAIL_TAKEN'),
      message: z.string().describe('A sentence for people'),
      field: z.string().optional().describe('Dotted path of the input field at fault, when there is one'),
      requestId: z.string().optional().describe('Request id to quote to the operator (internal errors)'),
    }),
  })
  .describe('Error');

export type ErrorBody = z.infer<typeof errorBody>;

export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
  429: errorBody,
} as const;
