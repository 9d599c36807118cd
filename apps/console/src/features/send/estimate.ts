import { countSegments, type SmsEncoding } from '@sms/sms-text';

export interface Estimate {
  chars: number;
  segments: number;
  encoding: SmsEncoding;
  recipients: string[];
  credits: number;
}

/** Recipients as the server reads them: trimmed, blanks dropped, duplicates counted once. */
export function parseRecipients(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** What a send will cost, with the same segment counting as apps/messaging (libs/sms-text). */
export function estimate(text: string, rawRecipients: string): Estimate {
  const { segments, encoding } = countSegments(text);
  const recipients = parseRecipients(rawRecipients);
  return { chars: [...text].length, segments, encoding, recipients, credits: segments * recipients.length };
}
