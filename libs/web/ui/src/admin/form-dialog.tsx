'use client';

import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * A modal form (native `<dialog>`: focus trapped, Escape cancels); Enter in a field submits. For
 * changes that are not destructive, so its button is the primary one, not a red one.
 */
export function FormDialog({
  title,
  children,
  submitLabel,
  busy = false,
  onSubmit,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  submitLabel: string;
  busy?: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <dialog
      ref={ref}
      className="card cd-dialog adm-dialog"
      aria-labelledby="adm-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id="adm-dialog-title">{title}</h2>
        {children}
        <div className="cd-dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
