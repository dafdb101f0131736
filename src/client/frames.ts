import { ServerFrame, SuccessFrame } from './protocol';

/** The `data` of a `success` reply, as the request's type defines it. */
export function dataOf<T>(frame: ServerFrame): T {
  return (frame as SuccessFrame).data as unknown as T;
}

/** A server frame from a WebSocket message, or undefined when the message is not one (binary, not JSON, no `type`). */
export function parseFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const frame = JSON.parse(data) as ServerFrame;
    return frame && typeof frame === 'object' && typeof frame.type === 'string' ? frame : undefined;
  } catch {
    return undefined;
  }
}
