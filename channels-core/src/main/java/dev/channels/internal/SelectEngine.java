package dev.channels.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The select algorithm: completes exactly one of several send and receive clauses.
 *
 * <ol>
 *   <li><b>Try alone.</b> A fair select first tries its clauses one at a time in a uniformly
 *       random order, each under its own channel's lock alone, and performs the first that is
 *       ready ({@link #tryAlone}); an ordered select tries its first clause so. The first ready
 *       clause of a random order is a uniform pick among the ready ones, and each try is one step of
 *       one channel, so a clause performed here completes at that instant as it would below. A
 *       select in a Go-style loop over busy channels mostly ends here, locking one channel instead
 *       of all. If no clause was ready, the steps below look again with every lock held.</li>
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
 *   <li><b>Register.</b> Queue one node per clause, all owned by one {@link Waiter} (which is
 *       itself the node of the first clause), then unlock all. A counterpart completes the select by completing any node's owner; close completes
 *       it with the closed flag. This thread's own nodes were not queued while it polled, so it
 *       can never meet itself, even with a send and a receive clause on one rendezvous channel.</li>
 *   <li><b>Clean up.</b> After waking (or giving up), remove the nodes of every other clause from
 *       their queues, one channel at a time, so no waiter outlives the select.</li>
 * </ol>
 *
 * <p><b>Invariant.</b> A select holds one lock at a time while it tries clauses alone, and all of
 * them (taken as {@link #lockAll} says) while it polls and registers. Under the locks, a select
 * only reads readiness and performs one step of the clause's channel; it allocates its waiter and nodes only on the way to waiting and, if that
 * fails, takes back what it queued, so no path leaves a lock held or a node behind. The agenda of
 * the channel whose clause completed runs after every lock is released.
 *
 * <p><b>Cost.</b> A select is built for every value in a Go-style loop, so the engine keeps its
 * clauses' channels in a small array that grows by doubling ({@link #add}) and the send clauses'
 * values in a second one, made only once a clause sends (a select of receives has none); plans
 * the lock order without streams or boxing (clauses added in id order, the common case, are their
 * own lock order and need no array, and a select that completes in its first pass plans no lock
 * order at all); returns the chosen clause as an {@code int} with the value and the closed flag in
 * fields ({@link #item()}, {@link #closed()}); and reuses its node array from one wait to the
 * next. A select that completes at once allocates nothing beyond the builder's arrays.
 *
 * <p>An engine is used by one thread at a time (as {@code dev.channels.Select} is awaited); it
 * may be run again and again, and clauses may be added between runs. The results of a run are
 * read by the thread that ran it, before it runs the engine again.
 *
 * <p><b>When changing this file</b>, run {@code SelectEngineTest}, {@code SelectLockingTest},
 * {@code SelectTest} and {@code ChannelFairnessTest} (the first pass's random order must stay a
 * uniform pick among the ready clauses), then {@code ChannelLincheckRendezvousTest}
 * (selects over two channels against parked threads), the selects kind of
 * {@code ChannelLincheckTryOpsTest}, and {@code ChannelStressTest} (selects over ten channels).
 */
public final class SelectEngine {
    /** What {@link #select} returns when the default clause was chosen. */
    public static final int DEFAULT_CLAUSE = -1;
    /** What {@link #select} returns when the timeout passed first. */
    public static final int TIMEOUT_CLAUSE = -2;

    /** Marks a receive clause in {@link #items}: a send clause holds its value, never this. */
    private static final Object RECEIVE = new Object();
    private static final int INITIAL_CLAUSES = 4;
    /** Up to this many channels, the lock order is sorted by insertion, which allocates nothing. */
    private static final int INSERTION_SORT_MAX = 16;
    private static final Comparator<ChannelCore> BY_ID = Comparator.comparingLong(c -> c.id);
    private static final ChannelCore[] NONE = new ChannelCore[0];

    private ChannelCore[] cores; // each clause's channel; a channel may appear in several clauses
    private Object[] items; // each send clause's value, RECEIVE for a receive clause; null while none sends
    private int size;
    /** The distinct channels, by id, in {@code lockOrder[0..locks)}; null until planned after a change. */
    private ChannelCore[] lockOrder;
    private int locks;
    private Waiter[] nodes; // the last wait's nodes, reused by the next one

    /** The last run's results: the value a receive clause took, and whether the channel was closed. */
    private Object item;
    private boolean closed;

    /** An engine without clauses yet: add them with {@link #add}. */
    public SelectEngine() {
    }

    /**
     * Describes the clauses of a select at once.
     *
     * @param cores each clause's channel; a channel may appear in several clauses
     * @param sends whether each clause sends (else it receives)
     * @param items each send clause's value (ignored for receive clauses)
     */
    public SelectEngine(ChannelCore[] cores, boolean[] sends, Object[] items) {
        if (cores.length != sends.length || cores.length != items.length) {
            throw new IllegalArgumentException("clause arrays differ in length");
        }
        for (int i = 0; i < cores.length; i++) {
            add(cores[i], sends[i], items[i]);
        }
    }

    /**
     * Adds a clause; its index is the number of clauses added before it.
     *
     * @param core the clause's channel
     * @param send whether the clause sends (else it receives)
     * @param item a send clause's value, not null (ignored for a receive clause)
     */
    public void add(ChannelCore core, boolean send, Object item) {
        if (send && item == null) {
            throw new IllegalArgumentException("a send clause needs a value");
        }
        if (cores == null) {
            cores = new ChannelCore[INITIAL_CLAUSES];
        } else if (size == cores.length) {
            cores = Arrays.copyOf(cores, size * 2);
        }
        if (items == null && send) {
            items = new Object[cores.length]; // the first send clause: every earlier one receives
            Arrays.fill(items, RECEIVE);
        } else if (items != null && items.length < cores.length) {
            items = Arrays.copyOf(items, cores.length);
        }
        cores[size] = core;
        if (items != null) {
            items[size] = send ? item : RECEIVE;
        }
        size++;
        lockOrder = null;
    }

    /** The number of clauses. */
    public int size() {
        return size;
    }

    /** Whether clause {@code clause} sends. */
    public boolean isSend(int clause) {
        return items != null && items[clause] != RECEIVE;
    }

    /** The value send clause {@code clause} offers; null for a receive clause. */
    public Object sendValue(int clause) {
        return isSend(clause) ? items[clause] : null;
    }

    /** Clause {@code clause}'s channel. */
    public ChannelCore core(int clause) {
        return cores[clause];
    }

    /** After a run that completed a clause: whether it completed because its channel is closed. */
    public boolean closed() {
        return closed;
    }

    /** After a run that completed a receive clause with a value: the value (null otherwise). */
    public Object item() {
        return item;
    }

    /**
     * Runs the select once.
     *
     * @param fair pick uniformly among ready clauses (else the first ready one)
     * @param hasDefault return {@link #DEFAULT_CLAUSE} instead of waiting when nothing is ready
     * @param timeoutNanos how long to wait: {@link ChannelCore#FOREVER}, or a bound
     * @return the index of the completed clause (see {@link #closed()} and {@link #item()}),
     *     {@link #DEFAULT_CLAUSE} or {@link #TIMEOUT_CLAUSE}
     * @throws InterruptedException if interrupted while waiting; no clause then completed
     */
    public int select(boolean fair, boolean hasDefault, long timeoutNanos) throws InterruptedException {
        item = null;
        closed = false;
        if (size > 0) {
            int ready = tryAlone(fair);
            if (ready >= 0) {
                return ready;
            }
        }
        if (lockOrder == null) {
            planLocks();
        }
        int clause = -1;
        Object result = null;
        Waiter owner;
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
            } else {
                Waiting.throwIfInterrupted();
                owner = registerLocked();
            }
        } finally {
            unlockAll();
        }
        if (clause >= 0) {
            if (result == NoValue.CLOSED) {
                closed = true;
            } else if (!isSend(clause)) {
                item = result;
            }
            return clause;
        }
        if (owner == null) {
            return hasDefault ? DEFAULT_CLAUSE : TIMEOUT_CLAUSE;
        }
        AdaptiveSpin spin = size > 0 ? cores[0].spin : AdaptiveSpin.NEVER;
        int outcome = owner.await(spin, timeoutNanos);
        Waiter[] queued = nodes;
        deregister(queued);
        if (!Waiter.isCompletion(outcome)) {
            forget(queued);
            if (outcome == Waiter.GAVE_UP_INTERRUPTED) {
                throw new InterruptedException();
            }
            return TIMEOUT_CLAUSE;
        }
        clause = Waiter.clauseOf(outcome);
        closed = Waiter.isClosed(outcome);
        if (!closed && !isSend(clause)) {
            item = queued[clause].item;
        }
        forget(queued);
        return clause;
    }

    /** Clauses beyond this many are not tried alone: the set of those tried is one {@code long}. */
    private static final int ALONE_MAX = Long.SIZE;

    /**
     * The first pass: tries clauses one at a time, each under its own channel's lock alone, and
     * performs the first that is ready. A fair select tries them in a uniformly random order (so
     * the first ready one is a uniform pick among those ready), an ordered one tries only its
     * first clause (a later one may be the first ready only at an instant when the earlier ones
     * were not, which one lock at a time cannot show). Each try is one step of one channel, so the
     * clause performed completes at that instant; if none does, the caller polls again with every
     * lock held.
     *
     * @return the clause performed (its results in {@link #item} and {@link #closed}), or -1
     */
    private int tryAlone(boolean fair) {
        if (!fair) {
            return tryClause(0) ? 0 : -1;
        }
        int n = size;
        if (n > ALONE_MAX) {
            return -1;
        }
        if (n == 1) {
            return tryClause(0) ? 0 : -1;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long untried = n == Long.SIZE ? -1L : (1L << n) - 1;
        for (int left = n; left > 0; left--) {
            long bits = untried;
            for (int k = left == 1 ? 0 : random.nextInt(left); k > 0; k--) {
                bits &= bits - 1; // drop the lowest untried clause: the k-th one is then the lowest
            }
            int clause = Long.numberOfTrailingZeros(bits);
            untried &= ~(1L << clause);
            if (tryClause(clause)) {
                return clause;
            }
        }
        return -1;
    }

    /** Performs clause {@code clause} if it is ready, under its channel's lock alone; records the results. */
    private boolean tryClause(int clause) {
        ChannelCore core = cores[clause];
        Object result;
        core.lock();
        try {
            result = perform(clause);
        } finally {
            core.unlockAndFlush();
        }
        if (result == null) {
            return false;
        }
        if (result == NoValue.CLOSED) {
            closed = true;
        } else if (!isSend(clause)) {
            item = result;
        }
        return true;
    }

    private int pickFirstReady() {
        for (int i = 0; i < size; i++) {
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
        for (int i = 0; i < size; i++) {
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
        return isSend(clause) ? cores[clause].canSendLocked() : cores[clause].canReceiveLocked();
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
        if (isSend(clause)) {
            SendResult result = core.offerLocked(items[clause]);
            return result == SendResult.WOULD_BLOCK ? null : result == SendResult.CLOSED ? NoValue.CLOSED : result;
        }
        return core.pollLocked();
    }

    /**
     * Queues one node per clause, all owned by the returned owner, which is itself the node of
     * clause 0; the nodes are left in {@link #nodes}. If an allocation fails midway, the owner is
     * cancelled and the nodes queued so far are taken back, as if the select had given up.
     */
    private Waiter registerLocked() {
        if (size == 0) {
            return new Waiter(null); // only a timeout clause: nothing to queue
        }
        Waiter[] queued = nodes;
        if (queued == null || queued.length < size) {
            queued = new Waiter[cores.length];
            nodes = queued;
        }
        Waiter owner = new Waiter(sendValue(0));
        int count = 0;
        try {
            queued[0] = owner;
            queueOf(0).add(owner);
            for (count = 1; count < size; count++) {
                queued[count] = new Waiter(owner, count, sendValue(count));
                queueOf(count).add(queued[count]);
            }
        } catch (Throwable allocationFailed) {
            owner.cancel();
            for (int i = 0; i < count; i++) {
                queueOf(i).remove(queued[i]);
            }
            Arrays.fill(queued, 0, size, null);
            throw allocationFailed;
        }
        return owner;
    }

    /** Lets the last wait's nodes go, with the values they hold; the array is kept for the next wait. */
    private void forget(Waiter[] queued) {
        if (queued != null) {
            Arrays.fill(queued, 0, size, null);
        }
    }

    private WaitQueue queueOf(int clause) {
        return isSend(clause) ? cores[clause].senders : cores[clause].receivers;
    }

    /**
     * Plans {@link #lockOrder}: each distinct channel once, by {@link ChannelCore#id}. Clauses
     * whose channels are distinct and were added in id order are their own plan; otherwise the
     * channels are copied, sorted (by insertion when few, which allocates nothing more) and
     * their repeats dropped.
     */
    private void planLocks() {
        boolean increasing = true;
        for (int i = 1; i < size && increasing; i++) {
            increasing = cores[i - 1].id < cores[i].id;
        }
        if (increasing) {
            lockOrder = cores != null ? cores : NONE;
            locks = size;
            return;
        }
        ChannelCore[] order = Arrays.copyOf(cores, size);
        if (size <= INSERTION_SORT_MAX) {
            for (int i = 1; i < size; i++) {
                ChannelCore c = order[i];
                int j = i - 1;
                for (; j >= 0 && order[j].id > c.id; j--) {
                    order[j + 1] = order[j];
                }
                order[j + 1] = c;
            }
        } else {
            Arrays.sort(order, BY_ID);
        }
        int distinct = 0;
        for (int i = 0; i < size; i++) {
            if (distinct == 0 || order[distinct - 1] != order[i]) {
                order[distinct++] = order[i];
            }
        }
        lockOrder = order;
        locks = distinct;
    }

    /** The channels in the order {@link #lockAll} locks them: each distinct one once, by {@link ChannelCore#id}. */
    ChannelCore[] lockOrder() {
        if (lockOrder == null) {
            planLocks();
        }
        return Arrays.copyOf(lockOrder, locks);
    }

    /** Removes every node still queued, locking one channel at a time. */
    private void deregister(Waiter[] queued) {
        ChannelCore[] order = lockOrder;
        for (int k = 0; k < locks; k++) {
            ChannelCore core = order[k];
            core.lock();
            try {
                for (int i = 0; i < size; i++) {
                    if (cores[i] == core) {
                        queueOf(i).remove(queued[i]);
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
        if (lockOrder == null) {
            planLocks();
        }
        ChannelCore[] order = lockOrder;
        int n = locks;
        if (n == 0) {
            return; // a select with only a default or a timeout clause
        }
        retry:
        for (;;) {
            order[0].lock();
            for (int i = 1; i < n; i++) {
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
        ChannelCore[] order = lockOrder;
        ChannelCore withAgenda = null;
        for (int k = 0; k < locks; k++) {
            ChannelCore core = order[k];
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
