package dev.channels.benchmarks.subjects;

import java.util.concurrent.ArrayBlockingQueue;

/** {@link ArrayBlockingQueue}: the analog of a buffered channel. */
final class ArrayBlockingQueueConduit extends QueueConduit {
    ArrayBlockingQueueConduit(int capacity) {
        super(new ArrayBlockingQueue<>(capacity));
    }
}
