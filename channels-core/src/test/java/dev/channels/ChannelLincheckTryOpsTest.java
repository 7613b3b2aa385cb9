package dev.channels;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Linearizability of the non-blocking operations (try-send, try-receive, try-batches, close, fail,
 * the stats snapshot, and, in a kind of their own, selects with a default clause) against {@link ChannelModel.Spec}, by Lincheck's
 * model checking (every interleaving of random scenarios, up to a budget, including the spin
 * lock's) and by a short stress run of the same scenarios, for capacities 0, 1, 2 and unlimited
 * and for both drop policies. With try-operations only, nothing ever waits on a rendezvous channel,
 * so there every try-send finds no receiver (close, fail and the stats are what its kind checks);
 * hand-overs to parked threads are checked by {@link ChannelLincheckRendezvousTest}.
 *
 * <p>Knobs (see {@link Verification}): {@code channels.verify.lincheck.iterations} (scenarios per
 * kind), {@code .invocations} (interleavings per scenario), {@code .stress.iterations},
 * {@code .stress.invocations}, {@code .threads}, {@code .actors}.
 */
@Tag("lincheck")
public class ChannelLincheckTryOpsTest {
    static final int ITERATIONS = Verification.knob("lincheck.iterations", 12, 50);
    static final int INVOCATIONS = Verification.knob("lincheck.invocations", 250, 1_000);
    static final int STRESS_ITERATIONS = Verification.knob("lincheck.stress.iterations", 6, 30);
    static final int STRESS_INVOCATIONS = Verification.knob("lincheck.stress.invocations", 100, 500);
    static final int THREADS = Verification.knob("lincheck.threads", 2, 3);
    static final int ACTORS = Verification.knob("lincheck.actors", 3, 3);

    /** The kinds checked, each a model class and its specification. */
    enum Kind {
        RENDEZVOUS(Rendezvous.class, RendezvousSpec.class),
        CAPACITY_1(Cap1.class, Cap1Spec.class),
        CAPACITY_2(Cap2.class, Cap2Spec.class),
        UNLIMITED(Unlimited.class, UnlimitedSpec.class),
        DROP_OLDEST_1(DropOldest1.class, DropOldest1Spec.class),
        DROP_NEWEST_2(DropNewest2.class, DropNewest2Spec.class),
        SELECTS_CAPACITY_1(Selects1.class, Cap1Spec.class);

        final Class<?> model;
        final Class<?> spec;

        Kind(Class<?> model, Class<?> spec) {
            this.model = model;
            this.spec = spec;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void modelChecking(Kind kind) {
        long started = System.nanoTime();
        new ModelCheckingOptions().iterations(ITERATIONS).invocationsPerIteration(INVOCATIONS)
                .threads(THREADS).actorsPerThread(ACTORS).actorsBefore(2).actorsAfter(1)
                .sequentialSpecification(kind.spec).check(kind.model);
        Verification.report("lincheck try-ops model checking " + kind, "%d scenarios x up to %d interleavings,"
                + " %d threads x %d operations, in %d ms", ITERATIONS, INVOCATIONS, THREADS, ACTORS, millisSince(started));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void stress(Kind kind) {
        long started = System.nanoTime();
        new StressOptions().iterations(STRESS_ITERATIONS).invocationsPerIteration(STRESS_INVOCATIONS)
                .threads(THREADS).actorsPerThread(ACTORS).actorsBefore(2).actorsAfter(1)
                .sequentialSpecification(kind.spec).check(kind.model);
        Verification.report("lincheck try-ops stress " + kind, "%d scenarios x %d runs, %d threads x %d operations,"
                + " in %d ms", STRESS_ITERATIONS, STRESS_INVOCATIONS, THREADS, ACTORS, millisSince(started));
    }

    static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    // ------------------------------------------------------------ the kinds

    public static class Rendezvous extends ChannelModel {
        public Rendezvous() {
            super(0, OverflowPolicy.BLOCK);
        }
    }

    public static class RendezvousSpec extends ChannelModel.Spec {
        public RendezvousSpec() {
            super(0, OverflowPolicy.BLOCK);
        }
    }

    public static class Cap1 extends ChannelModel {
        public Cap1() {
            super(1, OverflowPolicy.BLOCK);
        }
    }

    public static class Cap1Spec extends ChannelModel.Spec {
        public Cap1Spec() {
            super(1, OverflowPolicy.BLOCK);
        }
    }

    public static class Selects1 extends ChannelModel.WithSelects {
        public Selects1() {
            super(1, OverflowPolicy.BLOCK);
        }
    }

    public static class Cap2 extends ChannelModel {
        public Cap2() {
            super(2, OverflowPolicy.BLOCK);
        }
    }

    public static class Cap2Spec extends ChannelModel.Spec {
        public Cap2Spec() {
            super(2, OverflowPolicy.BLOCK);
        }
    }

    public static class Unlimited extends ChannelModel.NonBlockingSends {
        public Unlimited() {
            super(Channel.UNLIMITED, OverflowPolicy.BLOCK);
        }
    }

    public static class UnlimitedSpec extends ChannelModel.Spec {
        public UnlimitedSpec() {
            super(Channel.UNLIMITED, OverflowPolicy.BLOCK);
        }
    }

    public static class DropOldest1 extends ChannelModel.NonBlockingSends {
        public DropOldest1() {
            super(1, OverflowPolicy.DROP_OLDEST);
        }
    }

    public static class DropOldest1Spec extends ChannelModel.Spec {
        public DropOldest1Spec() {
            super(1, OverflowPolicy.DROP_OLDEST);
        }
    }

    public static class DropNewest2 extends ChannelModel.NonBlockingSends {
        public DropNewest2() {
            super(2, OverflowPolicy.DROP_NEWEST);
        }
    }

    public static class DropNewest2Spec extends ChannelModel.Spec {
        public DropNewest2Spec() {
            super(2, OverflowPolicy.DROP_NEWEST);
        }
    }
}
