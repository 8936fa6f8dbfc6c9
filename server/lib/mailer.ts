import nodemailer from 'nodemailer';
import type { Logger } from './logger.ts';

/**
 * A file sent with an email. The content is text (an .ics, a CSV) and is kept whole in the outbox
 * row until the email leaves, so attachments are meant to be small.
 */
export type EmailAttachment = { filename: string; contentType: string; content: string };

export type Email = { to: string; subject: string; text: string; attachments?: EmailAttachment[] };

/** The largest attachment content an email may carry (characters); larger files belong behind a link. */
export const MAX_ATTACHMENT_CHARS = 64 * 1024;

export type Mailer = {
  /** How mail leaves: 'smtp' when configured, otherwise 'log' (printed for a local user). */
  readonly via: 'smtp' | 'log';
  send(email: Email): Promise<void>;
};

export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      via: 'smtp',
      send: async (email) => {
        await transport.sendMail({
          from: options.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          attachments: (email.attachments ?? []).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
          })),
        });
      },
    };
  }
  return {
    via: 'log',
    send: async (email) => {
      options.logger.info(
        {
          email: {
            to: email.to,
            subject: email.subject,
            text: email.text,
            // The whole file, so a local user can copy an .ics out of the log and open it.
            attachments: (email.attachments ?? []).map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: a.content,
            })),
          },
        },
        'email (no SMTP_URL configured)',
      );
    },
  };
}
