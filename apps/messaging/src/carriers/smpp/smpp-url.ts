/** Where and as whom to bind: `smpp://system_id:password@host:port`. */
export interface SmppEndpoint {
  host: string;
  port: number;
  systemId: string;
  password: string;
}

export const SMPP_URL_PATTERN = /^smpp:\/\/[^:@/\s]+:[^@/\s]*@[^:/@\s]+:\d{1,5}\/?$/;

export function parseSmppUrl(url: string): SmppEndpoint {
  if (!SMPP_URL_PATTERN.test(url)) throw new Error('SMPP_URL must look like smpp://system_id:password@host:port');
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port),
    systemId: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}
