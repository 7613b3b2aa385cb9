package dev.channels.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The select algorithm: completes exactly one of several send and receive clauses.
 *
 * <ol>
 *   <li><b>Lock.</b> Lock every distinct channel of the select in {@link ChannelCore#id} order
 *       (a global order, so two selects never deadlock), never waiting for a lock while holding
 *       another (see {@link #lockAll}). While all are locked no clause can change
 *       readiness except by a foreign select being completed elsewhere, so the poll below sees one
 *       instant, as Go's does.</li>
 *   <li><b>Poll.</b> Find the ready clauses. A fair select picks one uniformly at random
 *       (reservoir sampling over the clauses, one pass); an ordered select picks the first. The
 *       pick is performed with the channel's own under-lock steps. If it fails, because the
 *       waiter that made it ready belonged to a select that has just completed elsewhere, that
 *       waiter is gone and the poll repeats.</li>
 *   <li><b>Default or timeout 0.</b> Nothing ready: unlock and report that.</li>
 *   <li><b>Register.</b> Queue one node per clause, all owned by one {@link Waiter}, then unlock
 *       all. A counterpart completes the select by completing any node's owner; close completes
 *       it with the closed flag. This thread's own nodes were not queued while it polled, so it
 *       can never meet itself, even with a send and a receive clause on one rendezvous channel.</li>
 *   <li><b>Clean up.</b> After waking (or giving up), remove the nodes of every other clause from
 *       their queues, one channel at a time, so no waiter outlives the select.</li>
 * </ol>
 *
 * <p><b>Invariant.</b> Under the locks, a select only reads readiness and performs one step of
 * the clause's channel; it allocates its waiter and nodes only on the way to waiting and, if that
 * fails, takes back what it queued, so no path leaves a lock held or a node behind. The agenda of
 * the channel whose clause completed runs after every lock is released.
 *
 * <p>An engine is immutable and may be reused; each {@link #select} call is independent.
 *
 * <p><b>When changing this file</b>, run {@code SelectEngineTest}, {@code SelectLockingTest},
 * {@code SelectTest} and {@code ChannelFairnessTest}, then {@code ChannelLincheckRendezvousTest}
 * (selects over two channels against parked threads), the selects kind of
 * {@code ChannelLincheckTryOpsTest}, and {@code ChannelStressTest} (selects over ten channels).
 */
public final class SelectEngine {
    /** {@link Outcome#clause()} when the default clause was chosen. */
    public static final int DEFAULT_CLAUSE = -1;
    /** {@link Outcome#clause()} when the timeout passed first. */
    public static final int TIMEOUT_CLAUSE = -2;

    private static final Outcome DEFAULT_OUTCOME = new Outcome(DEFAULT_CLAUSE, false, null);
    private static final Outcome TIMED_OUT_OUTCOME = new Outcome(TIMEOUT_CLAUSE, false, null);

    private final ChannelCore[] cores;
    private final boolean[] sends;
    private final Object[] items;
    private final ChannelCore[] lockOrder;

    /**
     * Describes the clauses of a select.
     *
     * @param cores each clause's channel; a channel may appear in several clauses
     * @param sends whether each clause sends (else it receives)
     * @param items each send clause's value (ignored for receive clauses)
     */
    public SelectEngine(ChannelCore[] cores, boolean[] sends, Object[] items) {
        if (cores.length != sends.length || cores.length != items.length) {
            throw new IllegalArgumentException("clause arrays differ in length");
        }
        this.cores = cores.clone();
        this.sends = sends.clone();
        this.items = items.clone();
        this.lockOrder = Arrays.stream(cores).distinct()
                .sorted(Comparator.comparingLong(c -> c.id))
                .toArray(ChannelCore[]::new);
    }

    /**
     * What a select did.
     *
     * @param clause the index of the completed clause, or {@link #DEFAULT_CLAUSE}, or {@link #TIMEOUT_CLAUSE}
     * @param closed whether the clause completed because its channel is closed
     * @param item the value a receive clause took (null otherwise)
     */
    public record Outcome(int clause, boolean closed, Object item) {
    }

    /**
     * Runs the select once.
     *
     * @param fair pick uniformly among ready clauses (else the first ready one)
     * @param hasDefault return {@link #DEFAULT_CLAUSE} instead of waiting when nothing is ready
     * @param timeoutNanos how long to wait: {@link ChannelCore#FOREVER}, or a bound
     * @return the outcome
     * @throws InterruptedException if interrupted while waiting; no clause then completed
     */
    public Outcome select(boolean fair, boolean hasDefault, long timeoutNanos) throws InterruptedException {
        int clause = -1;
        Object result = null;
        Waiter owner;
        Waiter[] nodes;
        lockAll();
        try {
            for (;;) { // poll until a clause completes or none is ready
                clause = fair ? pickRandomReady() : pickFirstReady();
                if (clause < 0) {
                    break;
                }
                result = perform(clause);
                if (result != null) {
                    break;
                }
            }
            if (clause >= 0 || hasDefault || timeoutNanos == 0) {
                owner = null;
                nodes = null;
            } else {
                Waiting.throwIfInterrupted();
                owner = new Waiter(null);
                nodes = registerLocked(owner);
            }
        } finally {
            unlockAll();
        }
        if (clause >= 0) {
            return result == NoValue.CLOSED ? new Outcome(clause, true, null)
                    : new Outcome(clause, false, sends[clause] ? null : result);
        }
        if (owner == null) {
            return hasDefault ? DEFAULT_OUTCOME : TIMED_OUT_OUTCOME;
        }
        AdaptiveSpin spin = cores.length > 0 ? cores[0].spin : AdaptiveSpin.NEVER;
        int outcome = owner.await(spin, timeoutNanos);
        deregister(nodes);
        if (outcome == Waiter.GAVE_UP_INTERRUPTED) {
            throw new InterruptedException();
        }
        if (outcome == Waiter.GAVE_UP_TIMED_OUT) {
            return TIMED_OUT_OUTCOME;
        }
        clause = Waiter.clauseOf(outcome);
        boolean closed = Waiter.isClosed(outcome);
        return new Outcome(clause, closed, closed || sends[clause] ? null : nodes[clause].item);
    }

    private int pickFirstReady() {
        for (int i = 0; i < cores.length; i++) {
            if (isReady(i)) {
                return i;
            }
        }
        return -1;
    }

    private int pickRandomReady() {
        int pick = -1;
        int ready = 0;
        ThreadLocalRandom random = null;
        for (int i = 0; i < cores.length; i++) {
            if (isReady(i)) {
                ready++;
                if (ready == 1) {
                    pick = i;
                } else {
                    if (random == null) {
                        random = ThreadLocalRandom.current();
                    }
                    if (random.nextInt(ready) == 0) {
                        pick = i;
                    }
                }
            }
        }
        return pick;
    }

    private boolean isReady(int clause) {
        return sends[clause] ? cores[clause].canSendLocked() : cores[clause].canReceiveLocked();
    }

    /**
     * Performs a ready clause with the channel's own under-lock step, allocating nothing.
     *
     * @return for a receive clause the value, for a send clause {@link SendResult#SENT};
     *     {@link NoValue#CLOSED} if the channel is closed; null if a waiter that made the clause
     *     ready turned out to be stale
     */
    private Object perform(int clause) {
        ChannelCore core = cores[clause];
        if (sends[clause]) {
            SendResult result = core.offerLocked(items[clause]);
            return result == SendResult.WOULD_BLOCK ? null : result == SendResult.CLOSED ? NoValue.CLOSED : result;
        }
        return core.pollLocked();
    }

    /**
     * Queues one node per clause, all owned by {@code owner}. If an allocation fails midway, the
     * owner is cancelled and the nodes queued so far are taken back, as if the select had given up.
     */
    private Waiter[] registerLocked(Waiter owner) {
        Waiter[] nodes = new Waiter[cores.length];
        int queued = 0;
        try {
            for (; queued < cores.length; queued++) {
                nodes[queued] = new Waiter(owner, queued, sends[queued] ? items[queued] : null);
                queueOf(queued).add(nodes[queued]);
            }
        } catch (Throwable allocationFailed) {
            owner.cancel();
            for (int i = 0; i < queued; i++) {
                queueOf(i).remove(nodes[i]);
            }
            throw allocationFailed;
        }
        return nodes;
    }

    private WaitQueue queueOf(int clause) {
        return sends[clause] ? cores[clause].senders : cores[clause].receivers;
    }

    /** The channels in the order {@link #lockAll} locks them: each distinct one once, by {@link ChannelCore#id}. */
    ChannelCore[] lockOrder() {
        return lockOrder.clone();
    }

    /** Removes every node still queued, locking one channel at a time. */
    private void deregister(Waiter[] nodes) {
        for (ChannelCore core : lockOrder) {
            core.lock();
            try {
                for (int i = 0; i < cores.length; i++) {
                    if (cores[i] == core) {
                        queueOf(i).remove(nodes[i]);
                    }
                }
            } finally {
                core.unlockAndFlush();
            }
        }
    }

    /**
     * Locks every channel, in {@link ChannelCore#id} order. Only the first lock is waited for;
     * each further one is tried, and if it is taken, every lock held is released, the taken one is
     * waited for while holding none, and the round starts again. A thread that waited while
     * holding a lock could yield its carrier and then queue behind the virtual threads spinning for
     * the lock it holds, which yield too: a livelock.
     */
    void lockAll() {
        ChannelCore[] order = lockOrder;
        if (order.length == 0) {
            return; // a select with only a default or a timeout clause
        }
        retry:
        for (;;) {
            order[0].lock();
            for (int i = 1; i < order.length; i++) {
                if (!order[i].tryLock()) {
                    for (int j = i - 1; j >= 0; j--) {
                        order[j].unlock(); // nothing was done under these locks yet: no agenda
                    }
                    order[i].lock();
                    order[i].unlock();
                    continue retry;
                }
            }
            return;
        }
    }

    /**
     * Unlocks every channel, releasing the other locks before the agenda of the completed clause's
     * channel runs: an agenda may run user code (a drop handler, a probe), which must not run while
     * this thread still holds another channel's lock. Only that channel can have an agenda, since
     * a clause that could not be performed changed nothing.
     */
    void unlockAll() {
        ChannelCore withAgenda = null;
        for (ChannelCore core : lockOrder) {
            if (withAgenda == null && core.hasAgenda()) {
                withAgenda = core;
            } else {
                core.unlockAndFlush();
            }
        }
        if (withAgenda != null) {
            withAgenda.unlockAndFlush();
        }
    }
}
