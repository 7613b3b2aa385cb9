package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SpinLockTest {

    @Test
    void theBackoffDoublesFromOneHintUpToItsCap() {
        assertThat(SpinLock.backoff(0)).isEqualTo(1);
        for (int attempt = 1; attempt < 40; attempt++) {
            assertThat(SpinLock.backoff(attempt))
                    .as("pause after attempt %d", attempt)
                    .isEqualTo(Math.min(2 * SpinLock.backoff(attempt - 1), SpinLock.BACKOFF_MAX));
        }
        assertThat(SpinLock.backoff(Integer.MAX_VALUE)).isEqualTo(SpinLock.BACKOFF_MAX);
    }

    @Test
    void theSpinBeforeTheFirstYieldIsBounded() {
        int sum = 0;
        for (int attempt = 0; attempt < SpinLock.ATTEMPTS_BEFORE_YIELD; attempt++) {
            sum += SpinLock.backoff(attempt);
        }
        assertThat(sum).as("hints before the first yield").isEqualTo(1_279)
                .isLessThanOrEqualTo(SpinLock.ATTEMPTS_BEFORE_YIELD * SpinLock.BACKOFF_MAX);
    }

    @Test
    void contendingVirtualThreadsHoldTheLockOneAtATime() throws InterruptedException {
        SpinLock lock = new SpinLock() { };
        AtomicBoolean inside = new AtomicBoolean();
        long[] counter = new long[1];
        int threads = 8;
        int rounds = 20_000;
        List<Thread> started = new ArrayList<>();
        List<String> overlaps = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    lock.lock();
                    try {
                        if (!inside.compareAndSet(false, true)) {
                            synchronized (overlaps) {
                                overlaps.add(Thread.currentThread() + " found the lock's region occupied");
                            }
                        }
                        counter[0]++; // a plain write: lost updates would show in the total
                        inside.set(false);
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        for (Thread t : started) {
            t.join();
        }
        assertThat(overlaps).isEmpty();
        assertThat(counter[0]).isEqualTo((long) threads * rounds);
    }

    @Test
    void aContenderYieldsToAHolderQueuedOnItsCarrier() throws Exception {
        String output = ChildJvm.run(HolderOnTheSameCarrier.class,
                List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"));
        assertThat(output).as("what the child JVM reported").contains("contender took the lock after the holder let go");
    }

    /**
     * The child JVM of {@link #aContenderYieldsToAHolderQueuedOnItsCarrier}: with one carrier, the
     * holder can release the lock only once the contender lets go of the carrier, which it does by
     * yielding after its bounded spin. A contender that spun forever would hang; a platform thread
     * then ends the child with a failing status.
     */
    static final class HolderOnTheSameCarrier {
        public static void main(String[] args) throws Exception {
            Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("the contender never let the holder run");
                System.exit(2);
            });
            SpinLock lock = new SpinLock() { };
            boolean[] released = new boolean[1];
            String[] report = new String[1];
            Thread holder = Thread.ofVirtual().start(() -> {
                lock.lock();
                Thread contender;
                try {
                    contender = Thread.ofVirtual().start(() -> {
                        lock.lock();
                        try {
                            report[0] = released[0]
                                    ? "contender took the lock after the holder let go"
                                    : "contender took the lock while the holder held it";
                        } finally {
                            lock.unlock();
                        }
                    });
                    Thread.yield(); // as if descheduled while holding the lock: the contender runs now
                    released[0] = true;
                } finally {
                    lock.unlock();
                }
                try {
                    contender.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            holder.join();
            watchdog.interrupt();
            System.out.println(report[0]);
        }
    }
}
