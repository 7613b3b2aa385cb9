package dev.channels;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The channel kinds every scenario runs over: capacities 0, 1, 2, 16 and unlimited. Used as
 * {@code @MethodSource("dev.channels.Kinds#all")}.
 */
public final class Kinds {
    private Kinds() {
    }

    /** Capacities 0, 1, 2, 16 and {@link Channel#UNLIMITED}. */
    public static Stream<Arguments> all() {
        return Stream.of(0, 1, 2, 16, Channel.UNLIMITED).map(Arguments::of);
    }

    /** Capacities with a bound: 0, 1, 2 and 16. */
    public static Stream<Arguments> bounded() {
        return Stream.of(0, 1, 2, 16).map(Arguments::of);
    }

    /** A channel of {@code capacity}, named after it. */
    public static <T> Channel<T> channel(int capacity) {
        return Channel.<T>builder().name(label(capacity)).capacity(capacity).build();
    }

    /** "rendezvous", "buffered-n" or "unlimited". */
    public static String label(int capacity) {
        return capacity == 0 ? "rendezvous" : capacity == Channel.UNLIMITED ? "unlimited" : "buffered-" + capacity;
    }
}
