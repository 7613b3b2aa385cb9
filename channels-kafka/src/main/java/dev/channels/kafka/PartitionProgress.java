package dev.channels.kafka;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one assigned partition that this instance fetched and has not committed, in
 * offset order, and the offset up to which it may commit.
 *
 * <p>Algorithm: each fetched record gets a {@link Ticket}, appended here by the fetch loop. A
 * receiving thread marks its ticket done (values may finish out of order, on several threads).
 * {@link #advance()}, on the fetch loop's thread, pops the done tickets from the front and returns
 * the offset after the last one popped: so an offset is committed only once every value before it
 * in the partition is done, and commits never go backwards.
 *
 * <p>Invariants: {@code open} and {@code committed} belong to the fetch loop's thread; a ticket is
 * in {@code open} from its fetch until it is done and at the front; once the partition is revoked
 * ({@link #revoke()}) it is never committed again, whatever its tickets do afterwards.
 */
final class PartitionProgress {
    private final TopicPartition partition;
    private final ArrayDeque<Ticket> open = new ArrayDeque<>();
    /** The offsets below it were handed out by an earlier owner, per its last commit. */
    private final long redeliveredBelow;
    private final AtomicLong handedOutUpTo = new AtomicLong(-1);
    private long committed = -1;
    private volatile boolean revoked;

    PartitionProgress(TopicPartition partition, long redeliveredBelow) {
        this.partition = partition;
        this.redeliveredBelow = redeliveredBelow;
    }

    TopicPartition partition() {
        return partition;
    }

    /** Fetch loop: a record was fetched. */
    Ticket fetched(long offset) {
        Ticket ticket = new Ticket(this, offset);
        open.addLast(ticket);
        return ticket;
    }

    /** Whether a record at {@code offset} was handed out before, by the previous owner of the partition. */
    boolean redelivered(long offset) {
        return offset < redeliveredBelow;
    }

    /** Any thread: the value at {@code offset} was handed out. */
    void handedOut(long offset) {
        handedOutUpTo.accumulateAndGet(offset + 1, Math::max);
    }

    /**
     * Fetch loop: the offset to commit if it moved, with the handed-out mark as metadata, else null.
     */
    OffsetAndMetadata advance() {
        if (revoked) {
            return null;
        }
        long next = -1;
        while (!open.isEmpty() && open.peekFirst().isDone()) {
            next = open.pollFirst().offset + 1;
        }
        if (next < 0 || next <= committed) {
            return null;
        }
        committed = next;
        return new OffsetAndMetadata(next, CommitMetadata.write(Math.max(next, handedOutUpTo.get())));
    }

    /** Fetch loop: records fetched and not yet committed. */
    int uncommitted() {
        return open.size();
    }

    /** Fetch loop: the partition is gone; nothing of it is committed from now on. */
    void revoke() {
        revoked = true;
        open.clear();
    }

    boolean revoked() {
        return revoked;
    }
}
