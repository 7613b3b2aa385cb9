package dev.channels.benchmarks.subjects;

import dev.channels.Channel;
import dev.channels.Select;

/**
 * This project's channel with the non-blocking receive written as Go writes it: a select with a
 * default clause whose receive clause handles "closed" without an exception. The select is built
 * once and awaited again for every call.
 */
final class ChannelsSelectConduit extends ChannelsConduit {
    private final Select<Object> poll;

    ChannelsSelectConduit(int capacity) {
        super(capacity);
        Channel<Integer> channel = channel();
        this.poll = Select.ordered()
                .onReceive(channel, value -> value, () -> CLOSED)
                .onDefault(() -> null);
    }

    @Override
    public Object tryReceive() {
        try {
            return poll.await();
        } catch (InterruptedException impossible) {
            throw new AssertionError("a select with a default clause waited", impossible);
        }
    }
}
