// Owns the answer to a ?from=&to= pair that makes no period: which of the two is wrong and how to write it instead.
import { firstPeriodDay, isIsoDate, lastPeriodDay, type PeriodProblem } from '../domain/reports/period.ts';

export interface PeriodRefusal {
  field: 'from' | 'to';
  message: string;
}

// `longest` says what a caller may do about a too-long span ("narrow from/to", or an export's "leave both out").
export function periodRefusal(
  problem: PeriodProblem,
  from: string,
  to: string,
  longest: string,
): PeriodRefusal {
  switch (problem) {
    case 'bad_date': {
      const field = isIsoDate(from) ? 'to' : 'from';
      return {
        field,
        message: `${field}: ${field === 'from' ? from : to} is not a calendar date (YYYY-MM-DD)`,
      };
    }
    case 'out_of_range': {
      const field = from >= firstPeriodDay && from <= lastPeriodDay ? 'to' : 'from';
      return {
        field,
        message: `${field}: ${field === 'from' ? from : to} is outside the calendar reports cover; write a date from ${firstPeriodDay} to ${lastPeriodDay}`,
      };
    }
    case 'reversed':
      return { field: 'to', message: 'to is before from: swap them' };
    case 'too_long':
      return { field: 'from', message: longest };
  }
}
