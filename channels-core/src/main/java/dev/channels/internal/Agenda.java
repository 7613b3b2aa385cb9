package dev.channels.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The work that a step under a channel's lock decides on but must not do while holding it:
 * waking the threads whose waits it completed, reporting the values it dropped, reporting how
 * long received values waited in the buffer.
 *
 * <p><b>Invariant.</b> While the lock is held, nothing here calls out: no unpark (a system call),
 * no drop handler, no probe, no allocation in {@link #unlockAndFlush} before the lock is free.
 * Each step queues its work here instead ({@link #wakeLater}, {@link #dropLater},
 * {@link #waitedLater}); the thread that releases the lock with {@link #unlockAndFlush} takes the
 * whole agenda, releases the lock, and then does the work, exactly once. The queueing methods that
 * may allocate do so before they change anything, so a step that queues first and changes the
 * channel second leaves it as it was if the allocation fails.
 *
 * <p><b>When changing this file</b>, run {@code ChannelCoreTest} (drops and wake-ups after the lock
 * is released), {@code WaiterTest} (an owner that is not parked is handed back, not woken),
 * {@code SelectLockingTest}, {@code ChannelObserverTest}, {@code OverflowPolicyTest} and
 * {@code ChannelLincheckRendezvousTest} (wake-ups of parked threads, interleaving by
 * interleaving), then {@code ChannelStressTest}.
 */
abstract class Agenda extends Totals {
    private static final int WAKE = 1;
    private static final int DROPS = 2;
    private static final int WAITED = 4;

    private final Consumer<Object> dropHandler;
    /** Told of blocked and buffer times; read without the lock on the waiting paths. */
    volatile Probe probe;

    private int pending; // WAKE | DROPS | WAITED: what is queued
    private Waiter wakeHead; // owners to wake, linked through Waiter.wakeNext
    private Object dropOne; // the first dropped value; more in dropMore
    private ArrayList<Object> dropMore;
    private long waitedOne; // the first received value's enqueue time; more in waitedMore
    private long[] waitedMore;
    private int waitedMoreCount;

    Agenda(Consumer<Object> dropHandler) {
        this.dropHandler = dropHandler;
    }

    /**
     * Under the lock: queues {@code owner}, whose wait a step has just completed, to be woken, if
     * it may be parked ({@link Waiter#mayBeParked}); an owner that is still spinning sees the
     * completion by itself and is handed back instead. Either way this is the step's last access
     * to the owner: a plain waiter that was handed back may be reused by its thread at once.
     */
    final void wakeLater(Waiter owner) {
        if (!owner.mayBeParked()) {
            owner.handBack(); // the last access: the owner's thread may reuse it
            return;
        }
        owner.wakeNext = wakeHead;
        wakeHead = owner;
        pending |= WAKE;
    }

    /** Under the lock: queues a dropped value for the drop handler; may allocate, and then queues nothing. */
    final void dropLater(Object item) {
        if (dropOne == null) {
            dropOne = item;
        } else {
            if (dropMore == null) {
                dropMore = new ArrayList<>();
            }
            dropMore.add(item);
        }
        pending |= DROPS;
    }

    /** Under the lock: makes room for {@code n} more dropped values, so that queueing them allocates nothing. */
    final void reserveDrops(int n) {
        if (n > 1) {
            if (dropMore == null) {
                dropMore = new ArrayList<>(n);
            } else {
                dropMore.ensureCapacity(dropMore.size() + n);
            }
        }
    }

    /** Under the lock: queues a received value's enqueue time; may allocate, and then queues nothing. */
    final void waitedLater(long stamp) {
        if ((pending & WAITED) == 0) {
            waitedOne = stamp; // the single-value case needs no array
            pending |= WAITED;
            return;
        }
        if (waitedMore == null) {
            waitedMore = new long[8];
        } else if (waitedMoreCount == waitedMore.length) {
            waitedMore = Arrays.copyOf(waitedMore, waitedMoreCount * 2);
        }
        waitedMore[waitedMoreCount++] = stamp;
    }

    /** Under the lock: whether work is queued for after it is released. */
    final boolean hasAgenda() {
        return pending != 0;
    }

    /**
     * Releases the lock, then carries out the agenda taken while holding it: wakes the completed
     * waiters, reports the dropped values and the buffer wait times. Until the lock is released it
     * only reads and clears fields, so it cannot fail while holding it. Small, because it is
     * inlined into every {@code finally} of every locked region; the work is in {@link #flushAgenda}.
     */
    final void unlockAndFlush() {
        if (pending == 0) {
            unlock();
        } else {
            flushAgenda();
        }
    }

    /** {@link #unlockAndFlush} when there is work: takes the agenda, releases the lock, does the work. */
    private void flushAgenda() {
        int work = pending;
        pending = 0;
        Waiter wake = wakeHead;
        wakeHead = null;
        Object one = dropOne;
        ArrayList<Object> more = dropMore;
        dropOne = null;
        dropMore = null;
        long waited = 0;
        long[] waitedBatch = null;
        int waitedBatchCount = 0;
        if ((work & WAITED) != 0) {
            waited = waitedOne;
            if (waitedMoreCount > 0) {
                waitedBatch = waitedMore; // handed over, not copied: nothing is allocated before unlocking
                waitedBatchCount = waitedMoreCount;
                waitedMore = null;
                waitedMoreCount = 0;
            }
        }
        Probe p = probe;
        unlock();

        while (wake != null) {
            Waiter next = wake.wakeNext;
            wake.wakeNext = null;
            wake.unparkIfParked();
            wake = next;
        }
        if (one != null) {
            reportDrop(one);
            if (more != null) {
                more.forEach(this::reportDrop);
            }
        }
        if (waited != 0 && p != null) {
            long now = System.nanoTime();
            p.bufferWaited(now - waited);
            for (int i = 0; i < waitedBatchCount; i++) {
                p.bufferWaited(now - waitedBatch[i]);
            }
        }
    }

    private void reportDrop(Object item) {
        if (dropHandler != null) {
            runReporting(() -> dropHandler.accept(item));
        }
    }

    /** Runs a user callback, never under a lock; what it throws goes to the thread's uncaught-exception handler. */
    static void runReporting(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable t) {
            Thread self = Thread.currentThread();
            self.getUncaughtExceptionHandler().uncaughtException(self, t);
        }
    }
}
