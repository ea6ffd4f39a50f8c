import type { ComponentChildren } from 'preact';

export interface SegmentOption<T extends string> {
  readonly value: T;
  readonly label: string;
  /** A short line under the label. */
  readonly note?: string;
}

interface Props<T extends string> {
  readonly name: string;
  readonly legend: ComponentChildren;
  readonly options: readonly SegmentOption<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  readonly describedBy?: string;
  readonly columns?: 2 | 3 | 4;
}

/**
 * A group of native radio buttons styled as a segmented control: arrow keys, labels and
 * screen-reader semantics come from the browser.
 */
export function Segmented<T extends string>({ name, legend, options, value, onChange, describedBy, columns = 3 }: Props<T>) {
  return (
    <fieldset class="field segmented-field" aria-describedby={describedBy}>
      <legend class="field-label">{legend}</legend>
      <div class={`segmented cols-${columns}`}>
        {options.map((o) => {
          const id = `${name}-${o.value}`;
          return (
            <div class="segment" key={o.value}>
              <input type="radio" id={id} name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
              <label for={id}>
                <span class="segment-label">{o.label}</span>
                {o.note && <span class="segment-note">{o.note}</span>}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
