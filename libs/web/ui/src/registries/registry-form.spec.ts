import { type Registry } from '@wharf/contracts';
import { describe, expect, it } from 'vitest';

import {
  emptyRegistryForm,
  registryToForm,
  toCreateRegistryBody,
  toUpdateRegistryBody,
  validateRegistryForm,
} from './registry-form';

const stored: Registry = {
  id: 'r1',
  name: 'Private',
  url: 'https://registry.example:5000',
  username: 'ci',
  hasPassword: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('registry form', () => {
  it('names every wrong field before anything is sent', () => {
    expect(Object.keys(validateRegistryForm(emptyRegistryForm())).sort()).toEqual(['name', 'url']);
    const errors = validateRegistryForm({
      ...emptyRegistryForm(),
      name: '#bad',
      url: 'ftp://registry.example',
      password: 'pw',
    });
    expect(errors.name).toMatch(/letters, digits/);
    expect(errors.url).toMatch(/http:\/\/ or https:\/\//);
    expect(errors.username).toBe('a password or token needs a username');
    expect(
      validateRegistryForm({ ...emptyRegistryForm(), name: 'ok', url: 'https://u:p@reg.example' })
        .url,
    ).toBeDefined();
    expect(
      validateRegistryForm({
        ...emptyRegistryForm(),
        name: 'Local',
        url: 'http://127.0.0.1:5000/',
        username: 'ci',
        password: 'pw',
      }),
    ).toEqual({});
  });

  it('sends only filled-in credentials when adding', () => {
    expect(
      toCreateRegistryBody({
        ...emptyRegistryForm(),
        name: ' Local ',
        url: 'http://127.0.0.1:5000',
      }),
    ).toEqual({ name: 'Local', url: 'http://127.0.0.1:5000' });
  });

  it('sends only changes when editing; a blank password keeps the stored one', () => {
    const form = registryToForm(stored);
    expect(form.password).toBe('');
    expect(toUpdateRegistryBody(form, stored)).toEqual({});
    expect(validateRegistryForm(form, stored)).toEqual({});
    expect(toUpdateRegistryBody({ ...form, name: 'Renamed', password: 'new' }, stored)).toEqual({
      name: 'Renamed',
      password: 'new',
    });
    expect(toUpdateRegistryBody({ ...form, clearPassword: true, username: '' }, stored)).toEqual({
      username: null,
      password: null,
    });
    expect(validateRegistryForm({ ...form, username: '' }, stored).username).toBeDefined();
  });
});
