// Owns the value shapes closeloop.yaml's sections share: durations, times of day, time zones, one-or-many lists.
import { z } from 'zod';
import { isReservedName } from '../domain/own.ts';
import { isTimeZone } from '../domain/time.ts';

// The words for a name every object already answers to, wherever closeloop.yaml gives one.
export const reservedWord = (given: { input: unknown }) =>
  `"${String(given.input)}" is a reserved word (every object has it); pick another name`;

export const duration = z
  .string()
  .regex(/^-?\d+(m|h|d)$/, 'write a duration such as 30m, 4h or 3d')
  .transform((v) => {
    const n = Number.parseInt(v, 10);
    const unit = v.at(-1);
    return unit === 'm' ? n : unit === 'h' ? n * 60 : n * 1440;
  });

export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write a time as HH:MM, e.g. 09:00');

export const timezone = z
  .string()
  .refine(isTimeZone, 'use an IANA time zone such as Asia/Shanghai or Europe/Berlin');

// A name every object answers to (__proto__, constructor) is refused here too: it would match as a lookup key.
const listed = z.string().refine((v) => !isReservedName(v), { error: reservedWord });

export const list = z.union([listed, z.array(listed)]).transform((v) => (Array.isArray(v) ? v : [v]));
