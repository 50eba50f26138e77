import { describe, expect, it } from 'vitest';

import { cookKeys, newlinesToCrlf } from './line-discipline';

describe('cookKeys', () => {
  it('echoes printable keys and holds them until Enter', () => {
    expect(cookKeys('', 'echo')).toEqual({ line: 'echo', echo: 'echo', send: '' });
    expect(cookKeys('echo', ' hi\r')).toEqual({ line: '', echo: ' hi\r\n', send: 'echo hi\n' });
  });

  it('sends each line of a pasted block and keeps the unfinished rest', () => {
    expect(cookKeys('', 'a\rb\rc')).toEqual({ line: 'c', echo: 'a\r\nb\r\nc', send: 'a\nb\n' });
  });

  it('erases with backspace, never past the start of the line', () => {
    expect(cookKeys('ab', '\x7f')).toEqual({ line: 'a', echo: '\b \b', send: '' });
    expect(cookKeys('', '\x7f\x7f')).toEqual({ line: '', echo: '', send: '' });
    expect(cookKeys('é', '\b')).toEqual({ line: '', echo: '\b \b', send: '' });
  });

  it('clears the line with Ctrl-U and drops other control keys and escape sequences', () => {
    expect(cookKeys('abc', '\x15')).toEqual({ line: '', echo: '\b \b'.repeat(3), send: '' });
    expect(cookKeys('a', '\x03')).toEqual({ line: 'a', echo: '', send: '' });
    expect(cookKeys('a', '\x1b[A\x1b[1;5Cb')).toEqual({ line: 'ab', echo: 'b', send: '' });
  });
});

describe('newlinesToCrlf', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  const text = (b: Uint8Array) => new TextDecoder().decode(b);

  it('turns bare line feeds into CR LF and leaves existing CR LF alone', () => {
    expect(text(newlinesToCrlf(bytes('tick 1\ntick 2\r\n\n')))).toBe('tick 1\r\ntick 2\r\n\r\n');
  });

  it('returns the same bytes when there is nothing to change', () => {
    const input = bytes('no newline');
    expect(newlinesToCrlf(input)).toBe(input);
  });
});
