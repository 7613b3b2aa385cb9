package dev.channels.benchmarks;

import java.util.Locale;

/** The kind of thread a workload runs its producers and consumers on: the {@code threads} parameter. */
public enum ThreadKind {
    /** Virtual threads on the JDK's default scheduler (parallelism = available processors). */
    VIRTUAL {
        @Override
        Thread.Builder builder() {
            return Thread.ofVirtual();
        }
    },
    /** Platform (operating-system) threads, daemons so that a stuck one cannot keep a fork alive. */
    PLATFORM {
        @Override
        Thread.Builder builder() {
            return Thread.ofPlatform().daemon(true);
        }
    };

    abstract Thread.Builder builder();

    /**
     * The kind named by a {@code threads} parameter value.
     *
     * @param name "virtual" or "platform"
     * @return the kind
     */
    public static ThreadKind of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
