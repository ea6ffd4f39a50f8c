import { useEffect, useState } from 'preact/hooks';

interface Props {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly value: number | undefined;
  readonly min: number;
  readonly max: number;
  readonly placeholder: string;
  readonly onChange: (value: number | undefined) => void;
}

/**
 * An optional whole number. Keeps what the person types while it is incomplete or out of range
 * (marked invalid, with a sentence), and reports only valid values or "none" (empty).
 */
export function NumberField({ id, label, unit, value, min, max, placeholder, onChange }: Props) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    // Follow outside changes (reset, a shared link) unless the draft already means the same.
    setDraft((d) => (d.trim() === '' ? value === undefined : Number(d) === value) ? d : value === undefined ? '' : String(value));
  }, [value]);
  const trimmed = draft.trim();
  const n = Number(trimmed);
  const invalid = trimmed !== '' && (!/^\d+$/.test(trimmed) || n < min || n > max);
  const errorId = `${id}-error`;
  return (
    <div class="field number-field">
      <label class="field-label" for={id}>
        {label}
      </label>
      <div class={`input-with-unit ${invalid ? 'invalid' : ''}`}>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={placeholder}
          value={draft}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onInput={(e) => {
            const raw = e.currentTarget.value;
            setDraft(raw);
            const t = raw.trim();
            if (t === '') onChange(undefined);
            else if (/^\d+$/.test(t) && Number(t) >= min && Number(t) <= max) onChange(Number(t));
          }}
        />
        <span class="unit" aria-hidden="true">
          {unit}
        </span>
      </div>
      {invalid && (
        <p class="field-error" id={errorId}>
          Enter a whole number from {min} to {max.toLocaleString('en')}, or leave it empty.
        </p>
      )}
    </div>
  );
}
