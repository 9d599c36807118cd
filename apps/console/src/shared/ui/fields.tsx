import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

interface Common {
  label: string;
  error?: string;
  hint?: ReactNode;
}

/** Label, control, hint and the API's message for this field, tied by ids for screen readers. */
function Described({ id, label, error, hint, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function aria(id: string, error?: string, hint?: ReactNode) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined };
}

export function TextField({
  label,
  error,
  hint,
  ref,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  const id = useId();
  return (
    <Described id={id} label={label} error={error} hint={hint}>
      <input id={id} ref={ref} {...aria(id, error, hint)} {...input} />
    </Described>
  );
}

export function TextArea({
  label,
  error,
  hint,
  ref,
  ...area
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  const id = useId();
  return (
    <Described id={id} label={label} error={error} hint={hint}>
      <textarea id={id} ref={ref} {...aria(id, error, hint)} {...area} />
    </Described>
  );
}

export function SelectField({
  label,
  error,
  hint,
  ref,
  children,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  const id = useId();
  return (
    <Described id={id} label={label} error={error} hint={hint}>
      <select id={id} ref={ref} {...aria(id, error, hint)} {...select}>
        {children}
      </select>
    </Described>
  );
}

export function CheckboxField({
  label,
  error,
  ref,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" ref={ref} {...aria(id, error)} {...input} />
      <label htmlFor={id}>{label}</label>
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
