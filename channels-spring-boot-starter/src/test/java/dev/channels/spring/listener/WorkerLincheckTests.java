package dev.channels.spring.listener;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The phase protocol of a consuming thread ({@link Worker}), checked by Lincheck's model checking
 * (every interleaving of random scenarios, up to a budget) and a short stress run against a
 * sequential specification. The worker's own steps run in one thread (a non-parallel group); a
 * waker (pause, stop) and the shutdown report run beside it:
 * <ul>
 * <li>a waker and a thread leaving its receive agree: the thread is told it was woken exactly when
 * the waker woke it, and a thread that holds a value is never woken;
 * <li>a value held when the report counts the values in hand is counted once: by the report, or by
 * the thread when it finishes the value as unfinished, never both, never neither.
 * </ul>
 * The worker is bound to no thread, so the waker's interrupt is left out: the real containers'
 * stress test ({@link ListenerControlStressTests}) covers it.
 *
 * <p>{@code -Dchannels.verify.long=true} runs more scenarios and interleavings.
 */
@Tag("lincheck")
class WorkerLincheckTests {
    private static final boolean LONG = Boolean.getBoolean("channels.verify.long");

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LONG ? 100 : 20).invocationsPerIteration(LONG ? 5_000 : 500)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(Model.class);
    }

    @Test
    void stress() {
        new StressOptions().iterations(LONG ? 100 : 10).invocationsPerIteration(LONG ? 5_000 : 500)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(Model.class);
    }

    /** One worker; its own steps in one thread (which keeps its own view of what it does), a waker and the report in others. */
    public static class Model {
        private static final int IDLE = 0;
        private static final int RECEIVING = 1;
        private static final int HOLDING = 2;
        private final Worker worker = new Worker();
        private int own = IDLE; // the worker thread's own

        /** The thread is about to receive. */
        @Operation(nonParallelGroup = "worker")
        public void receive() {
            if (own == IDLE) {
                worker.receiving();
                own = RECEIVING;
            }
        }

        /** The receive returned a value: the thread holds it; tells whether a waker had woken it first. */
        @Operation(nonParallelGroup = "worker")
        public boolean take() {
            if (own != RECEIVING) {
                return false;
            }
            worker.hold(1);
            own = HOLDING;
            return worker.leaveReceiving(Worker.HANDLING);
        }

        /** The thread gives up receiving (it was woken, or saw the pause): tells whether a waker had woken it. */
        @Operation(nonParallelGroup = "worker")
        public boolean giveUp() {
            if (own != RECEIVING) {
                return false;
            }
            own = IDLE;
            return worker.leaveReceiving(Worker.IDLE);
        }

        /** The value held ended unfinished; true if the thread counted it. */
        @Operation(nonParallelGroup = "worker")
        public boolean finishUnfinished() {
            if (own != HOLDING) {
                return false;
            }
            own = IDLE;
            return worker.unfinished(1);
        }

        @Operation
        public void wake() {
            worker.wake();
        }

        /** The report: the values it counts as unfinished. */
        @Operation
        public int abandon() {
            return worker.abandon();
        }
    }

    /** The same steps, one at a time. */
    public static class Spec {
        private static final int IDLE = 0;
        private static final int RECEIVING = 1;
        private static final int WOKEN = 2;
        private static final int HANDLING = 3;
        private static final int ABANDONED = 4;
        private static final int HOLDING = 5;
        private int phase = IDLE;
        private int own = IDLE;

        public void receive() {
            if (own == IDLE) {
                phase = RECEIVING;
                own = RECEIVING;
            }
        }

        public boolean take() {
            if (own != RECEIVING) {
                return false;
            }
            boolean woken = phase == WOKEN;
            phase = HANDLING;
            own = HOLDING;
            return woken;
        }

        public boolean giveUp() {
            if (own != RECEIVING) {
                return false;
            }
            boolean woken = phase == WOKEN;
            phase = IDLE;
            own = IDLE;
            return woken;
        }

        public boolean finishUnfinished() {
            if (own != HOLDING) {
                return false;
            }
            boolean counted = phase == HANDLING;
            phase = IDLE;
            own = IDLE;
            return counted;
        }

        public void wake() {
            if (phase == RECEIVING) {
                phase = WOKEN;
            }
        }

        public int abandon() {
            if (phase == HANDLING) {
                phase = ABANDONED;
                return 1;
            }
            return 0;
        }
    }
}
