import pino from 'pino';

export type Logger = pino.Logger;

// Structured JSON logs. Credentials never reach them: request bodies are not logged, and the
// fields that could hold a secret are redacted wherever they appear.
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
  });
}
