import { HTTPModuleFunctions } from '@slack/bolt';

type ParseBody = typeof HTTPModuleFunctions.parseHTTPRequestBody;

let guarded = false;

/**
 * Refuses, with 400, a signed request whose body is not a JSON object (`null`, `[]`, `"x"`, or
 * `payload=null`). Bolt 5.1.0's HTTPReceiver reads `body.ssl_check` on whatever its parser
 * returns, outside any catch: a body of `null` threw an unhandled rejection that ended the
 * process and every command in flight. Bolt answers 400 for anything its parser throws, so the
 * check wraps the parser it calls (Bolt exports the module; the version is pinned).
 */
export function guardSlackEnvelopes(): void {
  if (guarded) return;
  guarded = true;
  const parse: ParseBody = HTTPModuleFunctions.parseHTTPRequestBody;
  const checked: ParseBody = (req) => {
    const body: unknown = parse(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('the request body is not a JSON object');
    return body;
  };
  Object.defineProperty(HTTPModuleFunctions, 'parseHTTPRequestBody', { value: checked });
}
