import { resolveOptions } from '../config/options.resolver';
import { MessageSenderIndex } from './message-sender.index';

describe('MessageSenderIndex', () => {
  it('remembers the senders of each room\'s last historySize messages, forgetting the oldest first', () => {
    const index = new MessageSenderIndex(resolveOptions({ historySize: 2 }));
    index.record('general', 'm1', 'alice');
    index.record('general', 'm2', 'bob');
    index.record('other', 'o1', 'carol');
    index.record('general', 'm3', 'carol');
    expect([index.senderOf('general', 'm1'), index.senderOf('general', 'm2'), index.senderOf('general', 'm3')]).toEqual([undefined, 'bob', 'carol']);
    expect(index.senderOf('other', 'o1')).toBe('carol');
    expect(index.senderOf('other', 'm2')).toBeUndefined();
  });

  it('forgets deleted messages and deleted rooms', () => {
    const index = new MessageSenderIndex(resolveOptions({ historySize: 10 }));
    index.record('general', 'm1', 'alice');
    index.record('room-x', 'x1', 'bob');
    expect(index.forget('general', 'm1')).toBe(true);
    expect(index.forget('general', 'm1')).toBe(false);
    index.forgetRoom('room-x');
    expect(index.senderOf('room-x', 'x1')).toBeUndefined();
  });

  it('remembers nothing when history is turned off', () => {
    const index = new MessageSenderIndex(resolveOptions({ historySize: 0 }));
    index.record('general', 'm1', 'alice');
    expect(index.senderOf('general', 'm1')).toBeUndefined();
  });
});
