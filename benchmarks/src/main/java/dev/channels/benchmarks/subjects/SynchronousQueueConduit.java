package dev.channels.benchmarks.subjects;

import java.util.concurrent.SynchronousQueue;

/** {@link SynchronousQueue}: the analog of a rendezvous channel. */
final class SynchronousQueueConduit extends QueueConduit {
    SynchronousQueueConduit() {
        super(new SynchronousQueue<>());
    }
}
