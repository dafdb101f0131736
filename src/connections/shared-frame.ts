/**
 * A text message serialized, encoded and framed once (RFC 6455 §5.2: FIN, text opcode, the payload
 * length, no mask — server frames are never masked), for writing to many sockets: each of a room's
 * sockets then gets the same bytes in one write, with no per-socket encoding, framing or allocation.
 */
export class SharedFrame {
  /** Header and payload, ready for the TCP socket. */
  readonly bytes: Buffer;

  constructor(readonly json: string) {
    const length = Buffer.byteLength(json);
    const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    const bytes = Buffer.allocUnsafe(header + length);
    bytes[0] = FIN_TEXT;
    if (header === 2) bytes[1] = length;
    else if (header === 4) {
      bytes[1] = 126;
      bytes.writeUInt16BE(length, 2);
    } else {
      bytes[1] = 127;
      bytes.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
      bytes.writeUInt32BE(length >>> 0, 6);
    }
    bytes.write(json, header, 'utf8');
    this.bytes = bytes;
  }
}

/** The first byte of a final (unfragmented) text frame. */
const FIN_TEXT = 0x81;
