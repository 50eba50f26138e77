/** A failure as the server worded it (nothing when there is none). */
export function ErrorText({ error }: { error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}
