package dev.channels.kafka;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one Kafka channel counts, for its meters, its endpoint entry and its health: written by
 * the senders and the fetch loop, read by anyone, no lock.
 */
final class RemoteCounters {
    final LongAdder commits = new LongAdder();
    final LongAdder rebalances = new LongAdder();
    final LongAdder redelivered = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder handedOut = new LongAdder();
    /** Records this instance's group has not consumed in its partitions: not fetched yet, or fetched and not committed. */
    volatile long lag;
    /** The partitions assigned now, sorted. */
    volatile List<Integer> assigned = List.of();
    /** When the fetch loop last heard from the broker (a poll that had an assignment), System.nanoTime(); 0 never. */
    volatile long lastContactNanos;
}
