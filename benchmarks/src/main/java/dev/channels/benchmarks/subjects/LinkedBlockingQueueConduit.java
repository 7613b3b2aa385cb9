package dev.channels.benchmarks.subjects;

import java.util.concurrent.LinkedBlockingQueue;

/** {@link LinkedBlockingQueue}: the analog of a buffered channel, or of an unlimited one. */
final class LinkedBlockingQueueConduit extends QueueConduit {
    LinkedBlockingQueueConduit(int capacity) {
        super(new LinkedBlockingQueue<>(capacity));
    }
}
