package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The intrusive queue: FIFO, O(1) removal from anywhere, stale nodes skipped. */
class WaitQueueTest {

    @Test
    void claimsInFifoOrderAndRemovesFromTheMiddle() {
        WaitQueue queue = new WaitQueue();
        List<Waiter> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Waiter w = new Waiter(i);
            nodes.add(w);
            queue.add(w);
        }
        queue.remove(nodes.get(2));
        queue.remove(nodes.get(2)); // idempotent
        assertThat(queue.length()).isEqualTo(4);
        List<Object> order = new ArrayList<>();
        Waiter claimed;
        while ((claimed = queue.claimSender()) != null) {
            order.add(claimed.item);
        }
        assertThat(order).containsExactly(0, 1, 3, 4);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.length()).isZero();
    }

    @Test
    void claimingSkipsAndDropsNodesWhoseOwnerIsDone() {
        WaitQueue queue = new WaitQueue();
        Waiter cancelled = new Waiter(null);
        Waiter live = new Waiter(null);
        Waiter selectOwner = new Waiter(null);
        Waiter selectNode = new Waiter(selectOwner, 3, null);
        queue.add(cancelled);
        queue.add(selectNode);
        queue.add(live);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(selectOwner.complete(Waiter.completion(0, false))).as("completed through another channel").isTrue();

        Waiter got = queue.claimReceiver("value");
        assertThat(got).isSameAs(live);
        assertThat(live.item).isEqualTo("value");
        assertThat(live.isWaiting()).isFalse();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(cancelled.item).as("a stale node keeps no value").isNull();
    }

    @Test
    void hasLivePrunesStaleNodesFromTheFront() {
        WaitQueue queue = new WaitQueue();
        Waiter stale = new Waiter(null);
        Waiter live = new Waiter(null);
        queue.add(stale);
        queue.add(live);
        stale.cancel();
        assertThat(queue.hasLive()).isTrue();
        assertThat(queue.length()).isEqualTo(1);
        live.cancel();
        assertThat(queue.hasLive()).isFalse();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void completionCodesRoundTrip() {
        for (int clause = 0; clause < 100; clause++) {
            for (boolean closed : new boolean[] {false, true}) {
                int code = Waiter.completion(clause, closed);
                assertThat(Waiter.isCompletion(code)).isTrue();
                assertThat(Waiter.clauseOf(code)).isEqualTo(clause);
                assertThat(Waiter.isClosed(code)).isEqualTo(closed);
            }
        }
        assertThat(Waiter.isCompletion(Waiter.STATE_CANCELLED)).isFalse();
        assertThat(Waiter.isCompletion(Waiter.GAVE_UP_TIMED_OUT)).isFalse();
        assertThat(Waiter.isCompletion(Waiter.GAVE_UP_INTERRUPTED)).isFalse();
    }
}
