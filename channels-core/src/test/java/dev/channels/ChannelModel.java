package dev.channels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The channel's operations as Lincheck sees them, and the sequential specification they are
 * checked against (used by {@link ChannelLincheckTryOpsTest} and {@link ChannelLincheckBlockingTest}).
 *
 * <p>Every operation goes through the public API and returns a plain value that reads well in a
 * failure report: an {@link R}, a received Integer, a list or count for batches, or a
 * {@link Snapshot}. Exceptions that the API uses for "closed" become {@link R#CLOSED}.
 *
 * <p>Lincheck creates one instance per invocation through the public no-arg constructor of a
 * concrete subclass, which fixes the capacity and overflow policy. The operations declared here
 * never block; {@link NonBlockingSends} adds a blocking {@code send} for the channel kinds on which
 * it never waits, {@link WithSelects} adds selects with a default clause, and
 * {@link ChannelLincheckBlockingTest} adds the blocking operations.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:4")
public abstract class ChannelModel {
    /**
     * The outcomes that are not values. (Results are enums, Integers, lists and records rather
     * than strings built on the fly: string concatenation is costly under model checking.)
     */
    public enum R {
        /** Sent (buffered, handed over, or dropped by the policy). */
        OK,
        /** Would block: the buffer is full. */
        FULL,
        /** Would block: nothing to receive. */
        EMPTY,
        /** The channel is closed (and, for receives, drained). */
        CLOSED,
        /** Only the specification returns it: a blocking operation that would wait now. */
        BLOCKED
    }

    /**
     * A stats snapshot, compared as a whole.
     *
     * @param size values buffered
     * @param waitingSenders senders waiting
     * @param waitingReceivers receivers waiting
     * @param sent values sent
     * @param received values received
     * @param dropped values dropped
     * @param closed closed
     * @param failed closed with a cause
     */
    public record Snapshot(int size, int waitingSenders, int waitingReceivers, long sent, long received, long dropped,
            boolean closed, boolean failed) {
    }

    /** The cause of {@link #fail()}. */
    static final IllegalStateException FAILURE = new IllegalStateException("failed by the test");

    /** The channel under test. */
    protected final Channel<Integer> ch;

    /**
     * A model over a new channel.
     *
     * @param capacity the capacity, {@link Channel#UNLIMITED} for unlimited
     * @param policy the overflow policy
     */
    protected ChannelModel(int capacity, OverflowPolicy policy) {
        ChannelBuilder<Integer> builder = Channel.<Integer>builder().name("model").overflow(policy);
        ch = (capacity == Channel.UNLIMITED ? builder.unlimited() : builder.capacity(capacity)).build();
    }

    /** {@link SendChannel#trySend}: OK, FULL or CLOSED. */
    @Operation
    public R trySend(@Param(name = "v") int v) {
        try {
            return ch.trySend(v) ? R.OK : R.FULL;
        } catch (ChannelClosedException closed) {
            return R.CLOSED;
        }
    }

    /** {@link ReceiveChannel#tryReceive}: the value, EMPTY or CLOSED. */
    @Operation
    public Object tryReceive() {
        try {
            Integer v = ch.tryReceive();
            return v != null ? v : R.EMPTY;
        } catch (ChannelClosedException closed) {
            return R.CLOSED;
        }
    }

    /** {@link SendChannel#trySendBatch} of {@code [v, v + 10]}: how many were sent, or CLOSED. */
    @Operation
    public Object trySendBatch(@Param(name = "v") int v) {
        try {
            return ch.trySendBatch(List.of(v, v + 10));
        } catch (ChannelClosedException closed) {
            return R.CLOSED;
        }
    }

    /** {@link ReceiveChannel#tryReceiveBatch} of up to 2: the list, or CLOSED. */
    @Operation
    public Object tryReceiveBatch() {
        List<Integer> got = new ArrayList<>();
        try {
            ch.tryReceiveBatch(got, 2);
            return got;
        } catch (ChannelClosedException closed) {
            return R.CLOSED;
        }
    }

    /** {@link SendChannel#close}. */
    @Operation
    public void close() {
        ch.close();
    }

    /** {@link SendChannel#fail}: whether this call closed the channel. */
    @Operation
    public boolean fail() {
        return ch.fail(FAILURE);
    }

    /** {@link ChannelInfo#stats}. */
    @Operation
    public Snapshot stats() {
        ChannelStats s = ch.stats();
        return new Snapshot(s.size(), s.waitingSenders(), s.waitingReceivers(), s.sent(), s.received(), s.dropped(),
                s.closed(), s.failed());
    }

    /** Adds a plain {@code send} for kinds on which it never waits: unlimited, and the drop policies. */
    public abstract static class NonBlockingSends extends ChannelModel {
        /**
         * A model over a new channel.
         *
         * @param capacity the capacity
         * @param policy the overflow policy
         */
        protected NonBlockingSends(int capacity, OverflowPolicy policy) {
            super(capacity, policy);
        }

        /** {@link SendChannel#send}, which must not wait here: OK or CLOSED. */
        @Operation
        public R send(@Param(name = "v") int v) {
            try {
                ch.send(v);
                return R.OK;
            } catch (ChannelClosedException closed) {
                return R.CLOSED;
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    /** Adds selects with a default clause (kept apart: under model checking a select costs several plain operations). */
    public abstract static class WithSelects extends ChannelModel {
        /**
         * A model over a new channel.
         *
         * @param capacity the capacity
         * @param policy the overflow policy
         */
        protected WithSelects(int capacity, OverflowPolicy policy) {
            super(capacity, policy);
        }

        /** A select with one send clause and a default: OK, FULL or CLOSED. */
        @Operation
        public R selectTrySend(@Param(name = "v") int v) {
            try {
                return Select.<R>fair().onSend(ch, v, () -> R.OK).onDefault(() -> R.FULL).await();
            } catch (ChannelClosedException closed) {
                return R.CLOSED;
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }

        /** A select with one receive clause and a default: the value, EMPTY or CLOSED. */
        @Operation
        public Object selectTryReceive() {
            try {
                return Select.<Object>fair().onReceive(ch, v -> v, () -> R.CLOSED).onDefault(() -> R.EMPTY).await();
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    /**
     * The sequential specification: a FIFO buffer of {@code capacity}, an overflow policy, a closed
     * flag and the four counters. A blocking operation that would wait returns {@link R#BLOCKED},
     * which the real one never returns, so a completed blocking operation must be linearised at a
     * point where it could proceed.
     */
    public abstract static class Spec {
        private final int capacity;
        private final OverflowPolicy policy;
        private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
        private boolean closed;
        private boolean failed;
        private long sent;
        private long received;
        private long dropped;

        /**
         * A specification of a channel.
         *
         * @param capacity the capacity
         * @param policy the overflow policy
         */
        protected Spec(int capacity, OverflowPolicy policy) {
            this.capacity = capacity;
            this.policy = policy;
        }

        private R offer(int v, R wouldBlock) {
            if (closed) {
                return R.CLOSED;
            }
            if (buffer.size() < capacity) {
                buffer.add(v);
            } else if (policy == OverflowPolicy.DROP_NEWEST) {
                dropped++;
            } else if (policy == OverflowPolicy.DROP_OLDEST) {
                buffer.poll();
                buffer.add(v);
                dropped++;
            } else {
                return wouldBlock;
            }
            sent++;
            return R.OK;
        }

        private Object poll(R wouldBlock) {
            Integer v = buffer.poll();
            if (v != null) {
                received++;
                return v;
            }
            return closed ? R.CLOSED : wouldBlock;
        }

        private Object pollTwo(R wouldBlock) {
            return pollUpTo(2, wouldBlock);
        }

        private Object pollUpTo(int max, R wouldBlock) {
            if (buffer.isEmpty()) {
                return closed ? R.CLOSED : wouldBlock;
            }
            List<Integer> got = new ArrayList<>();
            while (got.size() < max && !buffer.isEmpty()) {
                got.add(buffer.poll());
                received++;
            }
            return got;
        }

        public R trySend(int v) {
            return offer(v, R.FULL);
        }

        public Object tryReceive() {
            return poll(R.EMPTY);
        }

        public R selectTrySend(int v) {
            return offer(v, R.FULL);
        }

        public Object selectTryReceive() {
            return poll(R.EMPTY);
        }

        public Object trySendBatch(int v) {
            if (closed) {
                return R.CLOSED;
            }
            int n = 0;
            if (offer(v, R.FULL) == R.OK) {
                n++;
                if (offer(v + 10, R.FULL) == R.OK) {
                    n++;
                }
            }
            return n;
        }

        public Object tryReceiveBatch() {
            Object got = pollTwo(R.EMPTY);
            return got == R.EMPTY ? List.of() : got;
        }

        public void close() {
            closed = true;
        }

        public boolean fail() {
            if (closed) {
                return false;
            }
            closed = true;
            failed = true;
            dropped += buffer.size();
            buffer.clear();
            return true;
        }

        public Snapshot stats() {
            return new Snapshot(buffer.size(), 0, 0, sent, received, dropped, closed, failed);
        }

        public R send(int v) {
            return offer(v, R.BLOCKED);
        }

        public Object receive() {
            return poll(R.BLOCKED);
        }

        public R selectSend(int v) {
            return offer(v, R.BLOCKED);
        }

        public Object selectReceive() {
            return poll(R.BLOCKED);
        }

        public Object receiveBatch() {
            return pollUpTo(Math.min(2, capacity), R.BLOCKED);
        }

        public Object iterateOnce() {
            return poll(R.BLOCKED);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && s.getClass() == getClass() && s.closed == closed && s.failed == failed
                    && s.sent == sent && s.received == received && s.dropped == dropped
                    && Arrays.equals(s.buffer.toArray(), buffer.toArray());
        }

        @Override
        public int hashCode() {
            return Objects.hash(closed, failed, sent, received, dropped, Arrays.hashCode(buffer.toArray()));
        }
    }
}
