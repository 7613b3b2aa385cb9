package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ModelChecker} explores interleavings as Lincheck's own entry point does: it finds races. */
@Tag("lincheck")
class ModelCheckerTest {

    /** Two threads add to a plain field: some interleaving loses an update, and it is found. */
    @Test
    void findsALostUpdate() {
        assertThrows(LincheckAssertionError.class, () -> ModelChecker.run(100, () -> {
            Counter counter = new Counter();
            Thread a = new Thread(counter::increment);
            Thread b = new Thread(counter::increment);
            a.start();
            b.start();
            join(a);
            join(b);
            assertEquals(2, counter.value.get());
        }));
    }

    /** The same with an atomic counter passes every interleaving. */
    @Test
    void passesWhenNoInterleavingFails() {
        ModelChecker.run(100, () -> {
            AtomicInteger counter = new AtomicInteger();
            Thread a = new Thread(counter::incrementAndGet);
            Thread b = new Thread(counter::incrementAndGet);
            a.start();
            b.start();
            join(a);
            join(b);
            assertEquals(2, counter.get());
        });
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A counter whose increment is a read and then a write: not atomic. */
    static final class Counter {
        final AtomicInteger value = new AtomicInteger();

        void increment() {
            int seen = value.get();
            value.set(seen + 1);
        }
    }
}
