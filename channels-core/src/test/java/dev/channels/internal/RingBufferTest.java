package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The buffer: order across the wrap, growth up to the capacity, shrinking, and growth that fails. */
class RingBufferTest {

    @Test
    void anUnlimitedBufferGrowsInOrderAcrossTheWrapAndShrinksWhenEmptied() throws Exception {
        ChannelCore core = new ChannelCore(ChannelCore.UNLIMITED, Overflow.BLOCK, null);
        // move the head so that growth has to unwrap the ring
        for (int i = 0; i < 10; i++) {
            core.send(-1, 0);
            core.receive(0);
        }
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            assertThat(core.send(i, 0)).isEqualTo(SendResult.SENT);
        }
        assertThat(core.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(core.receive(0)).isEqualTo(i);
        }
        assertThat(core.receive(0)).isSameAs(NoValue.EMPTY);
        assertThat(arrayLength(core)).as("shrunk back after draining").isLessThanOrEqualTo(16);
    }

    @Test
    void aBoundedBufferGrowsOnlyUpToItsCapacity() throws Exception {
        ChannelCore core = new ChannelCore(1_000, Overflow.BLOCK, null);
        assertThat(arrayLength(core)).as("allocated lazily").isLessThanOrEqualTo(16);
        for (int i = 0; i < 1_000; i++) {
            assertThat(core.send(i, 0)).isEqualTo(SendResult.SENT);
        }
        assertThat(core.send(1_000, 0)).isEqualTo(SendResult.WOULD_BLOCK);
        assertThat(arrayLength(core)).isEqualTo(1_000);
    }

    @Test
    void aFullBufferWhoseOldestIsReplacedKeepsItsCountAndOrder() throws Exception {
        ChannelCore core = new ChannelCore(3, Overflow.DROP_OLDEST, null);
        for (int i = 0; i < 10; i++) {
            assertThat(core.send(i, 0)).isEqualTo(SendResult.SENT);
            assertThat(core.size()).isEqualTo(Math.min(i + 1, 3));
        }
        assertThat(core.receive(0)).isEqualTo(7);
        assertThat(core.receive(0)).isEqualTo(8);
        assertThat(core.receive(0)).isEqualTo(9);
        assertThat(core.receive(0)).isSameAs(NoValue.EMPTY);
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
        String output = ChildJvm.run(FillUntilOutOfMemory.class, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"),
                String.valueOf(stamps));
        assertThat(output).as("what the child JVM reported").contains("intact after OutOfMemoryError");
    }

    /** The child JVM of {@link #anOutOfMemoryErrorWhileTheBufferGrowsLeavesTheLockFreeAndTheChannelIntact}. */
    static final class FillUntilOutOfMemory {
        public static void main(String[] args) throws Exception {
            ChannelCore core = new ChannelCore(ChannelCore.UNLIMITED, Overflow.BLOCK, null);
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
                    if (core.send(value, 0) != SendResult.SENT) {
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

    /** The length of the buffer's array now. */
    static int arrayLength(ChannelCore core) {
        core.lock();
        try {
            return core.arrayLength();
        } finally {
            core.unlock();
        }
    }
}
