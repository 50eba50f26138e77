'use client';

import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

/** Dark and light themes: the OS preference by default, the user's choice remembered. */
export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>('light');
  useEffect(() => {
    // The root layout's inline script has already chosen the theme before paint.
    setTheme(document.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'light');
  }, []);
  const toggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset['theme'] = next;
    localStorage.setItem('wharf-theme', next);
    setTheme(next);
  };
  return [theme, toggle];
}
