package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

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

    private static int bufferLength(ChannelCore core) throws ReflectiveOperationException {
        var field = ChannelCore.class.getDeclaredField("buffer");
        field.setAccessible(true);
        return ((Object[]) field.get(core)).length;
    }
}
