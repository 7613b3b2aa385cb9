package dev.channels.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread's pending operation, and the node that stands for it in a channel's {@link WaitQueue}.
 *
 * <p>A plain blocking send or receive uses one waiter that is its own {@link #owner}. A select
 * uses one owner waiter, which is never queued, plus one node per clause whose owner is that
 * waiter; each node sits in the queue of its clause's channel.
 *
 * <p><b>The protocol.</b> The owner's {@link #state} starts {@link #STATE_WAITING} and changes
 * exactly once, by compare-and-set, to either {@link #STATE_CANCELLED} (the waiting thread gave
 * up: timeout or interrupt) or to a completion code (positive) naming the clause that completed
 * and whether it completed because its channel closed. Whoever wins that race owns the outcome:
 * <ul>
 *   <li>A counterpart (holding the node's channel lock) that completes a receive node writes the
 *       value into {@link #item} <em>before</em> the compare-and-set, so the volatile write
 *       publishes it; it then wakes the owner's thread after releasing the lock.</li>
 *   <li>A counterpart that completes a send node reads {@link #item} (fixed at creation).</li>
 *   <li>A waiting thread that cancels removes its nodes from their queues itself; a node whose
 *       owner is no longer waiting is also dropped by any counterpart that meets it.</li>
 * </ul>
 * Hence a value is handed over exactly once, and an interrupted or timed-out operation either
 * completed (and reports success) or left no trace.
 *
 * <p><b>Reuse.</b> A plain operation takes its waiter from {@link #ofCurrentThread}: the thread's
 * spare waiter, kept in a thread-local, if it is free, else a new one that becomes the spare. The
 * waiting thread frees it ({@link #release}) once it has read the outcome and the value, and only
 * if its completer handed it back ({@link #handBack}, the completer's last access, made only when
 * the owner never announced a park, so it was not queued to be woken; see
 * {@link Agenda#wakeLater}) and it is out of every queue (a claimer removes a node before
 * completing it). A wait that was given up, or that parked, is never reused. So a waiter is reused
 * only when nothing else can reach it, and a busy pair of threads that spin rather than park
 * allocates no waiter per value.
 *
 * <p><b>Codes.</b> States ({@code STATE_*}) and completions are what {@link #state} holds; what
 * {@link #await} returns is a completion or a give-up ({@code GAVE_UP_*}, negative). The two sets
 * never share a value, and a completion is told from both by {@link #isCompletion}.
 *
 * <p><b>When changing this file</b>, run {@code WaiterTest} (when a waiter is reused),
 * {@code WaitQueueTest} (the codes),
 * {@code ChannelLincheckRendezvousTest} (park and wake-up, interleaving by interleaving),
 * {@code ChannelInterruptTest} and {@code ChannelLeakTest}, then {@code ChannelStressTest}.
 */
final class Waiter {
    /** Owner state: nothing has happened yet. */
    static final int STATE_WAITING = 0;
    /** Owner state: the waiting thread gave up. */
    static final int STATE_CANCELLED = 1;
    /** What {@link #await} returns when the thread was interrupted and gave up. */
    static final int GAVE_UP_INTERRUPTED = -1;
    /** What {@link #await} returns when the timeout passed and the thread gave up. */
    static final int GAVE_UP_TIMED_OUT = -2;

    private static final int CLOSED_FLAG = 2;
    private static final VarHandle STATE;
    private static final VarHandle HANDED_BACK;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
            HANDED_BACK = MethodHandles.lookup().findVarHandle(Waiter.class, "handedBack", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiter whose state decides this node's fate: itself, or the select that made it. */
    final Waiter owner;
    /** The thread to wake. */
    final Thread thread;
    /** Index of the select clause this node stands for; 0 for a plain operation. */
    final int clause;
    /** The value offered by a sender, or the value handed to a receiver. */
    Object item;

    /** Queue links and membership, guarded by the lock of the channel whose queue holds it. */
    Waiter prev;
    Waiter next;
    boolean queued;

    /** Link in a channel's list of owners to wake once its lock is released. */
    Waiter wakeNext;

    private volatile int state;

    /**
     * Set by the owner just before it parks. A completer unparks only an owner that may be parked:
     * the owner writes this flag and then reads {@link #state}; the completer writes the state and
     * then reads this flag (both volatile), so at least one of them sees the other.
     */
    private volatile boolean parked;

    /** Each thread's spare waiter for plain operations; see {@link #ofCurrentThread}. */
    private static final ThreadLocal<Waiter> SPARE = new ThreadLocal<>();

    /** Read and written only by {@link #thread}: this spare may be taken for the next operation. */
    private boolean free;

    /**
     * Set by the completer once it will not touch this waiter again ({@link Agenda#wakeLater}),
     * with a release store: the completer's reads of the waiter come before it. Read by the
     * waiting thread with an acquire load, after its volatile read of the completion.
     */
    private boolean handedBack;

    /**
     * A waiter for a plain operation of the current thread, offering {@code item} (or null): the
     * thread's spare if it was released, else a new one, which becomes the spare. The caller
     * queues it under a channel's lock, which publishes the reset fields to counterparts.
     */
    static Waiter ofCurrentThread(Object item) {
        Waiter w = SPARE.get();
        if (w != null && w.free) {
            // Plain stores, no fences: no other thread can reach this waiter until the caller
            // queues it under a channel's lock, whose release publishes them.
            w.free = false;
            w.handedBack = false;
            w.item = item;
            STATE.set(w, STATE_WAITING);
            return w;
        }
        w = new Waiter(item);
        SPARE.set(w);
        return w;
    }

    /**
     * By the waiting thread, once it has read this plain waiter's outcome and value: frees it for
     * the thread's next operation if nothing else can reach it any more: its completer is done
     * with it ({@link #handBack}), it never announced a park (so no completer queued it to be
     * woken) and it is in no queue. Otherwise the next operation makes a new waiter.
     */
    void release() {
        if ((boolean) HANDED_BACK.getAcquire(this) && !parked && !queued && owner == this && thread == Thread.currentThread()) {
            item = null;
            free = true;
        }
    }

    /** A waiter for a plain operation of the current thread, offering {@code item} (or null). */
    Waiter(Object item) {
        this.owner = this;
        this.thread = Thread.currentThread();
        this.clause = 0;
        this.item = item;
    }

    /** A node for clause {@code clause} of the select whose waiter is {@code owner}. */
    Waiter(Waiter owner, int clause, Object item) {
        this.owner = owner;
        this.thread = owner.thread;
        this.clause = clause;
        this.item = item;
    }

    /** The completion code for {@code clause}, completed normally or by its channel closing. */
    static int completion(int clause, boolean closed) {
        return ((clause + 1) << 2) | (closed ? CLOSED_FLAG : 0);
    }

    /** Whether {@code outcome} (from {@link #await}) is a completion rather than a give-up. */
    static boolean isCompletion(int outcome) {
        return outcome > STATE_CANCELLED;
    }

    /** The clause index of a completion code. */
    static int clauseOf(int completion) {
        return (completion >>> 2) - 1;
    }

    /** Whether a completion code says the clause's channel was closed. */
    static boolean isClosed(int completion) {
        return (completion & CLOSED_FLAG) != 0;
    }

    /** True while this owner has neither completed nor been cancelled. */
    boolean isWaiting() {
        return state == STATE_WAITING;
    }

    /** Completes this owner with {@code completion}; false if it was already completed or cancelled. */
    boolean complete(int completion) {
        return STATE.compareAndSet(this, STATE_WAITING, completion);
    }

    /** Cancels this owner; false if a counterpart completed it first. */
    boolean cancel() {
        return STATE.compareAndSet(this, STATE_WAITING, STATE_CANCELLED);
    }

    /**
     * Waits until this owner is completed, or until the timeout passes or the thread is
     * interrupted and the wait could be cancelled. Spins first, as long as {@code spin} allows,
     * then yields the carrier as often as it allows (for at most {@link AdaptiveSpin#YIELD_NANOS},
     * and reporting a yield that alone took that long: {@link AdaptiveSpin#yieldWasSlow}), then
     * parks. A completion always wins over a late interrupt: then the completion is returned
     * and the interrupt status is set again. This is the one place where a timeout becomes a
     * deadline and the time left to it is computed.
     *
     * @param spin the channel's spin budget, adjusted by how this wait goes
     * @param timeoutNanos how long to wait, from now: positive, or negative
     *     ({@link ChannelCore#FOREVER}) for no limit
     * @return a completion code, {@link #GAVE_UP_INTERRUPTED} or {@link #GAVE_UP_TIMED_OUT}
     */
    int await(AdaptiveSpin spin, long timeoutNanos) {
        boolean timed = timeoutNanos > 0;
        long deadline = timed ? System.nanoTime() + timeoutNanos : 0;
        int spins = spin.budget();
        if (spins > 0) {
            for (; spins > 0; spins--) {
                int s = state;
                if (s != STATE_WAITING) {
                    spin.paidOff();
                    return s;
                }
                Thread.onSpinWait();
            }
            spin.wasted();
        }
        int yields = spin.yields();
        if (yields > 0) {
            long start = System.nanoTime();
            long before = start;
            for (;;) {
                Thread.yield(); // a counterpart queued on this carrier runs now, and may complete this wait
                long after = System.nanoTime();
                boolean slow = after - before >= AdaptiveSpin.YIELD_NANOS;
                if (slow) {
                    spin.yieldWasSlow(after); // the scheduler is busy: park instead, everywhere
                }
                int s = state;
                if (s != STATE_WAITING) {
                    return s;
                }
                if (slow || --yields == 0 || after - start >= AdaptiveSpin.YIELD_NANOS) {
                    break;
                }
                before = after;
            }
        }
        for (;;) {
            int s = state;
            if (s != STATE_WAITING) {
                return s;
            }
            if (Thread.interrupted()) {
                if (cancel()) {
                    return GAVE_UP_INTERRUPTED;
                }
                Thread.currentThread().interrupt();
                return state;
            }
            if (!parked) {
                parked = true;
                continue; // look at the state once more before parking: see unparkIfParked
            }
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return cancel() ? GAVE_UP_TIMED_OUT : state;
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /**
     * By a completer, right after its compare-and-set, under the lock: whether the owner may be
     * parked, or about to park, and so must be woken. The owner writes {@link #parked} and then
     * reads {@link #state}; the completer writes the state and then reads this flag (both
     * volatile), so at least one of them sees the other: false means the owner will see the
     * completion without parking.
     */
    boolean mayBeParked() {
        return parked;
    }

    /** By the completer, as its last access: this owner was not queued to be woken and may be reused. */
    void handBack() {
        HANDED_BACK.setRelease(this, true);
    }

    /** Wakes this completed owner's thread if it parked, or is about to; a spinning one needs nothing. */
    void unparkIfParked() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }
}
