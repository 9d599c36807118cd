// The shapes the chaos suite shares: its random source and log, the features of the stack, what the
// client sends and reads back, and the world of owners and sub-accounts the traffic builds.

export type Rng = () => number;
export type Log = (msg: string) => void;

/** What the stack has (features.ts): each kind of traffic and check is switched on by it. */
export interface Features {
  billing: boolean;
  subAccounts: boolean;
  sms: boolean;
  history: boolean;
  alerts: boolean;
}
export type FeatureName = keyof Features;

/** A request body as the traffic builds it (the fields the checks read back are named). */
export interface ReqBody {
  smsCount?: number;
  credits?: number;
  text?: string;
  to?: string[];
  unlimited?: boolean;
  scheduledAt?: string;
  [field: string]: unknown;
}

export interface HttpReq {
  method: string;
  path: string;
  body?: ReqBody;
  token?: string | null;
  key?: string;
}

/**
 * An answer of the API as the client reads it: JSON whose fields the suite uses are named, all
 * optional (a problem, an entity, a page…); anything else stays unknown.
 */
export interface ApiBody {
  id?: string;
  code?: string;
  title?: string;
  detail?: string;
  status?: string;
  accessToken?: string;
  accountId?: string;
  campaignId?: string;
  segments?: number;
  recipients?: number;
  creditsCharged?: number;
  credits?: number;
  secret?: string;
  smsSent?: number;
  transaction?: { id: string; credits: number } | null;
  email?: { verified?: boolean };
  items?: ApiBody[];
  nextCursor?: string | null;
  [field: string]: unknown;
}

/** One attempt: status 0 = no HTTP answer (error says why: refused, reset, client-timeout…). */
export interface CallResult {
  status: number;
  body: ApiBody | null;
  error: string | null;
}

/** A logical request after its retries (http.ts `request`). */
export interface RequestResult extends CallResult {
  attempts: number;
  /** Every attempt's status, or its error when it got no answer. */
  statuses: (number | string)[];
  /** Repeats of a success and racing copies, each one attempt. */
  repeats: CallResult[];
  gaveUp: boolean;
  /** A key-less POST whose outcome the client cannot know (not retried). */
  unknownOutcome?: boolean;
}

/** An account's balance-alert setting as the traffic saves it. */
export interface AlertSettings {
  threshold: number;
  email: { address: string; active: boolean };
  sms: { phone: string; active: boolean };
}

/** Someone who logs in: an owner or a sub-account's manager. */
export interface Person {
  email: string;
  password: string;
  token: string | null;
  active?: boolean;
  alert?: AlertSettings;
  alertUncertain?: boolean;
  emailVerified?: boolean;
}

export interface Owner extends Person {
  n: number;
  /** Known once GET /me answered (before the owner joins the world). */
  accountId: string;
  subs: Sub[];
  invoices: { id: string; paid: boolean }[];
}

export interface Sub extends Person {
  id: string;
  owner: Owner;
  unlimited: boolean;
  active: boolean;
}

export type Actor = Owner | Sub;

/** A recorded request (keyed, or a key-less send) for the model and the checks. */
export interface TrafficRecord {
  kind: string;
  status: number | 'gave-up';
  body: ApiBody | null;
  repeats: { status: number; body: ApiBody | null }[];
  statuses: (number | string)[];
  req: HttpReq;
  key?: string;
  accountId: string;
  subId?: string;
  invoiceId?: string;
  originalKind?: string;
  actor?: Actor;
}

/** An answer an operation cannot legitimately get (checks/responses.ts). */
export interface Unexpected {
  op: string;
  method?: string;
  path?: string;
  status: number | string;
  code?: unknown;
  detail?: unknown;
}

/** Outcomes per kind of operation ('ok', 'http-422', 'gave-up'…). */
export type OpCounts = Record<string, Record<string, number>>;

export interface TrafficStats {
  ops: number;
  attempts: number;
  retried: number;
  repeats: number;
  clientTimeouts: number;
  /** Requests that ran out of retries (coverage bounds them). */
  gaveUp: number;
  /** Key-less POSTs left with an unknown outcome (not retried by policy; the model resolves each). */
  unknownOutcomes: number;
  byOp: OpCounts;
  verifyFailed?: number;
  creationAborted?: number;
}

/** A process that exited without being asked to. */
export interface Crash {
  name: string;
  code: number | null;
  signal: string | null;
  atS: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The message of anything thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The stack of anything thrown, or its message. */
export function errorStack(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
