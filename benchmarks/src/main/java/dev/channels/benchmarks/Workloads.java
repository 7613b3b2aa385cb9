package dev.channels.benchmarks;

import dev.channels.benchmarks.subjects.Conduit;
import dev.channels.benchmarks.subjects.Selector;

/** What every workload shares: the value sent and the loops of senders, receivers and selecting receivers. */
final class Workloads {
    /** The value every subject moves: boxed once, so that no subject pays for boxing. */
    static final Integer ITEM = 42;

    private Workloads() {
    }

    /** A sender's body: sends {@code count} values. */
    static Crew.Task sender(Conduit conduit, int count) {
        return () -> {
            for (int i = 0; i < count; i++) {
                conduit.send(ITEM);
            }
        };
    }

    /** A receiver's body: receives {@code count} values and checks them. */
    static Crew.Task receiver(Conduit conduit, int count) {
        return () -> {
            for (int i = 0; i < count; i++) {
                check(conduit.receive());
            }
        };
    }

    /** Selects until {@code count} values have come; a chosen timeout clause just selects again. */
    static Crew.Task selecting(Selector select, int count) {
        return () -> {
            int received = 0;
            while (received < count) {
                Integer value = select.select();
                if (value != null) {
                    check(value);
                    received++;
                }
            }
        };
    }

    /** The serving side of a ping-pong: {@code count} times, receives from {@code ping} and sends it back on {@code pong}. */
    static Crew.Task echo(Conduit ping, Conduit pong, int count) {
        return () -> {
            for (int i = 0; i < count; i++) {
                pong.send(ping.receive());
            }
        };
    }

    /** The opening side of a ping-pong: {@code count} times, sends on {@code ping} and waits for the value on {@code pong}. */
    static Crew.Task pinger(Conduit ping, Conduit pong, int count) {
        return () -> {
            for (int i = 0; i < count; i++) {
                ping.send(ITEM);
                check(pong.receive());
            }
        };
    }

    private static void check(Integer value) {
        if (value != ITEM) {
            throw new AssertionError("received a value that was never sent");
        }
    }
}
