import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, NetworkError } from '../api/errors';
import { useI18n, type I18n } from '../i18n/i18n';

/**
 * Puts each `errors[]` entry of a problem next to the field it names (dotted paths match the
 * form's names); returns what is left for a message above the form, or null.
 */
export function applyProblem<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
  i18n: I18n,
): string | null {
  if (err instanceof ApiError) {
    const known = (err.problem.errors ?? []).filter((e) => fields.includes(e.field));
    for (const e of known) setError(e.field as Path<T>, { type: 'server', message: e.message });
    const rest = (err.problem.errors ?? []).filter((e) => !fields.includes(e.field));
    if (known.length > 0 && rest.length === 0) return i18n.t('error.fields');
    return describe(err, i18n);
  }
  return describe(err, i18n);
}

/** A sentence for any failure: what the API said, or that the network is gone. */
export function describe(err: unknown, i18n: I18n): string {
  if (err instanceof NetworkError) return i18n.t('app.offline');
  if (err instanceof ApiError) {
    const detail = err.problem.detail ?? err.problem.title ?? String(err.status);
    const fields = (err.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    return i18n.t('error.generic', { detail: fields ? `${detail} (${fields})` : detail });
  }
  return i18n.t('error.generic', { detail: err instanceof Error ? err.message : String(err) });
}

/** A message about the whole form or page, announced to screen readers. */
export function FormMessage({ error, success }: { error?: string | null; success?: string | null }) {
  if (error)
    return (
      <p className="message message-error" role="alert">
        {error}
      </p>
    );
  if (success)
    return (
      <p className="message message-ok" role="status">
        {success}
      </p>
    );
  return null;
}

/** Loading / failed state of a query, with a retry button. */
export function QueryState({ error, retry }: { error: unknown; retry: () => void }) {
  const i18n = useI18n();
  if (!error) return <p aria-busy="true">{i18n.t('app.loading')}</p>;
  return (
    <div className="message message-error" role="alert">
      <p>{describe(error, i18n)}</p>
      <button type="button" onClick={retry}>
        {i18n.t('app.retry')}
      </button>
    </div>
  );
}
