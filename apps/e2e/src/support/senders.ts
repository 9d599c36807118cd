import { HttpClient } from '@sms/testing';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { e2eState } from './e2e-state';

/** A mobile number no other spec uses (ends in 7: none of the simulator's magic suffixes). */
export function uniqueNumber(): string {
  return `+39348${String(randomInt(0, 1_000_000)).padStart(6, '0')}7`;
}

/** A name no other spec (nor the harness' allow-list) uses: 3–11 letters and digits. */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomInt(0, 100_000)}`.slice(0, 11);
}

export async function addSender(
  http: HttpClient,
  token: string,
  sender: string,
): Promise<{ id: string; status: string }> {
  const res = await http.post('/account/senders', { token, body: { sender } });
  if (res.status !== 201) throw new Error(`add sender ${sender}: ${res.status} ${res.text}`);
  return res.body as { id: string; status: string };
}

/** The run's operators' token (the harness sets ADMIN_TOKEN). */
export function adminToken(): string {
  return e2eState().env.ADMIN_TOKEN;
}

export async function approveSender(http: HttpClient, senderId: string): Promise<void> {
  const res = await http.post(`/admin/senders/${senderId}/approve`, { token: adminToken(), body: {} });
  if (res.status !== 200) throw new Error(`approve ${senderId}: ${res.status} ${res.text}`);
}

/**
 * The texts of the system SMS sent to `number`, newest first, read from messaging's store as the
 * carrier is handed them (the verification codes go out as free system messages).
 */
export async function systemSmsTo(number: string): Promise<string[]> {
  const db = new Client({ connectionString: e2eState().databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ text: string }>(
      `SELECT c.text FROM messaging.campaigns c JOIN messaging.messages m ON m.campaign_id = c.id
       WHERE c.kind = 'system' AND m.recipient = $1 ORDER BY c.created_at DESC`,
      [number],
    );
    return rows.map((r) => r.text);
  } finally {
    await db.end();
  }
}
