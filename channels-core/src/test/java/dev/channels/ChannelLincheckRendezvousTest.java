package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Park/unpark protocols explored interleaving by interleaving: Lincheck's general-purpose model
 * checker runs each body many times, each time under a different schedule of the platform threads
 * started inside it (switching at every shared read, write, compare-and-set, park and unpark), and
 * reports any failed assertion or hang with the interleaving that led to it.
 *
 * <p>This is where rendezvous channels (capacity 0) are checked, since no sequential specification
 * can express a hand-over to a parked thread; and where close, fail, interrupts and selects over
 * two channels race with parked counterparts. (Platform threads: virtual threads started inside a
 * checked body are not supported by the checker. The channel's code is the same for both.)
 *
 * <p>Assertions inside the bodies are JUnit's static ones: the checker compares the objects it
 * sees methods called on, and AssertJ's assertion objects refuse {@code equals}.
 *
 * <p>Knob: {@code channels.verify.lincheck.concurrent.invocations} (interleavings per case).
 */
@Tag("lincheck")
public class ChannelLincheckRendezvousTest {
    static final int INVOCATIONS = Verification.knob("lincheck.concurrent.invocations", 200, 3_000);

    /** A body run under the model checker. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static void explore(String name, Body body) {
        long started = System.nanoTime();
        ModelChecker.run(INVOCATIONS, () -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Verification.report("lincheck interleavings " + name, "%d interleavings in %d ms", INVOCATIONS,
                ChannelLincheckTryOpsTest.millisSince(started));
    }

    /** Starts {@code body} on a new platform thread, recording what it returns or throws. */
    private static <V> Outcome<V> start(Blocking.Op<V> body) {
        Outcome<V> outcome = new Outcome<>();
        outcome.thread = new Thread(() -> {
            try {
                outcome.value.set(body.run());
            } catch (Throwable t) {
                outcome.failure.set(t);
            }
        });
        outcome.thread.start();
        return outcome;
    }

    /** What a thread started by {@link #start} did. */
    static final class Outcome<V> {
        Thread thread;
        final AtomicReference<V> value = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Outcome<V> join() throws InterruptedException {
            thread.join();
            return this;
        }

        /** The value, or a short name of what was thrown. */
        Object result() {
            Throwable t = failure.get();
            if (t == null) {
                return value.get();
            }
            if (t instanceof ChannelClosedException) {
                return "closed";
            }
            if (t instanceof InterruptedException) {
                return "interrupted";
            }
            throw new AssertionError("unexpected failure", t);
        }
    }

    private static void assertNoWaiters(ChannelInfo... channels) {
        for (ChannelInfo ch : channels) {
            ChannelStats s = ch.stats();
            assertEquals(0, s.waitingSenders() + s.waitingReceivers(), () -> "waiters left on " + s);
            assertEquals(s.sent() - s.received() - s.dropped(), s.size(), () -> "balance of " + s);
        }
    }

    @Test
    void rendezvousHandsOverInOrder() {
        explore("rendezvous hand-over", () -> {
            Channel<Integer> ch = Channel.rendezvous();
            Outcome<String> sender = start(() -> {
                ch.send(1);
                ch.send(2);
                return "sent";
            });
            List<Integer> got = List.of(ch.receive(), ch.receive());
            assertEquals("sent", sender.join().result());
            assertEquals(List.of(1, 2), got);
            assertNoWaiters(ch);
            assertEquals(2, ch.stats().sent());
        });
    }

    @Test
    void closeWakesAParkedReceiverAndFailsAParkedSender() {
        explore("close vs parked receiver and sender", () -> {
            Channel<Integer> ch = Channel.rendezvous();
            Outcome<Integer> receiver = start(ch::receive);
            Outcome<String> sender = start(() -> {
                ch.send(7);
                return "sent";
            });
            ch.close();
            Object got = receiver.join().result();
            Object sent = sender.join().result();
            // either the hand-over happened before the close, or neither side got anything
            List<Object> outcome = List.of(got, sent);
            assertTrue(outcome.equals(List.of(7, "sent")) || outcome.equals(List.of("closed", "closed")), outcome::toString);
            assertNoWaiters(ch);
        });
    }

    @Test
    void trySendSucceedsExactlyWhenAReceiverIsParked() {
        explore("try-send vs parked receiver", () -> {
            Channel<Integer> ch = Channel.rendezvous();
            Outcome<Integer> receiver = start(ch::receive);
            boolean sent = ch.trySend(5);
            ch.close();
            assertEquals(sent ? (Object) 5 : "closed", receiver.join().result());
            assertNoWaiters(ch);
        });
    }

    @Test
    void tryReceiveTakesFromAParkedSenderOrCloseFailsIt() {
        explore("try-receive vs parked sender", () -> {
            Channel<Integer> ch = Channel.rendezvous();
            Outcome<String> sender = start(() -> {
                ch.send(5);
                return "sent";
            });
            Integer got = ch.tryReceive();
            ch.close();
            assertEquals(got != null ? "sent" : "closed", sender.join().result());
            assertTrue(got == null || got == 5, () -> "received " + got);
            assertNoWaiters(ch);
        });
    }

    @Test
    void aSelectOverTwoChannelsCompletesExactlyOneReceiveClause() {
        explore("select receive over two", () -> {
            Channel<Integer> a = Channel.rendezvous();
            Channel<Integer> b = Channel.rendezvous();
            Outcome<String> selector = start(() -> Select.<String>fair()
                    .onReceive(a, v -> "a" + v, () -> "a closed")
                    .onReceive(b, v -> "b" + v, () -> "b closed")
                    .await());
            Outcome<Boolean> toA = start(() -> a.trySend(1));
            Outcome<Boolean> toB = start(() -> b.trySend(2));
            boolean sentA = toA.join().value.get();
            boolean sentB = toB.join().value.get();
            a.close();
            b.close();
            String chosen = selector.join().value.get();
            assertFalse(sentA && sentB, "both try-sends found the one select");
            assertEquals(sentA ? "a1" : sentB ? "b2" : chosen.startsWith("a") ? "a closed" : "b closed", chosen);
            assertNoWaiters(a, b);
        });
    }

    @Test
    void aSelectOverTwoChannelsCompletesExactlyOneSendClause() {
        explore("select send over two", () -> {
            Channel<Integer> a = Channel.rendezvous();
            Channel<Integer> b = Channel.rendezvous();
            Outcome<String> selector = start(() -> Select.<String>fair()
                    .onSend(a, 1, () -> "a")
                    .onSend(b, 2, () -> "b")
                    .await());
            Outcome<Integer> fromA = start(a::tryReceive);
            Outcome<Integer> fromB = start(b::tryReceive);
            Integer gotA = fromA.join().value.get();
            Integer gotB = fromB.join().value.get();
            a.close();
            b.close();
            Object chosen = selector.join().result();
            assertFalse(gotA != null && gotB != null, "both try-receives took from the one select");
            assertEquals(gotA != null ? "a" : gotB != null ? "b" : "closed", chosen);
            assertTrue(gotA == null || gotA == 1, () -> "received " + gotA);
            assertTrue(gotB == null || gotB == 2, () -> "received " + gotB);
            assertNoWaiters(a, b);
        });
    }

    @Test
    void twoSelectsOfSendAndReceiveOnOneRendezvousChannelMeetEachOtherNeverThemselves() {
        explore("two send-or-receive selects", () -> {
            Channel<Integer> ch = Channel.rendezvous();
            Outcome<String> one = start(() -> Select.<String>fair()
                    .onSend(ch, 1, () -> "sent")
                    .onReceive(ch, v -> "got " + v)
                    .await());
            Outcome<String> two = start(() -> Select.<String>fair()
                    .onSend(ch, 2, () -> "sent")
                    .onReceive(ch, v -> "got " + v)
                    .await());
            List<Object> results = List.of(one.join().result(), two.join().result());
            assertTrue(results.equals(List.of("sent", "got 1")) || results.equals(List.of("got 2", "sent")), results::toString);
            assertNoWaiters(ch);
        });
    }

    @Test
    void anInterruptRacingAHandOverEitherDeliversOrLeavesNoTrace() {
        explore("interrupt vs hand-over", () -> {
            Channel<Integer> ch = Channel.rendezvous();
            Outcome<String> sender = start(() -> {
                ch.send(3);
                return "sent";
            });
            Integer got = ch.tryReceive();
            sender.thread.interrupt();
            Object sent = sender.join().result();
            assertEquals(got != null ? "sent" : "interrupted", sent);
            assertNoWaiters(ch);
            assertEquals(got != null ? 1 : 0, ch.stats().sent());
        });
    }

    @Test
    void failRacingSendAndReceiveReportsEveryValueExactlyOnce() {
        explore("fail vs send and receive, capacity 1", () -> {
            List<Integer> dropped = new ArrayList<>();
            Channel<Integer> ch = Channel.<Integer>builder().capacity(1).onDrop(dropped::add).build();
            Outcome<Boolean> sender = start(() -> ch.trySend(1));
            Outcome<Integer> receiver = start(ch::receive);
            ch.fail(ChannelModel.FAILURE);
            Object sent = sender.join().result();
            Object got = receiver.join().result();
            // 1 was refused (closed), or sent and then received or dropped, exactly one of these
            int fates = (sent.equals("closed") ? 1 : 0) + (got.equals(1) ? 1 : 0) + dropped.size();
            assertEquals(1, fates, () -> "sent " + sent + ", received " + got + ", dropped " + dropped);
            assertEquals(dropped.size(), ch.stats().dropped());
            assertNoWaiters(ch);
        });
    }
}
