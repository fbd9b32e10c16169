// Form fields with a label (and an optional description) in NL Design System form-field markup.
import type { ReactNode } from 'react';

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  description?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  placeholder?: string;
}) {
  const { id, label, value, onChange, type = 'text', required, autoComplete, description, inputMode, placeholder } = props;
  return (
    <div className="utrecht-form-field utrecht-form-field--text jr-field">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
          {required ? '' : ' (niet verplicht)'}
        </label>
      </div>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-uitleg`}>
          {description}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">
        <input
          id={id}
          className="utrecht-textbox utrecht-textbox--html-input"
          type={type}
          value={value}
          required={required}
          autoComplete={autoComplete}
          inputMode={inputMode}
          placeholder={placeholder}
          aria-describedby={description ? `${id}-uitleg` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
    </div>
  );
}

export function SelectField(props: { id: string; label: string; value: string; onChange: (v: string) => void; children: ReactNode; required?: boolean; description?: string }) {
  const { id, label, value, onChange, children, required, description } = props;
  return (
    <div className="utrecht-form-field utrecht-form-field--select jr-field">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
          {required === false ? ' (niet verplicht)' : ''}
        </label>
      </div>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-uitleg`}>
          {description}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">
        <select id={id} className="utrecht-select utrecht-select--html-select" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={description ? `${id}-uitleg` : undefined}>
          {children}
        </select>
      </div>
    </div>
  );
}

/** A file to upload: CSV or XLSX (a spreadsheet), ten megabytes at most, as every import takes. */
export function FileField(props: { id: string; label: string; onChange: (file: File | null) => void; description?: string }) {
  const { id, label, onChange, description } = props;
  return (
    <div className="utrecht-form-field jr-field">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label} (CSV of XLSX, ten hoogste 10 MB)
        </label>
      </div>
      {description ? (
        <div className="utrecht-form-field-description" id={`${id}-uitleg`}>
          {description}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">
        <input
          id={id}
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={description ? `${id}-uitleg` : undefined}
          onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        />
      </div>
    </div>
  );
}
