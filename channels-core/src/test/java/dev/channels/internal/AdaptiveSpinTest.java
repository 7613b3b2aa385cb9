package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AdaptiveSpinTest {

    /** Runs {@code action} on a virtual thread, where no platform floor applies, and returns its result. */
    private static <T> T onVirtualThread(Supplier<T> action) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        Thread.ofVirtual().start(() -> result.set(action.get())).join();
        return result.get();
    }

    @Test
    void aNewChannelStartsWithAShortBudget() throws InterruptedException {
        assumeTrue(AdaptiveSpin.PROBE > 0, "spinning is off (one core, or dev.channels.spin.* set)");
        assertThat(AdaptiveSpin.INITIAL).isBetween(1, AdaptiveSpin.PROBE);
        assertThat(onVirtualThread(() -> new AdaptiveSpin(true).budget())).isEqualTo(AdaptiveSpin.INITIAL);
    }

    @Test
    void aSpinThatPaysOffJumpsToAProbeAndThenGrowsUpToTheMaximum() throws InterruptedException {
        assumeTrue(AdaptiveSpin.PROBE > 0, "spinning is off (one core, or dev.channels.spin.* set)");
        List<Integer> budgets = onVirtualThread(() -> {
            AdaptiveSpin spin = new AdaptiveSpin(true);
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                spin.paidOff();
                seen.add(spin.budget());
            }
            return seen;
        });
        assertThat(budgets.getFirst()).isEqualTo(AdaptiveSpin.PROBE);
        assertThat(budgets).isSorted().allMatch(b -> b <= AdaptiveSpin.MAX);
        assertThat(budgets.getLast()).isEqualTo(AdaptiveSpin.MAX);
    }

    @Test
    void wastedSpinsHalveTheBudgetToZeroAndThenOnlyEveryThirtySecondWaitProbes() throws InterruptedException {
        assumeTrue(AdaptiveSpin.PROBE > 0, "spinning is off (one core, or dev.channels.spin.* set)");
        List<Integer> budgets = onVirtualThread(() -> {
            AdaptiveSpin spin = new AdaptiveSpin(true);
            for (int i = 0; i < 40; i++) {
                spin.paidOff();
            }
            for (int i = 0; i < 32; i++) {
                spin.wasted();
            }
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                seen.add(spin.budget());
            }
            return seen;
        });
        assertThat(budgets).filteredOn(b -> b > 0).hasSize(2).containsOnly(AdaptiveSpin.PROBE);
        assertThat(budgets.get(31)).isEqualTo(AdaptiveSpin.PROBE);
        assertThat(budgets.get(63)).isEqualTo(AdaptiveSpin.PROBE);
    }

    @Test
    void aPlatformThreadNeverSpinsLessThanTheFloor() {
        AdaptiveSpin spin = new AdaptiveSpin(true);
        for (int i = 0; i < 32; i++) {
            spin.wasted();
        }
        assertThat(spin.budget()).isEqualTo(AdaptiveSpin.PLATFORM_FLOOR);
    }

    @Test
    void onABufferedChannelVirtualThreadsNeverSpinButPlatformThreadsDo() throws InterruptedException {
        AdaptiveSpin buffered = new AdaptiveSpin(false);
        List<Integer> budgets = onVirtualThread(() -> {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                buffered.paidOff(); // even a budget that platform threads grew does not apply
                seen.add(buffered.budget());
            }
            return seen;
        });
        assertThat(budgets).containsOnly(0);
        assertThat(buffered.budget()).isGreaterThanOrEqualTo(AdaptiveSpin.PLATFORM_FLOOR);
    }

    @Test
    void neverSpinsForAnyThread() throws InterruptedException {
        assertThat(AdaptiveSpin.NEVER.budget()).isZero();
        assertThat(onVirtualThread(AdaptiveSpin.NEVER::budget)).isZero();
    }

    @Test
    void onlyVirtualThreadsOnARendezvousChannelYieldBeforeParking() throws InterruptedException {
        YieldGate open = new YieldGate(); // not the scheduler's, which another test's slow yield may have closed
        assertThat(onVirtualThread(() -> new AdaptiveSpin(true, open).yields())).isEqualTo(AdaptiveSpin.YIELDS);
        assertThat(onVirtualThread(() -> new AdaptiveSpin(false, open).yields())).isZero();
        assertThat(new AdaptiveSpin(true, open).yields()).isZero();
        assertThat(onVirtualThread(AdaptiveSpin.NEVER::yields)).isZero();
    }

    @Test
    void aSlowYieldClosesTheGateForAWhile() {
        YieldGate gate = new YieldGate();
        long now = System.nanoTime();
        assertThat(gate.isOpen(now)).isTrue();
        new AdaptiveSpin(true, gate).yieldWasSlow(now);
        assertThat(gate.isOpen(now)).isFalse();
        assertThat(gate.isOpen(now + AdaptiveSpin.YIELDS_OFF_NANOS - 1)).isFalse();
        assertThat(gate.isOpen(now + AdaptiveSpin.YIELDS_OFF_NANOS)).isTrue();
    }

    @Test
    void whileItsGateIsClosedAVirtualThreadOnARendezvousChannelDoesNotYield() throws InterruptedException {
        assumeTrue(AdaptiveSpin.YIELDS > 0, "yielding is off (dev.channels.spin.yields set)");
        YieldGate gate = new YieldGate();
        AdaptiveSpin rendezvous = new AdaptiveSpin(true, gate);
        AdaptiveSpin other = new AdaptiveSpin(true, gate);
        gate.close(System.nanoTime(), Long.MAX_VALUE / 4); // closed for longer than any test runs
        assertThat(onVirtualThread(rendezvous::yields)).isZero();
        assertThat(onVirtualThread(other::yields)).isZero();
        gate.close(System.nanoTime(), -1); // open again
        assertThat(onVirtualThread(rendezvous::yields)).isEqualTo(AdaptiveSpin.YIELDS);
    }
}
