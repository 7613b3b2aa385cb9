package dev.channels;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Linearizability of the blocking operations (send, receive, a one-clause select either way, a
 * batch receive, one step of iteration) together with try-operations, close and fail, for
 * capacities 1, 2 and unlimited, by model checking and by stress.
 *
 * <p>A parked Java thread has no counterpart in a sequential specification, so random scenarios
 * cannot hold blocking operations (one that never completes reads as a hang). The scenarios here are
 * written by hand and balanced: in every interleaving every blocking operation can complete, by a
 * counterpart or by close. The specification answers {@link ChannelModel.R#BLOCKED} where the
 * operation would wait, which a completed real operation never returns, so each completed blocking
 * operation must be linearisable at a point where it could proceed. Lost wake-ups are caught by the
 * stress runs (as hangs) and by {@link ChannelLincheckRendezvousTest}; rendezvous channels are
 * checked there too.
 *
 * <p>Knobs: {@code channels.verify.lincheck.blocking.invocations},
 * {@code channels.verify.lincheck.blocking.stress.invocations} (per scenario).
 */
@Tag("lincheck")
public class ChannelLincheckBlockingTest {
    static final int INVOCATIONS = Verification.knob("lincheck.blocking.invocations", 150, 2_000);
    static final int STRESS_INVOCATIONS = Verification.knob("lincheck.blocking.stress.invocations", 200, 2_000);

    /** The kinds checked. */
    enum Kind {
        CAPACITY_1(Cap1.class, ChannelLincheckTryOpsTest.Cap1Spec.class),
        CAPACITY_2(Cap2.class, ChannelLincheckTryOpsTest.Cap2Spec.class),
        UNLIMITED(Unlimited.class, ChannelLincheckTryOpsTest.UnlimitedSpec.class);

        final Class<? extends BlockingModel> model;
        final Class<?> spec;

        Kind(Class<? extends BlockingModel> model, Class<?> spec) {
            this.model = model;
            this.spec = spec;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void modelChecking(Kind kind) throws Exception {
        long started = System.nanoTime();
        List<ExecutionScenario> scenarios = scenarios(kind.model);
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(0).invocationsPerIteration(INVOCATIONS)
                .sequentialSpecification(kind.spec);
        scenarios.forEach(options::addCustomScenario);
        options.check(kind.model);
        Verification.report("lincheck blocking model checking " + kind, "%d balanced scenarios x up to %d interleavings,"
                + " in %d ms", scenarios.size(), INVOCATIONS, ChannelLincheckTryOpsTest.millisSince(started));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void stress(Kind kind) throws Exception {
        long started = System.nanoTime();
        List<ExecutionScenario> scenarios = scenarios(kind.model);
        StressOptions options = new StressOptions().iterations(0).invocationsPerIteration(STRESS_INVOCATIONS)
                .sequentialSpecification(kind.spec);
        scenarios.forEach(options::addCustomScenario);
        options.check(kind.model);
        Verification.report("lincheck blocking stress " + kind, "%d balanced scenarios x %d runs, in %d ms",
                scenarios.size(), STRESS_INVOCATIONS, ChannelLincheckTryOpsTest.millisSince(started));
    }

    /** Scenarios in which every blocking operation completes whatever the interleaving, for any capacity of 1 or more. */
    static List<ExecutionScenario> scenarios(Class<?> model) throws Exception {
        Actors a = new Actors(model);
        List<ExecutionScenario> all = new ArrayList<>();
        // producer and consumer
        all.add(a.scenario(List.of(),
                List.of(List.of(a.op("send", 1), a.op("send", 2)), List.of(a.op("receive"), a.op("receive"))),
                List.of(a.op("tryReceive"), a.op("stats"))));
        // two producers, one consumer, a try-send that may or may not find room
        all.add(a.scenario(List.of(),
                List.of(List.of(a.op("send", 1), a.op("trySend", 3)), List.of(a.op("send", 2)),
                        List.of(a.op("receive"), a.op("receive"))),
                List.of(a.op("tryReceive"), a.op("tryReceive"), a.op("stats"))));
        // close wakes a receiver and fails a sender that waits for room
        all.add(a.scenario(List.of(a.op("trySend", 1)),
                List.of(List.of(a.op("send", 2)), List.of(a.op("close")), List.of(a.op("receive"), a.op("receive"))),
                List.of(a.op("tryReceive"), a.op("stats"))));
        // one-clause selects against plain operations
        all.add(a.scenario(List.of(),
                List.of(List.of(a.op("selectSend", 1), a.op("send", 2)), List.of(a.op("selectReceive"), a.op("receive"))),
                List.of(a.op("stats"))));
        // a batch receive and a step of iteration against three sends
        all.add(a.scenario(List.of(),
                List.of(List.of(a.op("send", 1), a.op("send", 2), a.op("send", 3)),
                        List.of(a.op("receiveBatch"), a.op("iterateOnce"))),
                List.of(a.op("tryReceive"), a.op("stats"))));
        // fail discards the buffer, wakes the receiver and fails the waiting sender
        all.add(a.scenario(List.of(a.op("trySend", 1)),
                List.of(List.of(a.op("send", 2)), List.of(a.op("fail")), List.of(a.op("receive"))),
                List.of(a.op("tryReceive"), a.op("stats"))));
        // a select waiting to send is failed by close; a select waiting to receive is woken by a try-send or close
        all.add(a.scenario(List.of(a.op("trySend", 1)),
                List.of(List.of(a.op("selectSend", 2), a.op("selectSend", 3)), List.of(a.op("close")),
                        List.of(a.op("iterateOnce"))),
                List.of(a.op("tryReceive"), a.op("tryReceive"), a.op("stats"))));
        all.add(a.scenario(List.of(),
                List.of(List.of(a.op("selectReceive")), List.of(a.op("trySend", 1)), List.of(a.op("close"))),
                List.of(a.op("tryReceive"), a.op("stats"))));
        return all;
    }

    /** Builds actors by operation name. */
    static final class Actors {
        private final Class<?> model;

        Actors(Class<?> model) {
            this.model = model;
        }

        Actor op(String name, Object... args) throws NoSuchMethodException {
            Method method = args.length == 0 ? model.getMethod(name) : model.getMethod(name, int.class);
            return new Actor(method, List.of(args));
        }

        ExecutionScenario scenario(List<Actor> init, List<List<Actor>> parallel, List<Actor> post) {
            return new ExecutionScenario(init, parallel, post, null);
        }
    }

    /** The blocking operations, on top of the try-operations. */
    public abstract static class BlockingModel extends ChannelModel {
        /**
         * A model over a new channel.
         *
         * @param capacity the capacity
         */
        protected BlockingModel(int capacity) {
            super(capacity, OverflowPolicy.BLOCK);
        }

        /** {@link SendChannel#send}: OK or CLOSED. */
        @Operation(blocking = true)
        public R send(@Param(name = "v") int v) throws InterruptedException {
            try {
                ch.send(v);
                return R.OK;
            } catch (ChannelClosedException closed) {
                return R.CLOSED;
            }
        }

        /** {@link ReceiveChannel#receive}: the value or CLOSED. */
        @Operation(blocking = true)
        public Object receive() throws InterruptedException {
            try {
                return ch.receive();
            } catch (ChannelClosedException closed) {
                return R.CLOSED;
            }
        }

        /** A select with one send clause: OK or CLOSED. */
        @Operation(blocking = true)
        public R selectSend(@Param(name = "v") int v) throws InterruptedException {
            try {
                return Select.<R>fair().onSend(ch, v, () -> R.OK).await();
            } catch (ChannelClosedException closed) {
                return R.CLOSED;
            }
        }

        /** A select with one receive clause: the value or CLOSED. */
        @Operation(blocking = true)
        public Object selectReceive() throws InterruptedException {
            return Select.<Object>fair().onReceive(ch, v -> v, () -> R.CLOSED).await();
        }

        /**
         * {@link ReceiveChannel#receiveBatch} of up to 2, but no more than the capacity: the list
         * or CLOSED. (A batch larger than the buffer also takes the values of waiting senders, as
         * that many receives in a row would; a specification without waiting senders cannot say so.)
         */
        @Operation(blocking = true)
        public Object receiveBatch() throws InterruptedException {
            List<Integer> got = new ArrayList<>();
            try {
                ch.receiveBatch(got, Math.min(2, ch.capacity()));
                return got;
            } catch (ChannelClosedException closed) {
                return R.CLOSED;
            }
        }

        /** One step of a new iterator: the next value, or CLOSED when iteration ends. */
        @Operation(blocking = true)
        public Object iterateOnce() {
            Iterator<Integer> it = ch.iterator();
            return it.hasNext() ? it.next() : R.CLOSED;
        }
    }

    public static class Cap1 extends BlockingModel {
        public Cap1() {
            super(1);
        }
    }

    public static class Cap2 extends BlockingModel {
        public Cap2() {
            super(2);
        }
    }

    public static class Unlimited extends BlockingModel {
        public Unlimited() {
            super(Channel.UNLIMITED);
        }
    }
}
