package dev.channels.internal;

/**
 * A FIFO of {@link Waiter} nodes, doubly linked through the nodes themselves so that a node that
 * gives up is removed in O(1). Guarded by the lock of the channel that owns the queue.
 *
 * <p>The queue may hold stale nodes: nodes of a select that completed through another channel,
 * or of a thread that cancelled and has not yet removed its node. They are skipped and dropped by
 * the claim methods, and {@link #hasLive()} prunes them from the front.
 *
 * <p><b>Invariant.</b> {@code head}, {@code tail}, the links and {@code size} describe exactly
 * the nodes whose {@code queued} flag is set, in the order added; a node is in at most one queue.
 * Nothing here allocates.
 *
 * <p><b>Why it is not final.</b> A channel is itself the queue of its waiting receivers: this class
 * is the root of the channel's hierarchy ({@link SpinLock} extends it), so its three fields come
 * first in the channel object, next to the lock word and the totals ({@link Totals}). A hand-off
 * to a waiting receiver reads and writes this queue's ends under the lock, and with them on the
 * lock's cache line it moves one line fewer between cores. The channel's other queues (waiting
 * senders, drain waiters) are plain instances. Measured (A/B of two jars, JMH on two cores,
 * virtual threads, four forks a side): the rendezvous pair went from 400 to 346 ns per value,
 * fan-in of 8 senders from 434 to 366, the ping-pong from 803 to 751 and the select over two
 * rendezvous channels from 418 to 394. Its methods are final, so that no class of the channel
 * can override one by accident (which is why the count is {@link #length}: the channel has a
 * {@code size()} of its own).
 *
 * <p><b>When changing this file</b>, run {@code WaitQueueTest} and {@code ChannelLeakTest}
 * (and, in the long form, {@code WaiterCleanupCostTest}), then {@code ChannelStressTest}; measure
 * a layout change with the benchmarks.
 */
class WaitQueue {
    private Waiter head;
    private Waiter tail;
    private int size;

    /** Number of nodes queued, stale ones included (none are stale at quiescence). */
    final int length() {
        return size;
    }

    final boolean isEmpty() {
        return head == null;
    }

    /** Appends {@code node}. */
    final void add(Waiter node) {
        node.queued = true;
        node.next = null;
        node.prev = tail;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    /** Removes {@code node} if it is still queued here; a no-op otherwise. */
    final void remove(Waiter node) {
        if (!node.queued) {
            return;
        }
        Waiter p = node.prev;
        Waiter n = node.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        node.prev = null;
        node.next = null;
        node.queued = false;
        size--;
    }

    /** Drops stale nodes from the front; true if a node whose owner still waits remains. */
    final boolean hasLive() {
        Waiter h;
        while ((h = head) != null && !h.owner.isWaiting()) {
            remove(h);
        }
        return h != null;
    }

    /**
     * Hands {@code value} to the first waiting receiver: removes nodes from the front until one's
     * owner accepts the completion. The value is written before the completion publishes it.
     *
     * @return the completed node, or null if no receiver waits
     */
    final Waiter claimReceiver(Object value) {
        Waiter h;
        while ((h = head) != null) {
            remove(h);
            h.item = value;
            if (h.owner.complete(Waiter.completion(h.clause, false))) {
                return h;
            }
            h.item = null;
        }
        return null;
    }

    /**
     * Takes the first waiting sender: removes nodes from the front until one's owner accepts the
     * completion. The caller reads the offered value from the returned node's {@code item}.
     *
     * @return the completed node, or null if no sender waits
     */
    final Waiter claimSender() {
        Waiter h;
        while ((h = head) != null) {
            remove(h);
            if (h.owner.complete(Waiter.completion(h.clause, false))) {
                return h;
            }
        }
        return null;
    }

    /**
     * Completes every node as closed, emptying the queue; allocates nothing.
     *
     * @param agenda the agenda of the channel whose lock is held, told to wake each owner that
     *     accepted the completion once the lock is released
     */
    final void closeAll(Agenda agenda) {
        Waiter h;
        while ((h = head) != null) {
            remove(h);
            if (h.owner.complete(Waiter.completion(h.clause, true))) {
                agenda.wakeLater(h.owner);
            }
        }
    }
}
