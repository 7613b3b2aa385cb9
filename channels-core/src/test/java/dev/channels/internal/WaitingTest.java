package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiting on a channel at the engine level: timeouts that give up leave nothing behind. */
class WaitingTest {

    /**
     * A thousand threads each make a timed send and then a timed receive of 1 ms on a rendezvous
     * channel: some meet, most time out. Every send that succeeded was met by exactly one receive
     * that got its value, and the waiters that timed out left no node behind.
     */
    @Test
    void timedOutWaitersLeaveNothingBehind() throws Exception {
        ChannelCore core = new ChannelCore(0, Overflow.BLOCK, null);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        List<Object> received = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int value = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (core.send(value, 1_000_000) == SendResult.SENT) { // 1 ms
                        sent.incrementAndGet();
                    }
                    Object got = core.receive(1_000_000);
                    if (got != NoValue.TIMED_OUT) {
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
}
