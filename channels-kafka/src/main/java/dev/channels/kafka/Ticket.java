package dev.channels.kafka;

/**
 * One fetched record's place in its partition, and how far its value got: fetched, handed out to
 * a receiver, done (its offset may be committed). Written by receiving threads, read by the fetch
 * loop ({@link PartitionProgress}); the state only moves forward.
 */
final class Ticket {
    static final int FETCHED = 0;
    static final int HANDED_OUT = 1;
    static final int DONE = 2;

    final PartitionProgress partition;
    final long offset;
    private volatile int state = FETCHED;

    Ticket(PartitionProgress partition, long offset) {
        this.partition = partition;
        this.offset = offset;
    }

    /** The value left the window for a receiver. */
    void handedOut() {
        state = HANDED_OUT;
        partition.handedOut(offset);
    }

    /** The value was handled (or could not be read): its offset may be committed. */
    void done() {
        state = DONE;
    }

    boolean isDone() {
        return state == DONE;
    }

    @Override
    public String toString() {
        return partition.partition() + "@" + offset;
    }
}
