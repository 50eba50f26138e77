/** Links between the pages of one section (Users · Teams · Roles), the current one marked. */
export function SubNav({
  label,
  items,
  current,
}: {
  label: string;
  items: readonly { href: string; label: string }[];
  current: string;
}) {
  return (
    <nav className="adm-subnav" aria-label={label}>
      {items.map((item) => (
        <a
          key={item.href}
          href={item.href}
          aria-current={current === item.href ? 'page' : undefined}
        >
          {item.label}
        </a>
      ))}
    </nav>
  );
}
