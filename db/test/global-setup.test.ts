/**
 * A test Postgres that cannot start must not stop the project (issue 12 point 1): the set-up hands the reason
 * to the Postgres tests, which fail with it, while the PGlite half of every file still runs.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestProject } from 'vitest/node';
import setup from './global-setup.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

function fakeProject(): { project: TestProject; provided: Map<string, unknown> } {
  const provided = new Map<string, unknown>();
  const project = {
    provide: (key: string, value: unknown) => provided.set(key, value),
  } as unknown as TestProject;
  return { project, provided };
}

describe('db global set-up', () => {
  it('provides the reason instead of throwing when the cluster cannot be created', () => {
    vi.stubEnv('HOCBA_TEST_DATABASE_URL', '');
    // Nobody can create a directory under /proc: initdb's mkdir fails before anything starts.
    vi.stubEnv('HOCBA_PG_DATA', '/proc/hocba-no-such-cluster');
    vi.stubEnv('HOCBA_PG_PORT', '54398');
    const { project, provided } = fakeProject();
    expect(() => setup(project)).not.toThrow();
    expect(provided.has('hocbaTestPostgresUrl')).toBe(false);
    expect(String(provided.get('hocbaTestPostgresError'))).toContain('postgres.sh start');
  });

  it('provides the URL of an external server as it is', () => {
    vi.stubEnv('HOCBA_TEST_DATABASE_URL', 'postgres://someone@db.example:5432/hocba_test');
    const { project, provided } = fakeProject();
    setup(project);
    expect(provided.get('hocbaTestPostgresUrl')).toBe('postgres://someone@db.example:5432/hocba_test');
    expect(provided.has('hocbaTestPostgresError')).toBe(false);
  });
});
