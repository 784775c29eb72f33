import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerClientError } from './clientErrors.js';

/** A connection that keeps what is written to it. */
const connection = (inFlight = false) => {
  let written = '';
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  if (inFlight) Object.assign(socket, { _httpMessage: { headersSent: true } });
  return { socket, written: () => written };
};

const overflow = Object.assign(new Error('Header overflow'), { code: 'HPE_HEADER_OVERFLOW' });

describe('answerClientError', () => {
  it('writes one Status answer, and nothing for the rest of the refused request', () => {
    const c = connection();
    answerClientError(overflow, c.socket);
    answerClientError(overflow, c.socket); // the next chunk of the same request
    expect(c.written().match(/HTTP\/1\.1 431 /g)).toHaveLength(1);
    const body = JSON.parse(c.written().split('\r\n\r\n')[1]!) as { reason: string };
    expect(body.reason).toBe('RequestHeaderFieldsTooLarge');
  });

  it('closes without writing when a response of an earlier request is going out on the connection', () => {
    const c = connection(true);
    answerClientError(overflow, c.socket);
    expect(c.written()).toBe('');
    expect(c.socket.destroyed).toBe(true);
  });
});
