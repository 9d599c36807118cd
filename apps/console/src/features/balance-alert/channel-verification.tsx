import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { describe, FormMessage } from '../../shared/ui/problem';

type Channel = Schemas['VerifyAlertChannelBody']['channel'];

/**
 * Whether one alert channel's recipient is verified; when not, the code sent to it, a button that
 * sends it back and one that asks for a new code. Alerts go only to verified channels.
 */
export function ChannelVerification({
  channel,
  recipient,
  verified,
}: {
  channel: Channel;
  recipient: string;
  verified: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const codeInput = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const wasVerified = useRef(verified);

  // Just verified: the code field is gone, focus goes to the channel's heading and its state.
  useEffect(() => {
    if (verified && !wasVerified.current) heading.current?.focus();
    wasVerified.current = verified;
  }, [verified]);

  const verify = useMutation({
    mutationFn: (value: string) => call(api.POST('/api/v1/account/alerts/verify', { body: { channel, code: value } })),
    onSuccess: async (view) => {
      setCode('');
      setMessage({ ok: t('alert.verifiedNow') });
      queryClient.setQueryData(['balance-alert'], view);
      await queryClient.invalidateQueries({ queryKey: ['balance-alert'] });
    },
    onError: (err) => {
      setMessage({ error: describe(err, i18n) });
      codeInput.current?.focus();
    },
  });
  const resend = useMutation({
    mutationFn: () => call(api.POST('/api/v1/account/alerts/verify/resend', { body: { channel } })),
    onSuccess: () => {
      setMessage({ ok: t('alert.codeSent', { recipient }) });
      codeInput.current?.focus();
    },
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });

  const name = t(channel === 'email' ? 'alert.channelEmail' : 'alert.channelSms');
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      setMessage({ error: t('alert.codeFormat') });
      codeInput.current?.focus();
      return;
    }
    verify.mutate(code.trim());
  };
  return (
    <section aria-labelledby={`alert-${channel}-heading`} data-testid={`alert-${channel}`}>
      <h2 id={`alert-${channel}-heading`} ref={heading} tabIndex={-1}>
        {name}: {recipient}
      </h2>
      <p data-testid={`alert-${channel}-state`}>{t(verified ? 'alert.verified' : 'alert.unverified')}</p>
      {!verified && (
        <form onSubmit={submit} noValidate aria-label={t('alert.verifyForm', { channel: name })}>
          <TextField
            ref={codeInput}
            label={t('alert.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(ev) => setCode(ev.target.value)}
          />
          <button type="submit" disabled={verify.isPending}>
            {t('alert.verify')}
          </button>{' '}
          <button type="button" disabled={resend.isPending} onClick={() => resend.mutate()}>
            {t('alert.resend')}
          </button>
        </form>
      )}
      <FormMessage error={message.error} success={message.ok} />
    </section>
  );
}
