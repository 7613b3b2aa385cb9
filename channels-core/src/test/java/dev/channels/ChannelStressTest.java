package dev.channels;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A randomized stress test of every operation at once. For each channel kind (capacities 0, 1, 2,
 * 16 and unlimited, and both drop policies) and for 1 and 10 channels, {@link #WORKERS} threads,
 * half virtual and half platform, each run {@link #OPS} random operations: blocking, timed (with
 * small timeouts) and try sends and receives, batches, and selects over one channel (with a send
 * and a receive clause on it) or over all ten (random clauses, with or without a default or a
 * timeout, fair or ordered), for at most {@link #BUDGET_MILLIS} per run. A further thread interrupts workers at random all along, and checks
 * that every stats snapshot balances.
 *
 * <p>Every send is tracked: one that returned normally (or whose select clause completed) is
 * acknowledged; one that threw, timed out, found no room, or whose select took another clause, was
 * not delivered. When the workers are done, no waiter may be left on any channel; then the channels
 * are closed and drained, and: every value received was acknowledged, was received once and was
 * not also reported dropped; every acknowledged value was received or reported dropped (through the
 * drop handler); each receiver saw each sender's values on a channel in the order sent; and each
 * channel's stats match: {@code sent} = acknowledged, {@code received} = received, {@code dropped}
 * = reported, {@code size == sent - received - dropped}.
 *
 * <p>Each run prints its seed; {@code -Dchannels.verify.seed=<seed>} replays the same random choices
 * (as far as thread scheduling allows). Knobs: {@code channels.verify.stress.ops} (per worker and
 * run), {@code channels.verify.stress.millis} (time per run), {@code channels.verify.stress.threads}.
 */
public class ChannelStressTest {
    static final int OPS = Verification.knob("stress.ops", 50_000, 5_000_000);
    static final long BUDGET_MILLIS = Verification.knob("stress.millis", 1_200, 30_000);
    static final int WORKERS = Math.max(8, Verification.knob("stress.threads", 8, 12));
    static final long SEED = Verification.seed("ChannelStressTest");
    static final Duration DEADLINE = Duration.ofSeconds(Verification.knob("stress.deadline.seconds", 90, 3_600));

    private static final AtomicLong TOTAL_OPS = new AtomicLong();
    private static final AtomicLong TOTAL_INTERRUPTS = new AtomicLong();
    private static final AtomicLong TOTAL_VALUES = new AtomicLong();
    private static final Map<String, Long> OPS_BY_KIND = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The channel kinds. */
    enum Kind {
        RENDEZVOUS(0, OverflowPolicy.BLOCK),
        BUFFERED_1(1, OverflowPolicy.BLOCK),
        BUFFERED_2(2, OverflowPolicy.BLOCK),
        BUFFERED_16(16, OverflowPolicy.BLOCK),
        UNLIMITED(Channel.UNLIMITED, OverflowPolicy.BLOCK),
        DROP_OLDEST_1(1, OverflowPolicy.DROP_OLDEST),
        DROP_OLDEST_16(16, OverflowPolicy.DROP_OLDEST),
        DROP_NEWEST_1(1, OverflowPolicy.DROP_NEWEST),
        DROP_NEWEST_16(16, OverflowPolicy.DROP_NEWEST);

        final int capacity;
        final OverflowPolicy policy;

        Kind(int capacity, OverflowPolicy policy) {
            this.capacity = capacity;
            this.policy = policy;
        }

        Channel<Long> channel(int index, ConcurrentLinkedQueue<Long> dropped) {
            ChannelBuilder<Long> b = Channel.<Long>builder().name(name().toLowerCase(java.util.Locale.ROOT) + "-" + index).overflow(policy)
                    .onDrop(dropped::add);
            return (capacity == Channel.UNLIMITED ? b.unlimited() : b.capacity(capacity)).build();
        }
    }

    static Stream<Arguments> runs() {
        return Stream.of(Kind.values()).flatMap(k -> Stream.of(Arguments.of(k, 1), Arguments.of(k, 10)));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("runs")
    void randomOperationsDeliverEveryAcknowledgedValueExactlyOnceInOrder(Kind kind, int channelCount) throws Exception {
        long seed = SEED ^ (kind.ordinal() * 0x9E3779B97F4A7C15L) ^ (channelCount * 0xC2B2AE3D27D4EB4FL);
        new Run(kind, channelCount, seed).execute();
    }

    @AfterAll
    static void figures() {
        Verification.report("stress", "%d runs, %d workers each, %d operations in all (%s), %d values offered, %d interrupts;"
                + " seed %d", Kind.values().length * 2, WORKERS, TOTAL_OPS.get(), OPS_BY_KIND, TOTAL_VALUES.get(),
                TOTAL_INTERRUPTS.get(), SEED);
    }

    /** Encodes who sent a value where: worker, channel, sequence number. */
    static long value(int worker, int channel, int seq) {
        return ((long) worker << 48) | ((long) channel << 32) | seq;
    }

    static int workerOf(long v) {
        return (int) (v >>> 48);
    }

    static int channelOf(long v) {
        return (int) ((v >>> 32) & 0xFFFF);
    }

    static int seqOf(long v) {
        return (int) v;
    }

    /** One run: channels, workers, an interrupter, then the checks. */
    static final class Run {
        final Kind kind;
        final int channelCount;
        final long seed;
        final List<Channel<Long>> channels = new ArrayList<>();
        final List<ConcurrentLinkedQueue<Long>> dropped = new ArrayList<>();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        final Worker[] workers = new Worker[WORKERS];
        volatile long stopAt;
        Interrupter interrupter; // set before the workers start

        Run(Kind kind, int channelCount, long seed) {
            this.kind = kind;
            this.channelCount = channelCount;
            this.seed = seed;
            for (int c = 0; c < channelCount; c++) {
                ConcurrentLinkedQueue<Long> drops = new ConcurrentLinkedQueue<>();
                dropped.add(drops);
                channels.add(kind.channel(c, drops));
            }
        }

        void execute() throws Exception {
            long started = System.nanoTime();
            SplittableRandom seeds = new SplittableRandom(seed);
            Thread[] threads = new Thread[WORKERS];
            for (int w = 0; w < WORKERS; w++) {
                workers[w] = new Worker(this, w, seeds.nextLong());
                threads[w] = (w % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform()).name("stress-" + w)
                        .unstarted(workers[w]);
            }
            stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
            Interrupter interrupter = new Interrupter(this, threads, seeds.nextLong());
            this.interrupter = interrupter;
            Thread interrupting = Thread.ofPlatform().name("stress-interrupter").start(interrupter);
            for (Thread t : threads) {
                t.start();
            }
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    interrupter.stop = true;
                    failRun("workers still running after " + DEADLINE + ": " + Verification.states(List.of(threads)));
                }
            }
            interrupter.stop = true;
            interrupting.join();
            for (Worker w : workers) {
                if (w.failure != null) {
                    throw new AssertionError(header() + "worker " + w.id + " failed", w.failure);
                }
            }
            check(interrupter);
            long ops = Stream.of(workers).mapToLong(w -> w.ops).sum();
            TOTAL_OPS.addAndGet(ops);
            TOTAL_INTERRUPTS.addAndGet(interrupter.interrupts);
            for (Worker w : workers) {
                w.byKind.forEach((k, n) -> OPS_BY_KIND.merge(k, n, Long::sum));
                TOTAL_VALUES.addAndGet(java.util.Arrays.stream(w.nextSeq).asLongStream().sum());
            }
            Verification.report("stress " + kind + " x " + channelCount, "%d operations by %d workers, %d interrupts,"
                    + " in %d ms", ops, WORKERS, interrupter.interrupts, (System.nanoTime() - started) / 1_000_000);
        }

        String header() {
            return "stress run " + kind + " x " + channelCount + " channels (seed " + seed + "; replay the class with"
                    + " -Dchannels.verify.seed=" + SEED + "): ";
        }

        void failRun(String why) {
            fail(header() + why);
        }

        void check(Interrupter interrupter) {
            List<String> problems = new ArrayList<>(violations);
            for (Channel<Long> ch : channels) {
                ChannelStats s = ch.stats();
                if (s.waitingSenders() != 0 || s.waitingReceivers() != 0) {
                    problems.add("waiters left behind once every operation returned: " + s);
                }
                if (s.size() != s.sent() - s.received() - s.dropped()) {
                    problems.add("stats do not balance at quiescence: " + s);
                }
            }
            // close, then drain what is buffered
            List<Long> drained = new ArrayList<>();
            for (Channel<Long> ch : channels) {
                ch.close();
                for (Long v : ch) {
                    drained.add(v);
                }
            }
            List<List<Long>> receivers = new ArrayList<>();
            for (Worker w : workers) {
                receivers.add(w.received);
            }
            receivers.add(drained);

            Set<Long> received = new HashSet<>();
            long[] receivedPerChannel = new long[channelCount];
            for (List<Long> list : receivers) {
                for (Long v : list) {
                    if (!received.add(v)) {
                        problems.add("received twice: " + describe(v));
                    }
                    receivedPerChannel[channelOf(v)]++;
                    if (!acked(v)) {
                        problems.add("received although its send was not acknowledged: " + describe(v));
                    }
                }
            }
            Set<Long> droppedAll = new HashSet<>();
            long[] droppedPerChannel = new long[channelCount];
            for (int c = 0; c < channelCount; c++) {
                for (Long v : dropped.get(c)) {
                    if (!droppedAll.add(v)) {
                        problems.add("reported dropped twice: " + describe(v));
                    }
                    if (channelOf(v) != c) {
                        problems.add("reported dropped by the wrong channel (" + c + "): " + describe(v));
                    }
                    droppedPerChannel[c]++;
                    if (received.contains(v)) {
                        problems.add("both received and reported dropped: " + describe(v));
                    }
                    if (!acked(v)) {
                        problems.add("reported dropped although its send was not acknowledged: " + describe(v));
                    }
                }
            }
            if (kind.policy == OverflowPolicy.BLOCK && !droppedAll.isEmpty()) {
                problems.add(droppedAll.size() + " values dropped by a channel that never drops");
            }
            long[] ackedPerChannel = new long[channelCount];
            for (Worker w : workers) {
                for (int c = 0; c < channelCount; c++) {
                    BitSet acked = w.acked[c];
                    ackedPerChannel[c] += acked.cardinality();
                    for (int seq = acked.nextSetBit(0); seq >= 0; seq = acked.nextSetBit(seq + 1)) {
                        long v = value(w.id, c, seq);
                        if (!received.contains(v) && !droppedAll.contains(v)) {
                            problems.add("acknowledged but neither received nor reported dropped: " + describe(v));
                        }
                    }
                }
            }
            // per-sender FIFO, as each receiver saw it
            for (int r = 0; r < receivers.size(); r++) {
                Map<Long, Integer> last = new HashMap<>();
                for (Long v : receivers.get(r)) {
                    long stream = v >>> 32;
                    Integer before = last.put(stream, seqOf(v));
                    if (before != null && before >= seqOf(v)) {
                        problems.add("receiver " + r + " got " + describe(v) + " after sequence number " + before
                                + " of the same sender and channel");
                    }
                }
            }
            for (int c = 0; c < channelCount; c++) {
                ChannelStats s = channels.get(c).stats();
                if (s.sent() != ackedPerChannel[c] || s.received() != receivedPerChannel[c]
                        || s.dropped() != droppedPerChannel[c] || s.size() != 0) {
                    problems.add("stats " + s + " but " + ackedPerChannel[c] + " acknowledged, " + receivedPerChannel[c]
                            + " received, " + droppedPerChannel[c] + " reported dropped");
                }
            }
            if (interrupter.snapshots == 0) {
                problems.add("no stats snapshot was checked while the workers ran");
            }
            if (!problems.isEmpty()) {
                failRun(problems.size() + " problems, the first ones:\n  "
                        + problems.stream().limit(20).collect(Collectors.joining("\n  ")));
            }
        }

        boolean acked(long v) {
            int w = workerOf(v);
            int c = channelOf(v);
            return w < workers.length && c < channelCount && workers[w].acked[c].get(seqOf(v));
        }

        static String describe(long v) {
            return "value from worker " + workerOf(v) + " on channel " + channelOf(v) + " #" + seqOf(v);
        }
    }

    /** Interrupts workers at random and checks stats snapshots, until stopped. */
    static final class Interrupter implements Runnable {
        final Run run;
        final Thread[] workers;
        final Random random;
        volatile boolean stop;
        long interrupts;
        volatile long snapshots; // read by the workers, which go on until there is one

        Interrupter(Run run, Thread[] workers, long seed) {
            this.run = run;
            this.workers = workers;
            this.random = new Random(seed);
        }

        @Override
        public void run() {
            while (!stop) {
                LockSupport.parkNanos(random.nextInt(50_000, 400_000));
                Thread victim = workers[random.nextInt(workers.length)];
                if (victim.isAlive()) {
                    victim.interrupt();
                    interrupts++;
                }
                Channel<Long> ch = run.channels.get(random.nextInt(run.channels.size()));
                ChannelStats s = ch.stats();
                snapshots++;
                if (s.size() != s.sent() - s.received() - s.dropped() || s.size() < 0
                        || (s.capacity() != Channel.UNLIMITED && s.size() > s.capacity())
                        || s.waitingSenders() < 0 || s.waitingReceivers() < 0
                        || (run.kind.policy != OverflowPolicy.BLOCK || s.unlimited()) && s.waitingSenders() != 0) {
                    run.violations.add("inconsistent snapshot while running: " + s);
                }
            }
        }
    }

    /** One worker: random operations, with its own bookkeeping. */
    static final class Worker implements Runnable {
        final Run run;
        final int id;
        final SplittableRandom random;
        final int[] nextSeq;
        final BitSet[] acked;
        final List<Long> received = new ArrayList<>();
        final Map<String, Long> byKind = new HashMap<>();
        long ops;
        Throwable failure;

        Worker(Run run, int id, long seed) {
            this.run = run;
            this.id = id;
            this.random = new SplittableRandom(seed);
            this.nextSeq = new int[run.channelCount];
            this.acked = new BitSet[run.channelCount];
            for (int c = 0; c < run.channelCount; c++) {
                acked[c] = new BitSet();
            }
        }

        @Override
        public void run() {
            try {
                // OPS operations or the time budget, whichever comes first, but at least until the
                // interrupter has checked a snapshot while the workers run (however slow it is to start)
                for (int i = 0; ; i++) {
                    if ((i >= OPS || (i & 63) == 0 && System.nanoTime() - run.stopAt > 0) && run.interrupter.snapshots > 0) {
                        break;
                    }
                    step();
                    ops++;
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                Thread.interrupted();
            }
        }

        private long next(int c) {
            return value(id, c, nextSeq[c]++);
        }

        private void ack(long v) {
            acked[channelOf(v)].set(seqOf(v));
        }

        private void count(String kind) {
            byKind.merge(kind, 1L, Long::sum);
        }

        private Duration smallTimeout() {
            return random.nextInt(4) == 0 ? Duration.ZERO : Duration.ofNanos(random.nextInt(1_000, 500_000));
        }

        private void step() {
            int c = random.nextInt(run.channelCount);
            Channel<Long> ch = run.channels.get(c);
            int op = random.nextInt(12);
            try {
                switch (op) {
                    case 0 -> {
                        count("send");
                        long v = next(c);
                        ch.send(v);
                        ack(v);
                    }
                    case 1 -> {
                        count("send(timeout)");
                        long v = next(c);
                        if (ch.send(v, smallTimeout())) {
                            ack(v);
                        }
                    }
                    case 2 -> {
                        count("trySend");
                        long v = next(c);
                        if (ch.trySend(v)) {
                            ack(v);
                        }
                    }
                    case 3 -> {
                        count("sendBatch");
                        List<Long> batch = batch(c);
                        int sent = random.nextBoolean() ? ch.sendBatch(batch) : ch.trySendBatch(batch);
                        for (int k = 0; k < sent; k++) {
                            ack(batch.get(k));
                        }
                    }
                    case 4 -> {
                        count("receive");
                        received.add(ch.receive());
                    }
                    case 5 -> {
                        count("receive(timeout)");
                        Long v = ch.receive(smallTimeout());
                        if (v != null) {
                            received.add(v);
                        }
                    }
                    case 6 -> {
                        count("tryReceive");
                        Long v = ch.tryReceive();
                        if (v != null) {
                            received.add(v);
                        }
                    }
                    case 7 -> {
                        count("receiveBatch");
                        int max = 1 + random.nextInt(4);
                        if (random.nextBoolean()) {
                            ch.receiveBatch(received, max);
                        } else {
                            ch.tryReceiveBatch(received, max);
                        }
                    }
                    case 8, 9 -> selectOne(c, ch);
                    default -> {
                        if (run.channelCount > 1) {
                            selectAll();
                        } else {
                            selectOne(c, ch);
                        }
                    }
                }
            } catch (InterruptedException interrupted) {
                count("interrupted");
            }
        }

        private List<Long> batch(int c) {
            int n = 2 + random.nextInt(3);
            List<Long> batch = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                batch.add(next(c));
            }
            return batch;
        }

        /** A select over one channel: a send clause, a receive clause, or both (the same channel twice). */
        private void selectOne(int c, Channel<Long> ch) throws InterruptedException {
            count("select(1 channel)");
            Select<Long> select = random.nextBoolean() ? Select.fair() : Select.ordered();
            int shape = random.nextInt(3);
            long v = -1;
            if (shape != 1) {
                long offered = next(c);
                v = offered;
                select.onSend(ch, offered, () -> offered);
            }
            if (shape != 0) {
                select.onReceive(ch, got -> {
                    received.add(got);
                    return -1L;
                });
            }
            Long outcome = finish(select);
            if (outcome != null && outcome >= 0) {
                if (outcome != v) {
                    throw new AssertionError("select completed a clause it does not have: " + outcome);
                }
                ack(outcome);
            }
        }

        /** A select over all channels, each with no clause, a receive, a send, or both. */
        private void selectAll() throws InterruptedException {
            count("select(" + run.channelCount + " channels)");
            Select<Long> select = random.nextBoolean() ? Select.fair() : Select.ordered();
            boolean any = false;
            for (int c = 0; c < run.channelCount; c++) {
                int shape = random.nextInt(8);
                Channel<Long> ch = run.channels.get(c);
                if (shape == 1 || shape == 2 || shape == 7) {
                    long offered = next(c);
                    select.onSend(ch, offered, () -> offered);
                    any = true;
                }
                if (shape == 3 || shape == 4 || shape == 7) {
                    select.onReceive(ch, got -> {
                        received.add(got);
                        return -1L;
                    });
                    any = true;
                }
            }
            if (!any) {
                select.onReceive(run.channels.get(0), got -> {
                    received.add(got);
                    return -1L;
                });
            }
            Long outcome = finish(select);
            if (outcome != null && outcome >= 0) {
                ack(outcome);
            }
        }

        /** Adds a default, a timeout or neither, and awaits; null if the default or timeout ran. */
        private Long finish(Select<Long> select) throws InterruptedException {
            switch (random.nextInt(3)) {
                case 0 -> select.onDefault(() -> null);
                case 1 -> select.onTimeout(smallTimeout(), () -> null);
                default -> {
                }
            }
            return select.await();
        }
    }
}
