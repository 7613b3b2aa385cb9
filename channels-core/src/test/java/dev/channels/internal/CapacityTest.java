package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The capacity checks, written once and used by the public builder and the engine. */
class CapacityTest {

    @Test
    void theEngineRejectsImpossibleShapes() {
        assertThatThrownBy(() -> new ChannelCore(-1, Overflow.BLOCK, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("channel capacity must be 0 or more, was -1");
        assertThatThrownBy(() -> new ChannelCore(0, Overflow.DROP_OLDEST, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overflow policy DROP_OLDEST needs a bounded capacity of 1 or more, was 0 (rendezvous)");
        assertThatThrownBy(() -> new ChannelCore(ChannelCore.UNLIMITED, Overflow.DROP_NEWEST, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overflow policy DROP_NEWEST needs a bounded capacity of 1 or more, was unlimited");
        assertThatThrownBy(() -> new ChannelCore(1, null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("overflow policy");
        assertThat(new ChannelCore(1, Overflow.DROP_NEWEST, null).overflow()).isEqualTo(Overflow.DROP_NEWEST);
    }

    @Test
    void describesEachKind() {
        assertThat(Capacity.describe(0)).isEqualTo("rendezvous");
        assertThat(Capacity.describe(3)).isEqualTo("buffered(3)");
        assertThat(Capacity.describe(Capacity.UNLIMITED)).isEqualTo("unlimited");
        assertThat(Capacity.check(0)).isZero();
    }
}
