package dev.channels.benchmarks;

import dev.channels.benchmarks.subjects.Conduit;

/** What every workload shares: the value sent and the loops of a sender and a receiver. */
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
                if (conduit.receive() != ITEM) {
                    throw new AssertionError("received a value that was never sent");
                }
            }
        };
    }
}
