import nodemailer from 'nodemailer';
import type { Logger } from './logger.ts';

export type Email = { to: string; subject: string; text: string };

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
        await transport.sendMail({ from: options.from, ...email });
      },
    };
  }
  return {
    via: 'log',
    send: async (email) => {
      options.logger.info(
        { email: { to: email.to, subject: email.subject, text: email.text } },
        'email (no SMTP_URL configured)',
      );
    },
  };
}
