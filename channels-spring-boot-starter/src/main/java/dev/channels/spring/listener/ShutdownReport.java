package dev.channels.spring.listener;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the graceful shutdown of the channels left behind.
 *
 * @param leftOver channel name to the number of values still buffered when shutdown ended,
 *     only for channels that still held some; sorted by name
 * @param interruptedListeners listeners (see {@link ChannelListenerContainer#id()}) that were still
 *     running when the timeout passed and were interrupted
 * @param duration how long the shutdown took
 */
public record ShutdownReport(SortedMap<String, Integer> leftOver, List<String> interruptedListeners, Duration duration) {
    /**
     * Copies the collections.
     *
     * @param leftOver see the record description
     * @param interruptedListeners see the record description
     * @param duration see the record description
     */
    public ShutdownReport {
        leftOver = Collections.unmodifiableSortedMap(new TreeMap<>(leftOver));
        interruptedListeners = List.copyOf(interruptedListeners);
    }

    /**
     * Whether every channel was drained and every listener ended on its own.
     *
     * @return true if nothing was left over
     */
    public boolean complete() {
        return leftOver.isEmpty() && interruptedListeners.isEmpty();
    }

    /**
     * The total number of values left in channels.
     *
     * @return the sum of {@link #leftOver()}
     */
    public int totalLeftOver() {
        return leftOver.values().stream().mapToInt(Integer::intValue).sum();
    }
}
