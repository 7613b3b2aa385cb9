package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The engine's public operations, where the public API does not show them directly. */
class ChannelCoreTest {

    /** A probe whose {@code timesBuffer} throws, as it is installed: the lock is free afterwards. */
    @Test
    void aProbeThatThrowsAsItIsInstalledLeavesTheLockFree() throws Exception {
        ChannelCore core = new ChannelCore(4, Overflow.BLOCK, null);
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
        assertThat(core.send("a", 0)).isEqualTo(SendResult.SENT);
        assertThat(core.receive(0)).isEqualTo("a");
    }

    @Test
    void batchesReportAClosedChannelWithTheirOwnCode() throws Exception {
        ChannelCore core = new ChannelCore(2, Overflow.BLOCK, null);
        assertThat(core.sendBatch(new Object[] {"a"}, 0)).isEqualTo(1);
        core.close(null);
        assertThat(core.sendBatch(new Object[] {"b"}, ChannelCore.FOREVER)).isEqualTo(ChannelCore.BATCH_CLOSED);
        Object[] into = new Object[4];
        assertThat(core.receiveBatch(into, 0)).as("the buffered value survives close").isEqualTo(1);
        assertThat(into[0]).isEqualTo("a");
        assertThat(core.receiveBatch(into, ChannelCore.FOREVER)).isEqualTo(ChannelCore.BATCH_CLOSED);
        assertThat(core.receive(ChannelCore.FOREVER)).isSameAs(NoValue.CLOSED);
        assertThat(core.send("c", ChannelCore.FOREVER)).isEqualTo(SendResult.CLOSED);
    }
}
