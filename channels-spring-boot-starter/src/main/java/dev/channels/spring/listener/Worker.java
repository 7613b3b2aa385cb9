package dev.channels.spring.listener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One consuming thread of a {@link ChannelListenerContainer}: what it is doing now (its phase),
 * how many values it holds, and its counts.
 *
 * <p><b>Algorithm.</b> The thread moves through phases; two other parties may change a phase, each
 * with a compare-and-set from one phase only, so that every change has one winner:
 * <ul>
 * <li>a <em>waker</em> ({@link ChannelListenerContainer#pause()}, {@code stop()}) takes a thread
 * out of a receive it is waiting in: {@code RECEIVING -> WAKING}, interrupts it, then
 * {@code WOKEN}. The thread leaves {@code RECEIVING} only by a compare-and-set; if that fails, a
 * waker is at work, so it waits for {@code WOKEN} and clears the interrupt, which therefore never
 * reaches the listener's code;</li>
 * <li>the <em>shutdown report</em> counts the values a thread still holds after the timeout:
 * {@code HANDLING -> ABANDONED}. A thread whose value ends unfinished counts it only after its own
 * compare-and-set {@code HANDLING -> COUNTING} won, so a value is counted unfinished once, by the
 * report or by the thread, never by both; the report waits for a thread in {@code COUNTING} to
 * finish counting before it reads the counts.</li>
 * </ul>
 *
 * <p><b>Invariants.</b> Only the worker's own thread writes its counts and {@link #inHand()}; they
 * are published with release stores and read with acquire loads, so a reader sees each one
 * exactly as it was at some moment. A value is "in hand" from the moment the thread leaves
 * {@code RECEIVING} with it until its outcome is counted. Other threads never block a worker: a
 * waker's interrupt and a report's compare-and-set are all they do to it.
 */
final class Worker {
    /** Between values, at the pause gate or about to receive: holds nothing. */
    static final int IDLE = 0;
    /** Waiting for a value, or about to. */
    static final int RECEIVING = 1;
    /** A waker is interrupting the thread's receive. */
    static final int WAKING = 2;
    /** The waker has interrupted the thread; the thread clears the interrupt. */
    static final int WOKEN = 3;
    /** Holds {@link #inHand()} values: handling them, retrying, or passing on a failure. */
    static final int HANDLING = 4;
    /** Counting the outcome of the values it held as unfinished. */
    static final int COUNTING = 5;
    /** The shutdown report has counted the values it holds as unfinished. */
    static final int ABANDONED = 6;
    /** The thread has ended. */
    static final int DONE = 7;

    private static final VarHandle PHASE;
    private static final VarHandle IN_HAND;
    private static final VarHandle HANDLED;
    private static final VarHandle FAILED;
    private static final VarHandle UNFINISHED;
    private static final VarHandle RETRIED;
    private static final VarHandle DEAD_LETTERED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PHASE = lookup.findVarHandle(Worker.class, "phase", int.class);
            IN_HAND = lookup.findVarHandle(Worker.class, "inHand", int.class);
            HANDLED = lookup.findVarHandle(Worker.class, "handled", long.class);
            FAILED = lookup.findVarHandle(Worker.class, "failed", long.class);
            UNFINISHED = lookup.findVarHandle(Worker.class, "unfinished", long.class);
            RETRIED = lookup.findVarHandle(Worker.class, "retried", long.class);
            DEAD_LETTERED = lookup.findVarHandle(Worker.class, "deadLettered", long.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private volatile int phase = IDLE;
    private int inHand;
    private long handled;
    private long failed;
    private long unfinished;
    private long retried;
    private long deadLettered;
    private volatile Thread thread;

    void bind(Thread consuming) {
        thread = consuming;
    }

    int phase() {
        return phase;
    }

    /** Values held now. */
    int inHand() {
        return (int) IN_HAND.getAcquire(this);
    }

    long handled() {
        return (long) HANDLED.getAcquire(this);
    }

    long failed() {
        return (long) FAILED.getAcquire(this);
    }

    long unfinished() {
        return (long) UNFINISHED.getAcquire(this);
    }

    long retried() {
        return (long) RETRIED.getAcquire(this);
    }

    long deadLettered() {
        return (long) DEAD_LETTERED.getAcquire(this);
    }

    boolean isAlive() {
        Thread current = thread;
        return current != null && current.isAlive();
    }

    Thread thread() {
        return thread;
    }

    // --- the worker's own thread -----------------------------------------------------------------

    /** About to receive. A volatile write: a waker that sets a flag and then reads the phase sees it. */
    void receiving() {
        phase = RECEIVING;
    }

    /**
     * Leaves {@code RECEIVING} for {@code next}; if a waker is interrupting the thread, waits until it
     * has, and clears the interrupt.
     *
     * @return true if a waker interrupted the thread (its receive was woken, not interrupted by someone else)
     */
    boolean leaveReceiving(int next) {
        if (PHASE.compareAndSet(this, RECEIVING, next)) {
            return false;
        }
        while (phase == WAKING) {
            Thread.onSpinWait();
        }
        Thread.interrupted(); // the waker's interrupt, delivered before it set WOKEN
        phase = next;
        return true;
    }

    /** Holds values it did not receive through {@code RECEIVING} (a loop, which receives on its own). */
    void handling(int values) {
        IN_HAND.setRelease(this, values);
        phase = HANDLING;
    }

    /** Holds {@code values} values (leaving {@code RECEIVING}, or holding more of a batch). */
    void hold(int values) {
        IN_HAND.setRelease(this, values);
    }

    /** The values held ended well or failed: counted, and the thread holds nothing. */
    void handled(int values) {
        HANDLED.setRelease(this, handled + values);
        release();
    }

    void failed(int values) {
        FAILED.setRelease(this, failed + values);
        release();
    }

    /** Loops that threw: counted as failures; the thread goes on holding nothing. */
    void failedLoop() {
        FAILED.setRelease(this, failed + 1);
        release();
    }

    /**
     * The values held ended unfinished: counted, unless the shutdown report counted them already.
     *
     * @return false if the report had counted them
     */
    boolean unfinished(int values) {
        if (!PHASE.compareAndSet(this, HANDLING, COUNTING)) {
            release();
            return false;
        }
        UNFINISHED.setRelease(this, unfinished + values);
        release();
        return true;
    }

    void countRetry() {
        RETRIED.setRelease(this, retried + 1);
    }

    void deadLettered(int values) {
        DEAD_LETTERED.setRelease(this, deadLettered + values);
    }

    /**
     * Holds nothing. A release store is enough: a report's compare-and-set that wins just before it
     * is overwritten, which only means a value it counted as unfinished was finished after all.
     */
    private void release() {
        IN_HAND.setRelease(this, 0);
        PHASE.setRelease(this, IDLE);
    }

    void done() {
        IN_HAND.setRelease(this, 0);
        phase = DONE;
    }

    // --- other threads ---------------------------------------------------------------------------

    /** A waker: if the thread waits in a receive, interrupts it; a thread in any other phase is left alone. */
    void wake() {
        if (PHASE.compareAndSet(this, RECEIVING, WAKING)) {
            try {
                Thread current = thread;
                if (current != null) {
                    current.interrupt();
                }
            } finally {
                phase = WOKEN;
            }
        }
    }

    /**
     * The shutdown report: counts the values the thread holds as unfinished, once; waits for a
     * thread that is counting an outcome to finish.
     *
     * @return the values counted, 0 if it holds none
     */
    int abandon() {
        while (true) {
            int now = phase;
            if (now == COUNTING) {
                Thread.onSpinWait();
                continue;
            }
            if (now != HANDLING) {
                return 0;
            }
            int held = inHand();
            if (PHASE.compareAndSet(this, HANDLING, ABANDONED)) {
                return held;
            }
        }
    }

    /** Whether the thread is between phases that end on their own, without the listener's code. */
    boolean isSettling() {
        int now = phase;
        return now == IDLE || now == RECEIVING || now == WAKING || now == WOKEN || now == COUNTING;
    }
}
