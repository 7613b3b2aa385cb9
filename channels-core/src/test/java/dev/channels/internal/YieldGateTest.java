package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YieldGateTest {

    @Test
    void aNewGateIsOpen() {
        assertThat(new YieldGate().isOpen(System.nanoTime())).isTrue();
    }

    @Test
    void aClosedGateReopensOnceItsTimeHasPassed() {
        YieldGate gate = new YieldGate();
        long now = System.nanoTime();
        gate.close(now, 1_000);
        assertThat(gate.isOpen(now)).isFalse();
        assertThat(gate.isOpen(now + 999)).isFalse();
        assertThat(gate.isOpen(now + 1_000)).isTrue();
    }

    @Test
    void theLatestCloseDecides() {
        YieldGate gate = new YieldGate();
        long now = System.nanoTime();
        gate.close(now, 1_000);
        gate.close(now + 5_000, 1_000);
        assertThat(gate.isOpen(now + 2_000)).isFalse();
        assertThat(gate.isOpen(now + 6_000)).isTrue();
    }
}
