// Job: every minute, send queued customer emails through the SMTP server in SMTP_URL (none configured: nothing to do).
import nodemailer from 'nodemailer';
import { sendCustomerEmails } from '../src/app/collections/send-customer-emails.ts';
import type { JobDefinition } from './types.ts';

export const customerEmailsJob: JobDefinition = {
  name: 'customer-emails',
  every: '1 minute',
  run: async (deps) => {
    const url = process.env.SMTP_URL;
    if (!url) return { sent: 0, failed: 0, smtp: 'not configured' };
    const transport = nodemailer.createTransport(url);
    try {
      return await sendCustomerEmails(
        deps,
        transport,
        process.env.SMTP_FROM ?? `closeloop@${new URL(url).hostname}`,
      );
    } finally {
      transport.close();
    }
  },
};
