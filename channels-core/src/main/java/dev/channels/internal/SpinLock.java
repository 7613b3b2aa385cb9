package dev.channels.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A test-and-test-and-set lock embedded in the object it guards.
 *
 * <p>Every critical section of a channel is a handful of field writes: no allocation on the hot
 * path, no user code, no parking. A thread that finds the lock taken therefore spins briefly, and
 * only if the holder seems to have been descheduled does it yield its carrier. Being a field of the
 * channel rather than a separate object, the lock shares the channel's cache lines, so taking it
 * costs one compare-and-set and releasing it one release store.
 *
 * <p><b>Invariant.</b> The state is 1 exactly while one thread holds the lock, between its
 * {@link #lock} (or successful {@link #tryLock}) and its {@link #unlock}; the lock is not
 * reentrant. Every caller holds it as {@code lock(); try { ... } finally { unlock(); }} (or
 * {@code unlockAndFlush}), so no path, whatever throws, leaves it held.
 *
 * <p>It extends {@link WaitQueue} only for the layout: the channel is its own receivers' queue,
 * whose ends so come first in the object, right before the lock word (see there).
 *
 * <p><b>When changing this file</b>, run {@code SelectLockingTest}, then
 * {@code ChannelLincheckTryOpsTest} (whose model checking interleaves every lock step) and
 * {@code ChannelStressTest}.
 */
abstract class SpinLock extends WaitQueue {
    private static final VarHandle STATE;
    private static final int SPINS_BEFORE_YIELD = 64;

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
        for (int spins = 0; ; spins++) {
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
