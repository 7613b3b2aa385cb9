package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch send reads the caller's list once, before it takes the channel's lock, so no list can
 * run code under the lock, slip a null in after the null check, or make the locked loop walk it
 * again: a list that throws, or changes while it is being sent, leaves the channel working for
 * everyone else, with nothing lost or duplicated.
 */
class BatchInputTest {
    private static final int[] CAPACITIES = {0, 1, 16, Channel.UNLIMITED};

    /** Which read of the list throws. */
    enum Breakage {
        GET, SIZE, ITERATOR, TO_ARRAY
    }

    static Stream<Arguments> brokenLists() {
        return Arrays.stream(CAPACITIES).boxed()
                .flatMap(c -> Arrays.stream(Breakage.values()).map(b -> Arguments.of(c, b)));
    }

    @ParameterizedTest(name = "{0}, {1} throws")
    @MethodSource("brokenLists")
    void aListThatThrowsWhenReadFailsTheCallAndSendsNothing(int capacity, Breakage breakage) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        List<Integer> broken = new BrokenList(breakage);
        assertThatThrownBy(() -> ch.sendBatch(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessage(breakage + " broke");
        assertThatThrownBy(() -> ch.trySendBatch(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessage(breakage + " broke");
        assertThat(ch.stats().sent()).as("nothing sent").isZero();
        assertStillWorks(ch);
    }

    static Stream<Arguments> capacities() {
        return Arrays.stream(CAPACITIES).mapToObj(Arguments::of);
    }

    static Stream<Arguments> readOnceLists() {
        return Arrays.stream(CAPACITIES).boxed()
                .flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)));
    }

    /**
     * A list each of whose elements can be read once: a second read throws, or returns null as if
     * another thread had changed the list. Reading the batch again under the lock, after checking
     * it for nulls, would leave the lock held, or hand the engine nulls, which it takes for "no
     * value". Each call sends a prefix; the rest goes in the next call, on a list of its own.
     */
    @ParameterizedTest(name = "{0}, second read throws: {1}")
    @MethodSource("readOnceLists")
    void aListThatCannotBeReadTwiceIsSentAsItWasFirstRead(int capacity, boolean throwOnReread) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        List<Integer> values = List.of(1, 2, 3, 4, 5);
        Blocking.Running<List<Integer>> receiver = receiving(ch, values.size());
        int sent = 0;
        while (sent < values.size()) {
            sent += ch.sendBatch(new ReadOnceList(values.subList(sent, values.size()), throwOnReread));
        }
        assertThat(receiver.join()).containsExactlyElementsOf(values);
        assertThat(ch.stats().sent()).isEqualTo(values.size());
        assertStillWorks(ch);
    }

    /**
     * Another thread keeps changing the list, adding values, putting a null in and taking it out
     * again, and clearing it, while it is sent again and again: each call either sends a prefix of what it read or refuses a null
     * naming its index and sends nothing; no null is ever received, and every value a call
     * reported sent is received, once per call that sent it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("capacities")
    void aListChangedByAnotherThreadDuringTheCallNeverSlipsANullIn(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        List<Integer> shared = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger rounds = new AtomicInteger();
        Thread mutator = Thread.ofPlatform().start(() -> {
            int next = 0;
            for (int round = rounds.incrementAndGet(); !stop.get(); round = rounds.incrementAndGet()) {
                for (int i = 0; i < 4; i++) {
                    shared.add(next++);
                }
                shared.set(1, null); // a null appears at index 1 and is replaced again
                shared.set(1, next++);
                if (round % 8 == 0) {
                    shared.clear();
                }
            }
        });
        AtomicInteger nulls = new AtomicInteger();
        AtomicInteger receivedCount = new AtomicInteger();
        Thread receiver = Thread.ofVirtual().start(() -> {
            for (Integer v : ch) {
                if (v == null) {
                    nulls.incrementAndGet();
                }
                receivedCount.incrementAndGet();
            }
        });
        long sent = 0;
        int refused = 0;
        try {
            // while the list changes, until a thousand calls found values or nulls (or two million calls)
            for (int call = 0; (call < 20_000 || rounds.get() < 20_000 || sent + refused < 1_000) && call < 2_000_000;
                    call++) {
                try {
                    sent += capacity == 0 ? ch.sendBatch(shared) : ch.trySendBatch(shared);
                } catch (NullPointerException expected) {
                    assertThat(expected).hasMessageContaining("values[");
                    refused++;
                } catch (RuntimeException racyList) {
                    // an ArrayList read while another thread changes it may fail in its own way
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            mutator.join();
        }
        ch.close();
        assertThat(receiver.join(Blocking.PROMPTLY)).as("the receiver finished").isTrue();
        assertThat(nulls).as("nulls received").hasValue(0);
        assertThat((long) receivedCount.get()).as("values received, against values reported sent").isEqualTo(sent);
        ChannelStats stats = ch.stats();
        assertThat(stats.sent()).isEqualTo(sent);
        assertThat(stats.received()).isEqualTo(sent);
        assertThat(stats.waitingSenders() + stats.waitingReceivers()).isZero();
        Verification.report("batch from a changing list " + Kinds.label(capacity), "%d values sent, %d calls refused",
                sent, refused);
    }

    /** A linked list is read once, front to back: never by index, which would cost O(n) per element. */
    @Test
    void aLinkedListIsNeverReadByIndex() throws Exception {
        AtomicInteger indexedReads = new AtomicInteger();
        LinkedList<Integer> values = new LinkedList<>() {
            @Override
            public Integer get(int index) {
                indexedReads.incrementAndGet();
                return super.get(index);
            }
        };
        IntStream.range(0, 10_000).forEach(values::add);
        Channel<Integer> ch = Channel.unlimited();
        assertThat(ch.sendBatch(values)).isEqualTo(10_000);
        assertThat(ch.trySendBatch(values)).isEqualTo(10_000);
        assertThat(indexedReads).hasValue(0);
        List<Integer> got = new ArrayList<>();
        ch.tryReceiveBatch(got, 20_000);
        assertThat(got.subList(0, 10_000)).containsExactlyElementsOf(values);
        assertThat(got.subList(10_000, 20_000)).containsExactlyElementsOf(values);
    }

    @Test
    void aNullIsRefusedNamingItsIndexAndNothingIsSent() throws Exception {
        Channel<Integer> ch = Channel.buffered(8);
        assertThatThrownBy(() -> ch.sendBatch(Arrays.asList(1, 2, null, 4))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("values[2]");
        assertThatThrownBy(() -> ch.trySendBatch(Arrays.asList(null, 2))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("values[0]");
        assertThat(ch.stats().sent()).isZero();
        assertStillWorks(ch);
    }

    /** Starts a receiver that takes {@code n} values one by one. */
    private static Blocking.Running<List<Integer>> receiving(Channel<Integer> ch, int n) {
        return Blocking.start(() -> {
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                got.add(ch.receive());
            }
            return got;
        });
    }

    /**
     * Other threads can still use {@code ch}: two senders (one sending batches) and two receivers
     * move 2,000 values, each received exactly once. Values already buffered are drained first. A
     * lock left held would make every thread spin: the bounded joins turn that into a failure.
     */
    static void assertStillWorks(Channel<Integer> ch) throws Exception {
        List<Integer> leftOver = new ArrayList<>();
        ch.tryReceiveBatch(leftOver, Integer.MAX_VALUE);
        int perSender = 1_000;
        BitSet seen = new BitSet();
        AtomicReference<String> problem = new AtomicReference<>();
        AtomicInteger remaining = new AtomicInteger(2 * perSender);
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < perSender; i++) {
                    ch.send(i);
                }
            } catch (Exception e) {
                problem.compareAndSet(null, "sender failed: " + e);
            }
        }));
        threads.add(Thread.ofPlatform().start(() -> {
            try {
                List<Integer> batch = new ArrayList<>();
                for (int i = perSender; i < 2 * perSender; i++) {
                    batch.add(i);
                }
                int from = 0;
                while (from < batch.size()) {
                    from += ch.sendBatch(batch.subList(from, batch.size()));
                }
            } catch (Exception e) {
                problem.compareAndSet(null, "batch sender failed: " + e);
            }
        }));
        for (int r = 0; r < 2; r++) {
            threads.add((r == 0 ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    while (remaining.get() > 0) {
                        Integer v = ch.receive(Duration.ofMillis(10));
                        if (v != null) {
                            remaining.decrementAndGet();
                            synchronized (seen) {
                                if (seen.get(v)) {
                                    problem.compareAndSet(null, "received twice: " + v);
                                }
                                seen.set(v);
                            }
                        }
                    }
                } catch (Exception e) {
                    problem.compareAndSet(null, "receiver failed: " + e);
                }
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(Blocking.PROMPTLY)).as("the channel is stuck: %s", Verification.states(threads)).isTrue();
        }
        assertThat(problem.get()).isNull();
        assertThat(seen.cardinality()).as("distinct values received").isEqualTo(2 * perSender);
        ChannelStats stats = ch.stats();
        assertThat(stats.waitingSenders() + stats.waitingReceivers() + stats.size()).isZero();
        assertThat(stats.size()).isEqualTo(stats.sent() - stats.received() - stats.dropped());
    }

    /** A list whose reads throw: {@code get}, {@code size}, {@code iterator} or {@code toArray}. */
    static final class BrokenList extends AbstractList<Integer> {
        private final Breakage breakage;

        BrokenList(Breakage breakage) {
            this.breakage = breakage;
        }

        private void maybeBreak(Breakage where) {
            if (breakage == where) {
                throw new IllegalStateException(where + " broke");
            }
        }

        @Override
        public Integer get(int index) {
            maybeBreak(Breakage.GET);
            return index;
        }

        @Override
        public int size() {
            maybeBreak(Breakage.SIZE);
            return 3;
        }

        @Override
        public Iterator<Integer> iterator() {
            maybeBreak(Breakage.ITERATOR);
            return super.iterator();
        }

        @Override
        public Object[] toArray() {
            maybeBreak(Breakage.TO_ARRAY);
            return super.toArray();
        }
    }

    /**
     * A list each of whose elements can be read once: a second read of an index throws, or
     * (with {@code throwOnReread} false) returns null, as if another thread had changed it.
     */
    static final class ReadOnceList extends AbstractList<Integer> {
        private final List<Integer> values;
        private final boolean throwOnReread;
        private final BitSet read = new BitSet();

        ReadOnceList(List<Integer> values, boolean throwOnReread) {
            this.values = values;
            this.throwOnReread = throwOnReread;
        }

        @Override
        public Integer get(int index) {
            if (read.get(index)) {
                if (throwOnReread) {
                    throw new IllegalStateException("element " + index + " was read already");
                }
                return null;
            }
            read.set(index);
            return values.get(index);
        }

        @Override
        public int size() {
            return values.size();
        }
    }
}
