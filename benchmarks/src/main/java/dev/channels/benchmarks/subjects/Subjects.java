package dev.channels.benchmarks.subjects;

import dev.channels.Channel;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * The subjects by the names the benchmarks' {@code subject} parameter uses, and which kinds of
 * channel each one has an analog for. A subject without an analog is not measured at all: the
 * workloads list only the subjects that have one, and asking for any other fails loudly.
 */
public final class Subjects {
    /** The capacity that stands for an unlimited channel or unbounded queue. */
    public static final int UNLIMITED = Channel.UNLIMITED;

    /** This project's channels. */
    public static final String CHANNELS = "channels";
    /** This project's channels, non-blocking receive through a select with a default clause. */
    public static final String CHANNELS_SELECT = "channels-select";
    /** jox 1.0.1 channels. */
    public static final String JOX = "jox";
    /** {@link java.util.concurrent.ArrayBlockingQueue}: put and take. */
    public static final String ABQ = "abq";
    /** {@link java.util.concurrent.LinkedBlockingQueue}: put and take. */
    public static final String LBQ = "lbq";
    /** {@link java.util.concurrent.SynchronousQueue}: put and take. */
    public static final String SQ = "sq";
    /** {@link java.util.concurrent.LinkedTransferQueue}: transfer (rendezvous) or put, and take. */
    public static final String LTQ = "ltq";
    /**
     * Kotlin's coroutine channels. Their operations suspend, so they have no {@link Conduit}:
     * {@code KotlinBenchmark} runs every workload's Kotlin analog with coroutines.
     */
    public static final String KOTLIN = "kotlin";

    /** Every subject name, in the order the report lists them. */
    public static final List<String> ALL = List.of(CHANNELS, CHANNELS_SELECT, JOX, ABQ, LBQ, SQ, LTQ, KOTLIN);

    private Subjects() {
    }

    /**
     * A new, empty subject of the given kind.
     *
     * @param subject a subject name
     * @param capacity 0 for rendezvous, a positive bound, or {@link #UNLIMITED}
     * @return the subject
     * @throws IllegalArgumentException if the subject has no analog of that kind of channel
     */
    public static Conduit create(String subject, int capacity) {
        return switch (subject) {
            case CHANNELS -> new ChannelsConduit(capacity);
            case CHANNELS_SELECT -> new ChannelsSelectConduit(capacity);
            case JOX -> new JoxConduit(capacity);
            case ABQ -> capacity == 0 || capacity == UNLIMITED
                    ? noAnalog(subject, capacity)
                    : new QueueConduit(new ArrayBlockingQueue<>(capacity));
            case LBQ -> capacity == 0 ? noAnalog(subject, capacity) : new QueueConduit(new LinkedBlockingQueue<>(capacity));
            case SQ -> capacity == 0 ? new QueueConduit(new SynchronousQueue<>()) : noAnalog(subject, capacity);
            case LTQ -> capacity == 0 || capacity == UNLIMITED
                    ? new LinkedTransferQueueConduit(capacity == 0)
                    : noAnalog(subject, capacity);
            case KOTLIN -> throw new IllegalArgumentException(
                    "subject 'kotlin' suspends and has no Conduit: KotlinBenchmark measures it with coroutines");
            default -> throw new IllegalArgumentException("unknown subject '" + subject + "', expected one of " + ALL);
        };
    }

    private static Conduit noAnalog(String subject, int capacity) {
        String kind = capacity == 0 ? "rendezvous" : capacity == UNLIMITED ? "unlimited" : "buffered(" + capacity + ")";
        throw new IllegalArgumentException("subject '" + subject + "' has no analog of a " + kind + " channel");
    }
}
