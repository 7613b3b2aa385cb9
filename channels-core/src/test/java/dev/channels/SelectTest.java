package dev.channels;

import static dev.channels.Blocking.startBlocked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SEMANTICS rules 7, 8 and 9, and the select scenarios. */
class SelectTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void receivesFromWhicheverChannelIsReady(int capacity) throws Exception {
        Channel<Integer> a = Kinds.channel(capacity);
        Channel<String> b = Kinds.channel(capacity);
        Blocking.Running<String> selecting = startBlocked(() -> Select.<String>fair()
                .onReceive(a, v -> "a" + v)
                .onReceive(b, v -> "b" + v)
                .await());
        b.send("x");
        assertThat(selecting.join()).isEqualTo("bx");
        assertThat(a.stats().waitingReceivers()).as("the other clause left no waiter").isZero();
        assertThat(a.trySend(1)).as(capacity == 0 ? "nobody waits on a" : "room in a").isEqualTo(capacity > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void sendClauseCompletesWhenRoomOrAReceiverAppears(int capacity) throws Exception {
        Channel<Integer> out = Kinds.channel(capacity);
        Channel<Integer> never = Channel.rendezvous();
        int fill = capacity == Channel.UNLIMITED ? 0 : capacity;
        for (int i = 0; i < fill; i++) {
            out.send(i);
        }
        Select<String> select = Select.<String>fair()
                .onSend(out, 99, () -> "sent")
                .onReceive(never, v -> "never");
        if (capacity == Channel.UNLIMITED) {
            assertThat(select.await()).isEqualTo("sent");
            assertThat(out.receive()).isEqualTo(99);
            return;
        }
        Blocking.Running<String> selecting = startBlocked(select::await);
        assertThat(out.stats().waitingSenders()).isEqualTo(1);
        assertThat(out.receive()).isEqualTo(capacity == 0 ? 99 : 0);
        assertThat(selecting.join()).isEqualTo("sent");
        List<Integer> rest = new ArrayList<>();
        out.tryReceiveBatch(rest, 100);
        if (capacity > 0) {
            assertThat(rest).endsWith(99).hasSize(capacity);
        }
        assertThat(never.stats().waitingReceivers()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void fairSelectPicksEachOfTwoReadyChannelsAboutHalfTheTime(int capacity) throws Exception {
        if (capacity == 0) {
            return; // "always ready" needs a buffer or waiting senders; covered by the buffered kinds
        }
        Channel<Integer> a = Kinds.channel(capacity);
        Channel<Integer> b = Kinds.channel(capacity);
        int n = 10_000;
        int fromA = 0;
        a.send(0);
        b.send(0);
        for (int i = 0; i < n; i++) {
            Select<Boolean> select = Select.<Boolean>fair().onReceive(a, v -> true).onReceive(b, v -> false);
            boolean tookA = select.await();
            if (tookA) {
                fromA++;
                a.send(0);
            } else {
                b.send(0);
            }
        }
        double sigma = Math.sqrt(n * 0.25);
        assertThat((double) fromA).isBetween(n / 2.0 - 10 * sigma, n / 2.0 + 10 * sigma);
        // and not stuck on one side either: a ±10σ band is wide, so also require both sides seen often
        assertThat(fromA).isBetween(n / 4, 3 * n / 4);
    }

    @Test
    void fairSelectIsFairOverRendezvousSendersToo() throws Exception {
        Channel<Integer> a = Channel.rendezvous();
        Channel<Integer> b = Channel.rendezvous();
        Thread feedA = Channels.go(() -> { while (true) { a.send(1); } });
        Thread feedB = Channels.go(() -> { while (true) { b.send(2); } });
        int fromA = 0;
        int n = 1_000;
        Select<Integer> select = Select.<Integer>fair().onReceive(a, v -> v).onReceive(b, v -> v);
        for (int i = 0; i < n; i++) {
            // wait until both senders are parked, so both clauses are ready at the instant of the select
            ChannelCloseTest.awaitWaiting(() -> Math.min(a.stats().waitingSenders(), b.stats().waitingSenders()), 1);
            if (select.await() == 1) {
                fromA++;
            }
        }
        feedA.interrupt();
        feedB.interrupt();
        double sigma = Math.sqrt(n * 0.25);
        assertThat((double) fromA).isBetween(n / 2.0 - 10 * sigma, n / 2.0 + 10 * sigma);
    }

    @Test
    void orderedSelectAlwaysPrefersTheFirstReadyClause() throws Exception {
        Channel<Integer> high = Channel.buffered(100);
        Channel<Integer> low = Channel.buffered(100);
        for (int i = 0; i < 50; i++) {
            high.send(i);
            low.send(i);
        }
        List<String> order = new ArrayList<>();
        Select<String> select = Select.<String>ordered().onReceive(high, v -> "high").onReceive(low, v -> "low");
        for (int i = 0; i < 100; i++) {
            order.add(select.await());
        }
        assertThat(order.subList(0, 50)).containsOnly("high");
        assertThat(order.subList(50, 100)).containsOnly("low");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void defaultRunsOnlyWhenNothingIsReady(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Select<String> select = Select.<String>fair().onReceive(ch, v -> "value " + v, () -> "closed").onDefault(() -> "default");
        assertThat(select.await()).isEqualTo("default");
        if (capacity > 0) {
            ch.send(1);
            assertThat(select.await()).isEqualTo("value 1");
        } else {
            Blocking.Running<Object> sender = startBlocked(() -> {
                ch.send(1);
                return null;
            });
            assertThat(select.await()).as("a waiting sender makes the clause ready").isEqualTo("value 1");
            sender.join();
        }
        assertThat(select.await()).isEqualTo("default");
        ch.close();
        assertThat(select.await()).as("closed is ready, never default").isEqualTo("closed");
        // a send clause with room is ready too
        Channel<Integer> out = Channel.buffered(1);
        assertThat(Select.<String>fair().onSend(out, 1, () -> "sent").onDefault(() -> "default").await()).isEqualTo("sent");
        assertThat(Select.<String>fair().onSend(out, 2, () -> "sent").onDefault(() -> "default").await()).isEqualTo("default");
        assertThat(out.receive()).isEqualTo(1);
        assertThat(out.tryReceive()).as("the default select delivered nothing").isNull();
    }

    /**
     * The timeout clause runs once the timeout has passed, never before, and the select leaves no
     * waiter and no thread behind. The upper bound only bounds a hang: how much later than the
     * timeout a thread runs again depends on the machine's load, so the "small multiple" is
     * checked by {@link #timeoutReturnsWithinASmallMultipleOfTheTimeout}, in the long form only.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void timeoutRunsOnceTheTimeoutPassedAndLeavesNoWaiter(int capacity) throws Exception {
        Channel<Integer> a = Kinds.channel(capacity);
        Channel<Integer> b = Kinds.channel(capacity);
        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        String result = Select.<String>fair()
                .onReceive(a, v -> "a")
                .onReceive(b, v -> "b")
                .onTimeout(Duration.ofMillis(100), () -> "timeout")
                .await();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result).isEqualTo("timeout");
        assertThat(took).isBetween(Duration.ofMillis(100), Blocking.PROMPTLY);
        assertThat(a.stats().waitingReceivers() + b.stats().waitingReceivers()).isZero();
        assertThat(Thread.activeCount()).as("no timer thread per select").isLessThanOrEqualTo(threadsBefore);
        assertThat(a.trySend(1)).as("no receiver left behind on a rendezvous channel").isEqualTo(capacity > 0);
        if (capacity > 0) {
            assertThat(a.tryReceive()).isEqualTo(1);
        }
    }

    /**
     * SEMANTICS: "select with a timeout returns within a small multiple of the timeout". A bound
     * on wall-clock time, so in the long form only ({@code -Dchannels.verify.long=true}), on a
     * machine that is not overloaded: the best of five selects of 100 ms takes less than 300 ms.
     */
    @Test
    @EnabledIfSystemProperty(named = "channels.verify.long", matches = "true",
            disabledReason = "bounds wall-clock time: long form only (-Dchannels.verify.long=true)")
    void timeoutReturnsWithinASmallMultipleOfTheTimeout() throws Exception {
        Channel<Integer> never = Channel.rendezvous();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            assertThat(Select.<String>fair().onReceive(never, v -> "value")
                    .onTimeout(Duration.ofMillis(100), () -> "timeout").await()).isEqualTo("timeout");
            best = Math.min(best, System.nanoTime() - start);
        }
        assertThat(Duration.ofNanos(best)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
    }

    @Test
    void theSameChannelTwiceCompletesOneClauseOnly() throws Exception {
        Channel<Integer> ch = Channel.buffered(4);
        ch.send(1);
        AtomicInteger calls = new AtomicInteger();
        String which = Select.<String>fair()
                .onReceive(ch, v -> { calls.incrementAndGet(); return "first " + v; })
                .onReceive(ch, v -> { calls.incrementAndGet(); return "second " + v; })
                .await();
        assertThat(which).endsWith(" 1");
        assertThat(calls).hasValue(1);
        assertThat(ch.size()).isZero();

        Blocking.Running<String> waiting = startBlocked(() -> Select.<String>fair()
                .onReceive(ch, v -> "first " + v)
                .onReceive(ch, v -> "second " + v)
                .await());
        assertThat(ch.stats().waitingReceivers()).isEqualTo(2);
        ch.send(2);
        assertThat(waiting.join()).endsWith(" 2");
        assertThat(ch.stats().waitingReceivers()).isZero();
        ch.send(3);
        assertThat(ch.tryReceive()).as("the second clause took nothing").isEqualTo(3);
    }

    @Test
    void twoThreadsSelectingSendAndReceiveOnOneRendezvousChannelNeverMeetThemselves() throws Exception {
        Channel<Long> ch = Channel.rendezvous();
        int rounds = 2_000;
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger exchanges = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (long id = 1; id <= 2; id++) {
            long me = id;
            threads.add(Channels.go(() -> {
                for (int i = 0; i < rounds; i++) {
                    long mine = me << 32 | i;
                    Select.<Void>fair()
                            .onSend(ch, mine, () -> null)
                            .onReceive(ch, v -> {
                                if (v >>> 32 == me) {
                                    violations.add("thread " + me + " received its own value " + v);
                                }
                                exchanges.incrementAndGet();
                                return null;
                            })
                            .await();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(violations).isEmpty();
        assertThat(exchanges.get()).as("each exchange pairs one thread's send with the other's receive").isEqualTo(rounds);
        assertThat(ch.stats().waitingSenders() + ch.stats().waitingReceivers()).isZero();
    }

    @Test
    void receiveFromSeveralUntilAllAreClosedWithoutExceptions() throws Exception {
        List<Channel<Integer>> sources = List.of(Channel.buffered(2), Channel.rendezvous(), Channel.unlimited());
        for (int s = 0; s < sources.size(); s++) {
            Channel<Integer> source = sources.get(s);
            int base = s * 1000;
            Channels.go(() -> {
                for (int i = 0; i < 100; i++) {
                    source.send(base + i);
                }
                source.close();
            });
        }
        Set<Channel<Integer>> open = new HashSet<>(sources);
        List<Integer> received = new ArrayList<>();
        List<String> closedOrder = new ArrayList<>();
        while (!open.isEmpty()) {
            Select<Void> select = Select.fair();
            for (Channel<Integer> source : open) {
                select.onReceive(source, v -> {
                    received.add(v);
                    return null;
                }, () -> {
                    open.remove(source);
                    closedOrder.add(source.name());
                    return null;
                });
            }
            select.await();
        }
        List<Integer> expected = new ArrayList<>();
        for (int s = 0; s < sources.size(); s++) {
            for (int i = 0; i < 100; i++) {
                expected.add(s * 1000 + i);
            }
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(closedOrder).containsExactlyInAnyOrder(sources.stream().map(Channel::name).toArray(String[]::new));
    }

    @Test
    void receiveClauseWithoutClosedHandlerThrowsNamingTheChannel() {
        Channel<Integer> ch = Channel.<Integer>builder().name("jobs").build();
        ch.close();
        assertThatThrownBy(() -> Select.<Integer>fair().onReceive(ch, v -> v).await())
                .isInstanceOf(ChannelClosedException.class).hasMessageContaining("jobs");
    }

    @Test
    void closeWakesASelectWaitingOnASendClauseWithAnException() throws Exception {
        Channel<Integer> full = Channel.buffered(1);
        full.send(0);
        Blocking.Running<String> selecting = startBlocked(() -> Select.<String>fair().onSend(full, 1, () -> "sent").await());
        full.close();
        assertThat(selecting.failure()).isInstanceOf(ChannelClosedException.class);
        assertThat(full.receive()).isEqualTo(0);
        assertThatThrownBy(full::receive).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void selectOverMixedClausesUnderLoadCompletesExactlyOneEachTime() throws Exception {
        Channel<Integer> in = Channel.buffered(8);
        Channel<Integer> out = Channel.buffered(8);
        int n = 20_000;
        ConcurrentHashMap<Integer, Integer> seen = new ConcurrentHashMap<>();
        Thread producer = Channels.go(() -> {
            for (int i = 0; i < n; i++) {
                in.send(i);
            }
        });
        Thread consumer = Channels.go(() -> {
            for (int i = 0; i < n; i++) {
                seen.merge(out.receive(), 1, Integer::sum);
            }
        });
        // a relay that alternates through one select: receive from in, or send what it holds to out
        java.util.ArrayDeque<Integer> held = new java.util.ArrayDeque<>();
        int relayed = 0;
        while (relayed < n) {
            Select<Integer> select = Select.<Integer>fair().onReceive(in, v -> {
                held.add(v);
                return 0;
            });
            if (!held.isEmpty()) {
                select.onSend(out, held.peek(), () -> {
                    held.poll();
                    return 1;
                });
            }
            relayed += select.await();
        }
        producer.join();
        consumer.join();
        assertThat(seen).hasSize(n);
        assertThat(seen.values()).allMatch(c -> c == 1);
    }

    /**
     * A Go-style loop builds its select for every value: one over two receives that completes at
     * once allocates the select, its engine, an array of channels and one of handlers, and
     * nothing more to move the value. Counted in bytes by the JVM for this thread (not timed),
     * after a warm-up; escape analysis can only lower it.
     */
    @Test
    void aSelectOfReceivesBuiltInALoopAllocatesOnlyItsBuilder() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        boolean compressedReferences = Boolean.parseBoolean(java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("UseCompressedOops").getValue());
        Channel<Integer> a = Channel.buffered(1);
        Channel<Integer> b = Channel.buffered(1);
        Integer value = 7;
        int rounds = 20_000;
        long built = 0;
        long awaited = 0;
        long sum = 0;
        Object[] kept = new Object[1]; // so that the unused select is not optimized away
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up
            long start = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < rounds; i++) {
                kept[0] = Select.<Integer>fair().onReceive(a, v -> v).onReceive(b, v -> v);
            }
            long middle = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < rounds; i++) {
                a.send(value);
                sum += Select.<Integer>fair().onReceive(a, v -> v).onReceive(b, v -> v).await();
            }
            built = (middle - start) / rounds;
            awaited = (threads.getCurrentThreadAllocatedBytes() - middle) / rounds;
        }
        assertThat(sum).isEqualTo(2L * rounds * 7);
        assertThat(kept[0]).isInstanceOf(Select.class);
        assertThat(awaited).as("bytes per send, select built and awaited").isEqualTo(built);
        // Select and engine 48 bytes each, four channels 32, four clauses' handlers 64 (references of 4 bytes)
        assertThat(built).as("bytes per select built").isLessThanOrEqualTo(compressedReferences ? 200 : 320);
    }
}
