package dev.channels;

import static dev.channels.Blocking.startBlocked;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SEMANTICS "Interrupts": a thread interrupted while blocked throws InterruptedException, leaves
 * no trace, and the channel goes on working for everyone else.
 */
class ChannelInterruptTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void interruptedReceiveThrowsAndLeavesTheChannelWorking(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Integer> receiver = startBlocked(ch::receive);
        receiver.thread().interrupt();
        assertThat(receiver.failure()).isInstanceOf(InterruptedException.class);
        assertThat(ch.stats().waitingReceivers()).as("no waiter left behind").isZero();

        Blocking.Running<Integer> next = startBlocked(ch::receive);
        ch.send(1);
        assertThat(next.join()).as("the value goes to the live receiver").isEqualTo(1);
        assertThat(ch.stats().received()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#bounded")
    void interruptedSendThrowsAndItsValueIsNeverDelivered(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        for (int i = 0; i < capacity; i++) {
            ch.send(i);
        }
        Blocking.Running<Object> sender = startBlocked(() -> {
            ch.send(-1);
            return null;
        });
        sender.thread().interrupt();
        assertThat(sender.failure()).isInstanceOf(InterruptedException.class);
        assertThat(ch.stats().waitingSenders()).isZero();

        ch.close();
        List<Integer> received = new ArrayList<>();
        ch.forEach(received::add);
        assertThat(received).doesNotContain(-1).hasSize(capacity);
        assertThat(ch.stats().sent()).isEqualTo(capacity);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void interruptedSelectThrowsAndLeavesNoWaiterOnAnyChannel(int capacity) throws Exception {
        Channel<Integer> a = Kinds.channel(capacity);
        Channel<Integer> b = Kinds.channel(capacity);
        Blocking.Running<String> selecting = startBlocked(() -> Select.<String>fair()
                .onReceive(a, v -> "a")
                .onReceive(b, v -> "b")
                .await());
        assertThat(a.stats().waitingReceivers()).isEqualTo(1);
        assertThat(b.stats().waitingReceivers()).isEqualTo(1);
        selecting.thread().interrupt();
        assertThat(selecting.failure()).isInstanceOf(InterruptedException.class);
        assertThat(a.stats().waitingReceivers()).isZero();
        assertThat(b.stats().waitingReceivers()).isZero();
        if (capacity > 0) {
            a.send(1);
            assertThat(a.tryReceive()).as("the value was not taken by the interrupted select").isEqualTo(1);
        } else {
            assertThat(a.trySend(2)).as("no receiver is left on a rendezvous channel").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void interruptedWhileWaitingForDrainThrows(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Object> waiting = startBlocked(() -> {
            ch.awaitDrained();
            return null;
        });
        waiting.thread().interrupt();
        assertThat(waiting.failure()).isInstanceOf(InterruptedException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void iterationTurnsAnInterruptIntoAnUncheckedExceptionAndKeepsTheStatus(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        Blocking.Running<Boolean> iterating = startBlocked(() -> {
            try {
                ch.forEach(v -> { });
                return false;
            } catch (ChannelInterruptedException e) {
                return Thread.currentThread().isInterrupted() && e.getCause() instanceof InterruptedException;
            }
        });
        iterating.thread().interrupt();
        assertThat(iterating.join()).isTrue();
    }

    /**
     * Interrupts racing with hand-overs: many senders and receivers, random interrupts; every value
     * whose send returned is received exactly once, and no value whose send threw is received.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.channels.Kinds#all")
    void interruptsRacingWithHandOversNeverLoseOrDuplicateValues(int capacity) throws Exception {
        Channel<Integer> ch = Kinds.channel(capacity);
        int senders = 8;
        int perSender = 2_000;
        Set<Integer> delivered = ConcurrentHashMap.newKeySet();
        Set<Integer> refused = ConcurrentHashMap.newKeySet();
        ConcurrentHashMap<Integer, Integer> received = new ConcurrentHashMap<>();
        List<Thread> sending = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int base = s * perSender;
            sending.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perSender; i++) {
                    int value = base + i;
                    try {
                        (ch.send(value, Duration.ofSeconds(30)) ? delivered : refused).add(value);
                    } catch (InterruptedException e) {
                        refused.add(value);
                    }
                }
            }));
        }
        List<Thread> receiving = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            receiving.add(Thread.ofVirtual().start(() -> {
                while (true) {
                    try {
                        Integer v = ch.receive();
                        received.merge(v, 1, Integer::sum);
                    } catch (InterruptedException e) {
                        // interrupted while waiting: nothing was taken; go on
                    } catch (ChannelClosedException e) {
                        return;
                    }
                }
            }));
        }
        List<Thread> everyone = new ArrayList<>(sending);
        everyone.addAll(receiving);
        Thread interrupter = Thread.ofVirtual().start(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (sending.stream().anyMatch(Thread::isAlive)) {
                everyone.get(random.nextInt(everyone.size())).interrupt();
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (Thread t : sending) {
            t.join();
        }
        interrupter.join();
        ch.close();
        for (Thread t : receiving) {
            t.join();
        }
        assertThat(received.values()).as("no value received twice").allMatch(n -> n == 1);
        Set<Integer> all = new HashSet<>(delivered);
        all.addAll(refused);
        assertThat(all).hasSize(senders * perSender);
        assertThat(received.keySet()).isEqualTo(delivered);
        assertThat(refused).doesNotContainAnyElementsOf(received.keySet());
        ChannelStats stats = ch.stats();
        assertThat(stats.sent()).isEqualTo(delivered.size());
        assertThat(stats.received()).isEqualTo(delivered.size());
        assertThat(stats.waitingSenders() + stats.waitingReceivers()).isZero();
    }
}
