package dev.channels.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A test-and-test-and-set lock with exponential backoff, embedded in the object it guards.
 *
 * <p>Every critical section of a channel is a handful of field writes: no allocation on the hot
 * path, no user code, no parking. A thread that finds the lock taken therefore spins briefly, and
 * only if the holder seems to have been descheduled does it yield its carrier. Being a field of the
 * channel rather than a separate object, the lock shares the channel's cache lines, so taking it
 * costs one compare-and-set and releasing it one release store.
 *
 * <p><b>Algorithm of a contended {@link #lock}.</b> Attempt {@code k} (from 0) reads the lock word
 * and, if it is free, tries one compare-and-set. After a failed attempt the thread pauses for
 * {@link #backoff backoff(k)} spin-wait hints without touching the lock's cache line: 1, 2, 4, ...
 * up to {@value #BACKOFF_MAX}. From attempt {@value #ATTEMPTS_BEFORE_YIELD} on it yields between
 * attempts instead. So a thread spins for at most 1,279 hints before it yields.
 *
 * <p><b>Why back off.</b> On two cores, a sender and a receiver on one buffered channel take its
 * lock in turn, and each turn moves the lock's cache line to the other core. A thread that backs
 * off leaves the line where it is, so the holder takes the lock again for its next step at the cost
 * of a local compare-and-set: the two sides work in runs rather than one step each. Measured (JMH
 * on two cores, virtual threads, two forks a side, one jar, backoff chosen by a property): a
 * buffered(100) pair went from 240 to 80 ns per value, an unlimited pair from 194 to 27, a select
 * over two buffered(16) channels built in the loop from 372 to 223 and one over four from 327 to
 * 220, the ping-pong from 767 to 720; the rendezvous pair, fan-in, the chain and a thousand pairs
 * did not change. A cap of 512 did no better than 128, and 8 or 32 less well on buffered(100).
 * Yielding after 16 attempts rather than 64 measured the same (buffered(100) 98 against 94 ns)
 * and keeps the spin before a yield short when the holder's carrier has been descheduled.
 *
 * <p><b>Invariant.</b> The state is 1 exactly while one thread holds the lock, between its
 * {@link #lock} (or successful {@link #tryLock}) and its {@link #unlock}; the lock is not
 * reentrant. Every caller holds it as {@code lock(); try { ... } finally { unlock(); }} (or
 * {@code unlockAndFlush}), so no path, whatever throws, leaves it held.
 *
 * <p>It extends {@link WaitQueue} only for the layout: the channel is its own receivers' queue,
 * whose ends so come first in the object, right before the lock word (see there).
 *
 * <p><b>When changing this file</b>, run {@code SpinLockTest} and {@code SelectLockingTest}, then
 * {@code ChannelLincheckTryOpsTest} (whose model checking interleaves every lock step) and
 * {@code ChannelStressTest}.
 */
abstract class SpinLock extends WaitQueue {
    private static final VarHandle STATE;
    /** The longest pause between two attempts, in spin-wait hints. */
    static final int BACKOFF_MAX = 128;
    /** Attempts with pauses between them; the attempts after these yield between them. */
    static final int ATTEMPTS_BEFORE_YIELD = 16;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** Takes the lock, spinning and then yielding while another thread holds it. */
    final void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    /**
     * Takes the lock if it is free now; never spins or yields. For taking a further lock while
     * holding others: a thread must not yield while it holds a lock, since threads spinning for
     * that lock would then compete with it for a carrier.
     *
     * @return true if the lock was taken
     */
    final boolean tryLock() {
        return (int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1);
    }

    /** Releases the lock; writes made while holding it are visible to the next holder. */
    final void unlock() {
        STATE.setRelease(this, 0);
    }

    private void lockContended() {
        for (int attempt = 0; ; attempt++) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (attempt < ATTEMPTS_BEFORE_YIELD) {
                pause(backoff(attempt));
            } else {
                Thread.yield();
            }
        }
    }

    /** The pause after failed attempt {@code attempt}, in spin-wait hints: 1, 2, 4, ... up to {@link #BACKOFF_MAX}. */
    static int backoff(int attempt) {
        return attempt >= Integer.numberOfTrailingZeros(BACKOFF_MAX) ? BACKOFF_MAX : 1 << attempt;
    }

    private static void pause(int hints) {
        for (int i = 0; i < hints; i++) {
            Thread.onSpinWait();
        }
    }
}
