// Job: every minute, send queued customer emails through the configured SMTP server (none configured: nothing to do).
import nodemailer from 'nodemailer';
import { sendCustomerEmails } from '../src/app/collections/send-customer-emails.ts';
import type { JobDefinition } from './types.ts';

export interface SmtpSettings {
  url: string;
  from?: string;
}

export function customerEmailsJob(smtp: SmtpSettings | null): JobDefinition {
  return {
    name: 'customer-emails',
    every: '1 minute',
    run: async (deps) => {
      if (!smtp) return { sent: 0, failed: 0, smtp: 'not configured' };
      const transport = nodemailer.createTransport(smtp.url);
      try {
        return await sendCustomerEmails(
          deps,
          transport,
          smtp.from ?? `closeloop@${new URL(smtp.url).hostname}`,
        );
      } finally {
        transport.close();
      }
    },
  };
}
