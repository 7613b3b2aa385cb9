package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.Blocking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Engine details that the public API does not show directly. */
class ChannelCoreTest {

    @Test
    void anUnlimitedBufferGrowsInOrderAcrossTheWrapAndShrinksWhenEmptied() throws Exception {
        ChannelCore core = new ChannelCore(ChannelCore.UNLIMITED, ChannelCore.BLOCK, null);
        // move the head so that growth has to unwrap the ring
        for (int i = 0; i < 10; i++) {
            core.send(-1, 0);
            core.receive(0);
        }
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            assertThat(core.send(i, 0)).isEqualTo(ChannelCore.OK);
        }
        assertThat(core.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(core.receive(0)).isEqualTo(i);
        }
        assertThat(core.receive(0)).isSameAs(ChannelCore.NO_ITEM);
        assertThat(bufferLength(core)).as("shrunk back after draining").isLessThanOrEqualTo(16);
    }

    @Test
    void aBoundedBufferGrowsOnlyUpToItsCapacity() throws Exception {
        ChannelCore core = new ChannelCore(1_000, ChannelCore.BLOCK, null);
        assertThat(bufferLength(core)).as("allocated lazily").isLessThanOrEqualTo(16);
        for (int i = 0; i < 1_000; i++) {
            assertThat(core.send(i, 0)).isEqualTo(ChannelCore.OK);
        }
        assertThat(core.send(1_000, 0)).isEqualTo(ChannelCore.WOULD_BLOCK);
        assertThat(bufferLength(core)).isEqualTo(1_000);
    }

    @Test
    void theEngineRejectsImpossibleShapes() {
        assertThatThrownBy(() -> new ChannelCore(-1, ChannelCore.BLOCK, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelCore(0, ChannelCore.DROP_OLDEST, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChannelCore(ChannelCore.UNLIMITED, ChannelCore.DROP_NEWEST, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Drop handlers run and parked threads are woken only after the channel's lock is released. A
     * drop handler finds the lock free, for both drop policies and for the values a failure
     * discards. A step under the lock that hands a value to a parked receiver leaves that receiver
     * parked, its wake-up queued on the agenda, until the lock is released; the woken receiver
     * then finds the lock free.
     */
    @Test
    void dropsAndWakeUpsHappenAfterTheLockIsReleased() throws Exception {
        List<String> lockDuringDrop = new CopyOnWriteArrayList<>();
        ChannelCore[] holder = new ChannelCore[1];
        Consumer<Object> handler = dropped -> lockDuringDrop.add(dropped + (isFree(holder[0]) ? " free" : " held"));
        for (int policy : new int[] {ChannelCore.DROP_OLDEST, ChannelCore.DROP_NEWEST}) {
            holder[0] = new ChannelCore(1, policy, handler);
            holder[0].send("a", 0);
            holder[0].send("b", 0); // drops a (oldest) or b (newest)
            holder[0].close(new IllegalStateException("x")); // discards what is left
        }
        assertThat(lockDuringDrop).containsExactly("a free", "b free", "b free", "a free");

        ChannelCore core = new ChannelCore(1, ChannelCore.BLOCK, null);
        // a virtual thread on a buffered channel parks at once, without spinning
        Blocking.Running<String> receiver = Blocking.startBlocked(() -> {
            Object value = core.receive(ChannelCore.FOREVER);
            return value + (isFree(core) ? " free" : " held");
        });
        core.lock();
        try {
            assertThat(core.offerLocked("v")).as("handed to the parked receiver").isEqualTo(ChannelCore.OK);
            assertThat(core.hasAgenda()).as("its wake-up is queued for after the lock").isTrue();
            assertThat(receiver.thread().getState()).as("still parked while the lock is held").isEqualTo(Thread.State.WAITING);
        } finally {
            core.unlockAndFlush();
        }
        assertThat(receiver.join()).isEqualTo("v free");
    }

    /** Whether the lock of {@code core} is free now (it is taken and released again if so). */
    private static boolean isFree(ChannelCore core) {
        if (core.tryLock()) {
            core.unlock();
            return true;
        }
        return false;
    }

    /**
     * A thousand threads each make a timed send and then a timed receive of 1 ms on a rendezvous
     * channel: some meet, most time out. Every send that succeeded was met by exactly one receive
     * that got its value, and the waiters that timed out left no node behind.
     */
    @Test
    void timedOutWaitersLeaveNothingBehind() throws Exception {
        ChannelCore core = new ChannelCore(0, ChannelCore.BLOCK, null);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        List<Object> received = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int value = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (core.send(value, 1_000_000) == ChannelCore.OK) { // 1 ms
                        sent.incrementAndGet();
                    }
                    Object got = core.receive(1_000_000);
                    if (got != ChannelCore.TIMED_OUT_ITEM) {
                        received.add(got);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] counts = core.stats((size, senders, receivers, s, r, dropped, closed, cause) ->
                new long[] {senders, receivers, s, r});
        assertThat(counts[0] + counts[1]).as("waiters left").isZero();
        assertThat(received).as("values received").hasSize(sent.get()).doesNotHaveDuplicates()
                .allSatisfy(v -> assertThat(v).isInstanceOf(Integer.class));
        assertThat(counts[2]).as("sent").isEqualTo(sent.get());
        assertThat(counts[3]).as("received").isEqualTo(sent.get());
    }

    /**
     * An OutOfMemoryError while the buffer grows (under the lock) leaves the lock free and the
     * channel as it was before that send: run in a JVM of its own with a small heap, which an
     * unlimited channel fills until the next growth cannot be allocated. With time stamps on, both
     * the buffer and its time stamps must grow, and neither may be replaced without the other.
     */
    @ParameterizedTest(name = "time stamps: {0}")
    @ValueSource(booleans = {false, true})
    void anOutOfMemoryErrorWhileTheBufferGrowsLeavesTheLockFreeAndTheChannelIntact(boolean stamps) throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(javaCommand, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FillUntilOutOfMemory.class.getName(), String.valueOf(stamps))
                .redirectErrorStream(true).start();
        String output;
        try (var in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();
        assertThat(output).as("what the child JVM reported").contains("intact after OutOfMemoryError");
        assertThat(child.exitValue()).as("exit status; output:%n%s", output).isZero();
    }

    /** The child JVM of {@link #anOutOfMemoryErrorWhileTheBufferGrowsLeavesTheLockFreeAndTheChannelIntact}. */
    static final class FillUntilOutOfMemory {
        public static void main(String[] args) throws Exception {
            ChannelCore core = new ChannelCore(ChannelCore.UNLIMITED, ChannelCore.BLOCK, null);
            if (Boolean.parseBoolean(args[0])) {
                core.probe(new Probe() {
                    public void sendBlocked(long nanos) { }
                    public void receiveBlocked(long nanos) { }
                    public void bufferWaited(long nanos) { }
                    public boolean timesBuffer() { return true; }
                });
            }
            Object value = "v"; // one object, sent again and again: the buffer's growth is the only allocation
            long sent = 0;
            try {
                while (true) {
                    if (core.send(value, 0) != ChannelCore.OK) {
                        throw new AssertionError("an unlimited channel refused a value");
                    }
                    sent++;
                }
            } catch (OutOfMemoryError expected) {
                // the growth failed; the value of that send was not sent
            }
            long[] result = new long[3];
            Thread other = new Thread(() -> {
                result[0] = core.size();
                long taken = 0;
                try {
                    while (core.receive(0) == value) {
                        taken++;
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                result[1] = taken;
                result[2] = core.stats((size, ws, wr, s, r, d, c, why) -> s);
            });
            other.setDaemon(true);
            other.start();
            other.join(30_000);
            if (other.isAlive()) {
                System.out.println("stuck: the lock was left held after OutOfMemoryError");
                System.exit(2);
            }
            if (result[0] != sent || result[1] != sent || result[2] != sent) {
                System.out.println("inconsistent after OutOfMemoryError: " + sent + " sent, size " + result[0]
                        + ", received " + result[1] + ", stats.sent " + result[2]);
                System.exit(3);
            }
            System.out.println("intact after OutOfMemoryError: " + sent + " values sent and received");
        }
    }

    /** A probe whose {@code timesBuffer} throws, as it is installed: the lock is free afterwards. */
    @Test
    void aProbeThatThrowsAsItIsInstalledLeavesTheLockFree() throws Exception {
        ChannelCore core = new ChannelCore(4, ChannelCore.BLOCK, null);
        Probe broken = new Probe() {
            public void sendBlocked(long nanos) { }
            public void receiveBlocked(long nanos) { }
            public void bufferWaited(long nanos) { }
            public boolean timesBuffer() {
                throw new IllegalStateException("probe broke");
            }
        };
        assertThatThrownBy(() -> core.probe(broken)).hasMessage("probe broke");
        assertThat(core.tryLock()).as("the lock is free").isTrue();
        core.unlock();
        assertThat(core.send("a", 0)).isEqualTo(ChannelCore.OK);
        assertThat(core.receive(0)).isEqualTo("a");
    }

    private static int bufferLength(ChannelCore core) throws ReflectiveOperationException {
        var field = ChannelCore.class.getDeclaredField("buffer");
        field.setAccessible(true);
        return ((Object[]) field.get(core)).length;
    }
}
