import { smtpOptions } from './email.sender';

describe('smtpOptions', () => {
  it('reads host, port and credentials from SMTP_URL, TLS for smtps', () => {
    expect(smtpOptions('smtp://127.0.0.1:1025')).toMatchObject({
      host: '127.0.0.1',
      port: 1025,
      secure: false,
      auth: undefined,
      pool: true,
    });
    expect(smtpOptions('smtps://user%40x:p%3Ass@mail.example.com')).toMatchObject({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      auth: { user: 'user@x', pass: 'p:ss' },
    });
    expect(smtpOptions('smtp://mail.example.com')).toMatchObject({ port: 587, secure: false });
  });
});
