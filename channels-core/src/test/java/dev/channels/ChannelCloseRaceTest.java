package dev.channels;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Close and fail racing with everything else. In each round, senders (plain, try, timed, batch and
 * select sends), receivers (plain, try, timed, batch, select and iteration) and a closer start
 * together; the closer closes the channel (or fails it) after a random short delay, while values
 * are in flight, buffered, and held by parked senders.
 *
 * <p>Per value: the sender either got it acknowledged (the send returned normally) or was told it
 * failed (closed, no room, timeout). Then: no value is both reported failed and received; no value
 * is received twice; after {@code close()} every acknowledged value is received (close keeps
 * buffered values); after {@code fail(cause)} every acknowledged value is either received or
 * reported to the drop handler, exactly once, never both, and receivers see the cause; no waiter is
 * left; and the stats agree with all of it.
 *
 * <p>Knob: {@code channels.verify.close.rounds} (rounds per kind and mode). Seeded like
 * {@link ChannelStressTest}.
 */
public class ChannelCloseRaceTest {
    static final int ROUNDS = Verification.knob("close.rounds", 150, 3_000);
    static final long SEED = Verification.seed("ChannelCloseRaceTest");
    static final int SENDERS = 4;
    static final int RECEIVERS = 4;
    static final IllegalStateException CAUSE = new IllegalStateException("failed by the close race");

    private static final AtomicLong TOTAL_ROUNDS = new AtomicLong();
    private static final AtomicLong TOTAL_VALUES = new AtomicLong();
    private static final AtomicLong TOTAL_ACKED_AT_CLOSE = new AtomicLong();

    static Stream<Arguments> kinds() {
        return Stream.of(0, 1, 2, 16, Channel.UNLIMITED)
                .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    @ParameterizedTest(name = "capacity {0}, fail {1}")
    @MethodSource("kinds")
    void closeRacingEveryOperationLosesAndDuplicatesNothing(int capacity, boolean failIt) throws Exception {
        SplittableRandom seeds = new SplittableRandom(SEED ^ capacity * 0x9E3779B97F4A7C15L ^ (failIt ? 1 : 0));
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            new Round(capacity, failIt, seeds.nextLong()).run();
        }
        TOTAL_ROUNDS.addAndGet(ROUNDS);
        Verification.report("close race " + Kinds.label(capacity) + (failIt ? " fail" : " close"), "%d rounds in %d ms",
                ROUNDS, (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void figures() {
        Verification.report("close race", "%d rounds, %d values offered, %d of them acknowledged; seed %d",
                TOTAL_ROUNDS.get(), TOTAL_VALUES.get(), TOTAL_ACKED_AT_CLOSE.get(), SEED);
    }

    /** One race. */
    static final class Round {
        final int capacity;
        final boolean failIt;
        final long seed;
        final ConcurrentLinkedQueue<Long> dropped = new ConcurrentLinkedQueue<>();
        final Channel<Long> ch;
        final Channel<Long> never = Channel.rendezvous(); // a second select clause that is never ready
        final CountDownLatch go = new CountDownLatch(1);

        Round(int capacity, boolean failIt, long seed) {
            this.capacity = capacity;
            this.failIt = failIt;
            this.seed = seed;
            ChannelBuilder<Long> b = Channel.<Long>builder().name(Kinds.label(capacity)).onDrop(dropped::add);
            this.ch = (capacity == Channel.UNLIMITED ? b.unlimited() : b.capacity(capacity)).build();
        }

        void run() throws Exception {
            SplittableRandom random = new SplittableRandom(seed);
            List<Sender> senders = new ArrayList<>();
            List<Receiver> receivers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                Sender sender = new Sender(this, s, random.nextLong());
                senders.add(sender);
                threads.add(Thread.ofVirtual().name("sender-" + s).unstarted(sender));
            }
            for (int r = 0; r < RECEIVERS; r++) {
                Receiver receiver = new Receiver(this, r, random.nextLong());
                receivers.add(receiver);
                threads.add((r % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform()).name("receiver-" + r).unstarted(receiver));
            }
            long delay = random.nextLong(0, 2_000_000);
            // The closer does not wait for the latch: its release passes through the virtual threads
            // waiting on it, and senders on an unlimited channel, which never block, can keep every
            // carrier busy until the channel is closed.
            Thread closer = Thread.ofPlatform().name("closer").unstarted(() -> {
                LockSupport.parkNanos(delay);
                if (failIt) {
                    ch.fail(CAUSE);
                } else {
                    ch.close();
                }
            });
            threads.forEach(Thread::start);
            go.countDown();
            closer.start();
            threads.add(closer);
            for (Thread t : threads) {
                if (!t.join(Duration.ofSeconds(30))) {
                    fail(header() + "still running 30 s after the close: " + Verification.states(threads));
                }
            }
            check(senders, receivers);
        }

        String header() {
            return "close race, capacity " + Kinds.label(capacity) + (failIt ? ", fail" : ", close") + " (round seed " + seed
                    + "; replay the class with -Dchannels.verify.seed=" + SEED + "): ";
        }

        void check(List<Sender> senders, List<Receiver> receivers) {
            List<String> problems = new ArrayList<>();
            Set<Long> acked = new HashSet<>();
            Set<Long> refused = new HashSet<>();
            for (Sender s : senders) {
                if (s.failure != null) {
                    throw new AssertionError(header() + "sender failed", s.failure);
                }
                acked.addAll(s.acked);
                refused.addAll(s.refused);
            }
            Set<Long> received = new HashSet<>();
            for (Receiver r : receivers) {
                if (r.failure != null) {
                    throw new AssertionError(header() + "receiver failed", r.failure);
                }
                for (Long v : r.received) {
                    if (!received.add(v)) {
                        problems.add("received twice: " + v);
                    }
                    if (refused.contains(v)) {
                        problems.add("reported failed to its sender and received: " + v);
                    }
                    if (!acked.contains(v)) {
                        problems.add("received but never acknowledged: " + v);
                    }
                }
                if (failIt && !r.sawCause) {
                    problems.add("receiver " + r.id + " ended without seeing the failure's cause");
                }
            }
            Set<Long> droppedSet = new HashSet<>();
            for (Long v : dropped) {
                if (!droppedSet.add(v)) {
                    problems.add("reported dropped twice: " + v);
                }
                if (received.contains(v)) {
                    problems.add("both received and reported dropped: " + v);
                }
                if (refused.contains(v)) {
                    problems.add("reported failed to its sender and reported dropped: " + v);
                }
            }
            if (!failIt && !droppedSet.isEmpty()) {
                problems.add("close (not fail) dropped values: " + droppedSet);
            }
            for (Long v : acked) {
                if (!received.contains(v) && !droppedSet.contains(v)) {
                    problems.add("acknowledged but neither received nor reported dropped: " + v);
                }
            }
            ChannelStats s = ch.stats();
            if (!s.closed() || s.size() != 0 || s.waitingSenders() != 0 || s.waitingReceivers() != 0
                    || s.sent() != acked.size() || s.received() != received.size() || s.dropped() != droppedSet.size()
                    || (failIt != (s.cause() == CAUSE))) {
                problems.add("stats " + s + " but " + acked.size() + " acknowledged, " + received.size() + " received, "
                        + droppedSet.size() + " reported dropped");
            }
            if (never.stats().waitingReceivers() + never.stats().waitingSenders() != 0) {
                problems.add("select left a waiter on its never-ready channel: " + never.stats());
            }
            TOTAL_VALUES.addAndGet(acked.size() + refused.size());
            TOTAL_ACKED_AT_CLOSE.addAndGet(acked.size());
            if (!problems.isEmpty()) {
                fail(header() + problems.size() + " problems:\n  " + problems.stream().limit(20).collect(Collectors.joining("\n  ")));
            }
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends distinct values in random ways until the channel is closed. */
    static final class Sender implements Runnable {
        final Round round;
        final int id;
        final SplittableRandom random;
        final List<Long> acked = new ArrayList<>();
        final List<Long> refused = new ArrayList<>();
        Throwable failure;
        int seq;

        Sender(Round round, int id, long seed) {
            this.round = round;
            this.id = id;
            this.random = new SplittableRandom(seed);
        }

        private long next() {
            return ((long) id << 32) | seq++;
        }

        @Override
        public void run() {
            await(round.go);
            Channel<Long> ch = round.ch;
            try {
                while (true) {
                    long v = next();
                    boolean sent;
                    try {
                        switch (random.nextInt(5)) {
                            case 0 -> {
                                ch.send(v);
                                sent = true;
                            }
                            case 1 -> sent = ch.trySend(v);
                            case 2 -> sent = ch.send(v, Duration.ofNanos(random.nextInt(1_000, 200_000)));
                            case 3 -> sent = Select.<Boolean>fair().onSend(ch, v, () -> true)
                                    .onReceive(round.never, x -> false).await();
                            default -> {
                                long w = next();
                                int n = ch.sendBatch(List.of(v, w));
                                sent = true;
                                (n == 2 ? acked : refused).add(w);
                            }
                        }
                    } catch (ChannelClosedException closed) {
                        refused.add(v);
                        return;
                    }
                    (sent ? acked : refused).add(v);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    /** Receives in random ways until the channel is closed and drained. */
    static final class Receiver implements Runnable {
        final Round round;
        final int id;
        final SplittableRandom random;
        final List<Long> received = new ArrayList<>();
        boolean sawCause;
        Throwable failure;

        Receiver(Round round, int id, long seed) {
            this.round = round;
            this.id = id;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void run() {
            await(round.go);
            Channel<Long> ch = round.ch;
            try {
                while (true) {
                    switch (random.nextInt(6)) {
                        case 0 -> received.add(ch.receive());
                        case 1 -> {
                            Long v = ch.tryReceive();
                            if (v != null) {
                                received.add(v);
                            } else {
                                Thread.yield();
                            }
                        }
                        case 2 -> {
                            Long v = ch.receive(Duration.ofNanos(random.nextInt(1_000, 200_000)));
                            if (v != null) {
                                received.add(v);
                            }
                        }
                        case 3 -> ch.receiveBatch(received, 1 + random.nextInt(3));
                        case 4 -> {
                            boolean open = Select.<Boolean>fair()
                                    .onReceive(ch, v -> received.add(v), () -> false)
                                    .onReceive(round.never, v -> true)
                                    .await();
                            if (!open) {
                                sawCause = ch.stats().cause() == CAUSE;
                                ch.receive(); // must throw now, without waiting
                                throw new AssertionError("a closed, drained channel received");
                            }
                        }
                        default -> {
                            // iterate a few values, then go on with other operations
                            int n = 1 + random.nextInt(4);
                            for (Long v : ch) {
                                received.add(v);
                                if (--n == 0) {
                                    break;
                                }
                            }
                            if (n > 0) {
                                if (round.failIt) {
                                    throw new AssertionError("iteration over a failed channel ended without the failure");
                                }
                                return;
                            }
                        }
                    }
                }
            } catch (ChannelClosedException closed) {
                sawCause |= closed.getCause() == CAUSE;
            } catch (Throwable t) {
                failure = t;
            }
        }
    }
}
