import { request } from 'node:https';

import {
  AgentJoinResponseSchema,
  API_PREFIX,
  parseJoinToken,
  type AgentJoinRequest,
  type AgentJoinResponse,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { createCertificateRequest } from '@wharf/pki';

import { type AgentState } from './agent-state';
import { collectHostFacts } from './host-facts';
import { fetchPinnedCa } from './server-ca-pin';

function postJoin(
  url: URL,
  caPem: string,
  body: AgentJoinRequest,
): Promise<{ status: number; json: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`${API_PREFIX}/agents/join`, url),
      {
        method: 'POST',
        ca: caPem,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown });
          } catch (error) {
            reject(
              new AppError(
                'Unavailable',
                'BAD_RESPONSE',
                `unexpected answer from the server (HTTP ${res.statusCode})`,
                { cause: error },
              ),
            );
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) =>
      reject(
        new AppError(
          'Unavailable',
          'SERVER_UNREACHABLE',
          `cannot reach ${url.origin}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    req.end(payload);
  });
}

function refusal(status: number, json: unknown): AppError {
  const message =
    typeof json === 'object' && json !== null && 'message' in json
      ? String(json.message)
      : `HTTP ${status}`;
  if (status === 401)
    return new AppError(
      'Unauthenticated',
      'INVALID_JOIN_TOKEN',
      `the server refused the join token: ${message}`,
    );
  return new AppError('Unavailable', 'JOIN_FAILED', `join failed: ${message}`);
}

/**
 * Joins a server: checks the token's CA fingerprint against the server's chain BEFORE sending the
 * token, creates the key locally, and returns the state to save. Throws AppError with a message for people.
 */
export async function joinServer(serverUrl: string, token: string): Promise<AgentState> {
  const parsed = parseJoinToken(token);
  if (parsed === undefined)
    throw new AppError(
      'InvalidArgument',
      'MALFORMED_JOIN_TOKEN',
      'this is not a Wharf join token (expected WHARF-1-<fingerprint>-<secret>)',
    );
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:')
    throw new AppError('InvalidArgument', 'NOT_HTTPS', 'the server URL must start with https://');
  const caPem = await fetchPinnedCa(url, parsed.caFingerprint);
  const facts = await collectHostFacts();
  const { csrPem, keyPem } = await createCertificateRequest(facts.hostname);
  const { status, json } = await postJoin(url, caPem, { token: token.trim(), csrPem, facts });
  if (status !== 201 && status !== 200) throw refusal(status, json);
  const response: AgentJoinResponse = AgentJoinResponseSchema.parse(json);
  return {
    serverUrl: url.origin,
    hostId: response.hostId,
    keyPem,
    certPem: response.certificatePem,
    caPem,
  };
}
