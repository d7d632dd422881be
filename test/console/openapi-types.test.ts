/**
 * The console's API types (console/src/api/schema.d.ts) are what the gateway's OpenAPI document says today:
 * a route changed without `npm run openapi -w console` fails here, not in a browser.
 */
import { describe, expect, it } from 'vitest';
import { committed, generate } from './openapi-types.ts';

describe("the console's typed client", () => {
  it('is generated from the current OpenAPI document', async () => {
    const fresh = await generate();
    // A real document: the routes the console calls are in it.
    expect(fresh).toContain('"/v1/auth/login"');
    expect(fresh).toContain('"/v1/auth/refresh"');
    expect(committed(), 'run `npm run openapi -w console` and commit console/src/api/schema.d.ts').toBe(
      fresh,
    );
  });
});
