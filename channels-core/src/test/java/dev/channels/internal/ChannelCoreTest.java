package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    @Test
    void dropsAndWakeUpsHappenAfterTheLockIsReleased() throws Exception {
        List<Boolean> lockFreeDuringCallback = new CopyOnWriteArrayList<>();
        ChannelCore[] holder = new ChannelCore[1];
        holder[0] = new ChannelCore(1, ChannelCore.DROP_OLDEST, dropped -> {
            // the callback may use the channel: it would deadlock if the lock were still held
            lockFreeDuringCallback.add(holder[0].size() >= 0);
        });
        holder[0].send("a", 0);
        holder[0].send("b", 0);
        holder[0].close(new IllegalStateException("x"));
        assertThat(lockFreeDuringCallback).containsExactly(true, true);
    }

    @Test
    void timedOutWaitersLeaveNothingBehind() throws Exception {
        ChannelCore core = new ChannelCore(0, ChannelCore.BLOCK, null);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int value = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    core.send(value, 1_000_000); // 1 ms
                    core.receive(1_000_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        int[] waiting = core.stats((size, senders, receivers, sent, received, dropped, closed, cause) -> new int[] {senders, receivers});
        // some sends may have met some receives; whatever did not has left no node behind
        assertThat(waiting).containsExactly(0, 0);
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
